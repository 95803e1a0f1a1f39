import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { m0008_capture_event_session_key } from '../src/db/migrations/0008_capture_event_session_key.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { attempt, card, createSession, getSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Issue 12: the events of a session's payment after the session completed (a capture, an
 * authorisation lapsing) carry the session as their ordering key, like the payment's first
 * events: GET /events?object_id=<session> finds them, and their webhooks keep the session's order.
 */
const types = (events: { event: string }[]) => events.map((e) => e.event).reverse();

for (const dialect of DIALECTS) {
  describe(`payment events after authorisation belong to their session [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    async function authorised(): Promise<{ sessionId: string; paymentId: string }> {
      const session = await createSession(t, { capture_method: 'MANUAL' });
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      assert.equal(pr.status, 'AUTHORIZED');
      return { sessionId: session.payment_session_id, paymentId: (await getSession(t, session.payment_session_id)).payment_id };
    }

    test('a MANUAL capture: GET /events?object_id=<session> includes payment.capture', async () => {
      const { sessionId, paymentId } = await authorised();
      const captured = await t.post(`/v3/payments/${paymentId}/capture`, { capture_amount: 10000 });
      assert.equal(captured.statusCode, 200, captured.body);
      const events = (await t.get(`/events?object_id=${sessionId}`)).json().data;
      assert.deepEqual(types(events), ['payment.authorization', 'payment_session.completed', 'payment.capture']);
      const row = await t.store.db.selectFrom('events').select('ordering_key').where('type', '=', 'payment.capture').where('subject_id', '=', paymentId).executeTakeFirstOrThrow();
      assert.equal(row.ordering_key, sessionId);
    });

    test('an authorisation left to lapse: payment.expiry is found by the session too', async () => {
      const { sessionId } = await authorised();
      t.clock.advance(7 * 24 * 60 * 60 * 1000);
      await t.services.payments.sweepExpired();
      const events = (await t.get(`/events?object_id=${sessionId}`)).json().data;
      assert.deepEqual(types(events), ['payment.authorization', 'payment_session.completed', 'payment.expiry']);
    });

    test('migration 0008 gives events recorded before the fix their session key, and leaves the rest alone', async () => {
      const { sessionId, paymentId } = await authorised();
      await t.post(`/v3/payments/${paymentId}/capture`, { capture_amount: 10000 });
      // As an older Lunas recorded them: keyed by the payment.
      await t.store.db.updateTable('events').set({ ordering_key: paymentId }).where('subject_id', '=', paymentId).where('type', '=', 'payment.capture').execute();
      const keysBefore = await t.store.db.selectFrom('events').select(['id', 'ordering_key']).where('type', '!=', 'payment.capture').orderBy('seq').execute();
      await m0008_capture_event_session_key().up(t.store.db);
      const events = (await t.get(`/events?object_id=${sessionId}`)).json().data;
      assert.deepEqual(types(events), ['payment.authorization', 'payment_session.completed', 'payment.capture']);
      const keysAfter = await t.store.db.selectFrom('events').select(['id', 'ordering_key']).where('type', '!=', 'payment.capture').orderBy('seq').execute();
      assert.deepEqual(keysAfter, keysBefore);
    });
  });
}
