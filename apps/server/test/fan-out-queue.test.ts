import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventsAwaitingFanOut, recordEvent, takeUnfanned } from '../src/modules/events/outbox.ts';
import { deliveryStore } from '../src/modules/webhooks/deliveries-store.ts';
import { testEvents } from '../src/modules/webhooks/test-event.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { prepareStoreAt } from './helpers/old-store.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS, freshStoreTarget, type StoreTarget } from './helpers/stores.ts';

/**
 * Issue 19: an event waits for fan-out in `fan_out_queue` (migration 0023), not as a NULL
 * `fanned_out_at` on its row. What a user would notice if this went wrong: an event never
 * sent, or sent twice.
 */
const event = (t: TestApp, n: number) => ({ businessId: t.businessId, type: 'payment_session.completed', subjectId: `ps_queue_${n}`, data: { n }, created: new Date().toISOString() });

for (const dialect of DIALECTS) {
  describe(`the fan-out queue [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver('/hooks');
      t = await startTestApp(dialect);
      await t.post('/webhooks/endpoints', { url: receiver.url });
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    test('an event is queued with the transaction that records it, and not when that transaction rolls back', async () => {
      const before = await eventsAwaitingFanOut(t.store.db);
      await assert.rejects(
        t.store.db.transaction().execute(async (trx) => {
          await recordEvent(trx, event(t, 1));
          assert.equal(await eventsAwaitingFanOut(trx), before + 1, 'queued inside the transaction');
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(await eventsAwaitingFanOut(t.store.db), before);
      await t.store.db.transaction().execute((trx) => recordEvent(trx, event(t, 2)));
      assert.equal(await eventsAwaitingFanOut(t.store.db), before + 1);
      await t.services.dispatcher.drain(10_000);
      assert.equal(await eventsAwaitingFanOut(t.store.db), 0);
    });

    test('a fan-out that fails leaves its events queued; the next one sends each once and empties the queue', async () => {
      receiver.received.length = 0;
      const ids: string[] = [];
      await t.store.db.transaction().execute(async (trx) => {
        for (let n = 10; n < 13; n++) ids.push((await recordEvent(trx, event(t, n))).id);
      });
      const insert = deliveryStore.insert;
      let tried = 0;
      deliveryStore.insert = async () => {
        tried++;
        throw new Error('the store went away mid fan-out');
      };
      try {
        await t.services.dispatcher.round().catch(() => undefined);
      } finally {
        deliveryStore.insert = insert;
      }
      assert.ok(tried > 0, 'the round fanned out (and failed)');
      assert.equal(await eventsAwaitingFanOut(t.store.db), 3, 'the failed fan-out took nothing off the queue');
      assert.equal(receiver.received.length, 0);
      await t.services.dispatcher.drain(10_000);
      await receiver.waitFor(3);
      assert.deepEqual(receiver.received.map((r) => r.headers['webhook-id']).sort(), [...ids].sort());
      assert.equal(await eventsAwaitingFanOut(t.store.db), 0);
    });

    test('a test event from the dashboard is never queued: its one delivery is made with it', async () => {
      const before = await eventsAwaitingFanOut(t.store.db);
      const endpoint = (await t.get('/webhooks/endpoints')).json().data[0];
      await testEvents({ store: t.store, clock: t.clock }).send(t.businessId, endpoint.id);
      assert.equal(await eventsAwaitingFanOut(t.store.db), before);
    });

    if (dialect === 'postgres') {
      test('two processes fanning out at once take disjoint events (SKIP LOCKED), all of them, in order', async () => {
        await t.services.dispatcher.drain(10_000);
        await t.store.db.transaction().execute(async (trx) => {
          for (let n = 20; n < 30; n++) await recordEvent(trx, event(t, n));
        });
        let releaseFirst!: () => void;
        const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
        let firstTook!: (seqs: number[]) => void;
        const firstTaken = new Promise<number[]>((resolve) => (firstTook = resolve));
        const first = t.store.db.transaction().execute(async (trx) => {
          firstTook((await takeUnfanned(trx, 'postgres', 4)).map((e) => e.seq));
          await firstHolds;
        });
        const a = await firstTaken;
        const b = (await t.store.db.transaction().execute((trx) => takeUnfanned(trx, 'postgres', 100))).map((e) => e.seq);
        releaseFirst();
        await first;
        assert.equal(a.length, 4);
        assert.equal(b.length, 6);
        assert.deepEqual([...a].sort((x, y) => x - y), a, 'oldest first');
        assert.ok(Math.max(...a) < Math.min(...b), 'the second takes the ones after the first');
        assert.equal(await eventsAwaitingFanOut(t.store.db), 0);
      });
    }
  });

  describe(`migration 0023 queues the events an older Lunas had not fanned out [${dialect}]`, () => {
    let t: TestApp;
    let target: StoreTarget;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver('/hooks');
      target = await freshStoreTarget(dialect);
      await prepareStoreAt(dialect, target, '0022_webhook_undelivered_index', async (db) => {
        const row = (id: string, fannedOutAt: string | null) => ({ id, business_id: 'biz_old', type: 'payment_session.completed', subject_id: `ps_${id}`, payload: JSON.stringify({ id }), created: '2026-03-01T07:00:00.000Z', ordering_key: `ps_${id}`, fanned_out_at: fannedOutAt });
        await db.insertInto('events').values([row('evt_old_sent', '2026-03-01T07:00:01.000Z'), row('evt_old_waiting', null)]).execute();
      });
      t = await startTestApp(dialect, {}, target);
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    test('only the event still waiting is queued, the column is gone, and the waiting event is sent', async () => {
      const queued = await t.store.db.selectFrom('fan_out_queue').innerJoin('events', 'events.seq', 'fan_out_queue.seq').select('events.id').execute();
      assert.deepEqual(queued, [{ id: 'evt_old_waiting' }]);
      const columns = (await t.store.db.introspection.getTables()).find((table) => table.name === 'events')!.columns.map((c) => c.name);
      assert.ok(!columns.includes('fanned_out_at'), `events columns: ${columns.join(', ')}`);
      // The old events were recorded for a business of their own: move them to this one's, which has the endpoint.
      await t.store.db.updateTable('events').set({ business_id: t.businessId }).where('business_id', '=', 'biz_old').execute();
      await t.post('/webhooks/endpoints', { url: receiver.url });
      await t.services.dispatcher.drain(10_000);
      await receiver.waitFor(1);
      assert.deepEqual(receiver.received.map((r) => r.headers['webhook-id']), ['evt_old_waiting']);
      assert.equal(await eventsAwaitingFanOut(t.store.db), 0);
    });
  });
}
