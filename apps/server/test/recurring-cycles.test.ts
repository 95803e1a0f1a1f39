import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { subscribeAllGroupEndpoints } from '../src/db/migrations/0018_recurring_plans.ts';
import { startTwoApps, workerTick, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/stores.ts';
import { advance, businessNow, chargesOf, cyclesOf, subscribe } from './helpers/subscriptions.ts';
import { appWithReceiverPerSuite } from './helpers/suite-app.ts';

/**
 * Cycles on the business's test clock (docs/testing.md "Subscriptions"): a month advanced is
 * the next cycle charged at once, through the saved token and the simulated acquirer, with
 * retries and failed_cycle_action applied, Xendit's recurring.* webhooks signed as ever, and
 * exactly one charge per cycle attempt, also with two processes on one store.
 */
const DAY = 86_400;
/** Xendit's test amount that a card declines with INSUFFICIENT_BALANCE (docs/testing.md). */
const DECLINED = 10054;

const setAmount = (t: TestApp, planId: string, cycleId: string, amount: number) =>
  t.request({ method: 'PATCH', url: `/recurring/plans/${planId}/cycles/${cycleId}`, payload: { amount } });

for (const dialect of DIALECTS) {
  describe(`recurring cycles [${dialect}]`, () => {
    const { t, receiver } = appWithReceiverPerSuite(dialect, { realTime: true });

    test('three cycles over three months, the second failing then retried: one charge per cycle, every event delivered once and signed', async () => {
      const session = await subscribe(t, { subscription: { schedule: { anchor_date: await businessNow(t, 3_600_000), interval: 'MONTH', interval_count: 1, total_retry: 2 } } });
      const planId = session.recurring_plan_id as string;
      const tokenId = session.payment_token_id as string;

      // Cycle 1 at the anchor, an hour away.
      await advance(t, 2 * 3600);
      await workerTick(t);
      let cycles = await cyclesOf(t, planId);
      assert.deepEqual(cycles.map((c) => [c.cycle_number, c.status, c.attempt_count]), [[1, 'SUCCEEDED', 1], [2, 'SCHEDULED', 0]]);
      assert.equal(cycles[0]!.attempt_details[0].status, 'SUCCEEDED');
      const payment = (await t.get(`/v3/payments/${cycles[0]!.attempt_details[0].payment_id}`)).json();
      assert.deepEqual([payment.status, payment.payment_token_id, payment.request_amount ?? payment.amount], ['SUCCEEDED', tokenId, 10000]);

      // Cycle 2: its amount is one the card declines, so the first attempt fails and is retried a day later.
      assert.equal((await setAmount(t, planId, cycles[1]!.id, DECLINED)).statusCode, 200);
      await advance(t, 32 * DAY);
      await workerTick(t);
      cycles = await cyclesOf(t, planId);
      assert.deepEqual(cycles.map((c) => [c.cycle_number, c.status, c.attempt_count]), [[1, 'SUCCEEDED', 1], [2, 'RETRYING', 1]]);
      assert.equal(cycles[1]!.attempt_details[0].failure_code, 'INSUFFICIENT_BALANCE');
      await workerTick(t);
      assert.equal((await cyclesOf(t, planId))[1]!.attempt_count, 1, 'not retried before retry_interval');

      assert.equal((await setAmount(t, planId, cycles[1]!.id, 10000)).statusCode, 200);
      await advance(t, DAY + 60);
      await workerTick(t);
      cycles = await cyclesOf(t, planId);
      assert.deepEqual(cycles.map((c) => [c.cycle_number, c.status, c.attempt_count]), [[1, 'SUCCEEDED', 1], [2, 'SUCCEEDED', 2], [3, 'SCHEDULED', 0]]);

      // Cycle 3, a month on.
      await advance(t, 31 * DAY);
      await workerTick(t);
      await workerTick(t);
      cycles = await cyclesOf(t, planId);
      assert.deepEqual(cycles.map((c) => [c.cycle_number, c.status]), [[1, 'SUCCEEDED'], [2, 'SUCCEEDED'], [3, 'SUCCEEDED'], [4, 'SCHEDULED']]);
      const anchor = (await t.get(`/recurring/plans/${planId}`)).json().schedule.anchor_date as string;
      const months = cycles.map((c) => new Date(c.scheduled_timestamp).getUTCMonth());
      assert.deepEqual(months.map((m) => (m - new Date(anchor).getUTCMonth() + 12) % 12), [0, 1, 2, 3], 'one month apart from the anchor');
      assert.deepEqual(await chargesOf(t, tokenId), { SUCCEEDED: 3, FAILED: 1 }, 'three charges and one declined attempt');

      await t.services.dispatcher.drain();
      const got = receiver.received.filter((r) => r.json.event.startsWith('recurring.') && (r.json.data.plan_id === planId || r.json.data.id === planId));
      assert.deepEqual(
        got.map((r) => `${r.json.event}${r.json.data.cycle_number ? ` #${r.json.data.cycle_number}` : ''}`),
        ['recurring.plan.activated', 'recurring.cycle.created #1', 'recurring.cycle.succeeded #1', 'recurring.cycle.created #2', 'recurring.cycle.retrying #2', 'recurring.cycle.succeeded #2', 'recurring.cycle.created #3', 'recurring.cycle.succeeded #3', 'recurring.cycle.created #4'],
      );
      assert.equal(new Set(got.map((r) => r.headers['webhook-id'])).size, got.length, 'each event delivered once');
      const secret = (await t.get('/webhooks/endpoints')).json().data[0].signing_secret as string;
      for (const r of got) {
        new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
        assert.deepEqual(Object.keys(r.json), ['event', 'business_id', 'created', 'data'], "the Recurring API's envelope: no api_version");
        assert.equal(r.json.business_id, t.businessId);
      }
      const retrying = got.find((r) => r.json.event === 'recurring.cycle.retrying')!.json.data;
      assert.deepEqual([retrying.status, retrying.plan_id, retrying.amount, retrying.attempt_details[0].failure_code], ['RETRYING', planId, DECLINED, 'INSUFFICIENT_BALANCE']);
    });

    test('retries run out: the cycle FAILED; RESUME goes on to the next cycle, STOP inactivates the plan', async () => {
      for (const action of ['RESUME', 'STOP'] as const) {
        const session = await subscribe(t, { amount: DECLINED, subscription: { schedule: { anchor_date: await businessNow(t, 3_600_000), interval: 'WEEK', interval_count: 1, total_retry: 1, retry_interval: 'DAY', retry_interval_count: 2 }, failed_cycle_action: action } });
        const planId = session.recurring_plan_id as string;
        await advance(t, 2 * 3600);
        await workerTick(t);
        assert.equal((await cyclesOf(t, planId))[0]!.status, 'RETRYING');
        await advance(t, DAY);
        await workerTick(t);
        assert.equal((await cyclesOf(t, planId))[0]!.attempt_count, 1, 'retry_interval_count 2: not yet');
        await advance(t, DAY + 60);
        await workerTick(t);
        const cycles = await cyclesOf(t, planId);
        const plan = (await t.get(`/recurring/plans/${planId}`)).json();
        assert.deepEqual([cycles[0]!.status, cycles[0]!.attempt_count], ['FAILED', 2]);
        if (action === 'RESUME') {
          assert.equal(plan.status, 'ACTIVE');
          assert.deepEqual(cycles.map((c) => c.status), ['FAILED', 'SCHEDULED']);
        } else {
          assert.equal(plan.status, 'INACTIVE');
          assert.deepEqual(cycles.map((c) => c.status), ['FAILED']);
        }
        assert.deepEqual(await chargesOf(t, session.payment_token_id), { FAILED: 2 });
      }
    });

    test('total_recurrence: the plan ends INACTIVE after its last cycle', async () => {
      const session = await subscribe(t, { subscription: { schedule: { anchor_date: await businessNow(t, 3_600_000), interval: 'DAY', interval_count: 1, total_recurrence: 2 } } });
      await advance(t, 2 * DAY);
      await workerTick(t);
      assert.deepEqual((await cyclesOf(t, session.recurring_plan_id)).map((c) => c.status), ['SUCCEEDED', 'SUCCEEDED']);
      assert.equal((await t.get(`/recurring/plans/${session.recurring_plan_id}`)).json().status, 'INACTIVE');
      await advance(t, 3 * DAY);
      await workerTick(t);
      assert.deepEqual(await chargesOf(t, session.payment_token_id), { SUCCEEDED: 2 });
    });

    test('total_recurrence with an immediate payment: the IMMEDIATE cycle 1 is not one of the schedule\'s, which makes cycles 2 and 3 then ends', async () => {
      const anchor = await businessNow(t, 3_600_000);
      const session = await subscribe(t, { subscription: { schedule: { anchor_date: anchor, interval: 'DAY', interval_count: 1, total_recurrence: 2 }, immediate_payment: true } });
      const planId = session.recurring_plan_id as string;
      // The immediate payment is the worker's durable task; the plan is ACTIVE once it succeeded.
      for (let i = 0; i < 50 && (await t.get(`/recurring/plans/${planId}`)).json().status !== 'ACTIVE'; i++) {
        await workerTick(t);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await advance(t, 3 * DAY);
      await workerTick(t);
      const cycles = await cyclesOf(t, planId);
      assert.deepEqual(cycles.map((c) => [c.cycle_number, c.type, c.status]), [[1, 'IMMEDIATE', 'SUCCEEDED'], [2, 'SCHEDULED', 'SUCCEEDED'], [3, 'SCHEDULED', 'SUCCEEDED']]);
      assert.equal(Date.parse(cycles[2]!.scheduled_timestamp) - Date.parse(cycles[1]!.scheduled_timestamp), DAY * 1000, 'the schedule\'s 2nd cycle, a day after its 1st');
      assert.equal((await t.get(`/recurring/plans/${planId}`)).json().status, 'INACTIVE');
    });

    test('migration 0018: an endpoint that had every group gets recurring; one with chosen groups keeps them', async () => {
      const old = ['session_completed', 'session_expired', 'payment_status', 'payment_token_status', 'payment_request_status', 'refund'];
      const all = (await t.post('/webhooks/endpoints', { url: 'https://hooks.example.com/all' })).json();
      const chosen = (await t.post('/webhooks/endpoints', { url: 'https://hooks.example.com/chosen', event_groups: ['refund'] })).json();
      assert.ok(all.event_groups.includes('recurring'), 'a new endpoint gets every group');
      await t.store.db.updateTable('webhook_endpoints').set({ event_groups: JSON.stringify(old) }).where('id', '=', all.id).execute();
      await subscribeAllGroupEndpoints(t.store.db);
      assert.deepEqual((await t.get(`/webhooks/endpoints/${all.id}`)).json().event_groups, [...old, 'recurring']);
      assert.deepEqual((await t.get(`/webhooks/endpoints/${chosen.id}`)).json().event_groups, ['refund']);
      for (const id of [all.id, chosen.id]) await t.request({ method: 'DELETE', url: `/webhooks/endpoints/${id}` });
    });

    test('a canceled token: the attempt fails without a charge (INVALID_TOKEN)', async () => {
      const session = await subscribe(t);
      assert.equal((await t.post(`/v3/payment_tokens/${session.payment_token_id}/cancel`)).statusCode, 200);
      await advance(t, 2 * 3600);
      await workerTick(t);
      const [cycle] = await cyclesOf(t, session.recurring_plan_id);
      assert.deepEqual([cycle!.status, cycle!.attempt_details[0].failure_code, cycle!.attempt_details[0].action_id], ['FAILED', 'INVALID_TOKEN', null]);
      assert.deepEqual(await chargesOf(t, session.payment_token_id), {});
    });
  });

  // Several processes share one PostgreSQL; SQLite is one process's store.
  if (dialect === 'postgres') describe(`recurring cycles, two processes on one PostgreSQL`, () => {
    let pair: Awaited<ReturnType<typeof startTwoApps>>;
    before(async () => {
      pair = await startTwoApps(dialect);
    });
    after(async () => pair.close());

    test('both workers run every due cycle at once, many times: each cycle is charged exactly once', async () => {
      const { a, b } = pair;
      const sessions = [];
      for (let i = 0; i < 6; i++) sessions.push(await subscribe(a, { subscription: { schedule: { anchor_date: await businessNow(a, 3_600_000), interval: 'DAY', interval_count: 1 } } }));
      await advance(a, 2 * DAY + 3600);
      // Both processes sweep the same due cycles concurrently, again and again.
      await Promise.all([a, b, a, b].map((t) => t.services.testClock.runAs(t.businessId, () => t.services.cycles.runDue(t.businessId))));
      for (const session of sessions) {
        const cycles = await cyclesOf(a, session.recurring_plan_id);
        assert.deepEqual(cycles.map((c) => [c.cycle_number, c.status, c.attempt_count]), [[1, 'SUCCEEDED', 1], [2, 'SUCCEEDED', 1], [3, 'SUCCEEDED', 1], [4, 'SCHEDULED', 0]]);
        assert.deepEqual(await chargesOf(a, session.payment_token_id), { SUCCEEDED: 3 });
        const succeeded = await a.store.db.selectFrom('events').select('id').where('type', '=', 'recurring.cycle.succeeded').where('ordering_key', '=', session.recurring_plan_id).execute();
        assert.equal(succeeded.length, 3, 'one recurring.cycle.succeeded per cycle');
      }
    });
  });
}
