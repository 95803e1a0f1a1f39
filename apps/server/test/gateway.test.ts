import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { authKeyOf, encryptedCard, encryptField } from './helpers/envelope.ts';
import { createSession, decide } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

const ORIGIN = 'https://example.com';
const V = 'components_version=v0.0.24';

for (const dialect of DIALECTS) {
  describe(`Components gateway [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    /** A request exactly as the SDK sends it: form Content-Type always, `payload` JSON on POSTs. */
    const sdk = (method: 'GET' | 'POST', url: string, payload?: unknown, origin: string | null = ORIGIN) =>
      t.request({
        method,
        url: `${url}${url.includes('?') ? '&' : '?'}${V}`,
        auth: null,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
        ...(payload === undefined ? {} : { payload: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() }),
      });

    test('origin check: readable from any origin, it says only whether the asking origin may use the session', async () => {
      const session = await createSession(t, { components_configuration: { origins: [ORIGIN] } });
      const check = (origin: string, key = authKeyOf(session.components_sdk_key)) => t.request({ method: 'GET', url: `/components/origin_check/${key}`, auth: null, headers: { origin } });
      const stranger = await check('https://stranger.example');
      assert.equal(stranger.headers['access-control-allow-origin'], '*');
      assert.deepEqual(stranger.json(), { origin: 'https://stranger.example', session_found: true, allowed: false });
      assert.deepEqual((await check(ORIGIN)).json(), { origin: ORIGIN, session_found: true, allowed: true });
      assert.deepEqual((await check(ORIGIN, `session-${'0'.repeat(32)}`)).json(), { origin: ORIGIN, session_found: false, allowed: false });
      assert.deepEqual((await check(ORIGIN, 'nonsense')).json(), { origin: ORIGIN, session_found: false, allowed: false });
    });

    test('session data: business, customer, channels with forms and logos, the session, CORS for the listed origin only', async () => {
      const session = await createSession(t);
      const key = authKeyOf(session.components_sdk_key);
      const res = await sdk('GET', `/api/sessions/${key}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
      assert.match(String(res.headers.vary), /Origin/);
      const body = res.json();
      assert.equal(body.business.name, 'Default business');
      assert.equal(body.customer.individual_detail.given_names, 'John');
      assert.equal(body.session.payment_session_id, session.payment_session_id);
      assert.equal(body.session.mode, 'COMPONENTS');
      assert.equal(body.session.amount, 10000);
      assert.equal(body.session.status, 'ACTIVE');
      const cards = body.channels.find((c: { channel_code: string }) => c.channel_code === 'CARDS');
      assert.deepEqual(cards.form.slice(0, 3).map((f: { type: { name: string } }) => f.type.name), ['credit_card_number', 'credit_card_expiry', 'credit_card_cvn']);
      assert.deepEqual(cards.form[1].channel_property, ['card_details.expiry_month', 'card_details.expiry_year']);
      assert.ok(cards.card.brands.some((b: { name: string }) => b.name === 'VISA'));
      assert.ok(body.channels.some((c: { channel_code: string }) => c.channel_code === 'QRIS'));
      const groups = new Set(body.channel_ui_groups.map((g: { id: string }) => g.id));
      for (const channel of body.channels) assert.ok(groups.has(channel.ui_group), channel.ui_group);
      const logo = await t.request({ method: 'GET', url: new URL(cards.brand_logo_url).pathname, auth: null });
      assert.equal(logo.headers['content-type'], 'image/svg+xml');

      const stranger = await sdk('GET', `/api/sessions/${key}`, undefined, 'https://evil.example');
      assert.equal(stranger.statusCode, 403);
      assert.equal(stranger.headers['access-control-allow-origin'], undefined);
      assert.equal(stranger.json().error_code, 'ORIGIN_NOT_ALLOWED');
      assert.ok(stranger.json().error_content.title);
      assert.ok(t.logs.some((line) => line.includes('evil.example') && line.includes('refused')));
      const preflight = await t.request({ method: 'OPTIONS', url: `/api/sessions/${key}/poll`, auth: null, headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], ORIGIN);
      const unknown = await sdk('GET', '/api/sessions/session-00000000000000000000000000000000');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error_code, 'NOT_FOUND');
      assert.ok(unknown.json().error_content.message_1);
    });

    test('a card payment: encrypted fields are decrypted, 3DS runs in the action iframe, polls see the session complete', async () => {
      const session = await createSession(t);
      const key = authKeyOf(session.components_sdk_key);
      const info = await sdk('POST', `/api/sessions/${key}/card_info`, { card_number: await encryptField('4000000000001091', session.components_sdk_key, session.payment_session_id) });
      assert.deepEqual(info.json(), { require_billing_information: false, country_codes: ['ID'], schemes: ['VISA'] });
      const created = await sdk('POST', '/api/sessions/payment_requests', {
        session_id: key,
        channel_code: 'CARDS',
        channel_properties: await encryptedCard(session.components_sdk_key, session.payment_session_id, '4000000000001091'),
      });
      assert.equal(created.statusCode, 200, created.body);
      const pr = created.json();
      assert.equal(pr.status, 'REQUIRES_ACTION');
      assert.equal(pr.session_token_request_id, pr.payment_request_id);
      assert.equal(pr.actions[0].descriptor, 'WEB_URL');
      assert.equal(pr.actions[0].iframe_capable, true);
      const stored = (await t.get(`/v3/payment_requests/${pr.payment_request_id}`)).json();
      assert.equal(stored.channel_properties.card_details.masked_card_number, '400000XXXXXX1091');

      const waiting = (await sdk('GET', `/api/sessions/${key}/poll?token_request_id=${pr.session_token_request_id}`)).json();
      assert.equal(waiting.session.status, 'ACTIVE');
      assert.equal(waiting.payment_request.status, 'REQUIRES_ACTION');
      const answer = await decide(t, pr.actions[0].value, { decision: 'approve', otp: '123456' });
      assert.match(answer.body, /xendit-iframe-action-complete/, 'the result page tells the SDK the action is done');
      const done = (await sdk('GET', `/api/sessions/${key}/poll?token_request_id=${pr.session_token_request_id}`)).json();
      assert.equal(done.session.status, 'COMPLETED');
      assert.equal(done.payment_request.status, 'SUCCEEDED');
      assert.equal(done.succeeded_channel.channel_code, 'CARDS');
      // A completed session refuses new attempts with a clear error.
      const late = await sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'QRIS' });
      assert.equal(late.statusCode, 422);
      assert.equal(late.json().error_code, 'INVALID_SESSION_STATUS');
    });

    test('a decline leaves the session ACTIVE for a retry; card data must come encrypted', async () => {
      const session = await createSession(t, { amount: 10054 });
      const key = authKeyOf(session.components_sdk_key);
      const declined = (await sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'CARDS', channel_properties: await encryptedCard(session.components_sdk_key, session.payment_session_id, '4000000000001000') })).json();
      assert.equal(declined.status, 'FAILED');
      assert.equal(declined.failure_code, 'INSUFFICIENT_BALANCE');
      const poll = (await sdk('GET', `/api/sessions/${key}/poll?token_request_id=${declined.session_token_request_id}`)).json();
      assert.equal(poll.session.status, 'ACTIVE');

      const plain = await sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'CARDS', channel_properties: { card_details: { card_number: '4000000000001000', expiry_month: '12', expiry_year: '2030', cvn: '123' } } });
      assert.equal(plain.statusCode, 400);
      assert.equal(plain.json().error_code, 'INVALID_PAYMENT_DETAILS');
      assert.match(plain.json().error_content.message_1, /encrypted/);
      const other = await createSession(t);
      const foreign = await encryptedCard(other.components_sdk_key, other.payment_session_id, '4000000000001000');
      const mismatched = await sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'CARDS', channel_properties: foreign });
      assert.equal(mismatched.statusCode, 400, 'an envelope made for another session does not open');
      const tampered = await encryptedCard(session.components_sdk_key, session.payment_session_id, '4000000000001000');
      tampered.card_details.card_number = tampered.card_details.card_number.slice(0, -6) + 'AAAAAA';
      assert.equal((await sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'CARDS', channel_properties: tampered })).statusCode, 400);
      assert.equal((await sdk('POST', '/api/sessions/payment_requests', 'a string, not an object')).json().error_code, 'API_VALIDATION_ERROR');
      const broken = await t.request({ method: 'POST', url: `/api/sessions/payment_requests?${V}`, auth: null, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, payload: 'payload=%7B' });
      assert.equal(broken.statusCode, 400);
      assert.ok(broken.json().error_content);
    });

    test('QR paid through the gateway simulate; a SAVE session makes a token; a canceled session reads CANCELED', async () => {
      const session = await createSession(t);
      const key = authKeyOf(session.components_sdk_key);
      const qr = (await sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'QRIS' })).json();
      assert.equal(qr.actions[0].descriptor, 'QR_STRING');
      assert.ok(qr.actions[0].action_title);
      const simulated = await sdk('POST', `/api/sessions/${key}/payment_requests/${qr.payment_request_id}/simulate`, { channel_code: 'QRIS' });
      assert.equal(simulated.statusCode, 200, simulated.body);
      await t.services.tasks.runDue();
      assert.equal((await sdk('GET', `/api/sessions/${key}/poll?token_request_id=${qr.session_token_request_id}`)).json().session.status, 'COMPLETED');

      const save = await createSession(t, { session_type: 'SAVE', amount: 0 });
      const saveKey = authKeyOf(save.components_sdk_key);
      const token = (await sdk('POST', '/api/sessions/payment_tokens', { session_id: saveKey, channel_code: 'CARDS', channel_properties: await encryptedCard(save.components_sdk_key, save.payment_session_id, '4000000000001000') })).json();
      assert.match(token.payment_token_id, /^pt-/);
      assert.equal(token.status, 'ACTIVE');
      const saved = (await sdk('GET', `/api/sessions/${saveKey}/poll?token_request_id=${token.session_token_request_id}`)).json();
      assert.equal(saved.session.status, 'COMPLETED');
      assert.equal(saved.payment_token.status, 'ACTIVE');

      const canceled = await createSession(t);
      await t.post(`/sessions/${canceled.payment_session_id}/cancel`);
      assert.equal((await sdk('GET', `/api/sessions/${authKeyOf(canceled.components_sdk_key)}/poll`)).json().session.status, 'CANCELED');
      const options = (await sdk('POST', `/api/sessions/${key}/payment_options`, { channel_code: 'CARDS' })).json();
      assert.deepEqual(options.installment_plans, []);
    });

    test("the gateway's instruction lines and action copy follow the session's locale; an unknown locale reads English", async () => {
      const linesOf = async (locale: string) => {
        const session = await createSession(t, { locale });
        const key = authKeyOf(session.components_sdk_key);
        const data = (await sdk('GET', `/api/sessions/${key}`)).json();
        const channels = data.channels as { channel_code: string; instructions: string[] }[];
        const groups = (data.channel_ui_groups as { id: string; label: string }[]).map((g) => `${g.id}:${g.label}`);
        const qr = (await sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'QRIS' })).json();
        const formOf = (code: string) => (data.channels as { channel_code: string; form: { label: string; type: { regex_validators?: { message: string }[] } }[] }[]).find((c) => c.channel_code === code)!.form[0]!;
        const bri = formOf('BRI_DIRECT_DEBIT');
        return { groups, fields: [formOf('OVO').label, bri.label, bri.type.regex_validators?.[0]?.message], instructions: Object.fromEntries(channels.filter((c) => c.instructions.length > 0).map((c) => [c.channel_code, c.instructions])), qr: [qr.actions[0].action_title, qr.actions[0].action_subtitle] };
      };
      const en = await linesOf('en');
      const id = await linesOf('id');
      assert.deepEqual(en.instructions.QRIS, ['Pay with QRIS', 'After you continue, you will get the details to complete the payment.']);
      assert.deepEqual(id.instructions.QRIS, ['Bayar dengan QRIS', 'Setelah Anda lanjutkan, Anda akan mendapatkan rincian untuk menyelesaikan pembayaran.']);
      assert.deepEqual(Object.keys(id.instructions), Object.keys(en.instructions), 'the same channels explain themselves');
      for (const [code, [title]] of Object.entries(id.instructions)) assert.match(title!, /^Bayar dengan /, code);
      assert.deepEqual(id.qr, ['Bayar dengan QRIS', 'Pindai kode QR dengan aplikasi bank atau e-wallet Anda']);
      assert.deepEqual(en.qr, ['Pay with QRIS', 'Scan the QR code with your banking or e-wallet app']);
      assert.match((await linesOf('th')).instructions.QRIS![0]!, /^ชำระด้วย QRIS$/);
      assert.deepEqual((await linesOf('fr')).qr, en.qr);
      // The picker's group labels too: the official SDK shows them as sent.
      assert.ok(en.groups.includes('cards:Cards') && en.groups.includes('qr:QR payments'), en.groups.join());
      assert.ok(id.groups.includes('cards:Kartu') && id.groups.includes('qr:Pembayaran QR'), id.groups.join());
      assert.deepEqual(id.groups.map((g) => g.split(':')[0]), en.groups.map((g) => g.split(':')[0]), 'the same groups, in the same order');
      // And the channel forms' field labels and their format errors.
      assert.deepEqual(en.fields, ['Mobile number', 'Last 4 digits of debit card', 'Enter a valid last 4 digits of debit card']);
      assert.deepEqual(id.fields, ['Nomor ponsel', '4 digit terakhir kartu debit', 'Masukkan 4 digit terakhir kartu debit yang valid']);
    });

    test('payment attempts per session are rate-limited (card testing)', async () => {
      const session = await createSession(t);
      const key = authKeyOf(session.components_sdk_key);
      let limited;
      for (let i = 0; i < 25 && !limited; i++) {
        const res = await sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'CARDS', channel_properties: await encryptedCard(session.components_sdk_key, session.payment_session_id, '4000000000002503') });
        if (res.statusCode === 429) limited = res;
      }
      assert.ok(limited, 'no rate limit within 25 attempts');
      assert.equal(limited.json().error_code, 'RATE_LIMIT_EXCEEDED');
      assert.ok(limited.json().error_content.title);
    });

    test('the secure iframe page: framed only by the session origins, one hashed script, Lunas pinning keys', async () => {
      const session = await createSession(t);
      const res = await t.request({ method: 'GET', url: `/components/secure-iframe-v0.0.24.html?input_type=credit_card_number&session_id=${session.payment_session_id}`, auth: null });
      assert.equal(res.statusCode, 200);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /frame-ancestors https:\/\/example\.com(;|$)/);
      assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+'/);
      const pinning = t.services.sdkKeys.pinningPublicKeys()[0]!.publicKey.export({ format: 'jwk' });
      assert.ok(res.body.includes(pinning.x!), 'the page trusts the pinning key');
      assert.ok(!/"d"\s*:/.test(res.body), 'no private key material');
      const anyone = await t.request({ method: 'GET', url: '/components/secure-iframe.html?session_id=ps-000000000000000000000000', auth: null });
      assert.match(String(anyone.headers['content-security-policy']), /frame-ancestors 'none'|frame-ancestors(;|$)/);
    });
  });
}
