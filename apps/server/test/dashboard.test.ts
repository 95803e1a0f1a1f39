import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOUNDING_PAYLOAD, TEST_SECRET_KEY } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';
import { fanOutStep } from '../src/modules/webhooks/fan-out.ts';
import { asDashboard, setCookies, signIn } from './helpers/dashboard.ts';

/**
 * The dashboard's sign-in and its guard rails, in process: the cookie's flags, CSRF on every
 * state change, frame-ancestors on every page, one business never seeing another's data,
 * sub-account switching, sign-out, and revoking the key ending the sign-in.
 * The pages themselves are exercised in Chromium by test/e2e/dashboard.test.ts.
 */
for (const dialect of DIALECTS) {
  describe(`dashboard sign-in and its guard rails [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('GET /dashboard without a sign-in goes to the sign-in page: one password field, a Sign in button, framing refused', async () => {
      const res = await t.request({ method: 'GET', url: '/dashboard', auth: null });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/dashboard/sign-in');
      const page = await t.request({ method: 'GET', url: '/dashboard/sign-in', auth: null });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<input type="password" name="secret_key"/);
      assert.match(page.body, />Sign in<\/button>/);
      assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(page.headers['cache-control'], 'no-store');
    });

    test('a wrong key is refused on the page with "invalid key" and no cookie', async () => {
      const refused = await signIn(t, 'xnd_development_not_a_key_of_anybody');
      assert.equal(refused.status, 401);
      assert.match(refused.body, /invalid key/);
      assert.ok(!refused.setCookie.some((c) => c.includes('lunas_dashboard=')), 'no sign-in cookie');
    });

    test('a sign-in without the form\'s own token (another site\'s form) is refused', async () => {
      const res = await t.request({ method: 'POST', url: '/dashboard/sign-in', auth: null, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `secret_key=${TEST_SECRET_KEY}` });
      assert.equal(res.statusCode, 403);
      assert.ok(!setCookies(res).some((c) => c.includes('lunas_dashboard=')));
    });

    test('the sign-in cookie is HttpOnly, SameSite=Strict, Secure (https public URL), __Host-; the page never holds the key', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      assert.equal(session.status, 303);
      const header = session.setCookie.find((c) => c.startsWith('__Host-lunas_dashboard='))!;
      for (const flag of ['HttpOnly', 'SameSite=Strict', 'Secure', 'Path=/']) assert.ok(header.includes(flag), `${flag} in ${header}`);
      for (const page of ['/dashboard', '/dashboard/deliveries', '/dashboard/webhooks', '/dashboard/sessions/ps-000000000000000000000000']) {
        const res = await asDashboard(t, session, 'GET', page);
        assert.equal(res.statusCode, 200, page);
        assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, page);
        assert.equal(res.headers['x-frame-options'], 'DENY', page);
      }
      const shell = await asDashboard(t, session, 'GET', '/dashboard');
      assert.ok(!shell.body.includes(TEST_SECRET_KEY), 'the secret key is not in the page');
      assert.ok(!JSON.stringify(await t.store.db.selectFrom('dashboard_sessions').selectAll().execute()).includes(session.cookie.split('=')[1]!), 'the token is stored hashed');
    });

    test('with the cookie, the API answers as the business; a state change without the CSRF token gets 403 and changes nothing', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const created = await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'dash-csrf' });
      const id = created.json().payment_session_id;
      const list = await asDashboard(t, session, 'GET', '/sessions?reference_id=dash-csrf');
      assert.equal(list.statusCode, 200);
      assert.equal(list.json().data[0].payment_session_id, id);

      const noToken = await asDashboard(t, { cookie: session.cookie }, 'POST', `/sessions/${id}/cancel`);
      assert.equal(noToken.statusCode, 403);
      assert.equal(noToken.json().error_code, 'REQUEST_FORBIDDEN_ERROR');
      const wrongToken = await asDashboard(t, { cookie: session.cookie, csrf: 'x'.repeat(43) }, 'POST', `/sessions/${id}/cancel`);
      assert.equal(wrongToken.statusCode, 403);
      assert.equal((await t.get(`/sessions/${id}`)).json().status, 'ACTIVE');

      const canceled = await asDashboard(t, session, 'POST', `/sessions/${id}/cancel`);
      assert.equal(canceled.statusCode, 200, canceled.body);
      assert.equal(canceled.json().status, 'CANCELED');
    });

    test("another business's session id gives 404, through the API and the dashboard's own routes", async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Other' });
      const theirs = await t.request({ method: 'POST', url: '/sessions', auth: other.secretKey, payload: { ...FOUNDING_PAYLOAD, reference_id: 'theirs' } });
      const id = theirs.json().payment_session_id;
      const attempt = await t.request({ method: 'POST', url: `/sessions/${id}/payment_requests`, auth: other.secretKey, payload: { channel_code: 'DANA' } });
      assert.equal(attempt.statusCode, 201, attempt.body);
      const requestsUrl = `/dashboard/api/sessions/${id}/payment_requests`;
      assert.equal((await t.request({ method: 'GET', url: requestsUrl, auth: other.secretKey })).json().data.length, 1, 'their own key sees the request');
      const session = await signIn(t, TEST_SECRET_KEY);
      assert.equal((await asDashboard(t, session, 'GET', `/sessions/${id}`)).statusCode, 404);
      assert.equal((await asDashboard(t, session, 'POST', `/sessions/${id}/cancel`)).statusCode, 404);
      assert.equal((await asDashboard(t, session, 'GET', requestsUrl)).json().data.length, 0);
      const mine = await asDashboard(t, session, 'GET', '/sessions?reference_id=theirs');
      assert.deepEqual(mine.json().data, []);
    });

    test('a parent business switches to its sub-account and back; it cannot switch to a stranger', async () => {
      const account = await t.post('/v2/accounts', { email: 'dash-sub@example.com', type: 'OWNED', public_profile: { business_name: 'Dash Sub' } });
      const subId = account.json().id;
      await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'sub-order' }, { 'for-user-id': subId });
      const session = await signIn(t, TEST_SECRET_KEY);
      const shell = await asDashboard(t, session, 'GET', '/dashboard');
      assert.ok(shell.body.includes(subId), 'the switcher lists the sub-account');

      const stranger = await t.services.businesses.createBusiness({ name: 'Stranger' });
      assert.equal((await asDashboard(t, session, 'POST', '/dashboard/switch', { business_id: stranger.business.id })).statusCode, 403);
      assert.equal((await asDashboard(t, { cookie: session.cookie }, 'POST', '/dashboard/switch', { business_id: subId })).statusCode, 403, 'switching needs the CSRF token');

      assert.equal((await asDashboard(t, session, 'POST', '/dashboard/switch', { business_id: subId })).statusCode, 204);
      assert.equal((await asDashboard(t, session, 'GET', '/sessions?reference_id=sub-order')).json().data.length, 1);
      assert.equal((await asDashboard(t, session, 'GET', '/sessions?reference_id=dash-csrf')).json().data.length, 0);
      assert.equal((await asDashboard(t, session, 'POST', '/dashboard/switch', { business_id: t.businessId })).statusCode, 204);
      assert.equal((await asDashboard(t, session, 'GET', '/sessions?reference_id=sub-order')).json().data.length, 0);
    });

    test('sign-out needs the CSRF token, then the cookie no longer works', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const form = (body: string) => t.request({ method: 'POST', url: '/dashboard/sign-out', auth: null, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
      assert.equal((await form('csrf_token=wrong')).statusCode, 403);
      assert.equal((await asDashboard(t, session, 'GET', '/sessions')).statusCode, 200);
      const out = await form(`csrf_token=${session.csrf}`);
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/dashboard/sign-in');
      assert.ok(setCookies(out).some((c) => c.includes('Max-Age=0')), 'the cookie is cleared');
      assert.equal((await asDashboard(t, session, 'GET', '/sessions')).statusCode, 401);
      assert.equal((await asDashboard(t, session, 'GET', '/dashboard')).statusCode, 303);
    });

    test('revoking the key that signed in ends the sign-in', async () => {
      const extra = await t.post('/keys', { name: 'dash' });
      const session = await signIn(t, extra.json().secret_key);
      assert.equal((await asDashboard(t, session, 'GET', '/sessions')).statusCode, 200);
      assert.equal((await t.request({ method: 'DELETE', url: `/keys/${extra.json().id}` })).statusCode, 200);
      assert.equal((await asDashboard(t, session, 'GET', '/sessions')).statusCode, 401);
    });

    test('a sign-in lasts 12 hours', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      t.clock.advance(12 * 60 * 60 * 1000 - 1);
      assert.equal((await asDashboard(t, session, 'GET', '/sessions')).statusCode, 200, 'still signed in 1 ms before the end');
      t.clock.advance(2);
      assert.equal((await asDashboard(t, session, 'GET', '/sessions')).statusCode, 401);
    });
  });

  describe(`dashboard actions and GET / [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('GET / names the dashboard and the OpenAPI document, as JSON for clients and HTML for browsers', async () => {
      const json = await t.request({ method: 'GET', url: '/', auth: null });
      assert.equal(json.statusCode, 200);
      assert.equal(json.json().dashboard, '/dashboard');
      assert.equal(json.json().openapi, '/openapi.json');
      const html = await t.request({ method: 'GET', url: '/', auth: null, headers: { accept: 'text/html' } });
      assert.match(html.body, /href="\/dashboard"/);
      assert.match(String(html.headers['content-security-policy']), /frame-ancestors 'none'/);
    });

    test('sessions list filters by mode and type (the dashboard\'s filters)', async () => {
      await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'f-components' });
      await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'f-link', mode: 'PAYMENT_LINK', components_configuration: undefined, success_return_url: 'https://example.com/ok', cancel_return_url: 'https://example.com/no' });
      const links = (await t.get('/sessions?mode=PAYMENT_LINK')).json().data.map((s: { reference_id: string }) => s.reference_id);
      assert.deepEqual(links, ['f-link']);
      assert.equal((await t.get('/sessions?session_type=SAVE')).json().data.length, 0);
      assert.equal((await t.get('/sessions?mode=NOPE')).statusCode, 400);
    });

    test('the simulator action pays a pending request through the same service: the session completes with its events', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const id = (await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'sim-pay' })).json().payment_session_id;
      const attempt = await asDashboard(t, session, 'POST', `/sessions/${id}/payment_requests`, { channel_code: 'DANA' });
      assert.equal(attempt.statusCode, 201, attempt.body);
      const requests = (await asDashboard(t, session, 'GET', `/dashboard/api/sessions/${id}/payment_requests`)).json().data;
      assert.equal(requests.length, 1);
      assert.equal(requests[0].status, 'REQUIRES_ACTION');
      const paid = await asDashboard(t, session, 'POST', `/dashboard/api/payment_requests/${requests[0].payment_request_id}/decide`, { decision: 'approve' });
      assert.equal(paid.statusCode, 200, paid.body);
      assert.equal((await t.get(`/sessions/${id}`)).json().status, 'COMPLETED');
      const events = (await t.get(`/events?object_id=${id}`)).json().data.map((e: { event: string }) => e.event);
      assert.ok(events.includes('payment_session.completed') && events.includes('payment.capture'), events.join());
    });

    test('GET /events?endpoint_id= lists only events with a delivery to that endpoint (the delivery log\'s endpoint filter)', async () => {
      const expiredOnly = (await t.post('/webhooks/endpoints', { url: 'https://expired.example.com/hook', event_groups: ['session_expired'] })).json();
      const refundsOnly = (await t.post('/webhooks/endpoints', { url: 'https://refunds.example.com/hook', event_groups: ['refund'] })).json();
      const id = (await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'endpoint-filter' })).json().payment_session_id;
      assert.equal((await t.post(`/sessions/${id}/expire`)).statusCode, 200);
      // Fan-out only (deliveries made, none sent): nothing goes to the example.com receivers.
      await fanOutStep({ store: t.store, clock: t.clock })();
      const toExpired = (await t.get(`/events?endpoint_id=${expiredOnly.id}`)).json().data;
      assert.deepEqual(toExpired.map((e: { event: string; subject_id: string }) => [e.event, e.subject_id]), [['payment_session.expired', id]]);
      assert.deepEqual((await t.get(`/events?endpoint_id=${refundsOnly.id}`)).json().data, []);
      assert.equal((await t.get(`/events?endpoint_id=${expiredOnly.id}&status=PENDING`)).json().data.length, 1);
      assert.equal((await t.get(`/events?endpoint_id=${expiredOnly.id}&status=DELIVERED`)).json().data.length, 0);
      assert.equal((await t.get('/events?endpoint_id=nope')).statusCode, 400);
    });

    test('the simulator action declines too: the attempt fails, the session stays ACTIVE; the dashboard routes stay out of /openapi.json', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const id = (await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'sim-decline' })).json().payment_session_id;
      const attempt = (await asDashboard(t, session, 'POST', `/sessions/${id}/payment_requests`, { channel_code: 'DANA' })).json();
      const declined = await asDashboard(t, session, 'POST', `/dashboard/api/payment_requests/${attempt.payment_request_id}/decide`, { decision: 'decline' });
      assert.equal(declined.statusCode, 200, declined.body);
      assert.equal(declined.json().status, 'FAILED');
      assert.equal((await t.get(`/sessions/${id}`)).json().status, 'ACTIVE');
      assert.equal((await asDashboard(t, session, 'POST', `/dashboard/api/payment_requests/${attempt.payment_request_id}/decide`, { decision: 'maybe' })).statusCode, 400);
      const paths = Object.keys((await t.get('/openapi.json')).json().paths);
      assert.deepEqual(paths.filter((p) => p.startsWith('/dashboard')), []);
    });

    test('a test event goes to the one endpoint chosen, marked as a test, and changes no session', async () => {
      const session = await signIn(t, TEST_SECRET_KEY);
      const a = (await t.post('/webhooks/endpoints', { url: 'https://a.example.com/hook' })).json();
      await t.post('/webhooks/endpoints', { url: 'https://b.example.com/hook' });
      const before = await t.store.db.selectFrom('sessions').selectAll().orderBy('id').execute();
      const sent = await asDashboard(t, session, 'POST', `/dashboard/api/webhooks/endpoints/${a.id}/test`);
      assert.equal(sent.statusCode, 201, sent.body);
      const event = (await t.get(`/events/${sent.json().event_id}`)).json();
      assert.equal(event.event, 'payment_session.completed');
      assert.equal(event.data.metadata.lunas_test_event, 'true');
      assert.equal(event.data.reference_id, 'lunas_test_event');
      assert.deepEqual(event.deliveries.map((d: { endpoint_id: string }) => d.endpoint_id), [a.id]);
      const { seq } = await t.store.db.selectFrom('events').select('seq').where('id', '=', event.id).executeTakeFirstOrThrow();
      const queued = await t.store.db.selectFrom('fan_out_queue').select('seq').where('seq', '=', seq).execute();
      assert.deepEqual(queued, [], 'fan-out never gives it to the other endpoint');
      assert.deepEqual(await t.store.db.selectFrom('sessions').selectAll().orderBy('id').execute(), before);
      assert.equal((await asDashboard(t, { cookie: session.cookie }, 'POST', `/dashboard/api/webhooks/endpoints/${a.id}/test`)).statusCode, 403);
    });
  });
}
