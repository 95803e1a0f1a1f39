import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { parseAdvance } from '../src/cli/clock-commands.ts';
import { FOUNDING_PAYLOAD, startTestApp, workerTick, type TestApp } from './helpers/app.ts';
import { authKeyOf } from './helpers/envelope.ts';
import { card, createSession, decide, webUrl } from './helpers/payments.ts';
import { startReceiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';
import { appWithReceiverPerSuite } from './helpers/suite-app.ts';

/**
 * The per-business test clock (docs/compatibility.md "Test clock"): GET /test_helpers/clock,
 * POST /test_helpers/clock/advance, POST /sessions/{id}/expire, and what follows the business's
 * clock (timestamps, expiry, webhook retries) while everything else stays on real time.
 */
const MINUTE = 60_000;

test('lunas clock advance: durations', () => {
  assert.deepEqual(['90', '90s', '31m', '2h', '1d', '1h30m', ' 5m '].map(parseAdvance), [90, 90, 1860, 7200, 86_400, 5400, 300]);
  for (const bad of ['', '0', '0s', '-5', '1.5h', '2w', 'soon', '5 m', `${11 * 366}d`]) assert.throws(() => parseAdvance(bad), { exitCode: 2 }, bad);
});

for (const dialect of DIALECTS) {
  describe(`test clock [${dialect}]`, () => {
    const { t, receiver } = appWithReceiverPerSuite(dialect, { realTime: true });

    test('GET shows real time at first; advance moves it forward only, and refuses anything but whole positive seconds', async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Clock shape' });
      const as = (body: unknown) => t.request({ method: 'POST', url: '/test_helpers/clock/advance', payload: body as object, auth: other.secretKey });
      const first = (await t.request({ method: 'GET', url: '/test_helpers/clock', auth: other.secretKey })).json();
      assert.deepEqual(first, { business_id: other.business.id, now: t.clock.now().toISOString(), offset_seconds: 0 });
      for (const bad of [{ seconds: 0 }, { seconds: -60 }, { seconds: 1.5 }, { seconds: 'abc' }, {}, { seconds: 400 * 86_400 * 365 }, { seconds: 60, back: true }]) {
        const res = await as(bad);
        assert.equal(res.statusCode, 400, JSON.stringify(bad));
        assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
      }
      const moved = await as({ seconds: 7200 });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual(moved.json(), { business_id: other.business.id, now: new Date(t.clock.now().getTime() + 7_200_000).toISOString(), offset_seconds: 7200 });
      assert.equal((await as({ seconds: 60 })).json().offset_seconds, 7260, 'advances add up');
      const shown = (await t.request({ method: 'GET', url: '/test_helpers/clock', auth: other.secretKey })).json();
      assert.equal(shown.offset_seconds, 7260);
      // The default business never moved.
      assert.equal((await t.get('/test_helpers/clock')).json().offset_seconds, 0);
    });

    test('timestamps and the expires_at rule follow the business clock', async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Clock stamps' });
      await t.request({ method: 'POST', url: '/test_helpers/clock/advance', payload: { seconds: 3600 }, auth: other.secretKey });
      const businessNow = t.clock.now().getTime() + 3_600_000;
      const created = await t.request({ method: 'POST', url: '/sessions', payload: structuredClone(FOUNDING_PAYLOAD) as object, auth: other.secretKey });
      assert.equal(created.statusCode, 201, created.body);
      const session = created.json();
      assert.equal(Date.parse(session.created), businessNow);
      assert.equal(Date.parse(session.updated), businessNow);
      assert.ok(Date.parse(session.expires_at) > businessNow + 29 * MINUTE);
      // 20 minutes from real now is 40 minutes in this business's past.
      const soon = new Date(t.clock.now().getTime() + 20 * MINUTE).toISOString();
      const refused = await t.request({ method: 'POST', url: '/sessions', payload: { ...structuredClone(FOUNDING_PAYLOAD), reference_id: 'soon', expires_at: soon } as object, auth: other.secretKey });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal((await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), reference_id: 'soon', expires_at: soon })).statusCode, 201, 'fine on real time');
    });

    test('advance 31 minutes: the session is EXPIRED, payment_session.expired delivered and signed; another business untouched', async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Untouched' });
      const otherSession = (await t.request({ method: 'POST', url: '/sessions', payload: structuredClone(FOUNDING_PAYLOAD) as object, auth: other.secretKey })).json();
      const session = await createSession(t, { reference_id: 'clock-31m' });
      const start = receiver.received.length;
      const moved = await t.post('/test_helpers/clock/advance', { seconds: 31 * 60 });
      assert.equal(moved.statusCode, 200, moved.body);
      await workerTick(t);
      await t.services.dispatcher.drain();
      const got = receiver.received.slice(start).filter((r) => r.json.data.payment_session_id === session.payment_session_id);
      assert.deepEqual(got.map((r) => r.json.event), ['payment_session.expired']);
      const secret = (await t.get('/webhooks/endpoints')).json().data[0].signing_secret as string;
      new Webhook(secret).verify(got[0]!.body, got[0]!.headers as Record<string, string>);
      assert.ok(Math.abs(Number(got[0]!.headers['webhook-timestamp']) * 1000 - Date.now()) < 60_000, 'webhook-timestamp is real time');
      const expired = (await t.get(`/sessions/${session.payment_session_id}`)).json();
      assert.equal(expired.status, 'EXPIRED');
      assert.equal(Date.parse(expired.updated), Date.parse((await t.get('/test_helpers/clock')).json().now), 'stamped on business time (the clock stands still)');
      const event = (await t.get(`/events?subject_id=${session.payment_session_id}`)).json().data[0];
      assert.equal(event.event, 'payment_session.expired');
      assert.equal(event.created, expired.updated);
      // The other business's session: still ACTIVE, by a sweep and by a read.
      assert.equal((await t.request({ method: 'GET', url: `/sessions/${otherSession.payment_session_id}`, auth: other.secretKey })).json().status, 'ACTIVE');
      assert.equal((await t.request({ method: 'GET', url: '/sessions?status=ACTIVE', auth: other.secretKey })).json().data.length, 1);
    });

    test('a read of a due session expires it without waiting for the sweep', async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Lazy read' });
      const as = { auth: other.secretKey };
      const session = (await t.request({ method: 'POST', url: '/sessions', payload: structuredClone(FOUNDING_PAYLOAD) as object, ...as })).json();
      await t.request({ method: 'POST', url: '/test_helpers/clock/advance', payload: { seconds: 31 * 60 }, ...as });
      assert.equal((await t.request({ method: 'GET', url: `/sessions/${session.payment_session_id}`, ...as })).json().status, 'EXPIRED');
    });

    test('a payment request lapses by its business clock, with payment_request.expiry stamped on business time', async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Lapsing request' });
      const as = { auth: other.secretKey };
      const body = { reference_id: 'clock-wallet', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'SHOPEEPAY' };
      const created = await t.request({ method: 'POST', url: '/v3/payment_requests', payload: body, ...as });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().payment_request_id as string;
      const mine = (await t.post('/v3/payment_requests', { ...body, reference_id: 'clock-wallet-real' })).json().payment_request_id as string;
      await t.request({ method: 'POST', url: '/test_helpers/clock/advance', payload: { seconds: 2 * 86_400 }, ...as });
      await workerTick(t);
      const lapsed = (await t.request({ method: 'GET', url: `/v3/payment_requests/${id}`, ...as })).json();
      assert.equal(lapsed.status, 'EXPIRED');
      assert.equal(Date.parse(lapsed.updated), Date.parse((await t.request({ method: 'GET', url: '/test_helpers/clock', ...as })).json().now));
      const events = (await t.request({ method: 'GET', url: `/events?subject_id=${id}`, ...as })).json().data;
      assert.deepEqual(events.map((e: { event: string }) => e.event), ['payment_request.expiry']);
      assert.notEqual((await t.get(`/v3/payment_requests/${mine}`)).json().status, 'EXPIRED', "the default business's request is on real time");
    });

    test('paying on an advanced clock: payment request, payment and the completed session are stamped on business time (API and gateway)', async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Paying later' });
      const as = { auth: other.secretKey };
      await t.request({ method: 'POST', url: '/test_helpers/clock/advance', payload: { seconds: 5 * 86_400 }, ...as });
      const businessNow = Date.parse((await t.request({ method: 'GET', url: '/test_helpers/clock', ...as })).json().now);
      const session = (await t.request({ method: 'POST', url: '/sessions', payload: structuredClone(FOUNDING_PAYLOAD) as object, ...as })).json();
      const paid = await t.request({ method: 'POST', url: `/sessions/${session.payment_session_id}/payment_requests`, payload: { channel_code: 'CARDS', channel_properties: card('4000000000001000') }, ...as });
      assert.equal(paid.statusCode, 201, paid.body);
      assert.equal(Date.parse(paid.json().created), businessNow);
      const done = (await t.request({ method: 'GET', url: `/sessions/${session.payment_session_id}`, ...as })).json();
      assert.equal(done.status, 'COMPLETED');
      assert.equal(Date.parse(done.updated), businessNow);
      const events = (await t.request({ method: 'GET', url: `/events?object_id=${session.payment_session_id}`, ...as })).json().data;
      assert.ok(events.length >= 2 && events.every((e: { created: string }) => Date.parse(e.created) === businessNow), JSON.stringify(events.map((e: { created: string }) => e.created)));

      // 3-D Secure on the simulator page: the customer's decision is stamped on the business's clock too.
      const threeDs = (await t.request({ method: 'POST', url: '/sessions', payload: { ...structuredClone(FOUNDING_PAYLOAD), reference_id: 'three-ds' } as object, ...as })).json();
      const challenged = (await t.request({ method: 'POST', url: `/sessions/${threeDs.payment_session_id}/payment_requests`, payload: { channel_code: 'CARDS', channel_properties: card('4000000000001091') }, ...as })).json();
      assert.equal(challenged.status, 'REQUIRES_ACTION');
      await decide(t, webUrl(challenged), { decision: 'approve', otp: '123456' });
      const approved = (await t.request({ method: 'GET', url: `/v3/payment_requests/${challenged.payment_request_id}`, ...as })).json();
      assert.equal(approved.status, 'SUCCEEDED');
      assert.equal(Date.parse(approved.updated), businessNow);
      assert.equal(Date.parse((await t.request({ method: 'GET', url: `/sessions/${threeDs.payment_session_id}`, ...as })).json().updated), businessNow);

      // The browser side: the gateway acts for the session's business, on its clock.
      const viaSdk = (await t.request({ method: 'POST', url: '/sessions', payload: { ...structuredClone(FOUNDING_PAYLOAD), reference_id: 'via-sdk' } as object, ...as })).json();
      const key = authKeyOf(viaSdk.components_sdk_key);
      const qr = await t.request({
        method: 'POST',
        url: '/api/sessions/payment_requests?components_version=v0.0.24',
        auth: null,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://example.com' },
        payload: new URLSearchParams({ payload: JSON.stringify({ session_id: key, channel_code: 'QRIS' }) }).toString(),
      });
      assert.equal(qr.statusCode, 200, qr.body);
      const requestId = (await t.request({ method: 'GET', url: `/sessions/${viaSdk.payment_session_id}`, ...as })).json().payment_request_id
        ?? (await t.store.db.selectFrom('payment_requests').select('id').where('session_id', '=', viaSdk.payment_session_id).executeTakeFirstOrThrow()).id;
      const request = (await t.request({ method: 'GET', url: `/v3/payment_requests/${requestId}`, ...as })).json();
      assert.equal(Date.parse(request.created), businessNow);
    });

    test('a sub-account has its own clock, reached with for-user-id', async () => {
      const sub = await t.services.businesses.createBusiness({ name: 'Sub clock', parentId: t.businessId });
      const before = (await t.get('/test_helpers/clock')).json().offset_seconds;
      const moved = await t.post('/test_helpers/clock/advance', { seconds: 90 }, { 'for-user-id': sub.business.id });
      assert.deepEqual([moved.json().business_id, moved.json().offset_seconds], [sub.business.id, 90]);
      assert.equal((await t.get('/test_helpers/clock')).json().offset_seconds, before);
    });

    test('POST /sessions/{id}/expire: ACTIVE → EXPIRED with its event; 404 unknown; 422 when not ACTIVE', async () => {
      const session = await createSession(t, { reference_id: 'expire-now' });
      const res = await t.post(`/sessions/${session.payment_session_id}/expire`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'EXPIRED');
      const types = (await t.get(`/events?subject_id=${session.payment_session_id}`)).json().data.map((e: { event: string }) => e.event);
      assert.deepEqual(types, ['payment_session.expired']);
      const again = await t.post(`/sessions/${session.payment_session_id}/expire`);
      assert.equal(again.statusCode, 422);
      assert.equal(again.json().error_code, 'INVALID_SESSION_STATUS');
      const unknown = await t.post('/sessions/ps-0123456789abcdef01234567/expire');
      assert.equal(unknown.statusCode, 404);
      const other = await t.services.businesses.createBusiness({ name: 'Not yours' });
      const theirs = await createSession(t, { reference_id: 'not-yours' });
      assert.equal((await t.request({ method: 'POST', url: `/sessions/${theirs.payment_session_id}/expire`, auth: other.secretKey })).statusCode, 404);
    });

    test('a failing receiver: advancing 25 hours runs the remaining retries back to back and the delivery ends FAILED', async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Failing receiver' });
      const failing = await startReceiver();
      failing.respond = () => ({ status: 500, body: 'down' });
      try {
        const as = { auth: other.secretKey };
        const endpoint = await t.request({ method: 'POST', url: '/webhooks/endpoints', payload: { url: failing.url }, ...as });
        assert.equal(endpoint.statusCode, 201, endpoint.body);
        const session = (await t.request({ method: 'POST', url: '/sessions', payload: structuredClone(FOUNDING_PAYLOAD) as object, ...as })).json();
        await t.request({ method: 'POST', url: `/sessions/${session.payment_session_id}/expire`, ...as });
        await t.services.dispatcher.drain();
        assert.equal(failing.received.length, 1);
        const eventUrl = `/events?subject_id=${session.payment_session_id}`;
        let delivery = (await t.request({ method: 'GET', url: eventUrl, ...as })).json().data[0].deliveries[0];
        assert.equal(delivery.status, 'PENDING');
        await t.request({ method: 'POST', url: '/test_helpers/clock/advance', payload: { seconds: 3600 }, ...as });
        await t.services.dispatcher.drain();
        assert.equal(failing.received.length, 3, 'an hour later: the 15-minute and 1-hour retries are due');
        await t.request({ method: 'POST', url: '/test_helpers/clock/advance', payload: { seconds: 24 * 3600 }, ...as });
        await t.services.dispatcher.drain();
        delivery = (await t.request({ method: 'GET', url: eventUrl, ...as })).json().data[0].deliveries[0];
        assert.equal(delivery.status, 'FAILED');
        assert.equal(delivery.attempts.length, 7, 'the first attempt and the six retries of 15m,1h,3h,6h,12h,24h');
        assert.equal(failing.received.length, 7);
        assert.equal(new Set(failing.received.map((r) => r.headers['webhook-id'])).size, 1);
      } finally {
        await failing.close();
      }
    });
  });

  describe(`test clock off [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { LUNAS_TEST_CLOCK: 'false' });
    });
    after(() => t.close());

    test('LUNAS_TEST_CLOCK=false: the helpers are 404 and every business runs on real time', async () => {
      const session = await createSession(t);
      for (const [method, url] of [['GET', '/test_helpers/clock'], ['POST', '/test_helpers/clock/advance'], ['POST', `/sessions/${session.payment_session_id}/expire`]] as const) {
        const res = await t.request({ method, url, ...(method === 'POST' ? { payload: { seconds: 60 } } : {}) });
        assert.equal(res.statusCode, 404, `${method} ${url}`);
        assert.equal(res.json().error_code, 'NOT_FOUND');
      }
      assert.equal(await t.services.testClock.offsetMs(t.businessId), 0);
      assert.equal((await t.get(`/sessions/${session.payment_session_id}`)).json().status, 'ACTIVE');
    });
  });
}
