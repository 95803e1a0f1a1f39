import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc16 } from '../src/channels/simulator/present.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { attempt, card, createSession, decide, eventsOfType, eventTypesFor, getSession, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

const presented = (pr: Record<string, any>) => pr.actions.find((a: { type: string }) => a.type === 'PRESENT_TO_CUSTOMER');

for (const dialect of DIALECTS) {
  describe(`non-card channels [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('a virtual account is presented, paid through simulate, and completes the session asynchronously', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'John Doe' } });
      assert.equal(pr.status, 'REQUIRES_ACTION');
      const va = presented(pr);
      assert.equal(va.descriptor, 'VIRTUAL_ACCOUNT_NUMBER');
      assert.match(va.value, /^88608\d{11}$/);
      assert.ok(pr.channel_properties.expires_at, 'the VA carries its expiry');

      const sim = await t.post(`/v3/payment_requests/${pr.payment_request_id}/simulate`, { amount: 10000 });
      assert.equal(sim.statusCode, 200, sim.body);
      assert.deepEqual(sim.json(), { status: 'PENDING', message: 'A simulated payment for the specified payment request id is being processed. You will be informed of the result via a webhook.' });
      assert.equal((await getSession(t, session.payment_session_id)).status, 'ACTIVE', 'the outcome comes asynchronously');
      await t.services.tasks.runDue();
      const done = await getSession(t, session.payment_session_id);
      assert.equal(done.status, 'COMPLETED');
      const payment = (await t.get(`/v3/payments/${done.payment_id}`)).json();
      assert.equal(payment.payment_details.payer_account_number, va.value);
      assert.deepEqual(await eventTypesFor(t, done.payment_id, session.payment_session_id), ['payment.capture', 'payment_session.completed']);

      // A second simulate (or a replayed task) pays nothing twice.
      assert.equal((await t.post(`/v3/payment_requests/${pr.payment_request_id}/simulate`, { amount: 10000 })).json().error_code, 'INACTIVE_PAYMENT_REQUEST');
      assert.equal((await t.post(`/v3/payment_requests/${pr.payment_request_id}/simulate`, { amount: 1 })).statusCode, 400);
      await t.services.payments.runSettlement(pr.payment_request_id, 1000000);
      assert.deepEqual(await eventTypesFor(t, done.payment_id, session.payment_session_id), ['payment.capture', 'payment_session.completed']);
    });

    test('QRIS presents an EMVCo string with a valid CRC; OTC presents a payment code and needs a payer name', async () => {
      const session = await createSession(t);
      const qr = await attempt(t, session.payment_session_id, { channel_code: 'QRIS' });
      const value: string = presented(qr).value;
      assert.equal(presented(qr).descriptor, 'QR_STRING');
      assert.ok(value.startsWith('000201010212'));
      assert.equal(value.slice(-4), crc16(value.slice(0, -4)));
      assert.ok(value.includes('5405' + '10000') || value.includes('540510000'), 'the amount is in tag 54');

      const missing = await t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'ALFAMART' });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().message, /payer_name is required/);
      const otc = await attempt(t, session.payment_session_id, { channel_code: 'ALFAMART', channel_properties: { payer_name: 'John Doe' } });
      assert.equal(presented(otc).descriptor, 'PAYMENT_CODE');
      assert.match(presented(otc).value, /^LUNAS\d{10}$/);
      await t.post(`/v3/payment_requests/${otc.payment_request_id}/simulate`, {});
      await t.services.tasks.runDue();
      const done = await getSession(t, session.payment_session_id);
      assert.equal(done.status, 'COMPLETED');
      assert.equal(done.payment_request_id, otc.payment_request_id);
      // The QR the customer did not use can no longer be paid.
      assert.equal((await t.get(`/v3/payment_requests/${qr.payment_request_id}`)).json().status, 'CANCELED');
    });

    test('an e-wallet redirects (with a deeplink variant) to its simulator; approve pays, decline fails', async () => {
      const session = await createSession(t);
      const declined = await attempt(t, session.payment_session_id, { channel_code: 'SHOPEEPAY' });
      assert.deepEqual(declined.actions.map((a: { descriptor: string }) => a.descriptor), ['WEB_URL', 'DEEPLINK_URL']);
      const page = await t.request({ method: 'GET', url: new URL(webUrl(declined)).pathname, auth: null });
      assert.match(page.body, /ShopeePay/);
      assert.match(page.body, /data-testid="lunas-approve"/);
      await decide(t, webUrl(declined), { decision: 'decline' });
      const failed = (await t.get(`/v3/payment_requests/${declined.payment_request_id}`)).json();
      assert.equal(failed.failure_code, 'USER_DECLINED_PAYMENT');

      const canceled = await attempt(t, session.payment_session_id, { channel_code: 'DANA' });
      await decide(t, webUrl(canceled), { decision: 'cancel' });
      assert.equal((await t.get(`/v3/payment_requests/${canceled.payment_request_id}`)).json().failure_code, 'USER_DID_NOT_AUTHORIZE');

      const paid = await attempt(t, session.payment_session_id, { channel_code: 'LINKAJA' });
      await decide(t, webUrl(paid), { decision: 'approve' });
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
      // Revisiting the page shows the final state and changes nothing.
      const again = await decide(t, webUrl(paid), { decision: 'decline' });
      assert.match(again.body, /Payment successful/);
      assert.equal((await t.get(`/v3/payment_requests/${paid.payment_request_id}`)).json().status, 'SUCCEEDED');
    });

    test('OVO waits for a push approval (no actions) and needs the mobile number', async () => {
      const session = await createSession(t);
      const missing = await t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'OVO' });
      assert.match(missing.json().message, /account_mobile_number is required/);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'OVO', channel_properties: { account_mobile_number: '+628123456789' } });
      assert.equal(pr.status, 'REQUIRES_ACTION');
      assert.deepEqual(pr.actions, []);
      // Simulate stands in for the customer approving in the OVO app.
      const sim = await t.post(`/v3/payment_requests/${pr.payment_request_id}/simulate`, {});
      assert.equal(sim.json().status, 'PENDING');
      await t.services.tasks.runDue();
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
      // Redirect channels are paid on their page, not with simulate.
      const other = await createSession(t);
      const wallet = await attempt(t, other.payment_session_id, { channel_code: 'DANA' });
      assert.match((await t.post(`/v3/payment_requests/${wallet.payment_request_id}/simulate`, {})).json().message, /WEB_URL/);
    });

    test('OVO is linked on its page (mobile number optional), not by a push: approve makes the token ACTIVE', async () => {
      const base = { customer: { reference_id: 'ovo-linker', type: 'INDIVIDUAL', individual_detail: { given_names: 'Ani' }, email: 'ani@example.com' }, country: 'ID', currency: 'IDR', channel_code: 'OVO' };
      const bad = await t.post('/v3/payment_tokens', { ...base, reference_id: 'ovo-bad', channel_properties: { account_mobile_number: '0812' } });
      assert.equal(bad.statusCode, 400, 'a number given is still checked');
      for (const properties of [{}, { account_mobile_number: '+628123456789' }]) {
        const res = await t.post('/v3/payment_tokens', { ...base, reference_id: `ovo-${Object.keys(properties).length}`, channel_properties: properties });
        assert.equal(res.statusCode, 201, res.body);
        const token = res.json();
        assert.equal(token.status, 'REQUIRES_ACTION');
        const page = await t.request({ method: 'GET', url: new URL(webUrl(token)).pathname, auth: null });
        assert.match(page.body, /data-testid="lunas-approve"/);
        assert.doesNotMatch(page.body, /in the OVO app/, 'a linking page, not the push wait');
        await decide(t, webUrl(token), { decision: 'approve' });
        assert.equal((await t.get(`/v3/payment_tokens/${token.payment_token_id}`)).json().status, 'ACTIVE');
      }
    });

    test('a reusable VN virtual account stays REQUIRES_ACTION, presents its VietQR, and takes every payment into it', async () => {
      const res = await t.post('/v3/payment_requests', { reference_id: 'vn-va', type: 'REUSABLE_PAYMENT_CODE', country: 'VN', currency: 'VND', channel_code: 'BIDV_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'Shop' } });
      assert.equal(res.statusCode, 201, res.body);
      const pr = res.json();
      assert.equal(pr.status, 'REQUIRES_ACTION');
      assert.deepEqual(pr.actions.map((a: { descriptor: string }) => a.descriptor), ['VIRTUAL_ACCOUNT_NUMBER', 'QR_STRING']);
      const qr: string = pr.actions[1].value;
      assert.ok(qr.includes(pr.actions[0].value), 'the QR names the account');
      assert.equal(qr.slice(-4), crc16(qr.slice(0, -4)));
      for (const amount of [20000, 35000]) {
        assert.equal((await t.post(`/v3/payment_requests/${pr.payment_request_id}/simulate`, { amount })).statusCode, 200);
        await t.services.tasks.runDue();
      }
      const after = (await t.get(`/v3/payment_requests/${pr.payment_request_id}`)).json();
      assert.equal(after.status, 'REQUIRES_ACTION', 'still open for the next payment');
      const captures = (await eventsOfType(t, 'payment.capture')).filter((e) => e.data.payment_request_id === pr.payment_request_id);
      assert.deepEqual(captures.map((e) => e.data.request_amount ?? e.data.captures?.[0]?.capture_amount).sort(), [20000, 35000]);
      // An Indonesian reusable VA keeps the guides' ACCEPTING_PAYMENTS and one action.
      const id = (await t.post('/v3/payment_requests', { reference_id: 'id-va', type: 'REUSABLE_PAYMENT_CODE', country: 'ID', currency: 'IDR', channel_code: 'BRI_VIRTUAL_ACCOUNT' })).json();
      assert.equal(id.status, 'ACCEPTING_PAYMENTS');
      assert.equal(id.actions.length, 1);
    });

    test('direct debit, online banking and paylater pay through the provider page', async () => {
      for (const [country, currency, amount, channel, properties] of [
        ['ID', 'IDR', 100000, 'BRI_DIRECT_DEBIT', { card_last_four: '1234', card_expiry: '12/30', account_email: 'john@example.com', account_mobile_number: '+628123456789' }],
        ['PH', 'PHP', 1000, 'BPI_ONLINE_BANKING', {}],
        ['ID', 'IDR', 100000, 'KREDIVO', {}],
        ['MY', 'MYR', 100, 'MAYB2U_FPX', {}],
      ] as const) {
        const session = await createSession(t, { country, currency, amount });
        const pr = await attempt(t, session.payment_session_id, { channel_code: channel, channel_properties: properties });
        await decide(t, webUrl(pr), { decision: 'approve' });
        assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED', channel);
      }
    });

    test('refunds follow the channel: VA not refundable, LinkAja not partially', async () => {
      const vaSession = await createSession(t);
      const va = await attempt(t, vaSession.payment_session_id, { channel_code: 'BNI_VIRTUAL_ACCOUNT' });
      await t.post(`/v3/payment_requests/${va.payment_request_id}/simulate`, {});
      await t.services.tasks.runDue();
      const notSupported = await t.post('/refunds', { payment_request_id: va.payment_request_id, reason: 'OTHERS' });
      assert.equal(notSupported.statusCode, 403);
      assert.equal(notSupported.json().error_code, 'REFUND_NOT_SUPPORTED');

      const walletSession = await createSession(t);
      const wallet = await attempt(t, walletSession.payment_session_id, { channel_code: 'LINKAJA' });
      await decide(t, webUrl(wallet), { decision: 'approve' });
      const partial = await t.post('/refunds', { payment_request_id: wallet.payment_request_id, reason: 'OTHERS', amount: 5000 });
      assert.equal(partial.statusCode, 403);
      assert.equal(partial.json().error_code, 'PARTIAL_REFUND_NOT_SUPPORTED');
      const full = await t.post('/refunds', { payment_request_id: wallet.payment_request_id, reason: 'OTHERS' });
      assert.equal(full.statusCode, 200, full.body);
      assert.equal(full.json().channel_code, 'LINKAJA');
      assert.equal(full.json().payment_method_type, 'EWALLET');
    });

    test('a refund the provider rejects (test amount 10054) ends refund.failed and frees the amount', async () => {
      const session = await createSession(t, { amount: 20000 });
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      const refund = (await t.post('/refunds', { payment_request_id: pr.payment_request_id, reason: 'OTHERS', amount: 10054 })).json();
      await t.services.tasks.runDue();
      const failed = (await t.get(`/refunds/${refund.id}`)).json();
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.failure_code, 'INSUFFICIENT_BALANCE');
      assert.deepEqual(await eventTypesFor(t, refund.id), ['refund.failed']);
      const whole = await t.post('/refunds', { payment_request_id: pr.payment_request_id, reason: 'OTHERS' });
      assert.equal(whole.json().amount, 20000);
    });
  });
}
