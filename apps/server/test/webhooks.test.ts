import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { verifyWebhook } from 'lunas-webhook-verify';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { attempt, card, createSession, decide, webUrl } from './helpers/payments.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';

const TOKEN = 'callback-token-for-tests-0001';

async function sessionOf(t: TestApp, paymentRequestId: string): Promise<string> {
  const row = await t.store.db.selectFrom('payment_requests').select('session_id').where('id', '=', paymentRequestId).executeTakeFirstOrThrow();
  return row.session_id!;
}

for (const dialect of DIALECTS) {
  describe(`webhook delivery [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_URL: receiver.url, LUNAS_CALLBACK_TOKEN: TOKEN, LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s', LUNAS_WEBHOOK_TIMEOUT_MS: '1500' });
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });
    afterEach(() => {
      receiver.respond = () => ({ status: 200 });
    });
    const secret = async () => ((await t.get('/webhooks/endpoints')).json().data[0].signing_secret as string);

    test('the founding flow: payment.capture and payment_session.completed, same payment_id, token and signature check out', async () => {
      // Real time for this one: standardwebhooks checks the timestamp against the system clock.
      t.clock.set(Date.now());
      const start = receiver.received.length;
      const session = await createSession(t);
      await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      await t.services.dispatcher.drain();
      const got = receiver.received.slice(start);
      assert.deepEqual(got.map((r) => r.json.event), ['payment.capture', 'payment_session.completed']);
      const [capture, completed] = got;
      assert.equal(capture!.json.data.payment_id, completed!.json.data.payment_id);
      assert.match(capture!.json.data.payment_id, /^py-/);
      for (const r of got) {
        assert.equal(r.json.api_version, 'v3');
        assert.equal(r.json.business_id, t.businessId);
        assert.match(r.json.created, /^\d{4}-\d\d-\d\dT/);
        assert.equal(r.headers['x-callback-token'], TOKEN);
        assert.match(String(r.headers['user-agent']), /^Lunas-Webhooks\//);
        assert.equal(r.headers['content-type'], 'application/json');
        const payload = verifyWebhook({ headers: r.headers, body: r.body, secret: await secret(), callbackToken: TOKEN, now: Number(r.headers['webhook-timestamp']) * 1000 });
        assert.deepEqual(payload, r.json);
        new Webhook(await secret()).verify(r.body, r.headers as Record<string, string>);
      }
      const events = (await t.get(`/events?subject_id=${session.payment_session_id}`)).json().data;
      assert.equal(completed!.headers['webhook-id'], events[0].id);
    });

    test('a failing receiver is retried on the schedule with the same webhook-id, then delivered; the log shows every attempt', async () => {
      let calls = 0;
      // The failures take 40 ms to come back: the log must show that wait as the attempts' latency.
      receiver.respond = () => (++calls <= 2 ? new Promise((resolve) => setTimeout(() => resolve({ status: 500, body: 'try later' }), 40)) : { status: 200 });
      const start = receiver.received.length;
      const session = await createSession(t);
      await t.post(`/sessions/${session.payment_session_id}/cancel`);
      t.clock.advance(0);
      // Expire a second session: one event, payment_session.expired.
      const expiring = await createSession(t);
      t.clock.advance(30 * 60 * 1000);
      await t.services.sessions.sweepExpired();
      await t.services.dispatcher.drain();
      assert.equal(receiver.received.length - start, 1);
      t.clock.advance(1200);
      await t.services.dispatcher.drain();
      assert.equal(receiver.received.length - start, 2, 'second attempt after ~1 s');
      t.clock.advance(700);
      await t.services.dispatcher.drain();
      assert.equal(receiver.received.length - start, 2, 'the next retry is 2 s (+ up to 10% jitter) after the FIRST attempt, not after the last');
      t.clock.advance(400);
      await t.services.dispatcher.drain();
      const attempts = receiver.received.slice(start);
      assert.equal(attempts.length, 3);
      assert.equal(new Set(attempts.map((a) => a.headers['webhook-id'])).size, 1);
      assert.equal(attempts[0]!.json.data.payment_session_id, expiring.payment_session_id);
      const logged = (await t.get(`/events?object_id=${expiring.payment_session_id}`)).json().data[0];
      assert.equal(logged.deliveries[0].status, 'DELIVERED');
      assert.deepEqual(logged.deliveries[0].attempts.map((a: { status_code: number }) => a.status_code), [500, 500, 200]);
      // A loopback receiver's answer is never kept (issue 12; webhook-response-echo.test.ts).
      assert.equal(logged.deliveries[0].attempts[0].response_body, undefined);
      const latencies = logged.deliveries[0].attempts.map((a: { latency_ms: number }) => a.latency_ms);
      assert.equal(latencies.length, 3);
      assert.ok(latencies.every((ms: unknown) => Number.isInteger(ms) && (ms as number) >= 0 && (ms as number) < 1500), `latencies ${latencies}`);
      assert.ok(latencies[0] >= 30 && latencies[1] >= 30, `the 40 ms answers were measured: ${latencies}`);
    });

    test('Retry-After is honoured, an exhausted schedule ends FAILED, and resend sends it again', async () => {
      receiver.respond = () => ({ status: 503, headers: { 'retry-after': '3' } });
      const session = await createSession(t);
      t.clock.advance(30 * 60 * 1000);
      await t.services.sessions.sweepExpired();
      await t.services.dispatcher.drain();
      const event = (await t.get(`/events?object_id=${session.payment_session_id}`)).json().data[0];
      const next = Date.parse(event.deliveries[0].next_attempt_at);
      assert.ok(next >= t.clock.now().getTime() + 3000, 'not before Retry-After');
      for (let i = 0; i < 4; i++) {
        t.clock.advance(5000);
        await t.services.dispatcher.drain();
      }
      const failed = (await t.get(`/events/${event.id}`)).json();
      assert.equal(failed.deliveries[0].status, 'FAILED');
      assert.equal(failed.deliveries[0].attempts.length, 4, 'the first attempt and three retries');
      assert.equal((await t.get('/events?status=FAILED')).json().data.some((e: { id: string }) => e.id === event.id), true);

      receiver.respond = () => ({ status: 204 });
      const endpointId = failed.deliveries[0].endpoint_id;
      const resent = await t.post(`/webhooks/endpoints/${endpointId}/resend_failed`, { since: new Date(0).toISOString() });
      assert.ok(resent.json().resent >= 1);
      await t.services.dispatcher.drain();
      assert.equal((await t.get(`/events/${event.id}`)).json().deliveries[0].status, 'DELIVERED');
      const before = receiver.received.length;
      assert.equal((await t.post(`/events/${event.id}/resend`, {})).json().resent, 1);
      await t.services.dispatcher.drain();
      assert.equal(receiver.received.length, before + 1);
      assert.equal(receiver.received.at(-1)!.headers['webhook-id'], event.id);
    });

    test('a receiver that never answers times out and is retried later', async () => {
      receiver.respond = () => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 3000));
      const session = await createSession(t);
      t.clock.advance(30 * 60 * 1000);
      await t.services.sessions.sweepExpired();
      await t.services.dispatcher.drain();
      const delivery = (await t.get(`/events?object_id=${session.payment_session_id}`)).json().data[0].deliveries[0];
      assert.equal(delivery.status, 'PENDING');
      assert.match(delivery.attempts[0].error, /no response within 1500 ms/);
    });
  });

  describe(`webhook endpoints and routing [${dialect}]`, () => {
    let t: TestApp;
    let fast: Receiver;
    let slow: Receiver;
    before(async () => {
      fast = await startReceiver('/fast');
      slow = await startReceiver('/slow');
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_CONCURRENCY: '2', LUNAS_WEBHOOK_TIMEOUT_MS: '5000' });
    });
    after(async () => {
      await t.close();
      await fast.close();
      await slow.close();
    });

    test('manage endpoints: groups, secrets, rotation, callback token, errors', async () => {
      const created = await t.post('/webhooks/endpoints', { url: fast.url, event_groups: ['session_completed'] });
      assert.equal(created.statusCode, 201, created.body);
      assert.match(created.json().id, /^whe_/);
      assert.match(created.json().signing_secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      const rotated = (await t.post(`/webhooks/endpoints/${created.json().id}/rotate_secret`)).json();
      assert.notEqual(rotated.signing_secret, created.json().signing_secret);
      const patched = await t.request({ method: 'PATCH', url: `/webhooks/endpoints/${created.json().id}`, payload: { event_groups: ['session_completed', 'payment_status'] } });
      assert.deepEqual(patched.json().event_groups, ['session_completed', 'payment_status']);
      assert.equal((await t.post('/webhooks/endpoints', { url: 'ftp://x' })).statusCode, 400);
      const twice = await t.post('/webhooks/endpoints', { url: fast.url });
      assert.equal(twice.statusCode, 409, 'one endpoint per URL');
      assert.equal(twice.json().error_code, 'DUPLICATE_ERROR');
      assert.equal((await t.post('/webhooks/endpoints', { url: fast.url, event_groups: ['everything'] })).statusCode, 400);
      assert.equal((await t.get('/webhooks/endpoints/whe_00000000-0000-4000-8000-000000000000')).statusCode, 404);
      const token = (await t.get('/webhooks/settings')).json().callback_token;
      assert.ok(token.length >= 32);
      const set = await t.request({ method: 'PATCH', url: '/webhooks/settings', payload: { callback_token: 'a-new-token-of-sufficient-length' } });
      assert.equal(set.json().callback_token, 'a-new-token-of-sufficient-length');
      const other = await t.services.businesses.createBusiness({ name: 'Other' });
      assert.deepEqual((await t.request({ method: 'GET', url: '/webhooks/endpoints', auth: other.secretKey })).json().data, []);
      // Processes starting together all seed LUNAS_WEBHOOK_URL: one endpoint results.
      await Promise.all(Array.from({ length: 8 }, () => t.services.webhooks.seed(t.businessId, 'https://seeded.example/hooks', undefined)));
      assert.equal((await t.get('/webhooks/endpoints')).json().data.filter((e: { url: string }) => e.url === 'https://seeded.example/hooks').length, 1);
      const seeded = (await t.get('/webhooks/endpoints')).json().data.find((e: { url: string }) => e.url === 'https://seeded.example/hooks');
      await t.request({ method: 'DELETE', url: `/webhooks/endpoints/${seeded.id}` });
      const removed = await t.request({ method: 'DELETE', url: `/webhooks/endpoints/${created.json().id}` });
      assert.equal(removed.statusCode, 204);
      assert.equal((await t.get('/webhooks/endpoints')).json().data.length, 0);
      // Secrets are sealed at rest.
      const rows = await t.store.db.selectFrom('webhook_settings').selectAll().execute();
      assert.deepEqual(rows.map((r) => r.business_id), [t.businessId], 'the token set above is stored, once');
      assert.ok(rows.every((r) => !r.callback_token_sealed.includes('a-new-token')));
    });

    test('event groups route events; a slow receiver never holds up a fast one; sub-accounts fall back to the parent', async () => {
      const completedOnly = (await t.post('/webhooks/endpoints', { url: fast.url, event_groups: ['session_completed'] })).json();
      const slowAll = (await t.post('/webhooks/endpoints', { url: slow.url })).json();
      slow.respond = () => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 1500));
      for (let i = 0; i < 6; i++) {
        const session = await createSession(t);
        await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      }
      t.services.dispatcher.start();
      await fast.waitFor(6, 5000);
      // The fast endpoint has every event while the slow one is still on its first ones (two at a
      // time, 1.5 s each): at most two waves sent, most of its deliveries still PENDING.
      // (How fast the fast one is: npm run bench:webhooks-slow.)
      assert.equal(fast.received.length, 6);
      assert.ok(slow.received.length <= 4, `the slow endpoint got ${slow.received.length} of 12 before the fast one got its 6`);
      const slowPending = await t.store.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', slowAll.id).where('status', '=', 'PENDING').execute();
      assert.ok(slowPending.length >= 8, `${slowPending.length} of the slow endpoint's 12 deliveries pending`);
      assert.ok(fast.received.every((r) => r.json.event === 'payment_session.completed'));
      await slow.waitFor(12, 20_000);
      assert.equal(slow.received.length, 12, 'the slow endpoint gets every event, two at a time');
      await t.services.dispatcher.stop();

      const sub = await t.services.businesses.createBusiness({ name: 'Sub', parentId: t.businessId });
      const before = fast.received.length;
      const subSession = (await t.post('/sessions', { ...(await import('./helpers/app.ts')).FOUNDING_PAYLOAD }, { 'for-user-id': sub.business.id })).json();
      await t.post(`/sessions/${subSession.payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') }, { 'for-user-id': sub.business.id });
      await t.services.dispatcher.drain();
      assert.equal(fast.received.length, before + 1);
      assert.equal(fast.received.at(-1)!.json.business_id, sub.business.id);
      await t.request({ method: 'DELETE', url: `/webhooks/endpoints/${completedOnly.id}` });
      await t.request({ method: 'DELETE', url: `/webhooks/endpoints/${slowAll.id}` });
    });

    test("a session's events are attempted in the order they were committed, even when an earlier one is slow", async () => {
      const ordered = (await t.post('/webhooks/endpoints', { url: fast.url })).json();
      const start = fast.received.length;
      const sessions: string[] = [];
      for (let i = 0; i < 3; i++) {
        const session = await createSession(t);
        // A failed 3DS attempt, then a paid one: payment.failure, payment.capture, payment_session.completed.
        const declined = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000002503') });
        await decide(t, webUrl(declined), { decision: 'decline' });
        await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
        sessions.push(session.payment_session_id);
      }
      // The first event of each session is answered slowly: without ordering, the later ones would overtake it.
      fast.respond = (r) => (r.json.event === 'payment.failure' ? new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 300)) : { status: 200 });
      await t.services.dispatcher.drain();
      fast.respond = () => ({ status: 200 });
      const seen = fast.received.slice(start);
      // Per session, arrival order is failure → capture → completed.
      const bySession = new Map<string, string[]>();
      for (const r of seen) {
        const request = r.json.data.payment_request_id as string | undefined;
        const sessionId = r.json.event === 'payment_session.completed' ? (r.json.data.payment_session_id as string) : await sessionOf(t, request!);
        bySession.set(sessionId, [...(bySession.get(sessionId) ?? []), r.json.event]);
      }
      for (const id of sessions) assert.deepEqual(bySession.get(id), ['payment.failure', 'payment.capture', 'payment_session.completed'], id);
      await t.request({ method: 'DELETE', url: `/webhooks/endpoints/${ordered.id}` });
    });

    test('with LUNAS_WEBHOOK_ALLOW_PRIVATE=false, a delivery to a loopback address is refused at connect time', async () => {
      const guarded = await startTestApp(dialect, { LUNAS_WEBHOOK_URL: fast.url, LUNAS_WEBHOOK_ALLOW_PRIVATE: 'false' });
      try {
        const before = fast.received.length;
        const session = await createSession(guarded);
        await attempt(guarded, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
        await guarded.services.dispatcher.drain();
        assert.equal(fast.received.length, before, 'nothing reached the loopback receiver');
        const delivery = (await guarded.get(`/events?object_id=${session.payment_session_id}`)).json().data[0].deliveries[0];
        assert.equal(delivery.status, 'PENDING');
        assert.match(delivery.attempts[0].error, /private address 127\.0\.0\.1/);
      } finally {
        await guarded.close();
      }
    });
  });
}
