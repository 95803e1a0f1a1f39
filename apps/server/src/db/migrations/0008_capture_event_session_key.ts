import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Payment events recorded after their session completed (`payment.capture` of a MANUAL-capture
 * session, `payment.expiry` of an uncaptured authorisation) used to be keyed by the payment, not
 * by the session, so `GET /events?object_id=<session>` missed them. They get their session's
 * id as ordering key, as newer Lunas records them. Only events still keyed by their own subject
 * change; a payment outside any session keeps its key. Deliveries already fanned out keep the
 * key they copied (it only orders them among themselves). Correlated subqueries in an UPDATE
 * read the same on SQLite and PostgreSQL.
 */
export const m0008_capture_event_session_key = (): Migration => ({
  async up(db: Kysely<any>) {
    const sessionOfPayment = sql`(SELECT r.session_id FROM payments p JOIN payment_requests r ON r.id = p.payment_request_id WHERE p.id = events.subject_id)`;
    await sql`UPDATE events SET ordering_key = ${sessionOfPayment}
      WHERE type IN ('payment.capture', 'payment.expiry') AND ordering_key = subject_id AND ${sessionOfPayment} IS NOT NULL`.execute(db);
  },
});
