import type { Kysely, Migration } from 'kysely';

/**
 * Subscriptions (modules/recurring): the recurring plan a SUBSCRIPTION session registers and
 * its cycles. `(plan_id, cycle_number)` is unique, so no process can make a cycle twice; the
 * worker finds due cycles by `(status, next_attempt_at)`.
 *
 * Webhook endpoints subscribed to every event group gain the new `recurring` group: they
 * meant "everything" (the default), and would otherwise miss the subscription webhooks.
 */
const GROUPS_BEFORE = ['session_completed', 'session_expired', 'payment_status', 'payment_token_status', 'payment_request_status', 'refund'];
export const m0018_recurring_plans = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('recurring_plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
      .addColumn('session_id', 'text', (c) => c.notNull().unique().references('sessions.id'))
      .addColumn('reference_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount_minor', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('payment_token_id', 'text', (c) => c.references('payment_tokens.id'))
      .addColumn('schedule', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('recurring_cycles')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('recurring_plans.id'))
      .addColumn('business_id', 'text', (c) => c.notNull())
      .addColumn('cycle_number', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempt_count', 'integer', (c) => c.notNull())
      .addColumn('scheduled_timestamp', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text')
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount_minor', 'bigint', (c) => c.notNull())
      .addColumn('attempt_details', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .addUniqueConstraint('recurring_cycles_plan_number', ['plan_id', 'cycle_number'])
      .execute();
    await db.schema.createIndex('recurring_cycles_due').on('recurring_cycles').columns(['status', 'next_attempt_at']).execute();
    await subscribeAllGroupEndpoints(db);
  },
});

/** An endpoint that had every group before 0018 gets `recurring` too (idempotent). */
export async function subscribeAllGroupEndpoints(db: Kysely<any>): Promise<void> {
  const endpoints = (await db.selectFrom('webhook_endpoints').select(['id', 'event_groups']).execute()) as { id: string; event_groups: string }[];
  for (const endpoint of endpoints) {
    const groups = JSON.parse(endpoint.event_groups) as string[];
    if (!GROUPS_BEFORE.every((group) => groups.includes(group)) || groups.includes('recurring')) continue;
    await db.updateTable('webhook_endpoints').set({ event_groups: JSON.stringify([...groups, 'recurring']) }).where('id', '=', endpoint.id).execute();
  }
}
