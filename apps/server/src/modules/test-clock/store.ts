import type { Executor } from '../../db/store.ts';

/** The only code that touches the business_clocks table. */
export const clockStore = {
  async offsetOf(db: Executor, businessId: string): Promise<number> {
    const row = await db.selectFrom('business_clocks').select('offset_ms').where('business_id', '=', businessId).executeTakeFirst();
    return row ? Number(row.offset_ms) : 0;
  },

  /** Moves a business's clock forward in one statement, so advances from several processes add up. */
  async advance(db: Executor, businessId: string, byMs: number, now: string): Promise<number> {
    const row = await db
      .insertInto('business_clocks')
      .values({ business_id: businessId, offset_ms: byMs, updated: now })
      .onConflict((oc) => oc.column('business_id').doUpdateSet((eb) => ({ offset_ms: eb('business_clocks.offset_ms', '+', byMs), updated: now })))
      .returning('offset_ms')
      .executeTakeFirstOrThrow();
    return Number(row.offset_ms);
  },

  /** Every business whose clock moved, with its offset. */
  async advanced(db: Executor): Promise<{ businessId: string; offsetMs: number }[]> {
    const rows = await db.selectFrom('business_clocks').select(['business_id', 'offset_ms']).where('offset_ms', '>', 0).orderBy('business_id').execute();
    return rows.map((row) => ({ businessId: row.business_id, offsetMs: Number(row.offset_ms) }));
  },
};
