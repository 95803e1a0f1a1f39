import { keysetPage } from '../../db/keyset.ts';
import type { Dialect, Executor } from '../../db/store.ts';
import type { PaymentTokenRow, PaymentTokensTable } from '../../db/tables.ts';
import type { PaymentToken, TokenBody } from './model.ts';

type TokenStatus = PaymentTokensTable['status'];
export const OPEN_TOKEN_STATUSES: TokenStatus[] = ['REQUIRES_ACTION', 'PENDING'];

const toToken = (row: PaymentTokenRow): PaymentToken => ({ ...row, body: JSON.parse(row.body) as TokenBody });
const maybeToken = (row: PaymentTokenRow | undefined): PaymentToken | undefined => (row ? toToken(row) : undefined);

/** The payment_tokens table, read and written as PaymentTokens; only modules/tokens calls it. */
export const tokenStore = {
  async insert(db: Executor, token: PaymentToken): Promise<void> {
    await db.insertInto('payment_tokens').values({ ...token, body: JSON.stringify(token.body) }).execute();
  },

  async find(db: Executor, businessId: string, id: string): Promise<PaymentToken | undefined> {
    return maybeToken(await db.selectFrom('payment_tokens').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst());
  },

  /** The business's tokens (or one customer's), newest first (the dashboard's list); one extra row tells has_more. */
  async list(db: Executor, businessId: string, filter: { customer_id?: string }, after: PaymentToken | undefined, limit: number): Promise<PaymentToken[]> {
    let query = db.selectFrom('payment_tokens').selectAll().where('business_id', '=', businessId);
    if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
    return (await keysetPage(query, after, limit).execute()).map(toToken);
  },

  async findBySimToken(db: Executor, simToken: string): Promise<PaymentToken | undefined> {
    return maybeToken(await db.selectFrom('payment_tokens').selectAll().where('sim_token', '=', simToken).executeTakeFirst());
  },

  /** Moves a token from one of `from`, only if it is still there: undefined when another change got there first. */
  async transition(
    db: Executor,
    id: string,
    from: TokenStatus[],
    set: Partial<Pick<PaymentToken, 'status' | 'failure_code' | 'body' | 'updated'>>,
  ): Promise<PaymentToken | undefined> {
    const { body, ...columns } = set;
    const row = await db
      .updateTable('payment_tokens')
      .set({ ...columns, ...(body ? { body: JSON.stringify(body) } : {}) })
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
    return maybeToken(row);
  },

  /** Replaces an open token's body if it is still `expected` (the OTP state an OTP check judged); undefined otherwise. */
  async replaceOpenBody(db: Executor, id: string, expected: TokenBody, body: TokenBody, updated: string): Promise<PaymentToken | undefined> {
    const row = await db
      .updateTable('payment_tokens')
      .set({ body: JSON.stringify(body), updated })
      .where('id', '=', id)
      .where('body', '=', JSON.stringify(expected))
      .where('status', 'in', OPEN_TOKEN_STATUSES)
      .returningAll()
      .executeTakeFirst();
    return maybeToken(row);
  },

  async closeOpenOfSession(db: Executor, sessionId: string, status: 'CANCELED' | 'EXPIRED', now: string, exceptId?: string): Promise<void> {
    let query = db.updateTable('payment_tokens').set({ status, updated: now }).where('session_id', '=', sessionId).where('status', 'in', OPEN_TOKEN_STATUSES);
    if (exceptId) query = query.where('id', '!=', exceptId);
    await query.execute();
  },

  async expireDue(db: Executor, dialect: Dialect, now: string, limit: number, businessId?: string): Promise<PaymentToken[]> {
    let due = db.selectFrom('payment_tokens').select('id').where('status', 'in', OPEN_TOKEN_STATUSES).where('expires_at', '<=', now).limit(limit);
    if (businessId) due = due.where('business_id', '=', businessId);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await db.updateTable('payment_tokens').set({ status: 'EXPIRED', updated: now }).where('id', 'in', due).where('status', 'in', OPEN_TOKEN_STATUSES).returningAll().execute();
    return rows.map(toToken);
  },
};
