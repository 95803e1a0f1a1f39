import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { newRecurringScheduleId } from '../../ids.ts';
import { toMinorUnits, type Currency } from '../../money.ts';
import { recordEvent } from '../events/outbox.ts';
import type { CloseSessionAttempts, SessionLifecycle } from '../sessions/lifecycle.ts';
import { SessionClosedError } from '../sessions/lifecycle.ts';
import type { Session } from '../sessions/model.ts';
import type { TaskQueue } from '../../worker/tasks.ts';
import { AttemptTakenError, type ChargeResult, type RecurringCycles } from './cycles.ts';
import type { Plan } from './model.ts';
import { fullSchedule, type SubscriptionEcho } from './schedule.ts';
import { recurringStore } from './store.ts';
import { cycleView, planView } from './views.ts';

/**
 * A plan's life (Xendit's statuses): a SUBSCRIPTION session registers it PENDING; the token
 * the customer links on the session's page activates it (`recurring.plan.activated`) and its
 * first cycle is created; deactivation, a failed cycle under STOP, the last cycle made, or the
 * session ending unlinked make it INACTIVE (`recurring.plan.inactivated`) for good.
 *
 * With `immediate_payment`, linking the token does not complete the session: a durable task
 * charges the amount with it (cycle 1, type IMMEDIATE) on the session, and that payment
 * completes the session (payment_request_id, payment_id, payment_token_id) and activates the
 * plan in one transaction. A failed immediate payment leaves the session ACTIVE and the plan
 * PENDING, so the customer can link another method (docs/compatibility.md).
 */
export const IMMEDIATE_PAYMENT_TASK = 'recurring_immediate_payment';

export interface PlanDeps {
  store: Store;
  clock: Clock;
  tasks: TaskQueue;
  cycles: RecurringCycles;
  completeSession: SessionLifecycle['complete'];
}

export function recurringPlans({ store, clock, tasks, cycles, completeSession }: PlanDeps) {
  const { db } = store;

  /**
   * ACTIVE now with its token: `recurring.plan.activated`, the immediate cycle when one was
   * paid (cycle 1, created SUCCEEDED), then the first scheduled cycle at the anchor date.
   */
  async function activate(trx: Tx, plan: Plan, tokenId: string, now: string, immediate?: ChargeResult): Promise<void> {
    const active = await recurringStore.movePlan(trx, plan.id, ['PENDING'], { status: 'ACTIVE', payment_token_id: tokenId, updated: now });
    if (!active) return;
    await recordEvent(trx, { businessId: plan.business_id, type: 'recurring.plan.activated', subjectId: plan.id, data: planView(active), created: now, orderingKey: plan.id });
    if (immediate) await cycles.recordImmediate(trx, active, immediate, now);
    await cycles.createCycle(trx, active, { cycle_number: immediate ? 2 : 1, type: 'SCHEDULED', scheduled_timestamp: active.schedule.anchor_date }, now);
  }

  async function load(businessId: string, id: string): Promise<Plan> {
    const plan = await recurringStore.findPlan(db, businessId, id);
    if (!plan) throw Errors.recurringPlanNotFound();
    return plan;
  }

  return {
    /** Registers the plan of a SUBSCRIPTION session, in the session's own transaction. */
    async register(trx: Tx, session: Session): Promise<void> {
      const subscription = session.details.subscription as SubscriptionEcho | undefined;
      const planId = session.details.recurring_plan_id;
      if (!subscription || !planId) return;
      await recurringStore.insertPlan(trx, {
        id: planId,
        business_id: session.business_id,
        session_id: session.id,
        reference_id: session.reference_id,
        customer_id: session.customer_id!,
        currency: session.currency,
        amount_minor: session.amount_minor,
        status: 'PENDING',
        payment_token_id: null,
        schedule: fullSchedule(subscription.schedule, { id: newRecurringScheduleId(), referenceId: session.reference_id }, session.created),
        body: {
          failed_cycle_action: subscription.failed_cycle_action,
          immediate_action_type: subscription.immediate_payment ? 'FULL_AMOUNT' : null,
          payment_link_for_failed_attempt: subscription.payment_link_for_failed_attempt ?? false,
          description: session.details.description,
          metadata: session.details.metadata ?? undefined,
          items: session.details.items ?? undefined,
        },
        created: session.created,
        updated: session.created,
      });
    },

    /**
     * What a linked token does to its session (tokens/linking.ts calls this in place of the
     * session's completion): a session without a plan completes; a plan's session completes
     * and activates it, or, with an immediate payment, waits for that payment.
     */
    async completeLinking(trx: Tx, sessionId: string, ids: { payment_token_id?: string }, now: string): Promise<() => Promise<void>> {
      const plan = await recurringStore.findPlanBySession(trx, sessionId);
      if (!plan || !ids.payment_token_id) return completeSession(trx, sessionId, ids, now);
      const tokenId = ids.payment_token_id;
      if (plan.body.immediate_action_type) {
        // The session ended meanwhile (its plan went INACTIVE with it): the linking fails as a SAVE session's would.
        if (plan.status !== 'PENDING') throw new SessionClosedError(sessionId);
        await recurringStore.setPendingToken(trx, plan.id, tokenId, now);
        await tasks.enqueue(trx, IMMEDIATE_PAYMENT_TASK, plan.id, { business_id: plan.business_id });
        tasks.kick();
        return async () => {};
      }
      const recordCompletion = await completeSession(trx, sessionId, ids, now);
      return async () => {
        await recordCompletion();
        await activate(trx, plan, tokenId, now);
      };
    },

    /** The durable task of an immediate payment (see the module comment); idempotent. */
    async runImmediatePayment(planId: string): Promise<void> {
      const plan = await recurringStore.findPlanById(db, planId);
      if (!plan || plan.status !== 'PENDING' || !plan.payment_token_id) return;
      const tokenId = plan.payment_token_id;
      try {
        await cycles.charge(plan, plan.amount_minor, plan.session_id, async (trx, result) => {
          const now = clock.now().toISOString();
          if (result.status === 'SUCCEEDED') return activate(trx, plan, tokenId, now, result);
          // Failed: the session stays open for another method, and the plan forgets this token,
          // so a second run of this task (a crash before it was marked done) charges nothing.
          if (!(await recurringStore.clearPendingToken(trx, plan.id, tokenId, now))) throw new AttemptTakenError();
        });
      } catch (error) {
        // The session closed (expired, canceled, or paid by an earlier run) before this payment: nothing was charged.
        if (!(error instanceof SessionClosedError) && !(error instanceof AttemptTakenError)) throw error;
      }
    },

    /** A session leaving ACTIVE unlinked (expired, canceled) ends its PENDING plan. */
    closeForSession: (async (trx, session, _status, now, keep) => {
      if (keep.payment_token_id || keep.payment_request_id) return;
      const plan = await recurringStore.findPlanBySession(trx, session.id);
      if (plan?.status === 'PENDING') await cycles.inactivate(trx, plan, now);
    }) satisfies CloseSessionAttempts,

    get: async (businessId: string, id: string) => planView(await load(businessId, id)),

    /** ACTIVE/PENDING → INACTIVE; a plan already INACTIVE is answered as it is. */
    async deactivate(businessId: string, id: string, onCommit?: (trx: Tx, status: number, body: unknown) => Promise<void>) {
      const plan = await load(businessId, id);
      return db.transaction().execute(async (trx) => {
        const moved = await cycles.inactivate(trx, plan, clock.now().toISOString());
        const view = planView(moved ?? (await recurringStore.findPlanById(trx, id))!);
        await onCommit?.(trx, 200, view);
        return view;
      });
    },

    async listCycles(businessId: string, id: string) {
      const plan = await load(businessId, id);
      return (await recurringStore.listCycles(db, plan.id)).map((cycle) => cycleView(cycle, plan));
    },

    async getCycle(businessId: string, planId: string, cycleId: string) {
      const plan = await load(businessId, planId);
      const cycle = await recurringStore.findCycle(db, plan.id, cycleId);
      if (!cycle) throw Errors.recurringCycleNotFound();
      return cycleView(cycle, plan);
    },

    /** Changes the amount (major units, in the plan's currency) of a cycle not yet charged (SCHEDULED or RETRYING), as Xendit's PATCH does. */
    async updateCycleAmount(businessId: string, planId: string, cycleId: string, amount: number) {
      const plan = await load(businessId, planId);
      const minor = toMinorUnits(amount, plan.currency as Currency);
      if (!minor.ok) throw Errors.fieldInvalid('/body/amount', `has more decimal places than ${plan.currency} allows, or is too large`);
      const now = clock.now().toISOString();
      const changed = await recurringStore.setCycleAmount(db, plan.id, cycleId, minor.minor, now);
      if (changed) return cycleView(changed, plan);
      const cycle = await recurringStore.findCycle(db, plan.id, cycleId);
      if (!cycle) throw Errors.recurringCycleNotFound();
      throw Errors.cycleNotEditable(cycle.status);
    },
  };
}

export type RecurringPlans = ReturnType<typeof recurringPlans>;
