import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { attempt, card, createSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Issue 19: the API wakes the webhook dispatcher only after a request that recorded events.
 * A wake costs a dispatcher round on the store the API shares (SQLite: its one connection),
 * so `lunas start` (API and worker in one process) must not pay one per POST /sessions,
 * which records no event; a request that does record one must still wake it at once.
 */
for (const dialect of DIALECTS) {
  describe(`waking the webhook dispatcher [${dialect}]`, () => {
    let t: TestApp;
    let kicks = 0;
    before(async () => {
      t = await startTestApp(dialect);
      // The onSend hook calls `dispatcher.kick()` through the object: count the calls.
      t.services.dispatcher.kick = () => void kicks++;
    });
    after(() => t.close());

    test('creating, reading and cancelling sessions (no event) wake it never; a card payment (its events) wakes it', async () => {
      const sessions = [];
      for (let i = 0; i < 5; i++) sessions.push(await createSession(t, { reference_id: `wake-${i}` }));
      assert.equal((await t.get(`/sessions/${sessions[0]!.payment_session_id}`)).statusCode, 200);
      assert.equal(kicks, 0, 'no wake for requests that recorded no event');

      const cancelled = await t.post(`/sessions/${sessions[1]!.payment_session_id}/cancel`, {});
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(kicks, 0, 'a cancellation records no event: no wake');

      const paid = await attempt(t, sessions[0]!.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000000002', '123') });
      assert.equal(paid.status, 'SUCCEEDED');
      const events = await t.store.db.selectFrom('events').select('type').where('subject_id', 'in', [sessions[0]!.payment_session_id, paid.payment_request_id]).execute();
      assert.ok(events.length > 0, 'the payment recorded events');
      assert.equal(kicks, 1, 'one wake for the request that recorded them');
    });
  });
}
