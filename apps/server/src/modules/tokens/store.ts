import type { Dialect, Executor } from '../../db/store.ts';
import type { PaymentTokenRow, PaymentTokensTable } from '../../db/tables.ts';

type TokenStatus = PaymentTokensTable['status'];
export const OPEN_TOKEN_STATUSES: TokenStatus[] = ['REQUIRES_ACTION', 'PENDING'];

/** The only code that touches payment_tokens. */
export const tokenStore = {
  async insert(db: Executor, row: PaymentTokenRow): Promise<void> {
    await db.insertInto('payment_tokens').values(row).execute();
  },

  async find(db: Executor, businessId: string, id: string): Promise<PaymentTokenRow | undefined> {
    return db.selectFrom('payment_tokens').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
  },

  async findBySimToken(db: Executor, simToken: string): Promise<PaymentTokenRow | undefined> {
    return db.selectFrom('payment_tokens').selectAll().where('sim_token', '=', simToken).executeTakeFirst();
  },

  async transition(
    db: Executor,
    id: string,
    from: TokenStatus[],
    set: Partial<Pick<PaymentTokenRow, 'status' | 'failure_code' | 'body' | 'updated'>>,
  ): Promise<PaymentTokenRow | undefined> {
    return db.updateTable('payment_tokens').set(set).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
  },

  async closeOpenOfSession(db: Executor, sessionId: string, status: 'CANCELED' | 'EXPIRED', now: string, exceptId?: string): Promise<PaymentTokenRow[]> {
    let query = db.updateTable('payment_tokens').set({ status, updated: now }).where('session_id', '=', sessionId).where('status', 'in', OPEN_TOKEN_STATUSES);
    if (exceptId) query = query.where('id', '!=', exceptId);
    return query.returningAll().execute();
  },

  async expireDue(db: Executor, dialect: Dialect, now: string, limit: number): Promise<PaymentTokenRow[]> {
    let due = db.selectFrom('payment_tokens').select('id').where('status', 'in', OPEN_TOKEN_STATUSES).where('expires_at', '<=', now).limit(limit);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    return db.updateTable('payment_tokens').set({ status: 'EXPIRED', updated: now }).where('id', 'in', due).where('status', 'in', OPEN_TOKEN_STATUSES).returningAll().execute();
  },
};
