import type { Kysely, Migration } from 'kysely';

/**
 * The test clock (modules/test-clock): how far each business has moved its clock forward, in
 * milliseconds. Persisted so every process of the store sees the same business time. A
 * business without a row runs on real time. No foreign key: bookkeeping beside the business.
 */
export const m0011_business_clocks = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('business_clocks')
      .addColumn('business_id', 'text', (c) => c.primaryKey())
      .addColumn('offset_ms', 'bigint', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .execute();
  },
});
