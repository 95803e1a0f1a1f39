import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { attempt, card, createSession, decide, eventsOfType, eventTypesFor, getSession, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

for (const dialect of DIALECTS) {
  describe(`cards through a session [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('the founding flow: 4000000000001091 → 3DS challenge → approve → session COMPLETED, capture and completion share payment_id', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      assert.match(pr.payment_request_id, /^pr-[0-9a-f-]{36}$/);
      assert.equal(pr.status, 'REQUIRES_ACTION');
      assert.equal(pr.request_amount, 10000);
      assert.equal(pr.capture_method, 'AUTOMATIC');
      assert.equal(pr.customer_id, session.customer_id);
      assert.equal(pr.reference_id, 'order-1');
      assert.deepEqual(pr.actions.map((a: { type: string; descriptor: string }) => [a.type, a.descriptor]), [['REDIRECT_CUSTOMER', 'WEB_URL']]);
      assert.equal(pr.channel_properties.card_details.masked_card_number, '400000XXXXXX1091');
      assert.match(pr.channel_properties.card_details.fingerprint, /^[0-9a-f]{24}$/);
      assert.equal('card_number' in pr.channel_properties.card_details, false);
      assert.equal('cvn' in pr.channel_properties.card_details, false);
      assert.equal((await getSession(t, session.payment_session_id)).status, 'ACTIVE', 'awaiting 3DS');

      const page = await t.request({ method: 'GET', url: new URL(webUrl(pr)).pathname, auth: null });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /data-testid="lunas-otp"[^>]*value="123456"|value="123456"[^>]*data-testid="lunas-otp"/);
      assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);

      const answer = await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
      assert.equal(answer.statusCode, 200, 'no return URL: Lunas shows its result page');
      assert.match(answer.body, /Payment successful/);

      const done = await getSession(t, session.payment_session_id);
      assert.equal(done.status, 'COMPLETED');
      assert.equal(done.payment_request_id, pr.payment_request_id);
      assert.match(done.payment_id, /^py-[0-9a-f-]{36}$/);
      const payment = (await t.get(`/v3/payments/${done.payment_id}`)).json();
      assert.equal(payment.status, 'SUCCEEDED');
      assert.equal(payment.captures.length, 1);
      assert.match(payment.captures[0].capture_id, /^cptr-/);
      assert.equal(payment.captures[0].capture_amount, 10000);
      assert.equal(payment.payment_details.authentication_data.flow, 'FULL_AUTH');
      assert.equal(payment.payment_details.authorization_data.network_response_code, '00');
      assert.equal((await t.get(`/v3/payment_requests/${pr.payment_request_id}`)).json().status, 'SUCCEEDED');

      const capture = (await eventsOfType(t, 'payment.capture')).find((e) => e.data.payment_request_id === pr.payment_request_id)!;
      const completed = (await eventsOfType(t, 'payment_session.completed')).find((e) => e.data.payment_session_id === session.payment_session_id)!;
      assert.equal(capture.data.payment_id, done.payment_id);
      assert.equal(completed.data.payment_id, done.payment_id);
      assert.equal(completed.data.status, 'COMPLETED');
      assert.equal(capture.data.status, 'SUCCEEDED');
    });

    test('a frictionless card completes the session at once', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      assert.equal(pr.status, 'SUCCEEDED');
      assert.deepEqual(pr.actions, []);
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
    });

    test('a decline (10054) fails the attempt with payment.failure and leaves the session ACTIVE for a good card', async () => {
      const session = await createSession(t, { amount: 10054 });
      const declined = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      assert.equal(declined.status, 'FAILED');
      assert.equal(declined.failure_code, 'INSUFFICIENT_BALANCE');
      assert.equal((await getSession(t, session.payment_session_id)).status, 'ACTIVE');
      const failure = (await eventsOfType(t, 'payment.failure')).find((e) => e.data.payment_request_id === declined.payment_request_id)!;
      assert.equal(failure.data.status, 'FAILED');
      assert.equal(failure.data.failure_code, 'INSUFFICIENT_BALANCE');

      // A 3DS card declines the same way, after authentication.
      const challenged = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('5200000000002151') });
      await decide(t, webUrl(challenged), { decision: 'approve', otp: '123456' });
      assert.equal((await t.get(`/v3/payment_requests/${challenged.payment_request_id}`)).json().failure_code, 'INSUFFICIENT_BALANCE');
      assert.equal((await getSession(t, session.payment_session_id)).status, 'ACTIVE');
    });

    test('a wrong OTP, a decline, a cancel and a failing ACS outcome all fail authentication', async () => {
      const session = await createSession(t);
      const cases: [string, Record<string, string>][] = [
        ['4000000000002503', { decision: 'approve', otp: '000000' }],
        ['4000000000002503', { decision: 'decline' }],
        ['4000000000002503', { decision: 'cancel' }],
        ['4440000009900010', { decision: 'approve', otp: '123456', acs_outcome: 'UNAUTHENTICATED' }],
      ];
      for (const [number, form] of cases) {
        const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card(number) });
        const answer = await decide(t, webUrl(pr), form);
        assert.match(answer.body, /Payment failed/);
        const after = (await t.get(`/v3/payment_requests/${pr.payment_request_id}`)).json();
        assert.equal(after.status, 'FAILED', JSON.stringify(form));
        assert.equal(after.failure_code, 'AUTHENTICATION_FAILED');
      }
      const selectable = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4440000009900010') });
      const page = await t.request({ method: 'GET', url: new URL(webUrl(selectable)).pathname, auth: null });
      assert.match(page.body, /data-testid="lunas-outcome"/);
      await decide(t, webUrl(selectable), { decision: 'approve', otp: '123456', acs_outcome: 'AUTHENTICATED' });
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
    });

    test('return URLs: the browser is sent to success_return_url / failure_return_url', async () => {
      const session = await createSession(t);
      const urls = { success_return_url: 'https://shop.example/paid', failure_return_url: 'https://shop.example/failed' };
      const failing = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: { ...card('4000000000002503'), ...urls } });
      const failed = await decide(t, webUrl(failing), { decision: 'decline' });
      assert.equal(failed.statusCode, 303);
      assert.equal(failed.headers.location, urls.failure_return_url);
      const paying = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: { ...card('4000000000002503'), ...urls } });
      const paid = await decide(t, webUrl(paying), { decision: 'approve', otp: '123456' });
      assert.equal(paid.headers.location, urls.success_return_url);
    });

    test('card validation answers clearly and writes nothing', async () => {
      const session = await createSession(t);
      const bad: [Record<string, unknown>, number, string, RegExp][] = [
        [card('4000000000001092'), 400, 'INVALID_PAYMENT_DETAILS', /Luhn/],
        [{ card_details: { card_number: '4000000000001091', expiry_month: '01', expiry_year: '2020', cvn: '123' } }, 400, 'CARD_EXPIRED', /expired/],
        [card('378282246310005', '123'), 400, 'INVALID_PAYMENT_DETAILS', /4 digits for AMEX/],
        [{}, 400, 'API_VALIDATION_ERROR', /card_details is required/],
      ];
      const before = await t.store.db.selectFrom('payment_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      for (const [properties, status, code, message] of bad) {
        const res = await t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: properties });
        assert.equal(res.statusCode, status, res.body);
        assert.equal(res.json().error_code, code);
        assert.match(res.json().message, message);
      }
      const after = await t.store.db.selectFrom('payment_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
      assert.equal((await t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'GCASH' })).json().error_code, 'CHANNEL_NOT_ACTIVATED');
    });

    test('manual capture: AUTHORIZED completes the session; partial capture, refunds, and the limits', async () => {
      const session = await createSession(t, { capture_method: 'MANUAL', amount: 50000 });
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      assert.equal(pr.status, 'AUTHORIZED');
      const done = await getSession(t, session.payment_session_id);
      assert.equal(done.status, 'COMPLETED');
      assert.deepEqual(await eventTypesFor(t, done.payment_id, session.payment_session_id), ['payment.authorization', 'payment_session.completed']);

      const tooMuch = await t.post(`/v3/payments/${done.payment_id}/capture`, { capture_amount: 50001 });
      assert.equal(tooMuch.statusCode, 400);
      assert.equal(tooMuch.json().error_code, 'CAPTURE_AMOUNT_EXCEEDED');
      const captured = await t.post(`/v3/payments/${done.payment_id}/capture`, { capture_amount: 30000 });
      assert.equal(captured.statusCode, 200, captured.body);
      assert.equal(captured.json().status, 'SUCCEEDED');
      assert.equal(captured.json().captures[0].capture_amount, 30000);
      assert.equal((await t.post(`/v3/payments/${done.payment_id}/capture`, { capture_amount: 1 })).json().error_code, 'INELIGIBLE_TRANSACTION_STATUS');
      assert.deepEqual(await eventTypesFor(t, done.payment_id), ['payment.authorization', 'payment.capture']);

      const over = await t.post('/refunds', { payment_request_id: pr.payment_request_id, reason: 'REQUESTED_BY_CUSTOMER', amount: 30001 });
      assert.equal(over.json().error_code, 'REFUND_AMOUNT_EXCEEDED');
      const partial = await t.post('/refunds', { payment_request_id: pr.payment_request_id, reason: 'REQUESTED_BY_CUSTOMER', amount: 10000 });
      assert.equal(partial.statusCode, 200, partial.body);
      assert.match(partial.json().id, /^rfd-/);
      assert.equal(partial.json().status, 'PENDING');
      const rest = await t.post('/refunds', { payment_request_id: pr.payment_request_id, reason: 'CANCELLATION' });
      assert.equal(rest.json().amount, 20000, 'no amount: refund what is left');
      assert.equal((await t.post('/refunds', { payment_request_id: pr.payment_request_id, reason: 'OTHERS', amount: 1 })).json().error_code, 'REFUND_AMOUNT_EXCEEDED');
      await t.services.tasks.runDue();
      assert.equal((await t.get(`/refunds/${partial.json().id}`)).json().status, 'SUCCEEDED');
      assert.equal((await eventsOfType(t, 'refund.succeeded')).filter((e) => e.data.payment_request_id === pr.payment_request_id).length, 2);
    });

    test('void, and an authorisation left uncaptured for 7 days expires with payment.expiry', async () => {
      const voided = await createSession(t, { capture_method: 'MANUAL' });
      await attempt(t, voided.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      const voidedPaymentId = (await getSession(t, voided.payment_session_id)).payment_id;
      const res = await t.post(`/v3/payments/${voidedPaymentId}/cancel`);
      assert.equal(res.json().status, 'CANCELED');

      const lapsing = await createSession(t, { capture_method: 'MANUAL' });
      await attempt(t, lapsing.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      const paymentId = (await getSession(t, lapsing.payment_session_id)).payment_id;
      t.clock.advance(7 * 24 * 60 * 60 * 1000 - 1000);
      await t.services.payments.sweepExpired();
      assert.equal((await t.get(`/v3/payments/${paymentId}`)).json().status, 'AUTHORIZED');
      t.clock.advance(1000);
      await t.services.payments.sweepExpired();
      assert.equal((await t.get(`/v3/payments/${paymentId}`)).json().status, 'EXPIRED');
      assert.deepEqual(await eventTypesFor(t, paymentId), ['payment.authorization', 'payment.expiry']);
      assert.equal((await t.post(`/v3/payments/${paymentId}/capture`, { capture_amount: 10000 })).json().error_code, 'INELIGIBLE_TRANSACTION_STATUS');
    });
  });
}
