import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { uuidV7 } from '../src/ids.ts';
import { deliveryStore } from '../src/modules/webhooks/deliveries-store.ts';
import { fanOutStep } from '../src/modules/webhooks/fan-out.ts';
import { LEASE_MS } from '../src/modules/webhooks/lease-heartbeat.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { attempt, card, createSession, decide, webUrl } from './helpers/payments.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Issue 19: fan-out leases the deliveries it makes when this process can send them now, and
 * hands them to the slots with the payloads it read: no claim and no second read of the
 * event. What it cannot send now (no room, or an earlier delivery of the same session still
 * waiting for its first attempt) is left for a claim, and a session's events keep their order.
 */
for (const dialect of DIALECTS) {
  describe(`webhook fan-out leases what it can send [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver('/hooks');
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_TIMEOUT_MS: '30000' });
      await t.post('/webhooks/endpoints', { url: receiver.url });
    });
    afterEach(async () => {
      receiver.respond = () => ({ status: 200 });
      await t.services.dispatcher.drain(30_000);
      receiver.received.length = 0;
      await t.store.db.deleteFrom('webhook_attempts').execute();
      await t.store.db.deleteFrom('webhook_deliveries').execute();
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    const deliveries = () => t.store.db.selectFrom('webhook_deliveries').selectAll().orderBy('event_seq').execute();

    /** `count` `payment_session.expired` events, one session each. */
    async function expiredSessions(count: number): Promise<void> {
      for (let i = 0; i < count; i++) await createSession(t);
      t.clock.advance(30 * 60 * 1000);
      assert.equal(await t.services.sessions.sweepExpired(), count);
    }

    test('with room, the delivery is leased as it is made and sent without a claim', async () => {
      await expiredSessions(1);
      const claimDue = deliveryStore.claimDue;
      const claimed: number[] = [];
      deliveryStore.claimDue = async (...args) => {
        const rows = await claimDue(...args);
        claimed.push(rows.length);
        return rows;
      };
      let release!: () => void;
      receiver.respond = () => new Promise((resolve) => (release = () => resolve({ status: 200 })));
      try {
        await t.services.dispatcher.round();
        await receiver.waitFor(1);
        const [sending] = await deliveries();
        assert.match(sending!.lease_owner ?? '', /^[0-9a-f]{12}:\d+$/, 'leased by the fan-out');
        assert.equal(Date.parse(sending!.locked_until!) - t.clock.now().getTime(), LEASE_MS);
        release();
        await t.services.dispatcher.drain();
      } finally {
        deliveryStore.claimDue = claimDue;
      }
      assert.equal(claimed.reduce((sum, n) => sum + n, 0), 0, `no claim took it (claims: ${claimed.join(', ')})`);
      const [done] = await deliveries();
      assert.equal(done!.status, 'DELIVERED');
      assert.equal(done!.lease_owner, null);
      assert.equal(receiver.received.length, 1);
      assert.equal(receiver.received[0]!.json.event, 'payment_session.expired');
    });

    test('without room, fan-out leases what fits, in event order, and leaves the rest for a claim', async () => {
      await expiredSessions(3);
      const lease = { id: 'fan-out-test:1', until: new Date(t.clock.now().getTime() + LEASE_MS).toISOString() };
      const fanned = await fanOutStep({ store: t.store, clock: t.clock })({ lease, limit: 10, room: () => 2 });
      assert.equal(fanned.events, 3);
      const rows = await deliveries();
      assert.deepEqual(rows.map((row) => row.lease_owner), [lease.id, lease.id, null], 'the two oldest leased, the third left');
      const [leased] = [...fanned.leased.values()];
      assert.deepEqual(leased!.map((row) => row.id), rows.slice(0, 2).map((row) => row.id));
      assert.deepEqual([...fanned.payloads.keys()], rows.slice(0, 2).map((row) => row.event_id), 'the payloads of what it leased, read once');
      assert.equal(JSON.parse(fanned.payloads.get(rows[0]!.event_id)!.payload).status, 'EXPIRED');
      assert.deepEqual([...fanned.unleasedEndpointIds], [rows[2]!.endpoint_id]);
      // Stand for the process holding the first two: their leases run out, and a claim takes all three.
      t.clock.advance(LEASE_MS);
    });

    test("a session's later events wait for its earlier delivery, sent by an earlier fan-out, and arrive after it", async () => {
      const session = await createSession(t);
      const declined = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000002503') });
      await decide(t, webUrl(declined), { decision: 'decline' });
      let release!: () => void;
      receiver.respond = (r) => (r.json.event === 'payment.failure' ? new Promise((resolve) => (release = () => resolve({ status: 200 }))) : { status: 200 });
      await t.services.dispatcher.round();
      await receiver.waitFor(1);

      // Paid while payment.failure is still being sent: capture and completion of the same session.
      await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      await t.services.dispatcher.round();
      const waiting = (await deliveries()).slice(1);
      assert.equal(waiting.length, 2);
      assert.deepEqual(waiting.map((row) => [row.status, row.lease_owner, row.first_attempt_at]), [['PENDING', null, null], ['PENDING', null, null]], 'made, not leased');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(receiver.received.length, 1, 'nothing overtakes the delivery still in flight');

      release();
      await t.services.dispatcher.drain();
      assert.deepEqual(receiver.received.map((r) => r.json.event), ['payment.failure', 'payment.capture', 'payment_session.completed']);
      assert.deepEqual((await deliveries()).map((row) => row.status), ['DELIVERED', 'DELIVERED', 'DELIVERED']);
    });
  });
}

describe('time-ordered ids (UUID version 7)', () => {
  test('a v7 UUID: the time first, version 7, RFC variant; ids made later sort later', () => {
    const at = Date.parse('2026-12-07T08:00:00.000Z');
    const id = uuidV7(at);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
    assert.ok(uuidV7(at + 1) > uuidV7(at));
    assert.notEqual(uuidV7(at), uuidV7(at), 'random after the time');
  });
});
