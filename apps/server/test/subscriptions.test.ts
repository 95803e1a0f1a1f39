import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addIntervals, normalizeAnchor, scheduledAt, type Schedule } from '../src/modules/recurring/schedule.ts';
import { countRows, workerTick } from './helpers/app.ts';
import { eventTypesFor } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { advance, businessNow, chargesOf, cyclesOf, demoSubscription, subscribe } from './helpers/subscriptions.ts';

/**
 * SUBSCRIPTION sessions and the recurring plans behind them (docs/compatibility.md
 * "Subscriptions"): Xendit's validation and defaults, the Recurring API's reads and
 * deactivation, the plan's statuses, and the immediate payment.
 */
test('schedule arithmetic: a normalised anchor is on the 1st–28th, and MONTH cycles keep its day and time, one month apart', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), (at, count, n) => {
      const anchor = normalizeAnchor(at.toISOString());
      const day = new Date(anchor).getUTCDate();
      assert.ok(day >= 1 && day <= 28);
      assert.ok(Date.parse(anchor) >= at.getTime(), 'an anchor only ever moves later');
      const schedule = { anchor_date: anchor, interval: 'MONTH', interval_count: count } as Schedule;
      const nth = new Date(scheduledAt(schedule, n));
      assert.equal(nth.getUTCDate(), day);
      assert.equal(nth.toISOString().slice(10), anchor.slice(10));
      const months = (nth.getUTCFullYear() - new Date(anchor).getUTCFullYear()) * 12 + nth.getUTCMonth() - new Date(anchor).getUTCMonth();
      assert.equal(months, count * (n - 1));
      assert.equal(Date.parse(addIntervals(anchor, 'WEEK', n)) - Date.parse(anchor), n * 7 * 86_400_000);
    }),
  );
});

for (const dialect of DIALECTS) {
  describe(`SUBSCRIPTION sessions [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test("Xendit's demo payload, unmodified, in both modes: 201 with recurring_plan_id, the subscription echo and its defaults, no capture_method", async () => {
      for (const mode of ['COMPONENTS', 'PAYMENT_LINK']) {
        const anchor = await businessNow(t, 3_600_000);
        const payload = demoSubscription(anchor, mode === 'PAYMENT_LINK' ? { mode, components_configuration: undefined } : {});
        const res = await t.post('/sessions', payload);
        assert.equal(res.statusCode, 201, res.body);
        const session = res.json();
        assert.match(session.recurring_plan_id, /^repl_[0-9a-f-]{36}$/);
        assert.equal(session.session_type, 'SUBSCRIPTION');
        assert.equal('capture_method' in session, false);
        assert.equal(session.allow_save_payment_method, 'DISABLED');
        assert.deepEqual(session.subscription, { schedule: { anchor_date: anchor, interval: 'MONTH', interval_count: 1 }, failed_cycle_action: 'RESUME', immediate_payment: false });
        assert.equal(mode === 'PAYMENT_LINK' ? typeof session.payment_link_url : typeof session.components_sdk_key, 'string');
        assert.deepEqual((await t.get(`/sessions/${session.payment_session_id}`)).json(), session, 'GET answers the same');

        const plan = (await t.get(`/recurring/plans/${session.recurring_plan_id}`)).json();
        assert.equal(plan.status, 'PENDING');
        assert.equal(plan.customer_id, session.customer_id);
        assert.equal(plan.amount, 10000);
        assert.equal(plan.currency, 'IDR');
        assert.equal(plan.recurring_action, 'PAYMENT');
        assert.deepEqual(plan.payment_methods, []);
        assert.equal(plan.immediate_action_type, null);
        assert.equal(plan.failed_cycle_action, 'RESUME');
        assert.match(plan.schedule.id, /^resc_[0-9a-f-]{36}$/);
        assert.equal(plan.schedule_id, plan.schedule.id);
        const { id, created, updated, anchor_date, ...schedule } = plan.schedule;
        assert.deepEqual(schedule, { reference_id: session.reference_id, interval: 'MONTH', interval_count: 1, total_recurrence: null, retry_interval: 'DAY', retry_interval_count: 1, total_retry: null, failed_attempt_notifications: [] });
        assert.equal(new Date(anchor).getUTCDate() <= 28 ? anchor_date : anchor_date.slice(8, 10), new Date(anchor).getUTCDate() <= 28 ? anchor : '01');
        assert.deepEqual(await cyclesOf(t, plan.id), []);
      }
    });

    test('an anchor on the 29th–31st moves to the 1st of the next month', async () => {
      const res = await t.post('/sessions', demoSubscription(await businessNow(t, 3_600_000), { subscription: { schedule: { anchor_date: '2031-01-30T08:00:00Z', interval: 'MONTH', interval_count: 1 } } }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await t.get(`/recurring/plans/${res.json().recurring_plan_id}`)).json().schedule.anchor_date, '2031-02-01T08:00:00.000Z');
    });

    test('GET /sessions filters by session_type SUBSCRIPTION: the subscription session is listed, and not under PAY', async () => {
      const session = (await t.post('/sessions', demoSubscription(await businessNow(t, 3_600_000)))).json();
      const res = await t.get('/sessions?session_type=SUBSCRIPTION&limit=100');
      assert.equal(res.statusCode, 200, res.body);
      const listed = res.json().data as { payment_session_id: string; session_type: string }[];
      assert.ok(listed.some((s) => s.payment_session_id === session.payment_session_id));
      assert.deepEqual([...new Set(listed.map((s) => s.session_type))], ['SUBSCRIPTION']);
      const pay = (await t.get('/sessions?session_type=PAY&limit=100')).json().data as { payment_session_id: string }[];
      assert.equal(pay.some((s) => s.payment_session_id === session.payment_session_id), false);
    });

    test("Xendit's validation: each refusal is Xendit-shaped and writes nothing", async () => {
      const anchor = await businessNow(t, 3_600_000);
      const schedule = { anchor_date: anchor, interval: 'MONTH', interval_count: 1 };
      const cases: [Record<string, unknown>, number, string][] = [
        [{ subscription: undefined }, 400, 'API_VALIDATION_ERROR'],
        [{ subscription: null }, 400, 'API_VALIDATION_ERROR'],
        [{ subscription: { schedule: { interval: 'MONTH', interval_count: 1 } } }, 400, 'API_VALIDATION_ERROR'],
        [{ subscription: { schedule: { ...schedule, interval: 'YEAR' } } }, 400, 'API_VALIDATION_ERROR'],
        [{ subscription: { schedule: { ...schedule, interval_count: 0 } } }, 400, 'API_VALIDATION_ERROR'],
        [{ subscription: { schedule, failed_cycle_action: 'PAUSE' } }, 400, 'API_VALIDATION_ERROR'],
        [{ subscription: { schedule: { ...schedule, total_retry: 1, failed_attempt_notifications: [2] } } }, 400, 'API_VALIDATION_ERROR'],
        [{ subscription: { schedule: { ...schedule, failed_attempt_notifications: [1] } } }, 400, 'API_VALIDATION_ERROR'],
        [{ capture_method: 'AUTOMATIC' }, 400, 'DISALLOWED_CAPTURE_METHOD'],
        [{ amount: 0 }, 400, 'INVALID_AMOUNT'],
        [{ customer: undefined }, 400, 'MISSING_CUSTOMER'],
        [{ session_type: 'PAY' }, 400, 'API_VALIDATION_ERROR'],
        [{ session_type: 'SAVE', amount: 0, items: [] }, 400, 'API_VALIDATION_ERROR'],
      ];
      const before = await countRows(t);
      for (const [changes, status, code] of cases) {
        const res = await t.post('/sessions', demoSubscription(anchor, changes));
        assert.equal(res.statusCode, status, `${JSON.stringify(changes)}: ${res.body}`);
        assert.equal(res.json().error_code, code, JSON.stringify(changes));
        assert.equal(typeof res.json().message, 'string');
      }
      assert.deepEqual(await countRows(t), before);
      assert.equal((await t.store.db.selectFrom('recurring_plans').select('id').execute()).length >= 0, true);
    });

    test('any subscription object: 201 with a plan, or a Xendit-shaped 400 that writes nothing; never a 500 (fast-check)', async () => {
      const anchor = await businessNow(t, 3_600_000);
      const interval = fc.oneof(fc.constantFrom('DAY', 'WEEK', 'MONTH'), fc.string({ maxLength: 6 }));
      const count = fc.oneof(fc.integer({ min: -2, max: 30 }), fc.double(), fc.constant('1'));
      const schedule = fc.record(
        {
          interval,
          interval_count: count,
          anchor_date: fc.oneof(fc.constant(anchor), fc.constant('2031-05-31T10:00:00+07:00'), fc.string({ maxLength: 12 })),
          total_recurrence: count,
          retry_interval: interval,
          retry_interval_count: count,
          total_retry: count,
          failed_attempt_notifications: fc.array(fc.integer({ min: -1, max: 5 }), { maxLength: 4 }),
        },
        { requiredKeys: [] },
      );
      const subscription = fc.record({ schedule, failed_cycle_action: fc.constantFrom('RESUME', 'STOP', 'PAUSE'), immediate_payment: fc.oneof(fc.boolean(), fc.constant('yes')), payment_link_for_failed_attempt: fc.boolean() }, { requiredKeys: ['schedule'] });
      await fc.assert(
        fc.asyncProperty(subscription, async (sub) => {
          const before = await countRows(t);
          const res = await t.post('/sessions', demoSubscription(anchor, { subscription: sub }));
          assert.ok(res.statusCode === 201 || res.statusCode === 400, res.body);
          if (res.statusCode === 400) {
            assert.equal(res.json().error_code, 'API_VALIDATION_ERROR', res.body);
            assert.deepEqual(await countRows(t), before);
            return;
          }
          const plan = (await t.get(`/recurring/plans/${res.json().recurring_plan_id}`)).json();
          assert.equal(plan.status, 'PENDING');
          assert.ok(new Date(plan.schedule.anchor_date).getUTCDate() <= 28);
          assert.equal(plan.failed_cycle_action, sub.failed_cycle_action ?? 'RESUME');
        }),
        { numRuns: 60 },
      );
    });

    test('linking a card completes the session with payment_token_id and activates the plan; its first cycle is scheduled at the anchor', async () => {
      const session = await subscribe(t);
      assert.equal(session.status, 'COMPLETED');
      assert.match(session.payment_token_id, /^pt-/);
      assert.equal('payment_request_id' in session, false);
      const plan = (await t.get(`/recurring/plans/${session.recurring_plan_id}`)).json();
      assert.equal(plan.status, 'ACTIVE');
      assert.deepEqual(plan.payment_methods, [{ payment_method_id: session.payment_token_id, rank: 1 }]);
      const [cycle, ...more] = await cyclesOf(t, plan.id);
      assert.equal(more.length, 0);
      assert.match(cycle!.id, /^recy_[0-9a-f-]{36}$/);
      assert.deepEqual([cycle!.type, cycle!.status, cycle!.cycle_number, cycle!.attempt_count, cycle!.amount, cycle!.scheduled_timestamp], ['SCHEDULED', 'SCHEDULED', 1, 0, 10000, plan.schedule.anchor_date]);
      assert.deepEqual((await t.get(`/recurring/plans/${plan.id}/cycles/${cycle!.id}`)).json(), cycle);
      assert.deepEqual(await eventTypesFor(t, session.payment_token_id, session.payment_session_id, plan.id, cycle!.id), ['payment_token.activation', 'payment_session.completed', 'recurring.plan.activated', 'recurring.cycle.created']);
    });

    test('deactivate: INACTIVE, open cycles CANCELLED, one recurring.plan.inactivated; again answers INACTIVE and records nothing', async () => {
      const session = await subscribe(t);
      const planId = session.recurring_plan_id;
      const first = await t.post(`/recurring/plans/${planId}/deactivate`);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().status, 'INACTIVE');
      assert.deepEqual((await cyclesOf(t, planId)).map((c) => c.status), ['CANCELLED']);
      const again = await t.post(`/recurring/plans/${planId}/deactivate`);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().status, 'INACTIVE');
      assert.deepEqual((await eventTypesFor(t, planId)).filter((e) => e === 'recurring.plan.inactivated'), ['recurring.plan.inactivated']);
      await advance(t, 2 * 3600);
      await workerTick(t);
      assert.deepEqual((await cyclesOf(t, planId)).map((c) => c.status), ['CANCELLED'], 'a deactivated plan charges nothing');
    });

    test('unknown plans and cycles are 404 DATA_NOT_FOUND; a charged cycle cannot be changed', async () => {
      const session = await subscribe(t);
      const planId = session.recurring_plan_id;
      for (const url of ['/recurring/plans/repl_00000000-0000-4000-8000-000000000000', '/recurring/plans/nonsense/cycles', `/recurring/plans/${planId}/cycles/recy_00000000-0000-4000-8000-000000000000`]) {
        const res = await t.get(url);
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.json().error_code, 'DATA_NOT_FOUND');
      }
      assert.equal((await t.post('/recurring/plans/repl_x/deactivate')).statusCode, 404);
      const other = await t.services.businesses.createBusiness({ name: 'Other' });
      assert.equal((await t.request({ method: 'GET', url: `/recurring/plans/${planId}`, auth: other.secretKey })).statusCode, 404, "another business's plan is not found");
      const [cycle] = await cyclesOf(t, planId);
      await advance(t, 2 * 3600);
      await workerTick(t);
      const patched = await t.request({ method: 'PATCH', url: `/recurring/plans/${planId}/cycles/${cycle!.id}`, payload: { amount: 20000 } });
      assert.equal(patched.statusCode, 400, patched.body);
      assert.equal(patched.json().error_code, 'API_VALIDATION_ERROR');
    });

    test('immediate_payment: the linked token pays the amount at once on the session, which completes with all three ids; cycle 1 is IMMEDIATE', async () => {
      const session = await subscribe(t, { subscription: { schedule: { anchor_date: await businessNow(t, 3_600_000), interval: 'MONTH', interval_count: 1 }, immediate_payment: true } });
      // The durable task runs in the worker (a tick kicked by the linking may hold it a moment).
      let done = session;
      for (let i = 0; i < 50 && done.status !== 'COMPLETED'; i++) {
        await workerTick(t);
        done = (await t.get(`/sessions/${session.payment_session_id}`)).json();
        if (done.status !== 'COMPLETED') await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(done.status, 'COMPLETED');
      assert.match(done.payment_request_id, /^pr-/);
      assert.match(done.payment_id, /^py-/);
      assert.match(done.payment_token_id, /^pt-/);
      const plan = (await t.get(`/recurring/plans/${session.recurring_plan_id}`)).json();
      assert.equal(plan.status, 'ACTIVE');
      assert.equal(plan.immediate_action_type, 'FULL_AMOUNT');
      const cycles = await cyclesOf(t, plan.id);
      assert.deepEqual(cycles.map((c) => [c.cycle_number, c.type, c.status]), [[1, 'IMMEDIATE', 'SUCCEEDED'], [2, 'SCHEDULED', 'SCHEDULED']]);
      assert.equal(cycles[0]!.attempt_details[0].action_id, done.payment_request_id);
      assert.equal(cycles[0]!.attempt_details[0].payment_id, done.payment_id);
      await workerTick(t);
      assert.equal((await t.store.db.selectFrom('payment_requests').select('id').where('payment_token_id', '=', done.payment_token_id).execute()).length, 1, 'charged once');
    });

    test('a declined immediate payment: the session stays ACTIVE and the plan PENDING without the token; a rerun of the task charges nothing', async () => {
      const session = await subscribe(t, { amount: 10054, subscription: { schedule: { anchor_date: await businessNow(t, 3_600_000), interval: 'MONTH', interval_count: 1 }, immediate_payment: true } });
      const tokenId = (await t.store.db.selectFrom('payment_tokens').select('id').where('session_id', '=', session.payment_session_id).executeTakeFirstOrThrow()).id;
      let charges: Record<string, number> = {};
      for (let i = 0; i < 50 && !charges.FAILED; i++) {
        await workerTick(t);
        charges = await chargesOf(t, tokenId);
        if (!charges.FAILED) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.deepEqual(charges, { FAILED: 1 });
      assert.equal((await t.get(`/sessions/${session.payment_session_id}`)).json().status, 'ACTIVE');
      const plan = (await t.get(`/recurring/plans/${session.recurring_plan_id}`)).json();
      assert.deepEqual([plan.status, plan.payment_methods], ['PENDING', []]);
      await t.services.recurring.runImmediatePayment(plan.id);
      assert.deepEqual(await chargesOf(t, tokenId), { FAILED: 1 }, 'charged once');
      assert.deepEqual(await cyclesOf(t, plan.id), []);
    });

    test('a session that ends unlinked ends its PENDING plan', async () => {
      const res = await t.post('/sessions', demoSubscription(await businessNow(t, 3_600_000)));
      const session = res.json();
      assert.equal((await t.post(`/sessions/${session.payment_session_id}/cancel`)).statusCode, 200);
      assert.equal((await t.get(`/recurring/plans/${session.recurring_plan_id}`)).json().status, 'INACTIVE');
      assert.deepEqual(await eventTypesFor(t, session.recurring_plan_id), ['recurring.plan.inactivated']);
    });
  });
}
