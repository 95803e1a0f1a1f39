import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSession } from './helpers/payments.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Issue 12: removing an endpoint while its deliveries are in flight must not disturb the other
 * endpoints' deliveries of the same events (they were once recorded in the same batch as the
 * removed endpoint's, which failed as a whole, so their leases ran out and they went again).
 */
for (const dialect of DIALECTS) {
  describe(`removing a webhook endpoint mid-delivery [${dialect}]`, () => {
    let t: TestApp;
    let a: Receiver;
    let b: Receiver;
    before(async () => {
      a = await startReceiver('/a');
      b = await startReceiver('/b');
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_TIMEOUT_MS: '2000', LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s' });
    });
    after(async () => {
      await t.close();
      await a.close();
      await b.close();
    });

    test('the other endpoint receives every event exactly once; the removed one leaves nothing behind', async () => {
      const endpointA = (await t.post('/webhooks/endpoints', { url: a.url })).json();
      await t.post('/webhooks/endpoints', { url: b.url });
      const sessions = [];
      for (let i = 0; i < 5; i++) sessions.push(await createSession(t));
      t.clock.advance(30 * 60 * 1000);
      assert.equal(await t.services.sessions.sweepExpired(), 5);

      // Both receivers hold their answers until A is removed, then answer together, so both
      // endpoints' results are recorded in the same batches.
      let release!: () => void;
      const released = new Promise<{ status: number }>((resolve) => (release = () => resolve({ status: 200 })));
      a.respond = () => released;
      b.respond = () => released;
      const drained = t.services.dispatcher.drain();
      await Promise.all([a.waitFor(5), b.waitFor(5)]);
      assert.equal((await t.request({ method: 'DELETE', url: `/webhooks/endpoints/${endpointA.id}` })).statusCode, 204);
      release();
      await drained;

      // Past every lease: a delivery whose result was lost would be claimed and sent again now.
      t.clock.advance(5 * 60 * 1000);
      await t.services.dispatcher.drain();
      const ids = b.received.map((r) => r.headers['webhook-id']);
      assert.equal(ids.length, 5, `B received ${ids.length} requests for 5 events`);
      assert.equal(new Set(ids).size, 5);
      for (const session of sessions) {
        const [event] = (await t.get(`/events?object_id=${session.payment_session_id}`)).json().data;
        assert.deepEqual(event.deliveries.map((d: { url: string; status: string }) => [d.url, d.status]), [[b.url, 'DELIVERED']]);
      }
      assert.equal(a.received.length, 5, 'A got each event once, before it was removed');
      assert.ok(!t.logs.some((line) => /webhook results not recorded/.test(line)), 'every result was recorded');
    });
  });
}
