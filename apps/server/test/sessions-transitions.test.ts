import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SESSION_TRANSITIONS, type SessionTransition } from '../src/modules/sessions/lifecycle.ts';
import type { TestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { attempt, card, createSession, eventTypesFor, getSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Walks the one table of session transitions (sessions/lifecycle.ts): each row is driven the
 * way a client drives it, and must end in its `to` status, record exactly its event, and close
 * the session's other open attempt as the row says. Then no row applies to a final session.
 */
const FINAL = ['COMPLETED', 'EXPIRED', 'CANCELED'] as const;

async function openVaAttempt(t: TestApp, sessionId: string): Promise<string> {
  const va = await attempt(t, sessionId, { channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'John Doe' } });
  assert.equal(va.status, 'REQUIRES_ACTION');
  return va.payment_request_id;
}

/** Drives one transition of an ACTIVE session through the public API and the clock. */
async function drive(t: TestApp, transition: SessionTransition, sessionId: string): Promise<number> {
  switch (transition.name) {
    case 'complete':
      // A frictionless test card: the attempt succeeds at once and completes the session.
      return (await t.post(`/sessions/${sessionId}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') })).statusCode;
    case 'expire':
      t.clock.advance(31 * 60_000);
      return (await t.get(`/sessions/${sessionId}`)).statusCode;
    case 'cancel':
      return (await t.post(`/sessions/${sessionId}/cancel`)).statusCode;
  }
}

for (const dialect of DIALECTS) {
  describe(`session transitions, from the one table [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('the table lists each move out of ACTIVE once, into each final status', () => {
      assert.deepEqual(SESSION_TRANSITIONS.map((row) => `${row.from}→${row.to}`).sort(), FINAL.map((to) => `ACTIVE→${to}`).sort());
    });

    for (const transition of SESSION_TRANSITIONS) {
      test(`${transition.name}: ${transition.from} → ${transition.to}, event ${transition.event ?? 'none'}, other attempts ${transition.otherAttempts}`, async () => {
        const session = await createSession(t, { reference_id: `transition-${transition.name}` });
        const id = session.payment_session_id as string;
        const other = await openVaAttempt(t, id);
        const status = await drive(t, transition, id);
        assert.ok(status < 300, `driving ${transition.name} answered ${status}`);
        assert.equal((await getSession(t, id)).status, transition.to);
        const sessionEvents = await eventTypesFor(t, id);
        assert.deepEqual(sessionEvents.filter((type) => type.startsWith('payment_session.')), transition.event ? [transition.event] : []);
        assert.equal((await t.get(`/v3/payment_requests/${other}`)).json().status, transition.otherAttempts);
      });
    }

    for (const final of FINAL) {
      test(`a ${final} session moves no further: every row of the table is refused`, async () => {
        const session = await createSession(t, { reference_id: `final-${final}` });
        const id = session.payment_session_id as string;
        await drive(t, SESSION_TRANSITIONS.find((row) => row.to === final)!, id);
        assert.equal((await getSession(t, id)).status, final);
        const eventsBefore = await eventTypesFor(t, id);
        for (const transition of SESSION_TRANSITIONS) await drive(t, transition, id);
        assert.equal((await getSession(t, id)).status, final);
        assert.deepEqual(await eventTypesFor(t, id), eventsBefore);
      });
    }
  });
}
