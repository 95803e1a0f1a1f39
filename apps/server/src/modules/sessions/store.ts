import { keysetPage } from '../../db/keyset.ts';
import type { Dialect, Executor } from '../../db/store.ts';
import type { SessionRow } from '../../db/tables.ts';
import type { Session, SessionDetails, SessionOutcomeIds } from './model.ts';
import type { SessionListFilter } from './schemas.ts';

/** A row as a Session: `details` is JSON text in the table. */
const toSession = (row: SessionRow): Session => ({ ...row, details: JSON.parse(row.details) as SessionDetails });
const maybeSession = (row: SessionRow | undefined): Session | undefined => (row ? toSession(row) : undefined);

/**
 * The sessions table, read and written as Sessions. The module's services call it; no other
 * module does (docs/architecture.md, "Who owns which table").
 */
export const sessionStore = {
  async insert(db: Executor, session: Session): Promise<void> {
    await db.insertInto('sessions').values({ ...session, details: JSON.stringify(session.details) }).execute();
  },

  async findById(db: Executor, businessId: string, id: string): Promise<Session | undefined> {
    return maybeSession(await db.selectFrom('sessions').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst());
  },

  /** Newest first; `after` is the last row of the previous page. Fetches one extra row to tell has_more. */
  async list(db: Executor, businessId: string, filter: SessionListFilter & { customer_id?: string }, after: Session | undefined, limit: number): Promise<Session[]> {
    let query = db.selectFrom('sessions').selectAll().where('business_id', '=', businessId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.reference_id) query = query.where('reference_id', '=', filter.reference_id);
    if (filter.mode) query = query.where('mode', '=', filter.mode);
    if (filter.session_type) query = query.where('session_type', '=', filter.session_type);
    if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
    if (filter['created[gte]']) query = query.where('created', '>=', new Date(filter['created[gte]']).toISOString());
    if (filter['created[lte]']) query = query.where('created', '<=', new Date(filter['created[lte]']).toISOString());
    return (await keysetPage(query, after, limit).execute()).map(toSession);
  },

  /** ACTIVE → COMPLETED with the ids of what paid it, only if still ACTIVE and not yet due. */
  async completeIfActive(db: Executor, id: string, ids: SessionOutcomeIds, now: string): Promise<Session | undefined> {
    const row = await db
      .updateTable('sessions')
      .set({ status: 'COMPLETED', updated: now, payment_request_id: ids.payment_request_id ?? null, payment_id: ids.payment_id ?? null, payment_token_id: ids.payment_token_id ?? null })
      .where('id', '=', id)
      .where('status', '=', 'ACTIVE')
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return maybeSession(row);
  },

  /** The browser's credential (components_sdk_key's session auth key) → its session. */
  async findBySdkAuthKey(db: Executor, authKey: string): Promise<Session | undefined> {
    return maybeSession(await db.selectFrom('sessions').selectAll().where('sdk_auth_key', '=', authKey).executeTakeFirst());
  },

  /** A hosted checkout link (payment_link_url) → its session. */
  async findByLinkId(db: Executor, linkId: string): Promise<Session | undefined> {
    return maybeSession(await db.selectFrom('sessions').selectAll().where('link_id', '=', linkId).executeTakeFirst());
  },

  /** What the secure card iframe needs of a session, looked up by its id alone (the page's query string). */
  async findBrowserFacts(db: Executor, id: string): Promise<Pick<Session, 'mode' | 'details' | 'sdk_ecdh_key_id'> | undefined> {
    const row = await db.selectFrom('sessions').select(['mode', 'details', 'sdk_ecdh_key_id']).where('id', '=', id).executeTakeFirst();
    return row ? { ...row, details: JSON.parse(row.details) as SessionDetails } : undefined;
  },

  /**
   * ACTIVE → `to` (CANCELED, or EXPIRED by the test helper whatever its expires_at), only if
   * still ACTIVE, and with `notDue` only if not yet due; undefined when the guard failed.
   */
  async leaveActive(db: Executor, businessId: string, id: string, to: 'CANCELED' | 'EXPIRED', now: string, notDue: boolean): Promise<Session | undefined> {
    let update = db.updateTable('sessions').set({ status: to, updated: now }).where('id', '=', id).where('business_id', '=', businessId).where('status', '=', 'ACTIVE');
    if (notDue) update = update.where('expires_at', '>', now);
    return maybeSession(await update.returningAll().executeTakeFirst());
  },

  /**
   * ACTIVE sessions past their expiry → EXPIRED, at most `limit` of them (or only `onlyId`).
   * The status guard in the UPDATE makes this safe to run from several processes: a row is
   * returned to exactly one of them. On PostgreSQL, SKIP LOCKED keeps sweepers off each
   * other's rows instead of queueing behind them. A read of one session (`onlyId`) waits for
   * the lock instead: skipping a row another transaction is expiring (or paying) would let the
   * read show its stale ACTIVE, so it waits and then sees what that transaction committed.
   */
  async expireDue(db: Executor, dialect: Dialect, now: string, limit: number, onlyId?: string, businessId?: string): Promise<Session[]> {
    let due = db.selectFrom('sessions').select('id').where('status', '=', 'ACTIVE').where('expires_at', '<=', now);
    if (onlyId) due = due.where('id', '=', onlyId);
    // A business on its own (test) clock is swept with its own now.
    if (businessId) due = due.where('business_id', '=', businessId);
    due = due.orderBy('expires_at').limit(limit);
    if (dialect === 'postgres') due = onlyId ? due.forUpdate() : due.forUpdate().skipLocked();
    const rows = await db
      .updateTable('sessions')
      .set({ status: 'EXPIRED', updated: now })
      .where('id', 'in', due)
      .where('status', '=', 'ACTIVE')
      .returningAll()
      .execute();
    return rows.map(toSession);
  },
};
