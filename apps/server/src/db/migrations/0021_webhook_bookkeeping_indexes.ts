import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 19, the webhook bookkeeping's indexes.
 *
 * Fan-out reads the oldest events not yet fanned out (`fanned_out_at IS NULL ORDER BY seq`).
 * PostgreSQL would not use `events_fan_out (fanned_out_at, seq)` for that order: it walked
 * the primary key and filtered, every event ever recorded, 10 ms a batch at 20,000 events and
 * growing (issue 19). A partial index holds only the waiting events, in order, on both stores.
 *
 * The lease owner's index held a NULL for every delivery ever made, and each outcome moved
 * its row there: only the leased rows (the heartbeat's UPDATE) need to be in it.
 */
export const m0021_webhook_bookkeeping_indexes = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('events_unfanned').on('events').column('seq').where(sql.ref('fanned_out_at'), 'is', null).execute();
    await db.schema.dropIndex('events_fan_out').execute();
    await db.schema.dropIndex('webhook_deliveries_lease_owner').execute();
    await db.schema.createIndex('webhook_deliveries_leased').on('webhook_deliveries').column('lease_owner').where(sql.ref('lease_owner'), 'is not', null).execute();
  },
});
