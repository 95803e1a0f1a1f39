import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { attempt, card, createSession, decide, eventsOfType, eventTypesFor, getSession, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

const countWhere = async (t: TestApp, table: 'payments' | 'events', column: string, value: string) => {
  const row = await t.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column as never, '=', value as never)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

for (const dialect of DIALECTS) {
  describe(`payment invariants under races [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('50 racing attempts: at most one successful payment, one completion, one payment_session.completed', async () => {
      const session = await createSession(t);
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') })),
      );
      const succeeded = responses.filter((r) => r.statusCode === 201 && r.json().status === 'SUCCEEDED');
      assert.equal(succeeded.length, 1, responses.map((r) => `${r.statusCode}`).join(','));
      for (const r of responses.filter((x) => x.statusCode !== 201)) {
        assert.equal(r.statusCode, 422, r.body);
        assert.equal(r.json().message, 'Session status is COMPLETED, expecting ACTIVE');
      }
      const done = await getSession(t, session.payment_session_id);
      assert.equal(done.payment_request_id, succeeded[0]!.json().payment_request_id);
      const successful = await t.store.db
        .selectFrom('payments')
        .innerJoin('payment_requests', 'payment_requests.id', 'payments.payment_request_id')
        .select('payments.id')
        .where('payment_requests.session_id', '=', session.payment_session_id)
        .where('payments.status', '=', 'SUCCEEDED')
        .execute();
      assert.equal(successful.length, 1);
      assert.equal((await eventsOfType(t, 'payment_session.completed')).filter((e) => e.subject_id === session.payment_session_id).length, 1);
    });

    test('several open 3DS attempts approved at once: one pays, the others are canceled and pay nothing', async () => {
      const session = await createSession(t);
      const open: Record<string, any>[] = [];
      for (let i = 0; i < 8; i++) open.push(await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000002503') }));
      const answers = await Promise.all(open.map((pr) => decide(t, webUrl(pr), { decision: 'approve', otp: '123456' })));
      for (const a of answers) assert.ok(a.statusCode < 500, a.body);
      const statuses = await Promise.all(open.map(async (pr) => (await t.get(`/v3/payment_requests/${pr.payment_request_id}`)).json().status));
      assert.equal(statuses.filter((s) => s === 'SUCCEEDED').length, 1, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 'CANCELED').length, 7, statuses.join(','));
      assert.equal((await eventsOfType(t, 'payment.capture')).filter((e) => open.some((pr) => pr.payment_request_id === e.data.payment_request_id)).length, 1);
      assert.equal((await eventsOfType(t, 'payment_session.completed')).filter((e) => e.subject_id === session.payment_session_id).length, 1);
    });

    test('a 3DS answer or a simulate arriving twice changes nothing the second time', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      await Promise.all([decide(t, webUrl(pr), { decision: 'approve', otp: '123456' }), decide(t, webUrl(pr), { decision: 'approve', otp: '123456' })]);
      await decide(t, webUrl(pr), { decision: 'decline' });
      const done = await getSession(t, session.payment_session_id);
      assert.equal(await countWhere(t, 'payments', 'payment_request_id', pr.payment_request_id), 1);
      assert.deepEqual(await eventTypesFor(t, done.payment_id, session.payment_session_id), ['payment.capture', 'payment_session.completed']);

      const vaSession = await createSession(t);
      const va = await attempt(t, vaSession.payment_session_id, { channel_code: 'MANDIRI_VIRTUAL_ACCOUNT' });
      await Promise.all([t.post(`/v3/payment_requests/${va.payment_request_id}/simulate`, {}), t.post(`/v3/payment_requests/${va.payment_request_id}/simulate`, {})]);
      await Promise.all([t.services.tasks.runDue(), t.services.tasks.runDue()]);
      await t.services.payments.runSettlement(va.payment_request_id, 10000);
      assert.equal(await countWhere(t, 'payments', 'payment_request_id', va.payment_request_id), 1);
      assert.equal((await eventsOfType(t, 'payment_session.completed')).filter((e) => e.subject_id === vaSession.payment_session_id).length, 1);
    });

    test('a canceled or expired session accepts no new attempt, and its open attempts can no longer pay', async () => {
      const canceled = await createSession(t);
      const pending = await attempt(t, canceled.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      await t.post(`/sessions/${canceled.payment_session_id}/cancel`);
      const refused = await t.post(`/sessions/${canceled.payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().message, 'Session status is CANCELED, expecting ACTIVE');
      await decide(t, webUrl(pending), { decision: 'approve', otp: '123456' });
      assert.equal((await t.get(`/v3/payment_requests/${pending.payment_request_id}`)).json().status, 'CANCELED');
      assert.equal((await getSession(t, canceled.payment_session_id)).status, 'CANCELED');

      const expiring = await createSession(t);
      const va = await attempt(t, expiring.payment_session_id, { channel_code: 'BRI_VIRTUAL_ACCOUNT' });
      t.clock.advance(30 * 60 * 1000);
      const late = await t.post(`/sessions/${expiring.payment_session_id}/payment_requests`, { channel_code: 'QRIS' });
      assert.equal(late.json().message, 'Session status is EXPIRED, expecting ACTIVE');
      assert.equal((await t.get(`/v3/payment_requests/${va.payment_request_id}`)).json().status, 'EXPIRED');
      assert.deepEqual(await eventTypesFor(t, va.payment_request_id, expiring.payment_session_id), ['payment_request.expiry', 'payment_session.expired']);
      assert.equal((await t.post(`/v3/payment_requests/${va.payment_request_id}/simulate`, {})).json().error_code, 'INACTIVE_PAYMENT_REQUEST');
    });

    test('expiry racing a payment ends in one consistent state: a confirmation after expires_at never completes the session', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      t.clock.advance(30 * 60 * 1000); // due, but nobody has read or swept it yet
      const [answer] = await Promise.all([decide(t, webUrl(pr), { decision: 'approve', otp: '123456' }), t.services.sessions.sweepExpired()]);
      assert.ok(answer.statusCode < 500);
      const final = await getSession(t, session.payment_session_id);
      assert.equal(final.status, 'EXPIRED');
      assert.equal('payment_id' in final, false);
      const status = (await t.get(`/v3/payment_requests/${pr.payment_request_id}`)).json().status;
      assert.ok(status === 'EXPIRED' || status === 'CANCELED', status);
      assert.equal(await countWhere(t, 'payments', 'payment_request_id', pr.payment_request_id), 0);
      assert.deepEqual((await eventTypesFor(t, session.payment_session_id)), ['payment_session.expired']);

      // Just before expiry, the payment wins and expiry finds nothing to do.
      const winner = await createSession(t);
      const paying = await attempt(t, winner.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      t.clock.advance(30 * 60 * 1000 - 1);
      await decide(t, webUrl(paying), { decision: 'approve', otp: '123456' });
      t.clock.advance(1);
      await t.services.sessions.sweepExpired();
      assert.equal((await getSession(t, winner.payment_session_id)).status, 'COMPLETED');
      assert.deepEqual(await eventTypesFor(t, winner.payment_session_id), ['payment_session.completed']);
    });
  });
}
