import type { Kysely, Migration } from 'kysely';

/**
 * Card-testing protection that holds across processes: payment attempts made through the
 * Components gateway are counted per session in the store, one row per session with a fixed
 * window (`window_start`) and its count. The attempt rows themselves (payment_requests,
 * payment_tokens) cannot be counted instead: an attempt refused before one is written (a card
 * number that fails its checks, an envelope that does not open) would go uncounted.
 * No foreign key: the row is bookkeeping, and must never stand in the way of a session's row.
 */
export const m0010_gateway_attempts = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('gateway_attempts')
      .addColumn('session_id', 'text', (c) => c.primaryKey())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .execute();
  },
});
