import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSession } from './helpers/payments.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Issue 12: the delivery log must not read an internal service's answers back. A receiver on
 * a private or loopback address (allowed here by the loopback default) gets its status code
 * and latency recorded, never its response body.
 */
for (const dialect of DIALECTS) {
  describe(`answers of private receivers [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
      // LUNAS_HOST is unset: the loopback default, so private receivers are allowed.
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_URL: receiver.url, LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s' });
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    test('a loopback receiver is delivered to; GET /events shows its status codes and latency, never its body', async () => {
      assert.equal(t.config.webhooks.allowPrivate, true);
      let calls = 0;
      receiver.respond = () => (++calls === 1 ? { status: 500, body: 'internal: db password is hunter2' } : { status: 200, body: '{"secret":"internal"}' });
      const session = await createSession(t);
      t.clock.advance(30 * 60 * 1000);
      await t.services.sessions.sweepExpired();
      await t.services.dispatcher.drain();
      t.clock.advance(1500);
      await t.services.dispatcher.drain();
      assert.equal(receiver.received.length, 2);

      const [event] = (await t.get(`/events?object_id=${session.payment_session_id}`)).json().data;
      const [delivery] = event.deliveries;
      assert.equal(delivery.status, 'DELIVERED');
      assert.deepEqual(delivery.attempts.map((a: { status_code: number }) => a.status_code), [500, 200]);
      for (const attempt of delivery.attempts) {
        assert.ok(attempt.latency_ms >= 0);
        assert.equal('response_body' in attempt, false, JSON.stringify(attempt));
      }
      const oneEvent = (await t.get(`/events/${event.id}`)).json();
      assert.ok(oneEvent.deliveries[0].attempts.every((a: object) => !('response_body' in a)));
      const stored = await t.store.db.selectFrom('webhook_attempts').select('response_body').execute();
      assert.ok(stored.length >= 2 && stored.every((row) => row.response_body === null), 'nothing stored either');
    });
  });
}
