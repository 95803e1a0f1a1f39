import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventStore } from '../src/modules/events/store.ts';
import { deliveryStore } from '../src/modules/webhooks/deliveries-store.ts';
import { fanOutStep } from '../src/modules/webhooks/fan-out.ts';
import { LEASE_MS } from '../src/modules/webhooks/lease-heartbeat.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSession } from './helpers/payments.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Issue 19: delivery leases are short and renewed by a heartbeat while their process lives.
 * A live process keeps a delivery however long its receiver takes (no other process may claim
 * it), and a delivery whose process died is taken over as soon as its lease runs out; a
 * recorded outcome leaves no lease behind. (test/e2e/webhooks-crash.test.ts measures the
 * takeover across a real SIGKILL.)
 */
for (const dialect of DIALECTS) {
  describe(`webhook delivery leases [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver('/hooks');
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_TIMEOUT_MS: '60000', LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s' });
      await t.post('/webhooks/endpoints', { url: receiver.url });
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    const deliveries = () => t.store.db.selectFrom('webhook_deliveries').selectAll().execute();

    /** One `payment_session.expired` event, fanned out to the receiver's endpoint. */
    async function oneEvent(): Promise<void> {
      await createSession(t);
      t.clock.advance(30 * 60 * 1000);
      assert.equal(await t.services.sessions.sweepExpired(), 1);
    }

    test('a live process renews the lease of a slow delivery, so no other process can claim it; the outcome clears it', async () => {
      await oneEvent();
      let release!: () => void;
      const released = new Promise<{ status: number }>((resolve) => (release = () => resolve({ status: 200 })));
      receiver.respond = () => released;
      const drained = t.services.dispatcher.drain(30_000);
      await receiver.waitFor(1);
      const [leased] = await deliveries();
      assert.match(leased!.lease_owner ?? '', /^[0-9a-f]{12}:\d+$/, 'leased under this process id and a claim number');
      assert.equal(Date.parse(leased!.locked_until!) - t.clock.now().getTime(), LEASE_MS, 'a short lease, not one sized for the slowest batch');

      // A lease with most of its time left is not rewritten at the next beat (most end with
      // their outcome before they need it); one that would end before the beat after next is.
      t.clock.advance(1000);
      await t.services.dispatcher.heartbeat();
      assert.equal((await deliveries())[0]!.locked_until, leased!.locked_until, 'not rewritten while most of it is left');

      // Well past the first lease, the receiver still has not answered: the heartbeat keeps it.
      for (let beat = 0; beat < 5; beat++) {
        t.clock.advance(LEASE_MS / 2);
        await t.services.dispatcher.heartbeat();
      }
      const [renewed] = await deliveries();
      assert.equal(renewed!.lease_owner, leased!.lease_owner);
      assert.equal(Date.parse(renewed!.locked_until!) - t.clock.now().getTime(), LEASE_MS, 'renewed from now');
      const now = t.clock.now().toISOString();
      const stolen = await deliveryStore.claimDue(t.store, leased!.endpoint_id, 10, now, { id: 'another:1', until: now });
      assert.deepEqual(stolen, [], 'another process cannot claim a delivery whose lease is renewed');

      release();
      await drained;
      const [done] = await deliveries();
      assert.equal(done!.status, 'DELIVERED');
      assert.equal(done!.lease_owner, null);
      assert.equal(done!.locked_until, null);
      assert.equal(receiver.received.length, 1, 'sent once');
      receiver.respond = () => ({ status: 200 });
    });

    test("a dead process's delivery is taken over once its lease runs out, and delivered once", async () => {
      receiver.received.length = 0;
      await t.store.db.deleteFrom('webhook_attempts').execute();
      await t.store.db.deleteFrom('webhook_deliveries').execute();
      await oneEvent();
      await t.services.dispatcher.round(); // fans out
      await t.services.dispatcher.drain();
      // Stand for a process that claimed the delivery and was killed before its outcome: no heartbeat renews it.
      const [delivery] = await deliveries();
      const until = new Date(t.clock.now().getTime() + LEASE_MS).toISOString();
      await t.store.db.updateTable('webhook_deliveries').set({ status: 'PENDING', attempts: 0, first_attempt_at: null, lease_owner: 'deadbeef0000:7', locked_until: until }).execute();
      receiver.received.length = 0;

      await t.services.dispatcher.drain();
      assert.equal(receiver.received.length, 0, 'not while the lease runs');
      t.clock.advance(LEASE_MS);
      await t.services.dispatcher.drain();
      assert.deepEqual(receiver.received.map((r) => r.headers['webhook-id']), [delivery!.event_id], 'taken over and sent once');
      const [done] = await deliveries();
      assert.equal(done!.status, 'DELIVERED');
      assert.equal(done!.lease_owner, null);
    });

    test('a claim whose events cannot be read holds no lease: it runs out and another process takes the delivery over', async () => {
      await t.store.db.deleteFrom('webhook_attempts').execute();
      await t.store.db.deleteFrom('webhook_deliveries').execute();
      await oneEvent();
      // Fanned out without a lease (as when the process had no room for it): a claim takes it and reads its event.
      await fanOutStep({ store: t.store, clock: t.clock })();
      const forSending = eventStore.forSending;
      eventStore.forSending = async () => {
        throw new Error('the payload read failed');
      };
      try {
        await assert.rejects(t.services.dispatcher.round(), /the payload read failed/);
      } finally {
        eventStore.forSending = forSending;
      }
      const [claimed] = await deliveries();
      assert.ok(claimed!.lease_owner, 'claimed before the read failed');

      // Never queued, so never released: the heartbeat must not keep it alive.
      t.clock.advance(LEASE_MS / 2);
      await t.services.dispatcher.heartbeat();
      t.clock.advance(LEASE_MS / 2);
      const now = t.clock.now().toISOString();
      const taken = await deliveryStore.claimDue(t.store, claimed!.endpoint_id, 10, now, { id: 'another:1', until: now });
      assert.deepEqual(taken.map((d) => d.id), [claimed!.id], 'its lease ran out: another process claims it');
    });
  });
}
