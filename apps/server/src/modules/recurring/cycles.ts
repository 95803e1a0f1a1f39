import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import { newRecurringCycleId } from '../../ids.ts';
import { recordEvent } from '../events/outbox.ts';
import { resolveChannel } from '../attempts/channel-input.ts';
import type { PaymentEngine } from '../payments/engine.ts';
import type { PaymentToken } from '../tokens/service.ts';
import type { AttemptDetail, Cycle, Plan } from './model.ts';
import { retriesLeft, retryAt, scheduledAt } from './schedule.ts';
import { recurringStore } from './store.ts';
import { cycleView, planView } from './views.ts';

/**
 * Charging cycles. A cycle's attempt is ONE transaction: the payment request and payment the
 * saved token makes through the simulated acquirer, the cycle's guarded move (attempt_count
 * N → N+1, so a second process charging the same attempt rolls back entirely), the next
 * cycle (unique per plan and number) and every `recurring.*` event. A crash before COMMIT
 * leaves nothing, so the attempt is made again; after it, the cycle is no longer due.
 */
export interface ChargeResult {
  status: 'SUCCEEDED' | 'FAILED';
  paymentRequestId: string | null;
  paymentId: string | null;
  failureCode: string | null;
}

/** Thrown inside an attempt's transaction when another process recorded the attempt first. */
export class AttemptTakenError extends Error {
  constructor() {
    super('this cycle attempt was recorded by another process');
  }
}

const BATCH = 100;

export interface CycleDeps {
  store: Store;
  clock: Clock;
  engine: PaymentEngine;
  findToken: (businessId: string, id: string) => Promise<PaymentToken | undefined>;
}

export function recurringCycles({ store, clock, engine, findToken }: CycleDeps) {
  const record = (trx: Tx, plan: Plan, type: string, subjectId: string, data: unknown, now: string) =>
    recordEvent(trx, { businessId: plan.business_id, type, subjectId, data, created: now, orderingKey: plan.id });

  /** A new cycle, with `recurring.cycle.created`: open and not yet attempted unless `fields` say otherwise. */
  async function createCycle(
    trx: Tx,
    plan: Plan,
    fields: Pick<Cycle, 'cycle_number' | 'type' | 'scheduled_timestamp'> & Partial<Pick<Cycle, 'status' | 'attempt_count' | 'next_attempt_at' | 'attempt_details'>>,
    now: string,
  ): Promise<Cycle> {
    const cycle: Cycle = {
      id: newRecurringCycleId(),
      plan_id: plan.id,
      business_id: plan.business_id,
      status: 'SCHEDULED',
      attempt_count: 0,
      next_attempt_at: fields.scheduled_timestamp,
      currency: plan.currency,
      amount_minor: plan.amount_minor,
      attempt_details: [],
      created: now,
      updated: now,
      ...fields,
    };
    await recurringStore.insertCycle(trx, cycle);
    await record(trx, plan, 'recurring.cycle.created', cycle.id, cycleView(cycle, plan), now);
    return cycle;
  }

  /** The plan leaves PENDING/ACTIVE for good: its open cycles are cancelled, `recurring.plan.inactivated`. */
  async function inactivate(trx: Tx, plan: Plan, now: string): Promise<Plan | undefined> {
    const moved = await recurringStore.movePlan(trx, plan.id, ['PENDING', 'ACTIVE'], { status: 'INACTIVE', updated: now });
    if (!moved) return undefined;
    await recurringStore.cancelOpenCycles(trx, plan.id, now);
    await record(trx, moved, 'recurring.plan.inactivated', moved.id, planView(moved), now);
    return moved;
  }

  /** After a cycle ends (succeeded, or failed with RESUME): the next cycle, or the end of a plan whose cycles are all made. */
  async function scheduleNext(trx: Tx, plan: Plan, after: Cycle, now: string): Promise<void> {
    // Cycles are numbered 1, 2, … with no gaps (a retry stays on its cycle), and cycle 1 is the
    // IMMEDIATE one exactly when the plan has an immediate payment (activate): the schedule's
    // cycles made so far are the numbers up to `after` without it.
    const scheduledMade = after.cycle_number - (plan.body.immediate_action_type ? 1 : 0);
    const total = plan.schedule.total_recurrence;
    if (total !== null && scheduledMade >= total) {
      await inactivate(trx, plan, now);
      return;
    }
    await createCycle(trx, plan, { cycle_number: after.cycle_number + 1, type: 'SCHEDULED', scheduled_timestamp: scheduledAt(plan.schedule, scheduledMade + 1) }, now);
  }

  /** Records one attempt's result on an open cycle, with what follows from it (see the module comment). */
  async function applyAttempt(trx: Tx, plan: Plan, cycle: Cycle, result: ChargeResult, now: string): Promise<Cycle> {
    const attempt = cycle.attempt_count + 1;
    const detail: AttemptDetail = { attempt_number: attempt, type: 'PAYMENT', status: result.status, action_id: result.paymentRequestId, payment_id: result.paymentId, failure_code: result.failureCode, created: now };
    const retry = result.status === 'FAILED' && retriesLeft(plan.schedule, attempt);
    const status = result.status === 'SUCCEEDED' ? 'SUCCEEDED' : retry ? 'RETRYING' : 'FAILED';
    const moved = await recurringStore.recordAttempt(trx, cycle, { status, next_attempt_at: retry ? retryAt(plan.schedule, now) : null, attempt_details: [...cycle.attempt_details, detail], updated: now });
    if (!moved) throw new AttemptTakenError();
    await record(trx, plan, `recurring.cycle.${status.toLowerCase()}`, moved.id, cycleView(moved, plan), now);
    if (status === 'SUCCEEDED' || (status === 'FAILED' && plan.body.failed_cycle_action === 'RESUME')) await scheduleNext(trx, plan, moved, now);
    else if (status === 'FAILED') await inactivate(trx, plan, now);
    return moved;
  }

  /**
   * Charges the plan's amount with its token. `inTransaction` runs in the charge's own
   * transaction with the result; the charge is on the plan's session when `sessionId` is set
   * (the immediate payment, which completes the session). Without a usable token (none, or
   * no longer ACTIVE) the acquirer is not reached: `inTransaction` gets a FAILED result (INVALID_TOKEN).
   */
  async function charge(plan: Plan, amountMinor: number, sessionId: string | null, inTransaction: (trx: Tx, result: ChargeResult) => Promise<void>): Promise<void> {
    const token = plan.payment_token_id ? await findToken(plan.business_id, plan.payment_token_id) : undefined;
    if (!token || token.status !== 'ACTIVE') {
      // The token was canceled (or expired): the attempt fails without reaching the acquirer.
      await store.db.transaction().execute((trx) => inTransaction(trx, { status: 'FAILED', paymentRequestId: null, paymentId: null, failureCode: 'INVALID_TOKEN' }));
      return;
    }
    await engine.create(
      {
        businessId: plan.business_id,
        sessionId,
        referenceId: plan.reference_id,
        type: 'PAY',
        channel: resolveChannel(token.channel_code, token.country, token.currency),
        amountMinor,
        captureMethod: 'AUTOMATIC',
        customerId: plan.customer_id,
        token,
        channelProperties: undefined,
        description: plan.body.description,
        metadata: plan.body.metadata ?? undefined,
      },
      async (trx, _status, view) => {
        const request = view as { payment_request_id: string; latest_payment_id?: string; status: string; failure_code?: string };
        // A saved token is charged merchant-initiated: the subscription channels answer at once (sessions/channels.ts).
        if (request.status !== 'SUCCEEDED' && request.status !== 'FAILED') throw new Error(`a recurring charge ended ${request.status}, not final`);
        await inTransaction(trx, { status: request.status, paymentRequestId: request.payment_request_id, paymentId: request.latest_payment_id ?? null, failureCode: request.failure_code ?? null });
      },
    );
  }

  /**
   * One attempt of one due cycle; false when another process recorded it first (it committed).
   * A plan deactivated since the sweep read it cancelled its open cycles in the same
   * transaction, so recordAttempt refuses this attempt too and its charge rolls back.
   */
  async function attemptCycle(cycle: Cycle, plan: Plan): Promise<boolean> {
    try {
      await charge(plan, cycle.amount_minor, null, async (trx, result) => {
        await applyAttempt(trx, plan, cycle, result, clock.now().toISOString());
      });
      return true;
    } catch (error) {
      if (error instanceof AttemptTakenError) return false;
      throw error;
    }
  }

  /** The immediate payment made at activation, as cycle 1 of type IMMEDIATE: created and succeeded at once. */
  async function recordImmediate(trx: Tx, plan: Plan, result: ChargeResult, now: string): Promise<void> {
    const detail: AttemptDetail = { attempt_number: 1, type: 'PAYMENT', status: 'SUCCEEDED', action_id: result.paymentRequestId, payment_id: result.paymentId, failure_code: null, created: now };
    const cycle = await createCycle(trx, plan, { cycle_number: 1, type: 'IMMEDIATE', scheduled_timestamp: now, status: 'SUCCEEDED', attempt_count: 1, next_attempt_at: null, attempt_details: [detail] }, now);
    await record(trx, plan, 'recurring.cycle.succeeded', cycle.id, cycleView(cycle, plan), now);
  }

  return {
    createCycle,
    recordImmediate,
    inactivate,
    charge,

    /** The worker's sweep: every cycle due by the (business) clock gets its next attempt. */
    async runDue(businessId?: string): Promise<number> {
      let made = 0;
      for (;;) {
        // An attempt (ours or another process's) may have made the next cycle due at once (a
        // clock moved by months): sweep again until none is due.
        const due = await recurringStore.dueCycles(store.db, clock.now().toISOString(), BATCH, businessId);
        if (due.length === 0) return made;
        for (const { cycle, plan } of due) if (await attemptCycle(cycle, plan)) made++;
      }
    },
  };
}

export type RecurringCycles = ReturnType<typeof recurringCycles>;
