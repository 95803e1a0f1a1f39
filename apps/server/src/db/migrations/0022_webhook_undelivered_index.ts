import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 19: `webhook_deliveries_due (status, next_attempt_at)` held every delivery ever made,
 * and each outcome wrote a new entry to it: a fifth of the work of recording an outcome on
 * PostgreSQL. What reads deliveries by status looks for the few that are not delivered
 * (FAILED for a resend, PENDING, a filter of GET /events), never scans DELIVERED ones through
 * it: a partial index of the undelivered ones serves them, and a delivery leaves it when it
 * is delivered, at no cost.
 */
export const m0022_webhook_undelivered_index = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('webhook_deliveries_undelivered')
      .on('webhook_deliveries')
      .columns(['status', 'next_attempt_at'])
      .where(sql.ref('status'), '<>', 'DELIVERED')
      .execute();
    await db.schema.dropIndex('webhook_deliveries_due').execute();
  },
});
