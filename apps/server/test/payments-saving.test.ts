import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOUNDING_PAYLOAD } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { attempt, card, createSession, decide, eventTypesFor, getSession, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

for (const dialect of DIALECTS) {
  describe(`saving payment methods and the v3 API [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('PAY + FORCED save: the session completes with a payment_token_id, and the token pays again without the customer', async () => {
      const session = await createSession(t, { allow_save_payment_method: 'FORCED' });
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      assert.equal(pr.type, 'PAY_AND_SAVE');
      await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
      const done = await getSession(t, session.payment_session_id);
      assert.equal(done.status, 'COMPLETED');
      assert.match(done.payment_token_id, /^pt-[0-9a-f-]{36}$/);
      assert.deepEqual(await eventTypesFor(t, done.payment_id, done.payment_token_id, session.payment_session_id), ['payment_token.activation', 'payment.capture', 'payment_session.completed']);
      const token = (await t.get(`/v3/payment_tokens/${done.payment_token_id}`)).json();
      assert.equal(token.status, 'ACTIVE');
      assert.equal(token.customer_id, session.customer_id);
      assert.equal(token.channel_properties.card_details.masked_card_number, '400000XXXXXX1091');

      // Merchant-initiated: no 3DS, paid at once.
      const again = await t.post('/v3/payment_requests', { reference_id: 'renewal-1', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 25000, payment_token_id: done.payment_token_id });
      assert.equal(again.statusCode, 201, again.body);
      assert.equal(again.json().status, 'SUCCEEDED');
      assert.equal(again.json().channel_code, 'CARDS');
      assert.equal(again.json().payment_token_id, done.payment_token_id);

      const canceled = await t.post(`/v3/payment_tokens/${done.payment_token_id}/cancel`);
      assert.equal(canceled.json().status, 'CANCELED');
      const refused = await t.post('/v3/payment_requests', { reference_id: 'renewal-2', country: 'ID', currency: 'IDR', request_amount: 25000, payment_token_id: done.payment_token_id });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error_code, 'INVALID_TOKEN');
    });

    test('PAY + OPTIONAL save: only when the customer ticks it', async () => {
      const session = await createSession(t, { allow_save_payment_method: 'OPTIONAL' });
      const plain = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000'), save_payment_method: false });
      assert.equal(plain.type, 'PAY');
      assert.equal('payment_token_id' in (await getSession(t, session.payment_session_id)), false);
      const other = await createSession(t, { allow_save_payment_method: 'OPTIONAL' });
      const saved = await attempt(t, other.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000'), save_payment_method: true });
      assert.equal(saved.type, 'PAY_AND_SAVE');
      assert.match((await getSession(t, other.payment_session_id)).payment_token_id, /^pt-/);
    });

    test('a SAVE session: the card is authenticated, the token activates and the session completes', async () => {
      const session = await createSession(t, { session_type: 'SAVE', amount: 0 });
      const token = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('5200000000002151') });
      assert.match(token.payment_token_id, /^pt-/);
      assert.equal(token.status, 'REQUIRES_ACTION');
      await decide(t, webUrl(token), { decision: 'approve', otp: '123456' });
      const done = await getSession(t, session.payment_session_id);
      assert.equal(done.status, 'COMPLETED');
      assert.equal(done.payment_token_id, token.payment_token_id);
      assert.equal('payment_id' in done, false);
      assert.deepEqual(await eventTypesFor(t, token.payment_token_id, session.payment_session_id), ['payment_token.activation', 'payment_session.completed']);
    });

    test("Xendit demo's SAVE payload (allow_save_payment_method DISABLED, amount 0, items []) is created and still saves", async () => {
      // server/integrations/components.ts in xendit/demo-store, as it builds a "save" flow.
      const demo = {
        reference_id: 'checkout-demo-1772352000000',
        expires_at: '2026-03-01T09:00:00.000Z',
        customer: { type: 'INDIVIDUAL', reference_id: 'demo-customer-1772352000000', email: 'demo@xendit.co', individual_detail: { given_names: 'Checkout', surname: 'Demo' } },
        session_type: 'SAVE',
        allow_save_payment_method: 'DISABLED',
        currency: 'IDR',
        amount: 0,
        items: [],
        country: 'ID',
        description: 'Checkout Demo with Sessions Payment Link',
        mode: 'COMPONENTS',
        components_configuration: { origins: ['http://localhost:5173'], return_url: 'https://demo.example/?checkout=resume' },
      };
      const res = await t.post('/sessions', demo);
      assert.equal(res.statusCode, 201, res.body);
      const session = res.json();
      assert.equal(session.allow_save_payment_method, 'DISABLED');
      assert.deepEqual(session.items, []);
      const token = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('5200000000002151') });
      await decide(t, webUrl(token), { decision: 'approve', otp: '123456' });
      const done = await getSession(t, session.payment_session_id);
      assert.equal(done.status, 'COMPLETED');
      assert.equal(done.payment_token_id, token.payment_token_id, 'DISABLED does not stop a SAVE session from saving');
      // The payment-link variant of the demo sends the same fields.
      const link = await t.post('/sessions', { ...demo, reference_id: 'checkout-demo-link', mode: 'PAYMENT_LINK', components_configuration: undefined, success_return_url: 'https://demo.example/success?flow=save&integration=payment-link' });
      assert.equal(link.statusCode, 201, link.body);
    });

    test('a SAVE session with an e-wallet links on the provider page; a refused link fails and the session stays ACTIVE', async () => {
      const session = await createSession(t, { session_type: 'SAVE', amount: 0 });
      const refused = await attempt(t, session.payment_session_id, { channel_code: 'DANA' });
      await decide(t, webUrl(refused), { decision: 'decline' });
      assert.deepEqual(await eventTypesFor(t, refused.payment_token_id), ['payment_token.failure']);
      assert.equal((await getSession(t, session.payment_session_id)).status, 'ACTIVE');
      const linked = await attempt(t, session.payment_session_id, { channel_code: 'DANA' });
      await decide(t, webUrl(linked), { decision: 'approve' });
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
      // Channels that cannot save are not offered to a SAVE session.
      const other = await createSession(t, { session_type: 'SAVE', amount: 0 });
      const va = await t.post(`/sessions/${other.payment_session_id}/payment_requests`, { channel_code: 'BCA_VIRTUAL_ACCOUNT' });
      assert.equal(va.json().error_code, 'INVALID_PAYMENT_CHANNEL');
    });

    test('POST /v3/payment_requests: every create variant, with its errors', async () => {
      const base = { reference_id: 'v3-card-1', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'CARDS', channel_properties: card('4000000000001000') };
      const created = await t.post('/v3/payment_requests', base, { 'api-version': '2024-11-11' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().status, 'SUCCEEDED');
      assert.equal((await t.post('/v3/payment_requests', base)).statusCode, 409, 'CARDS reference_id must be unique');
      const fetched = await t.get(`/v3/payment_requests/${created.json().payment_request_id}`);
      assert.deepEqual(fetched.json(), created.json());

      const saved = await t.post('/v3/payment_requests', { ...base, reference_id: 'v3-save', type: 'PAY_AND_SAVE', customer: { ...FOUNDING_PAYLOAD.customer, reference_id: 'v3-customer' } });
      assert.equal(saved.statusCode, 201, saved.body);
      assert.match(saved.json().payment_token_id, /^pt-/);
      assert.match(saved.json().customer_id, /^cust-/);

      const reusable = await t.post('/v3/payment_requests', { reference_id: 'v3-va', type: 'REUSABLE_PAYMENT_CODE', country: 'ID', currency: 'IDR', channel_code: 'BRI_VIRTUAL_ACCOUNT' });
      assert.equal(reusable.statusCode, 201, reusable.body);
      assert.equal(reusable.json().status, 'ACCEPTING_PAYMENTS');
      assert.equal('request_amount' in reusable.json(), false);
      for (const amount of [50000, 75000]) {
        await t.post(`/v3/payment_requests/${reusable.json().payment_request_id}/simulate`, { amount });
        await t.services.tasks.runDue();
      }
      const after = (await t.get(`/v3/payment_requests/${reusable.json().payment_request_id}`)).json();
      assert.equal(after.status, 'ACCEPTING_PAYMENTS', 'a reusable code stays open');
      assert.equal((await t.get(`/v3/payments/${after.latest_payment_id}`)).json().request_amount, 75000);

      const errors: [Record<string, unknown>, number, string][] = [
        [{ ...base, reference_id: 'e1', channel_code: undefined }, 400, 'API_VALIDATION_ERROR'],
        [{ ...base, reference_id: 'e2', request_amount: 100 }, 400, 'INVALID_VALUE_ERROR'],
        [{ ...base, reference_id: 'e3', channel_code: 'QRIS', capture_method: 'MANUAL' }, 400, 'INVALID_VALUE_ERROR'],
        [{ ...base, reference_id: 'e4', channel_code: 'GCASH' }, 400, 'CHANNEL_NOT_ACTIVATED'],
        [{ ...base, reference_id: 'e5', type: 'REUSABLE_PAYMENT_CODE', channel_code: 'QRPH', country: 'PH', currency: 'PHP' }, 400, 'INVALID_VALUE_ERROR'],
        [{ ...base, reference_id: 'e6', payment_token_id: 'pt-00000000-0000-4000-8000-000000000000' }, 400, 'INVALID_TOKEN'],
        [{ ...base, reference_id: 'e7', customer_id: 'cust-00000000-0000-4000-8000-000000000000' }, 404, 'DATA_NOT_FOUND'],
        [{ ...base, reference_id: 'e8', request_amount: '15000' }, 400, 'API_VALIDATION_ERROR'],
        [{ ...base, reference_id: 'e9', type: 'PAY_AND_SAVE' }, 400, 'API_VALIDATION_ERROR'],
      ];
      for (const [body, status, code] of errors) {
        const res = await t.post('/v3/payment_requests', body);
        assert.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 120)} → ${res.body}`);
        assert.equal(res.json().error_code, code);
      }
      assert.equal((await t.get('/v3/payment_requests/pr-00000000-0000-4000-8000-000000000000')).statusCode, 404);
      const other = await t.services.businesses.createBusiness({ name: 'Other' });
      assert.equal((await t.request({ method: 'GET', url: `/v3/payment_requests/${created.json().payment_request_id}`, auth: other.secretKey })).statusCode, 404);
    });

    test('a payment request awaiting the customer can be canceled; a lapsed one expires with payment_request.expiry', async () => {
      const base = { reference_id: 'v3-wallet', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'SHOPEEPAY' };
      const waiting = (await t.post('/v3/payment_requests', base)).json();
      const canceled = await t.post(`/v3/payment_requests/${waiting.payment_request_id}/cancel`);
      assert.equal(canceled.json().status, 'CANCELED');
      assert.equal((await t.post(`/v3/payment_requests/${waiting.payment_request_id}/cancel`)).json().error_code, 'INACTIVE_PAYMENT_REQUEST');
      const page = await decide(t, webUrl(waiting), { decision: 'approve' });
      assert.match(page.body, /No longer payable/);

      const lapsing = (await t.post('/v3/payment_requests', { ...base, reference_id: 'v3-lapse' })).json();
      t.clock.advance(31 * 60 * 1000);
      await t.services.payments.sweepExpired();
      assert.equal((await t.get(`/v3/payment_requests/${lapsing.payment_request_id}`)).json().status, 'EXPIRED');
      assert.deepEqual(await eventTypesFor(t, lapsing.payment_request_id), ['payment_request.expiry']);
    });

    test('GET /events (extension) lists what each step recorded; v3 objects honour for-user-id', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      const bySession = (await t.get(`/events?subject_id=${session.payment_session_id}`)).json();
      assert.equal(bySession.data.length, 1);
      assert.equal(bySession.data[0].event, 'payment_session.completed');
      assert.equal(bySession.data[0].data.payment_request_id, pr.payment_request_id);
      const captures = (await t.get('/events?type=payment.capture&limit=1')).json();
      assert.equal(captures.data.length, 1);
      assert.equal(captures.has_more, true);
      const next = (await t.get(`/events?type=payment.capture&limit=1&after_id=${captures.data[0].id}`)).json();
      assert.notEqual(next.data[0].id, captures.data[0].id);
      assert.equal((await t.get('/events?type=Not-An-Event')).statusCode, 400);

      const sub = await t.services.businesses.createBusiness({ name: 'Sub', parentId: t.businessId });
      const forSub = await t.post('/v3/payment_requests', { reference_id: 'sub-1', country: 'ID', currency: 'IDR', request_amount: 20000, channel_code: 'QRIS' }, { 'for-user-id': sub.business.id });
      assert.equal(forSub.statusCode, 201, forSub.body);
      assert.equal(forSub.json().business_id, sub.business.id);
      assert.equal((await t.get(`/v3/payment_requests/${forSub.json().payment_request_id}`)).statusCode, 404);
      assert.equal((await t.get(`/v3/payment_requests/${forSub.json().payment_request_id}`, { 'for-user-id': sub.business.id })).statusCode, 200);
      const other = await t.services.businesses.createBusiness({ name: 'Stranger' });
      assert.equal((await t.get('/events', { 'for-user-id': other.business.id })).statusCode, 403);
      assert.equal((await t.request({ method: 'GET', url: '/events', auth: other.secretKey })).json().data.length, 0);
    });
  });
}
