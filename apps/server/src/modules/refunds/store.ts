import type { Executor } from '../../db/store.ts';
import type { RefundRow } from '../../db/tables.ts';
import type { Refund, RefundBody } from './views.ts';

/**
 * The only code that touches the refunds table. It takes and returns refunds with their body
 * parsed, so no caller handles the stored JSON text.
 */
const parsed = (row: RefundRow): Refund => ({ ...row, body: JSON.parse(row.body) as RefundBody });
const parsedOrNone = (row: RefundRow | undefined): Refund | undefined => (row ? parsed(row) : undefined);

export const refundStore = {
  async insert(db: Executor, refund: Refund): Promise<void> {
    await db.insertInto('refunds').values({ ...refund, body: JSON.stringify(refund.body) }).execute();
  },

  async find(db: Executor, businessId: string, id: string): Promise<Refund | undefined> {
    return parsedOrNone(await db.selectFrom('refunds').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst());
  },

  async findById(db: Executor, id: string): Promise<Refund | undefined> {
    return parsedOrNone(await db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst());
  },

  /** Records the acquirer's answer; guarded, so only the first answer for a PENDING refund applies. */
  async finish(db: Executor, id: string, change: { status: 'SUCCEEDED' | 'FAILED'; body: RefundBody; updated: string }): Promise<Refund | undefined> {
    const row = await db
      .updateTable('refunds')
      .set({ status: change.status, body: JSON.stringify(change.body), updated: change.updated })
      .where('id', '=', id)
      .where('status', '=', 'PENDING')
      .returningAll()
      .executeTakeFirst();
    return parsedOrNone(row);
  },
};
