import { keysetPage } from '../../db/keyset.ts';
import type { Executor } from '../../db/store.ts';
import type { RefundRow } from '../../db/tables.ts';
import type { RefundListQuery } from './schemas.ts';
import type { Refund, RefundBody } from './views.ts';

/**
 * The only code that touches the refunds table. It takes and returns refunds with their body
 * parsed, so no caller handles the stored JSON text.
 */
const parsed = (row: RefundRow): Refund => ({ ...row, body: JSON.parse(row.body) as RefundBody });
const parsedOrNone = (row: RefundRow | undefined): Refund | undefined => (row ? parsed(row) : undefined);

/** Where a page starts: after (older than) or before (newer than) a refund of the list. */
export interface RefundCursor {
  direction: 'after' | 'before';
  refund: Refund;
}

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

  /**
   * One page of a business's refunds, newest first (created, then id: a total order, so paging
   * never skips nor repeats a refund). Fetches one row more than `limit` to tell whether more
   * follow in the page's direction. Lunas refunds never come from an invoice, so an
   * `invoice_id` filter matches none.
   */
  async list(db: Executor, businessId: string, filter: RefundListQuery, cursor: RefundCursor | undefined, limit: number): Promise<Refund[]> {
    if (filter.invoice_id !== undefined) return [];
    let query = db.selectFrom('refunds').selectAll().where('business_id', '=', businessId);
    if (filter.payment_request_id) query = query.where('payment_request_id', '=', filter.payment_request_id);
    if (filter.payment_method_type) query = query.where('payment_method_type', '=', filter.payment_method_type);
    if (filter.channel_code) query = query.where('channel_code', '=', filter.channel_code);
    // A page before a cursor is the refunds just newer than it: read upwards, answer newest first.
    const rows = await keysetPage(query, cursor?.refund, limit, cursor?.direction === 'before' ? 'newer' : 'older').execute();
    return rows.map(parsed);
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

  /** PENDING → CANCELLED; guarded like `finish`, so a cancel and the acquirer's answer have one winner. */
  async cancel(db: Executor, businessId: string, id: string, updated: string): Promise<Refund | undefined> {
    const row = await db
      .updateTable('refunds')
      .set({ status: 'CANCELLED', updated })
      .where('id', '=', id)
      .where('business_id', '=', businessId)
      .where('status', '=', 'PENDING')
      .returningAll()
      .executeTakeFirst();
    return parsedOrNone(row);
  },
};
