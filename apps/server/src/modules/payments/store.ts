import { keysetPage } from '../../db/keyset.ts';
import type { Dialect, Executor } from '../../db/store.ts';
import type { PaymentRequestRow, PaymentRequestStatus, PaymentRow, PaymentStatus } from '../../db/tables.ts';

/** Payment request statuses from which the customer can still pay. */
export const OPEN_REQUEST_STATUSES: PaymentRequestStatus[] = ['REQUIRES_ACTION', 'ACCEPTING_PAYMENTS', 'PENDING'];

/** The only code that touches payment_requests and payments. Transitions are guarded UPDATEs. */
export const paymentStore = {
  async insertRequest(db: Executor, row: PaymentRequestRow): Promise<void> {
    await db.insertInto('payment_requests').values(row).execute();
  },

  async findRequest(db: Executor, businessId: string, id: string): Promise<PaymentRequestRow | undefined> {
    return db.selectFrom('payment_requests').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
  },

  async findRequestById(db: Executor, id: string): Promise<PaymentRequestRow | undefined> {
    return db.selectFrom('payment_requests').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** A session's payment requests (its attempts), oldest first. */
  async requestsOfSession(db: Executor, businessId: string, sessionId: string): Promise<PaymentRequestRow[]> {
    return db.selectFrom('payment_requests').selectAll().where('business_id', '=', businessId).where('session_id', '=', sessionId).orderBy('created').orderBy('id').execute();
  },

  async findRequestBySimToken(db: Executor, simToken: string): Promise<PaymentRequestRow | undefined> {
    return db.selectFrom('payment_requests').selectAll().where('sim_token', '=', simToken).executeTakeFirst();
  },

  async referenceTaken(db: Executor, businessId: string, referenceId: string, channelCode: string): Promise<boolean> {
    const row = await db
      .selectFrom('payment_requests')
      .select('id')
      .where('business_id', '=', businessId)
      .where('reference_id', '=', referenceId)
      .where('channel_code', '=', channelCode)
      .where('session_id', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Moves a request from one of `from` to the values in `set`; undefined when the guard failed. */
  async transitionRequest(
    db: Executor,
    id: string,
    from: PaymentRequestStatus[],
    set: Partial<Pick<PaymentRequestRow, 'status' | 'failure_code' | 'latest_payment_id' | 'payment_token_id' | 'updated'>>,
  ): Promise<PaymentRequestRow | undefined> {
    return db.updateTable('payment_requests').set(set).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
  },

  /** Replaces an open request's body if it is still `expected` (the OTP state an OTP check judged); undefined otherwise. */
  async replaceOpenBody(db: Executor, id: string, expected: string, body: string, updated: string): Promise<PaymentRequestRow | undefined> {
    return db.updateTable('payment_requests').set({ body, updated }).where('id', '=', id).where('body', '=', expected).where('status', 'in', OPEN_REQUEST_STATUSES).returningAll().executeTakeFirst();
  },

  /** Closes every still-open request of a session (when it completes, expires or is canceled). */
  async closeOpenRequestsOfSession(db: Executor, sessionId: string, status: 'CANCELED' | 'EXPIRED', now: string, exceptId?: string): Promise<PaymentRequestRow[]> {
    let query = db.updateTable('payment_requests').set({ status, updated: now }).where('session_id', '=', sessionId).where('status', 'in', OPEN_REQUEST_STATUSES);
    if (exceptId) query = query.where('id', '!=', exceptId);
    return query.returningAll().execute();
  },

  /** Open requests past their expiry → EXPIRED, a batch at a time, safe across processes. */
  async expireDueRequests(db: Executor, dialect: Dialect, now: string, limit: number, businessId?: string): Promise<PaymentRequestRow[]> {
    let due = db.selectFrom('payment_requests').select('id').where('status', 'in', OPEN_REQUEST_STATUSES).where('expires_at', '<=', now).limit(limit);
    if (businessId) due = due.where('business_id', '=', businessId);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    return db
      .updateTable('payment_requests')
      .set({ status: 'EXPIRED', updated: now })
      .where('id', 'in', due)
      .where('status', 'in', OPEN_REQUEST_STATUSES)
      .returningAll()
      .execute();
  },

  async insertPayment(db: Executor, row: PaymentRow): Promise<void> {
    await db.insertInto('payments').values(row).execute();
  },

  async findPayment(db: Executor, businessId: string, id: string): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
  },

  /** The business's payments, newest first (the dashboard's list); `after` is the previous page's last row; one extra row tells has_more. */
  async listPayments(db: Executor, businessId: string, filter: { payment_request_id?: string }, after: PaymentRow | undefined, limit: number): Promise<PaymentRow[]> {
    let query = db.selectFrom('payments').selectAll().where('business_id', '=', businessId);
    if (filter.payment_request_id) query = query.where('payment_request_id', '=', filter.payment_request_id);
    return keysetPage(query, after, limit).execute();
  },

  /** The session each of these payment requests was made on (none for plain /v3 requests). */
  async sessionsOfRequests(db: Executor, businessId: string, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('payment_requests').select(['id', 'session_id']).where('business_id', '=', businessId).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.session_id]));
  },

  async latestSucceededPayment(db: Executor, paymentRequestId: string): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('payment_request_id', '=', paymentRequestId).where('status', '=', 'SUCCEEDED').orderBy('created', 'desc').limit(1).executeTakeFirst();
  },

  async transitionPayment(
    db: Executor,
    id: string,
    from: PaymentStatus[],
    set: Partial<Pick<PaymentRow, 'status' | 'captured_minor' | 'body' | 'updated' | 'authorized_until' | 'failure_code'>>,
  ): Promise<PaymentRow | undefined> {
    return db.updateTable('payments').set(set).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
  },

  /** Reserves refundable money; the guard makes concurrent refunds unable to exceed the capture. */
  async reserveRefund(db: Executor, paymentId: string, amountMinor: number): Promise<boolean> {
    const result = await db
      .updateTable('payments')
      .set((eb) => ({ refunded_minor: eb('refunded_minor', '+', amountMinor) }))
      .where('id', '=', paymentId)
      .where('status', '=', 'SUCCEEDED')
      .where((eb) => eb(eb('refunded_minor', '+', amountMinor), '<=', eb.ref('captured_minor')))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async releaseRefund(db: Executor, paymentId: string, amountMinor: number): Promise<void> {
    await db
      .updateTable('payments')
      .set((eb) => ({ refunded_minor: eb('refunded_minor', '-', amountMinor) }))
      .where('id', '=', paymentId)
      .execute();
  },

  async expireDueAuthorizations(db: Executor, dialect: Dialect, now: string, limit: number, businessId?: string): Promise<PaymentRow[]> {
    let due = db.selectFrom('payments').select('id').where('status', '=', 'AUTHORIZED').where('authorized_until', '<=', now).limit(limit);
    if (businessId) due = due.where('business_id', '=', businessId);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    return db.updateTable('payments').set({ status: 'EXPIRED', updated: now }).where('id', 'in', due).where('status', '=', 'AUTHORIZED').returningAll().execute();
  },
};
