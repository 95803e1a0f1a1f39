import type { Executor } from '../../db/store.ts';
import type { RecurringCyclesTable, RecurringPlansTable } from '../../db/tables.ts';
import type { Cycle, CycleStatus, Plan } from './model.ts';

/**
 * The only code that reads and writes recurring_plans and recurring_cycles. Every move is a
 * guarded UPDATE from the statuses it may leave, so racing processes change a row once.
 */
const toPlan = (row: RecurringPlansTable): Plan => ({ ...row, amount_minor: Number(row.amount_minor), schedule: JSON.parse(row.schedule), body: JSON.parse(row.body) });
const toCycle = (row: RecurringCyclesTable): Cycle => ({ ...row, amount_minor: Number(row.amount_minor), attempt_count: Number(row.attempt_count), cycle_number: Number(row.cycle_number), attempt_details: JSON.parse(row.attempt_details) });

const OPEN_CYCLE_STATUSES: CycleStatus[] = ['SCHEDULED', 'RETRYING'];

export const recurringStore = {
  async insertPlan(db: Executor, plan: Plan): Promise<void> {
    await db.insertInto('recurring_plans').values({ ...plan, schedule: JSON.stringify(plan.schedule), body: JSON.stringify(plan.body) }).execute();
  },

  async findPlan(db: Executor, businessId: string, id: string): Promise<Plan | undefined> {
    const row = await db.selectFrom('recurring_plans').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
    return row ? toPlan(row) : undefined;
  },

  async findPlanById(db: Executor, id: string): Promise<Plan | undefined> {
    const row = await db.selectFrom('recurring_plans').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPlan(row) : undefined;
  },

  async findPlanBySession(db: Executor, sessionId: string): Promise<Plan | undefined> {
    const row = await db.selectFrom('recurring_plans').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
    return row ? toPlan(row) : undefined;
  },

  /** Moves a plan from one of `from`; undefined when it had already moved. */
  async movePlan(db: Executor, id: string, from: Plan['status'][], changes: { status: Plan['status']; payment_token_id?: string; updated: string }): Promise<Plan | undefined> {
    const row = await db.updateTable('recurring_plans').set(changes).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
    return row ? toPlan(row) : undefined;
  },

  /** Remembers the linked token of a plan still PENDING (its immediate payment comes next). */
  async setPendingToken(db: Executor, id: string, tokenId: string, now: string): Promise<void> {
    await db.updateTable('recurring_plans').set({ payment_token_id: tokenId, updated: now }).where('id', '=', id).where('status', '=', 'PENDING').execute();
  },

  /** A failed immediate payment forgets the token (once: a second run of its task finds none). */
  async clearPendingToken(db: Executor, id: string, tokenId: string, now: string): Promise<boolean> {
    const rows = await db.updateTable('recurring_plans').set({ payment_token_id: null, updated: now }).where('id', '=', id).where('status', '=', 'PENDING').where('payment_token_id', '=', tokenId).returning('id').execute();
    return rows.length === 1;
  },

  async insertCycle(db: Executor, cycle: Cycle): Promise<void> {
    await db.insertInto('recurring_cycles').values({ ...cycle, attempt_details: JSON.stringify(cycle.attempt_details) }).execute();
  },

  async listCycles(db: Executor, planId: string): Promise<Cycle[]> {
    const rows = await db.selectFrom('recurring_cycles').selectAll().where('plan_id', '=', planId).orderBy('cycle_number').execute();
    return rows.map(toCycle);
  },

  async findCycle(db: Executor, planId: string, id: string): Promise<Cycle | undefined> {
    const row = await db.selectFrom('recurring_cycles').selectAll().where('plan_id', '=', planId).where('id', '=', id).executeTakeFirst();
    return row ? toCycle(row) : undefined;
  },

  /** Open cycles due by `now` of ACTIVE plans (one business's, or all), oldest first, each with its plan. */
  async dueCycles(db: Executor, now: string, limit: number, businessId?: string): Promise<{ cycle: Cycle; plan: Plan }[]> {
    let query = db
      .selectFrom('recurring_cycles')
      .innerJoin('recurring_plans', 'recurring_plans.id', 'recurring_cycles.plan_id')
      .selectAll('recurring_cycles')
      .where('recurring_cycles.status', 'in', OPEN_CYCLE_STATUSES)
      .where('recurring_cycles.next_attempt_at', '<=', now)
      .where('recurring_plans.status', '=', 'ACTIVE');
    if (businessId) query = query.where('recurring_cycles.business_id', '=', businessId);
    const rows = await query.orderBy('recurring_cycles.next_attempt_at').limit(limit).execute();
    if (rows.length === 0) return [];
    const plans = await db.selectFrom('recurring_plans').selectAll().where('id', 'in', [...new Set(rows.map((row) => row.plan_id))]).execute();
    const planById = new Map(plans.map((row) => [row.id, toPlan(row)]));
    return rows.map((row) => ({ cycle: toCycle(row), plan: planById.get(row.plan_id)! }));
  },

  /**
   * Records one attempt: only if no other attempt was recorded since `expectedAttempts` were
   * made and the cycle is still open. This guard is what makes a cycle charge once.
   */
  async recordAttempt(db: Executor, cycle: Cycle, changes: { status: CycleStatus; next_attempt_at: string | null; attempt_details: Cycle['attempt_details']; updated: string }): Promise<Cycle | undefined> {
    const row = await db
      .updateTable('recurring_cycles')
      .set({ ...changes, attempt_count: cycle.attempt_count + 1, attempt_details: JSON.stringify(changes.attempt_details) })
      .where('id', '=', cycle.id)
      .where('attempt_count', '=', cycle.attempt_count)
      .where('status', 'in', OPEN_CYCLE_STATUSES)
      .returningAll()
      .executeTakeFirst();
    return row ? toCycle(row) : undefined;
  },

  /** A new amount for a cycle not yet charged; undefined when it is not open. */
  async setCycleAmount(db: Executor, planId: string, id: string, amountMinor: number, now: string): Promise<Cycle | undefined> {
    const row = await db.updateTable('recurring_cycles').set({ amount_minor: amountMinor, updated: now }).where('plan_id', '=', planId).where('id', '=', id).where('status', 'in', OPEN_CYCLE_STATUSES).returningAll().executeTakeFirst();
    return row ? toCycle(row) : undefined;
  },

  /** Cancels the open cycles of a plan that became INACTIVE. */
  async cancelOpenCycles(db: Executor, planId: string, now: string): Promise<void> {
    await db.updateTable('recurring_cycles').set({ status: 'CANCELLED', next_attempt_at: null, updated: now }).where('plan_id', '=', planId).where('status', 'in', OPEN_CYCLE_STATUSES).execute();
  },
};
