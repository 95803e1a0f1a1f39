import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOUNDING_PAYLOAD, TEST_SECRET_KEY, type TestApp } from './helpers/app.ts';
import fc from 'fast-check';
import { asDashboard, signIn } from './helpers/dashboard.ts';
import { nastyString } from './helpers/fuzz.ts';
import { attempt, card, createSession, getSession } from './helpers/payments.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * The dashboard's second step, in process: the lists it adds (payments, tokens, customers, a
 * customer's sessions) are the signed-in business's only; capture, void, refund, token cancel,
 * "retry all failed" and branding need the CSRF token; another business's ids are 404.
 * The pages themselves run in Chromium (test/e2e/dashboard.test.ts).
 */

/** A manual-capture card payment, AUTHORIZED: the payment id and its session. */
async function authorized(t: TestApp, reference: string, secretKey?: string): Promise<{ paymentId: string; sessionId: string; customerId: string }> {
  const auth = secretKey ? { auth: secretKey } : {};
  const session = (await t.request({ method: 'POST', url: '/sessions', ...auth, payload: { ...structuredClone(FOUNDING_PAYLOAD), reference_id: reference, capture_method: 'MANUAL', amount: 50000 } })).json();
  const pr = await t.request({ method: 'POST', url: `/sessions/${session.payment_session_id}/payment_requests`, ...auth, payload: { channel_code: 'CARDS', channel_properties: card('4000000000001000') } });
  assert.equal(pr.json().status, 'AUTHORIZED', pr.body);
  const done = (await t.request({ method: 'GET', url: `/sessions/${session.payment_session_id}`, ...auth })).json();
  return { paymentId: done.payment_id, sessionId: done.payment_session_id, customerId: done.customer_id };
}

for (const dialect of DIALECTS) {
  describe(`dashboard objects: payments, refunds, tokens, customers, branding [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('the new pages are served with the shell and frame-ancestors none', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      for (const page of ['/dashboard/payments', '/dashboard/payments/py-x', '/dashboard/refunds', '/dashboard/tokens', '/dashboard/tokens/pt-x', '/dashboard/customers', '/dashboard/customers/cust-x', '/dashboard/plans/repl-x', '/dashboard/branding']) {
        const res = await asDashboard(t, session, 'GET', page);
        assert.equal(res.statusCode, 200, page);
        assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, page);
        assert.match(res.body, /id="dashboard-config"/, page);
      }
    });

    test('payments list: newest first, pages by after_id, each with the session it paid; filtered by payment request', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const first = await authorized(t, 'list-1');
      t.clock.advance(1000); // the test clock stands still: the second payment is a second newer
      const second = await authorized(t, 'list-2');
      const page1 = (await asDashboard(t, session, 'GET', '/dashboard/api/payments?limit=1')).json();
      assert.deepEqual([page1.data.length, page1.has_more, page1.data[0].payment_id, page1.data[0].session_id], [1, true, second.paymentId, second.sessionId]);
      const page2 = (await asDashboard(t, session, 'GET', `/dashboard/api/payments?limit=1&after_id=${second.paymentId}`)).json();
      assert.equal(page2.data[0].payment_id, first.paymentId);
      const one = (await asDashboard(t, session, 'GET', `/dashboard/api/payments/${first.paymentId}`)).json();
      assert.equal(one.session_id, first.sessionId);
      const byRequest = (await asDashboard(t, session, 'GET', `/dashboard/api/payments?payment_request_id=${one.payment_request_id}`)).json();
      assert.deepEqual(byRequest.data.map((p: { payment_id: string }) => p.payment_id), [first.paymentId]);
      assert.equal((await asDashboard(t, session, 'GET', '/dashboard/api/payments?limit=0')).statusCode, 400);
      assert.equal((await asDashboard(t, session, 'GET', '/dashboard/api/payments?after_id=py-nope')).statusCode, 404);
      assert.equal((await t.request({ method: 'GET', url: '/dashboard/api/payments', auth: null })).statusCode, 401);
    });

    test('capture, void and refund from the dashboard need the CSRF token; without it nothing changes', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const noCsrf = { cookie: session.cookie };
      const { paymentId } = await authorized(t, 'capture-me');
      assert.equal((await asDashboard(t, noCsrf, 'POST', `/v3/payments/${paymentId}/capture`, { capture_amount: 50000 })).statusCode, 403);
      assert.equal((await asDashboard(t, noCsrf, 'POST', `/v3/payments/${paymentId}/cancel`)).statusCode, 403);
      assert.equal((await t.get(`/v3/payments/${paymentId}`)).json().status, 'AUTHORIZED');
      const captured = await asDashboard(t, session, 'POST', `/v3/payments/${paymentId}/capture`, { capture_amount: 30000 });
      assert.equal(captured.json().status, 'SUCCEEDED', captured.body);

      const requestId = captured.json().payment_request_id;
      assert.equal((await asDashboard(t, noCsrf, 'POST', '/refunds', { payment_request_id: requestId, reason: 'REQUESTED_BY_CUSTOMER', amount: 1000 })).statusCode, 403);
      assert.equal((await t.get(`/refunds?payment_request_id=${requestId}`)).json().data.length, 0);
      const refund = await asDashboard(t, session, 'POST', '/refunds', { payment_request_id: requestId, reason: 'REQUESTED_BY_CUSTOMER', amount: 1000 });
      assert.equal(refund.statusCode, 200, refund.body);
      const listed = (await asDashboard(t, session, 'GET', `/refunds?payment_request_id=${requestId}`)).json().data;
      assert.deepEqual(listed.map((r: { payment_id: string; amount: number }) => [r.payment_id, r.amount]), [[paymentId, 1000]]);

      const { paymentId: toVoid } = await authorized(t, 'void-me');
      assert.equal((await asDashboard(t, session, 'POST', `/v3/payments/${toVoid}/cancel`)).json().status, 'CANCELED');
    });

    test('tokens and customers: lists, a customer\'s tokens and sessions, and token cancel behind CSRF', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const save = await createSession(t, { session_type: 'SAVE', amount: 0, reference_id: 'save-1', customer: { ...FOUNDING_PAYLOAD.customer, reference_id: 'cust-tokens' } });
      const token = await attempt(t, save.payment_session_id, { channel_code: 'CARDS', channel_properties: card('5200000000002151') });
      const customerId = (await getSession(t, save.payment_session_id)).customer_id;
      const tokens = (await asDashboard(t, session, 'GET', `/dashboard/api/payment_tokens?customer_id=${customerId}`)).json();
      assert.deepEqual(tokens.data.map((x: { payment_token_id: string; session_id: string }) => [x.payment_token_id, x.session_id]), [[token.payment_token_id, save.payment_session_id]]);
      assert.ok(!JSON.stringify(tokens).includes('5200000000002151'), 'no card number in the list');
      assert.equal((await asDashboard(t, session, 'GET', `/dashboard/api/payment_tokens/${token.payment_token_id}`)).json().session_id, save.payment_session_id);
      const customers = (await asDashboard(t, session, 'GET', '/dashboard/api/customers?limit=100')).json().data;
      assert.ok(customers.some((c: { id: string }) => c.id === customerId));
      const sessions = (await asDashboard(t, session, 'GET', `/dashboard/api/customers/${customerId}/sessions`)).json().data;
      assert.deepEqual(sessions.map((s: { payment_session_id: string }) => s.payment_session_id), [save.payment_session_id]);

      assert.equal((await asDashboard(t, { cookie: session.cookie }, 'POST', `/v3/payment_tokens/${token.payment_token_id}/cancel`)).statusCode, 403);
      const canceled = await asDashboard(t, session, 'POST', `/v3/payment_tokens/${token.payment_token_id}/cancel`);
      assert.equal(canceled.json().status, 'CANCELED', canceled.body);
    });

    test('the list routes answer any query or id with 200, 400 or 404 and a Xendit-shaped error, never a 500', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const lists = ['/dashboard/api/payments', '/dashboard/api/payment_tokens', '/dashboard/api/customers'];
      const objects = ['/dashboard/api/payments/', '/dashboard/api/payment_tokens/', '/dashboard/api/customers/'];
      // Ids of any length (the router refuses over 200 characters with a 400, robustness.test.ts).
      const pathId = nastyString.filter((id) => {
        try {
          return encodeURIComponent(id).length > 0;
        } catch {
          return false; // a lone surrogate has no URL form: no browser could send it
        }
      });
      const field = fc.constantFrom('limit', 'after_id', 'payment_request_id', 'customer_id', 'other');
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...lists), fc.dictionary(field, nastyString, { maxKeys: 3 }), fc.constantFrom(...objects), pathId, async (list, params, object, id) => {
          for (const url of [`${list}?${new URLSearchParams(params as Record<string, string>)}`, `${object}${encodeURIComponent(id)}${object.includes('customers') ? '/sessions' : ''}`]) {
            const res = await asDashboard(t, session, 'GET', url);
            assert.ok([200, 400, 404].includes(res.statusCode), `${url}: ${res.statusCode} ${res.body}`);
            if (res.statusCode !== 200) assert.equal(typeof res.json().error_code, 'string', url);
          }
        }),
        { numRuns: 60 },
      );
    });

    test("another business's payments, tokens and customers are not listed, and their ids are 404", async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const other = await t.services.businesses.createBusiness({ name: 'Other' });
      const theirs = await authorized(t, 'theirs', other.secretKey);
      const theirSave = (await t.request({ method: 'POST', url: '/sessions', auth: other.secretKey, payload: { ...structuredClone(FOUNDING_PAYLOAD), session_type: 'SAVE', amount: 0, reference_id: 'their-save' } })).json();
      const theirToken = (await t.request({ method: 'POST', url: `/sessions/${theirSave.payment_session_id}/payment_requests`, auth: other.secretKey, payload: { channel_code: 'CARDS', channel_properties: card('5200000000002151') } })).json();

      const ids = (url: string, key: string) => asDashboard(t, session, 'GET', url).then((r) => r.json().data.map((x: Record<string, string>) => x[key]));
      assert.ok(!(await ids('/dashboard/api/payments?limit=100', 'payment_id')).includes(theirs.paymentId));
      assert.ok(!(await ids('/dashboard/api/payment_tokens?limit=100', 'payment_token_id')).includes(theirToken.payment_token_id));
      assert.ok(!(await ids('/dashboard/api/customers?limit=100', 'id')).includes(theirs.customerId));
      assert.equal((await asDashboard(t, session, 'GET', `/dashboard/api/payment_tokens?customer_id=${theirs.customerId}`)).json().data.length, 0);
      for (const url of [`/dashboard/api/payments/${theirs.paymentId}`, `/v3/payments/${theirs.paymentId}`, `/v3/payment_tokens/${theirToken.payment_token_id}`, `/dashboard/api/payment_tokens/${theirToken.payment_token_id}`, `/customers/${theirs.customerId}`, `/dashboard/api/customers/${theirs.customerId}/sessions`, `/dashboard/api/payments?after_id=${theirs.paymentId}`]) {
        assert.equal((await asDashboard(t, session, 'GET', url)).statusCode, 404, url);
      }
      assert.equal((await asDashboard(t, session, 'POST', `/v3/payments/${theirs.paymentId}/capture`, { capture_amount: 1 })).statusCode, 404);
      assert.equal((await asDashboard(t, session, 'POST', `/v3/payment_tokens/${theirToken.payment_token_id}/cancel`)).statusCode, 404);
      assert.equal((await t.request({ method: 'GET', url: `/v3/payments/${theirs.paymentId}`, auth: other.secretKey })).json().status, 'AUTHORIZED');
    });

    test("switched to a sub-account, the lists are the sub-account's; switched back, the parent's", async () => {
      const account = await t.post('/v2/accounts', { email: 'objects-sub@example.com', type: 'OWNED', public_profile: { business_name: 'Objects Sub' } });
      const subId = account.json().id;
      const subSession = (await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), reference_id: 'sub-paid', capture_method: 'MANUAL', amount: 50000, customer: { ...FOUNDING_PAYLOAD.customer, reference_id: 'sub-customer' } }, { 'for-user-id': subId })).json();
      await t.post(`/sessions/${subSession.payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') }, { 'for-user-id': subId });
      const subPayment = (await t.get(`/sessions/${subSession.payment_session_id}`, { 'for-user-id': subId })).json().payment_id;
      const session = await signIn(t, TEST_SECRET_KEY);
      const paymentIds = async () => (await asDashboard(t, session, 'GET', '/dashboard/api/payments?limit=100')).json().data.map((p: { payment_id: string }) => p.payment_id);
      const customerRefs = async () => (await asDashboard(t, session, 'GET', '/dashboard/api/customers?limit=100')).json().data.map((c: { reference_id: string }) => c.reference_id);
      assert.ok(!(await paymentIds()).includes(subPayment));
      assert.equal((await asDashboard(t, session, 'POST', '/dashboard/switch', { business_id: subId })).statusCode, 204);
      assert.deepEqual(await paymentIds(), [subPayment]);
      assert.deepEqual(await customerRefs(), ['sub-customer']);
      assert.equal((await asDashboard(t, session, 'GET', `/dashboard/api/payments/${subPayment}`)).json().session_id, subSession.payment_session_id);
      assert.equal((await asDashboard(t, session, 'POST', '/dashboard/switch', { business_id: t.businessId })).statusCode, 204);
      assert.ok(!(await paymentIds()).includes(subPayment));
      assert.equal((await asDashboard(t, session, 'GET', `/dashboard/api/payments/${subPayment}`)).statusCode, 404);
    });

    test('branding and "retry all failed" need the CSRF token; the saved branding is what the hosted checkout shows', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const look = { display_name: 'Kopi Kenangan', brand_color: '#ffd600' };
      assert.equal((await asDashboard(t, { cookie: session.cookie }, 'PATCH', '/checkout/branding', look)).statusCode, 403);
      assert.equal((await t.get('/checkout/branding')).json().display_name, null);
      assert.equal((await asDashboard(t, session, 'PATCH', '/checkout/branding', look)).json().display_name, 'Kopi Kenangan');
      const link = (await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), components_configuration: undefined, mode: 'PAYMENT_LINK', reference_id: 'branded', success_return_url: 'https://shop.example/ok', cancel_return_url: 'https://shop.example/no' })).json();
      const page = await t.request({ method: 'GET', url: new URL(link.payment_link_url).pathname, auth: null });
      assert.match(page.body, /Kopi Kenangan/);
      assert.match(page.body, /theme-ffd600\.css/);

      const endpoint = (await t.post('/webhooks/endpoints', { url: 'https://receiver.example/hooks' })).json();
      assert.equal((await asDashboard(t, { cookie: session.cookie }, 'POST', `/webhooks/endpoints/${endpoint.id}/resend_failed`, { since: endpoint.created })).statusCode, 403);
      const retried = await asDashboard(t, session, 'POST', `/webhooks/endpoints/${endpoint.id}/resend_failed`, { since: endpoint.created });
      assert.deepEqual(retried.json(), { resent: 0 });
    });
  });
}
