import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { OTP_CODES } from '@lunas/protocol/gateway';
import { OTP_MAX_ATTEMPTS, OTP_MAX_RESENDS } from '../src/channels/simulator/otp.ts';
import { authKeyOf } from './helpers/envelope.ts';
import { anyJson, nastyString } from './helpers/fuzz.ts';
import { createSession, eventTypesFor, getSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import type { TestApp } from './helpers/app.ts';

/**
 * OTP flows (docs/compatibility.md "OTP flows", docs/testing.md): direct-debit banks that
 * approve with a texted OTP answer REQUIRES_ACTION with Xendit's VALIDATE_OTP / RESEND_OTP
 * pair; validate_otp and resend_otp for payment requests and payment tokens.
 */
const RETURN_URLS = { success_return_url: 'https://shop.example/success', failure_return_url: 'https://shop.example/failure' };
const CUSTOMER = { type: 'INDIVIDUAL', reference_id: 'cust-otp', individual_detail: { given_names: 'Juan', surname: 'Dela Cruz' }, email: 'juan@example.com', mobile_number: '+639123456789' };
const BRI_CARD = { card_last_four: '8888', card_expiry: '06/30', account_email: 'juan@example.com', account_mobile_number: '+628123456789' };

async function bpiRequest(t: TestApp, extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.post('/v3/payment_requests', {
    reference_id: `dd-${Math.random()}`, type: 'PAY', country: 'PH', currency: 'PHP', request_amount: 2500, capture_method: 'AUTOMATIC',
    channel_code: 'BPI_DIRECT_DEBIT', channel_properties: RETURN_URLS, ...extra,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function briToken(t: TestApp): Promise<Record<string, any>> {
  const res = await t.post('/v3/payment_tokens', { reference_id: `tok-${Math.random()}`, country: 'ID', currency: 'IDR', channel_code: 'BRI_DIRECT_DEBIT', channel_properties: BRI_CARD, customer: CUSTOMER });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

const validate = (t: TestApp, path: string, otp_code: unknown) => t.post(`${path}/validate_otp`, { otp_code });
const errorOf = (res: { statusCode: number; json(): any }) => [res.statusCode, res.json().error_code];

for (const dialect of DIALECTS) {
  describe(`OTP flows [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('BPI direct debit answers REQUIRES_ACTION with the VALIDATE_OTP / RESEND_OTP pair; the right OTP pays, with its webhook', async () => {
      const pr = await bpiRequest(t);
      const path = `/v3/payment_requests/${pr.payment_request_id}`;
      assert.equal(pr.status, 'REQUIRES_ACTION');
      assert.deepEqual(pr.actions, [
        { type: 'API_POST_REQUEST', descriptor: 'VALIDATE_OTP', value: `https://lunas.test${path}/validate_otp` },
        { type: 'API_POST_REQUEST', descriptor: 'RESEND_OTP', value: `https://lunas.test${path}/resend_otp` },
      ]);
      const res = await t.post(`${path}/validate_otp`, { otp_code: OTP_CODES.pays }, { 'idempotency-key': `otp-${dialect}` });
      assert.equal(res.statusCode, 200, res.body);
      const replay = await t.post(`${path}/validate_otp`, { otp_code: OTP_CODES.pays }, { 'idempotency-key': `otp-${dialect}` });
      assert.equal(replay.headers['idempotent-replayed'], 'true', 'a retry with the same key gets the same answer');
      assert.deepEqual(replay.json(), res.json());
      const paid = res.json();
      assert.equal(paid.status, 'SUCCEEDED');
      assert.match(paid.latest_payment_id, /^py-/);
      const payment = (await t.get(`/v3/payments/${paid.latest_payment_id}`)).json();
      assert.equal(payment.status, 'SUCCEEDED');
      assert.equal(payment.request_amount, 2500);
      assert.deepEqual(await eventTypesFor(t, paid.latest_payment_id), ['payment.capture']);
      assert.deepEqual(errorOf(await validate(t, path, OTP_CODES.pays)), [400, 'INACTIVE_PAYMENT_REQUEST'], 'a paid request takes no second OTP');
    });

    test('a wrong OTP is INVALID_OTP with the attempts left; the last allowed one fails the request with OTP_ATTEMPT_COUNTS_EXCEEDED', async () => {
      const pr = await bpiRequest(t);
      const path = `/v3/payment_requests/${pr.payment_request_id}`;
      for (let left = OTP_MAX_ATTEMPTS - 1; left >= 1; left--) {
        const wrong = await validate(t, path, left === 1 ? OTP_CODES.invalid : '999999');
        assert.deepEqual(errorOf(wrong), [400, 'INVALID_OTP']);
        assert.match(wrong.json().message, new RegExp(`${left} attempts? left`));
        assert.equal((await t.get(path)).json().status, 'REQUIRES_ACTION');
      }
      assert.deepEqual(errorOf(await validate(t, path, '999999')), [400, 'MAX_OTP_ATTEMPTS']);
      const failed = (await t.get(path)).json();
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.failure_code, 'OTP_ATTEMPT_COUNTS_EXCEEDED');
      assert.deepEqual(await eventTypesFor(t, failed.latest_payment_id), ['payment.failure']);
      assert.deepEqual(errorOf(await validate(t, path, OTP_CODES.pays)), [400, 'MAX_OTP_ATTEMPTS'], 'even the right code is too late');
      assert.deepEqual(errorOf(await t.post(`${path}/resend_otp`)), [400, 'MAX_OTP_ATTEMPTS']);
    });

    test('222002 is Xendit\'s "attempts used up" test OTP: the request fails at once', async () => {
      const pr = await bpiRequest(t);
      const path = `/v3/payment_requests/${pr.payment_request_id}`;
      assert.deepEqual(errorOf(await validate(t, path, OTP_CODES.maxAttempts)), [400, 'MAX_OTP_ATTEMPTS']);
      assert.equal((await t.get(path)).json().failure_code, 'OTP_ATTEMPT_COUNTS_EXCEEDED');
    });

    test('an OTP past its window (on the business test clock) is EXPIRED_OTP; resend opens a new window; resends are limited', async () => {
      const pr = await bpiRequest(t);
      const path = `/v3/payment_requests/${pr.payment_request_id}`;
      assert.deepEqual(errorOf(await validate(t, path, OTP_CODES.expired)), [400, 'EXPIRED_OTP'], "Xendit's expired test OTP");
      const advanced = await t.post('/test_helpers/clock/advance', { seconds: 301 });
      assert.equal(advanced.statusCode, 200, advanced.body);
      assert.deepEqual(errorOf(await validate(t, path, OTP_CODES.pays)), [400, 'EXPIRED_OTP']);
      assert.equal((await t.get(path)).json().status, 'REQUIRES_ACTION', 'an expired OTP neither fails the request nor counts');
      const resent = await t.post(`${path}/resend_otp`);
      assert.equal(resent.statusCode, 200, resent.body);
      assert.equal(resent.json().status, 'REQUIRES_ACTION');
      assert.deepEqual(resent.json().actions.map((a: { descriptor: string }) => a.descriptor), ['VALIDATE_OTP', 'RESEND_OTP']);
      for (let i = 1; i < OTP_MAX_RESENDS; i++) assert.equal((await t.post(`${path}/resend_otp`)).statusCode, 200);
      assert.deepEqual(errorOf(await t.post(`${path}/resend_otp`)), [400, 'MAX_OTP_ATTEMPTS']);
      const res = await validate(t, path, OTP_CODES.pays);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'SUCCEEDED');
    });

    test('unknown ids are 404; a request or token that takes no OTP is refused; bad bodies are API_VALIDATION_ERROR and change nothing', async () => {
      assert.deepEqual(errorOf(await validate(t, '/v3/payment_requests/pr-00000000-0000-4000-8000-000000000000', OTP_CODES.pays)), [404, 'DATA_NOT_FOUND']);
      assert.deepEqual(errorOf(await t.post('/v3/payment_tokens/pt-00000000-0000-4000-8000-000000000000/resend_otp')), [404, 'DATA_NOT_FOUND']);
      const va = await t.post('/v3/payment_requests', { reference_id: 'va-otp', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 10000, channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'Shop' } });
      assert.equal(va.statusCode, 201, va.body);
      assert.deepEqual(errorOf(await validate(t, `/v3/payment_requests/${va.json().payment_request_id}`, OTP_CODES.pays)), [400, 'API_VALIDATION_ERROR']);
      // BRI asks for no OTP below IDR 1,000,000: the bank's page approves it.
      const small = await t.post('/v3/payment_requests', { reference_id: 'bri-small', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 100000, channel_code: 'BRI_DIRECT_DEBIT', channel_properties: { ...BRI_CARD, ...RETURN_URLS } });
      assert.equal(small.json().actions[0].descriptor, 'WEB_URL');
      const pr = await bpiRequest(t);
      const path = `/v3/payment_requests/${pr.payment_request_id}`;
      for (const body of [{}, { otp_code: '' }, { otp_code: 222000 }, { otp_code: null }, { otp_code: '22 2000' }, { otp_code: 'x'.repeat(33) }]) {
        assert.deepEqual(errorOf(await t.post(`${path}/validate_otp`, body)), [400, 'API_VALIDATION_ERROR'], JSON.stringify(body));
      }
      assert.deepEqual(errorOf(await validate(t, path, '999999')), [400, 'INVALID_OTP']);
      assert.match((await validate(t, path, '999999')).json().message, /1 attempt left/, 'refused bodies were not counted');
    });

    test('fast-check: any validate_otp body answers 200 or a Xendit-shaped 4xx, never a 5xx', async () => {
      const pr = await bpiRequest(t);
      const path = `/v3/payment_requests/${pr.payment_request_id}/validate_otp`;
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyJson, fc.record({ otp_code: fc.oneof(nastyString, anyJson) }, { requiredKeys: [] })), async (body) => {
          const res = await t.request({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) ?? '' });
          assert.ok(res.statusCode === 200 || (res.statusCode >= 400 && res.statusCode < 500), `${res.statusCode} ${res.body}`);
          if (res.statusCode !== 200) assert.equal(typeof res.json().error_code, 'string');
        }),
        { numRuns: 60 },
      );
    });

    test('two validations at once: one succeeds, the other is told the request has ended; one payment, one session completion', async () => {
      const session = await createSession(t, { reference_id: `otp-race-${dialect}`, country: 'PH', currency: 'PHP', amount: 2500 });
      const attempt = await t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'BPI_DIRECT_DEBIT', channel_properties: RETURN_URLS });
      assert.equal(attempt.statusCode, 201, attempt.body);
      const path = `/v3/payment_requests/${attempt.json().payment_request_id}`;
      const answers = await Promise.all([validate(t, path, OTP_CODES.pays), validate(t, path, OTP_CODES.pays), validate(t, path, OTP_CODES.pays)]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 400, 400], answers.map((a) => a.body).join('\n'));
      const after = await getSession(t, session.payment_session_id);
      assert.equal(after.status, 'COMPLETED');
      const payments = await t.store.db.selectFrom('payments').select('id').where('payment_request_id', '=', attempt.json().payment_request_id).execute();
      assert.equal(payments.length, 1);
    });

    test('concurrent wrong OTPs all count: the limit holds under a race', async () => {
      const pr = await bpiRequest(t);
      const path = `/v3/payment_requests/${pr.payment_request_id}`;
      const answers = await Promise.all(Array.from({ length: OTP_MAX_ATTEMPTS + 2 }, () => validate(t, path, '999999')));
      const codes = answers.map((a) => a.json().error_code);
      assert.equal(codes.filter((c) => c === 'INVALID_OTP').length, OTP_MAX_ATTEMPTS - 1, codes.join());
      assert.equal((await t.get(path)).json().status, 'FAILED');
    });

    test('BRI debit-card linking: the token waits for an OTP; 333000 activates it, wrong codes count, resend works', async () => {
      const token = await briToken(t);
      assert.equal(token.status, 'REQUIRES_ACTION');
      const path = `/v3/payment_tokens/${token.payment_token_id}`;
      assert.deepEqual(token.actions.map((a: { type: string; descriptor: string; value: string }) => [a.type, a.descriptor, a.value]), [
        ['API_POST_REQUEST', 'VALIDATE_OTP', `https://lunas.test${path}/validate_otp`],
        ['API_POST_REQUEST', 'RESEND_OTP', `https://lunas.test${path}/resend_otp`],
      ]);
      assert.deepEqual(errorOf(await validate(t, path, OTP_CODES.pays)), [400, 'INVALID_OTP'], 'the payment code does not link');
      assert.equal((await t.post(`${path}/resend_otp`)).json().status, 'REQUIRES_ACTION');
      const res = await validate(t, path, OTP_CODES.links);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'ACTIVE');
      assert.ok(res.json().token_details.account_number);
      assert.deepEqual(await eventTypesFor(t, token.payment_token_id), ['payment_token.activation']);
      assert.deepEqual(errorOf(await validate(t, path, OTP_CODES.links)), [400, 'INELIGIBLE_TRANSACTION_STATUS']);
    });

    test('a token out of OTP attempts fails with AUTHENTICATION_FAILED and payment_token.failure', async () => {
      const token = await briToken(t);
      const path = `/v3/payment_tokens/${token.payment_token_id}`;
      for (let i = 1; i < OTP_MAX_ATTEMPTS; i++) assert.deepEqual(errorOf(await validate(t, path, '000000')), [400, 'INVALID_OTP']);
      assert.deepEqual(errorOf(await validate(t, path, '000000')), [400, 'MAX_OTP_ATTEMPTS']);
      const failed = (await t.get(path)).json();
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.failure_code, 'AUTHENTICATION_FAILED');
      assert.deepEqual(await eventTypesFor(t, token.payment_token_id), ['payment_token.failure']);
    });

    /** A gateway call exactly as an SDK makes it (form-encoded `payload`, the session's origin). */
    const sdk = (url: string, payload: unknown) =>
      t.request({ method: 'POST', url: `${url}?components_version=v0.0.24`, auth: null, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://example.com' }, payload: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() });

    test('Components gateway: the OTP pair points at the session\'s gateway endpoints, which take the code as the v3 API does', async () => {
      const session = await createSession(t, { reference_id: `otp-gw-${dialect}`, country: 'PH', currency: 'PHP', amount: 2500 });
      const key = authKeyOf(session.components_sdk_key);
      const created = await sdk('/api/sessions/payment_requests', { session_id: key, channel_code: 'BPI_DIRECT_DEBIT', channel_properties: {} });
      assert.equal(created.statusCode, 200, created.body);
      const entity = created.json();
      const base = `https://lunas.test/api/sessions/${key}/payment_requests/${entity.payment_request_id}`;
      assert.deepEqual(entity.actions.map((a: { descriptor: string; value: string }) => [a.descriptor, a.value]), [['VALIDATE_OTP', `${base}/validate_otp`], ['RESEND_OTP', `${base}/resend_otp`]]);
      assert.match(entity.actions[0].otp.instructions, /BPI Direct Debit sent a one-time password/);
      const path = new URL(base).pathname;
      const wrong = await sdk(`${path}/validate_otp`, { otp_code: '999999' });
      assert.deepEqual([wrong.statusCode, wrong.json().error_code], [400, 'INVALID_OTP']);
      assert.equal(wrong.headers['access-control-allow-origin'], 'https://example.com');
      assert.match(wrong.json().error_content.message_1, /2 attempts left/);
      for (const bad of [{}, { otp_code: 222000 }, { otp_code: 'a b' }]) assert.equal((await sdk(`${path}/validate_otp`, bad)).json().error_code, 'API_VALIDATION_ERROR');
      assert.equal((await sdk(`${path}/resend_otp`, {})).statusCode, 200);
      // Another session's key does not reach this attempt; nor does the token path.
      const other = authKeyOf((await createSession(t, { reference_id: `otp-gw-other-${dialect}` })).components_sdk_key);
      assert.equal((await sdk(path.replace(key, other) + '/validate_otp', { otp_code: OTP_CODES.pays })).statusCode, 404);
      assert.equal((await sdk(path.replace('payment_requests', 'payment_tokens') + '/validate_otp', { otp_code: OTP_CODES.pays })).statusCode, 404);
      const paid = await sdk(`${path}/validate_otp`, { otp_code: OTP_CODES.pays });
      assert.equal(paid.statusCode, 200, paid.body);
      assert.equal(paid.json().status, 'SUCCEEDED');
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
    });

    test('Components gateway: a SAVE session linking BRI takes the OTP on the payment_tokens path', async () => {
      const session = await createSession(t, { reference_id: `otp-save-${dialect}`, session_type: 'SAVE', amount: 0 });
      const key = authKeyOf(session.components_sdk_key);
      const created = await sdk('/api/sessions/payment_tokens', { session_id: key, channel_code: 'BRI_DIRECT_DEBIT', channel_properties: BRI_CARD });
      assert.equal(created.statusCode, 200, created.body);
      const path = `/api/sessions/${key}/payment_tokens/${created.json().payment_token_id}`;
      assert.equal(new URL(created.json().actions[0].value).pathname, `${path}/validate_otp`);
      const linked = await sdk(`${path}/validate_otp`, { otp_code: OTP_CODES.links });
      assert.equal(linked.statusCode, 200, linked.body);
      assert.equal(linked.json().status, 'ACTIVE');
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
    });

    test('BPI links on the bank page: its token takes no OTP and refuses validate_otp', async () => {
      const bpi = await t.post('/v3/payment_tokens', { reference_id: 'tok-card', country: 'PH', currency: 'PHP', channel_code: 'BPI_DIRECT_DEBIT', channel_properties: RETURN_URLS, customer: CUSTOMER });
      assert.equal(bpi.statusCode, 201, bpi.body);
      assert.equal(bpi.json().actions[0].descriptor, 'WEB_URL', 'BPI links on the bank page');
      assert.deepEqual(errorOf(await validate(t, `/v3/payment_tokens/${bpi.json().payment_token_id}`, OTP_CODES.links)), [400, 'API_VALIDATION_ERROR']);
    });
  });
}
