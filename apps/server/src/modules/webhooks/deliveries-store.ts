import { sql } from 'kysely';
import { leaseDue } from '../../db/lease.ts';
import { insertRows, updateFromValues, type Columns } from '../../db/rows.ts';
import type { Db, Dialect, Executor, Store } from '../../db/store.ts';
import type { WebhookAttemptsTable, WebhookDeliveryRow } from '../../db/tables.ts';
import { newDeliveryId } from '../../ids.ts';
import { eventIdsSince } from '../events/views.ts';

const dueAsNew = (now: string) => ({ status: 'PENDING' as const, attempts: 0, first_attempt_at: null, next_attempt_at: now, locked_until: null, lease_owner: null, updated: now });

const DELIVERY_COLUMNS: Columns<WebhookDeliveryRow> = [
  ['id', 'text'], ['event_id', 'text'], ['event_seq', 'bigint'], ['endpoint_id', 'text'], ['business_id', 'text'], ['ordering_key', 'text'], ['status', 'text'], ['attempts', 'integer'],
  ['first_attempt_at', 'text'], ['next_attempt_at', 'text'], ['locked_until', 'text'], ['lease_owner', 'text'], ['last_status_code', 'integer'], ['created', 'text'], ['updated', 'text'],
];
const ATTEMPT_COLUMNS: Columns<AttemptRow> = [['id', 'text'], ['delivery_id', 'text'], ['attempted_at', 'text'], ['status_code', 'integer'], ['latency_ms', 'integer'], ['error', 'text'], ['response_body', 'text']];
const NEXT_STATE_COLUMNS: Columns<NextState> = [['id', 'text'], ['lease', 'text'], ['status', 'text'], ['attempts', 'integer'], ['first_attempt_at', 'text'], ['next_attempt_at', 'text'], ['last_status_code', 'integer'], ['updated', 'text']];
/** On PostgreSQL, the parameter that holds the ids (db/rows.ts: one array per column). */
const ID_PARAMETER = `$${NEXT_STATE_COLUMNS.findIndex(([column]) => column === 'id') + 1}`;
/**
 * The outcome of an attempt: only where the lease is still the one it was sent under. On
 * PostgreSQL the ids are also matched as an array: a burst leaves statistics that count every
 * delivery as leased, and the join on the lease then walked them all (5 ms a batch) instead of
 * probing the primary key.
 */
const recordNextStatesSql = (dialect: Dialect) => (withV: string) => `${withV}
  UPDATE webhook_deliveries SET status = v.status, attempts = v.attempts, first_attempt_at = v.first_attempt_at,
    next_attempt_at = v.next_attempt_at, last_status_code = v.last_status_code, locked_until = NULL, lease_owner = NULL, updated = v.updated
  FROM v WHERE webhook_deliveries.id = v.id AND webhook_deliveries.lease_owner = v.lease${dialect === 'postgres' ? ` AND webhook_deliveries.id = ANY(${ID_PARAMETER}::text[])` : ''}
  RETURNING webhook_deliveries.id`;

/** A new delivery of an event to an endpoint, due now. */
export const newDeliveryRow = (delivery: Pick<WebhookDeliveryRow, 'event_id' | 'event_seq' | 'endpoint_id' | 'business_id' | 'ordering_key'>, now: string): WebhookDeliveryRow => ({
  id: newDeliveryId(),
  ...delivery,
  ...dueAsNew(now),
  last_status_code: null,
  created: now,
});

/** A delivery's state after an attempt, recorded only by the holder of its lease (`lease`, its id). */
export interface NextState {
  id: string;
  lease: string;
  status: WebhookDeliveryRow['status'];
  attempts: number;
  first_attempt_at: string | null;
  next_attempt_at: string;
  last_status_code: number | null;
  updated: string;
}

/** One attempt as recorded in webhook_attempts. */
export type AttemptRow = WebhookAttemptsTable;

/**
 * The webhook_deliveries and webhook_attempts tables: what the dispatcher fans out, claims and
 * records, and what the delivery log shows and sends again.
 */
export const deliveryStore = {
  /** Every endpoint id with its business, in id order. */
  async endpointIds(db: Executor): Promise<{ id: string; business_id: string }[]> {
    return db.selectFrom('webhook_endpoints').select(['id', 'business_id']).orderBy('id').execute();
  },

  /** The endpoints of these businesses, with their subscribed event groups (JSON). */
  async endpointsOf(trx: Executor, businessIds: string[]): Promise<{ id: string; business_id: string; event_groups: string }[]> {
    if (businessIds.length === 0) return [];
    return trx.selectFrom('webhook_endpoints').select(['id', 'business_id', 'event_groups']).where('business_id', 'in', businessIds).execute();
  },

  /** New deliveries; one of an event and endpoint that already exists is left alone. */
  async insert(trx: Executor, dialect: Dialect, rows: WebhookDeliveryRow[]): Promise<void> {
    await insertRows(trx, dialect, 'webhook_deliveries', DELIVERY_COLUMNS, rows, ' on conflict (event_id, endpoint_id) do nothing');
  },

  /**
   * Leases up to `limit` due deliveries of an endpoint until `lease.until`, under the lease's id
   * (db/lease.ts, lease-heartbeat.ts). A delivery
   * is due once every earlier delivery of its endpoint and ordering key has had its first
   * attempt, so a session's events are attempted in the order they were committed. Due by
   * `dueBy`, the endpoint's business time (the test clock); leases compare with real `now`.
   */
  async claimDue(store: Store, endpointId: string, limit: number, now: string, lease: { id: string; until: string }, dueBy = now): Promise<WebhookDeliveryRow[]> {
    return leaseDue(
      store,
      (trx) =>
        trx
          .selectFrom('webhook_deliveries as d')
          .select('d.id')
          .where('d.endpoint_id', '=', endpointId)
          .where('d.status', '=', 'PENDING')
          .where('d.next_attempt_at', '<=', dueBy)
          .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<=', now)]))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('webhook_deliveries as e')
                  .select('e.id')
                  .whereRef('e.endpoint_id', '=', 'd.endpoint_id')
                  .whereRef('e.ordering_key', '=', 'd.ordering_key')
                  .whereRef('e.event_seq', '<', 'd.event_seq')
                  .where('e.status', '=', 'PENDING')
                  .where('e.first_attempt_at', 'is', null),
              ),
            ),
          )
          .orderBy('d.next_attempt_at')
          .orderBy('d.event_seq')
          .limit(limit),
      // No `status = 'PENDING'` guard: the rows were selected PENDING in this transaction (locked
      // on PostgreSQL; SQLite has one writer), and with it SQLite walks the status index, every
      // pending row, instead of the 64 ids: 3 ms a claim instead of 0.3.
      (trx, ids) => trx.updateTable('webhook_deliveries').set({ locked_until: lease.until, lease_owner: lease.id }).where('id', 'in', ids).returningAll().execute(),
    );
  },

  /**
   * Of these endpoints and ordering keys, the pairs with a delivery still waiting for its first
   * attempt (PENDING, never attempted), as `endpoint id + NUL + key`: a new delivery of such a
   * pair must wait for it, so fan-out leaves it to a later claim instead of leasing it at once.
   */
  async keysAwaitingFirstAttempt(trx: Executor, endpointIds: string[], orderingKeys: string[]): Promise<Set<string>> {
    const waiting = new Set<string>();
    if (endpointIds.length === 0 || orderingKeys.length === 0) return waiting;
    for (let i = 0; i < orderingKeys.length; i += 500) {
      // The status is checked here, not in SQL: with `status = 'PENDING'` in the WHERE, both stores
      // chose the status index and walked every pending delivery (a dead endpoint's backlog), not
      // the few rows of these sessions that the ordering index finds.
      const rows = await trx
        .selectFrom('webhook_deliveries')
        .select(['endpoint_id', 'ordering_key', 'status'])
        .where('endpoint_id', 'in', endpointIds)
        .where('ordering_key', 'in', orderingKeys.slice(i, i + 500))
        .where('first_attempt_at', 'is', null)
        .execute();
      for (const row of rows) if (row.status === 'PENDING') waiting.add(`${row.endpoint_id}\u0000${row.ordering_key}`);
    }
    return waiting;
  },

  /**
   * Which of these deliveries still exist (one removed with its endpoint has gone); on
   * PostgreSQL they stay locked (KEY SHARE) until the transaction commits.
   */
  async stillPresent(trx: Executor, dialect: Dialect, ids: string[]): Promise<Set<string>> {
    let present = trx.selectFrom('webhook_deliveries').select('id').where('id', 'in', ids);
    if (dialect === 'postgres') present = present.forKeyShare();
    return new Set((await present.execute()).map((row) => row.id));
  },

  async insertAttempts(trx: Executor, dialect: Dialect, rows: AttemptRow[]): Promise<void> {
    await insertRows(trx, dialect, 'webhook_attempts', ATTEMPT_COLUMNS, rows);
  },

  /** The heartbeat: the leases still held (by id) last until `until`. */
  async renewLeases(db: Executor, leaseIds: string[], until: string): Promise<void> {
    if (leaseIds.length === 0) return;
    // No status guard: only PENDING rows carry a lease (recording an outcome clears it), and with
    // one SQLite walks its status index, every pending row, instead of the lease owner's.
    await db.updateTable('webhook_deliveries').set({ locked_until: until }).where('lease_owner', 'in', leaseIds).execute();
  },

  /**
   * Only the holder of the lease records the outcome; a process that lost it stays quiet.
   * Answers the ids whose state was written. On PostgreSQL one statement for the batch (a
   * statement per delivery was most of the dispatcher's bookkeeping); SQLite, in-process, runs
   * one kept statement per delivery (db/rows.ts).
   */
  async recordNextStates(trx: Executor, dialect: Dialect, updates: NextState[]): Promise<Set<string>> {
    return new Set(await updateFromValues(trx, dialect, NEXT_STATE_COLUMNS, updates, recordNextStatesSql(dialect)));
  },

  /** The deliveries of these events with their endpoints' URLs, oldest first. */
  deliveriesOfEvents(db: Executor, eventIds: string[]) {
    return db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
      .select(['d.id', 'd.event_id', 'd.endpoint_id', 'w.url', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_status_code', 'd.created', 'd.updated'])
      .where('d.event_id', 'in', eventIds)
      .orderBy('d.created')
      .execute();
  },

  attemptsOf(db: Executor, deliveryIds: string[]) {
    return db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('attempted_at').execute();
  },

  /** A subquery (not run here): the ids of the business's events with a delivery in this state. */
  eventIdsWithDeliveryIn(db: Executor, businessId: string, filter: { status?: WebhookDeliveryRow['status']; endpointId?: string }) {
    let query = db.selectFrom('webhook_deliveries').select('event_id').where('business_id', '=', businessId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.endpointId) query = query.where('endpoint_id', '=', filter.endpointId);
    return query;
  },

  /** Makes an event's deliveries (to one endpoint, or to all) due now, as new; returns how many. */
  async sendEventAgain(db: Executor, now: string, eventId: string, endpointId?: string): Promise<number> {
    let query = db.updateTable('webhook_deliveries').set(dueAsNew(now)).where('event_id', '=', eventId);
    if (endpointId) query = query.where('endpoint_id', '=', endpointId);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  },

  /** Makes an endpoint's FAILED deliveries of events recorded since `since` due now, as new; returns how many. */
  async sendFailedAgain(db: Executor, now: string, endpointId: string, since: string): Promise<number> {
    const result = await db
      .updateTable('webhook_deliveries')
      .set(dueAsNew(now))
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'FAILED')
      .where('event_id', 'in', eventIdsSince(db, since))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /**
   * A burst of new deliveries leaves PostgreSQL's statistics behind until autovacuum runs,
   * and the claim's plan degrades to scanning every pending row: this refreshes them. From a
   * sample of 3,000 rows (statistics target 10, not the default 100's 30,000): what the plans
   * need is the table's size and the share of pending and leased rows, which that sample gives,
   * at a tenth of the cost (9 ms instead of 85 at 26,000 deliveries).
   */
  async refreshStatistics(db: Db): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL default_statistics_target = 10`.execute(trx);
      await sql`ANALYZE webhook_deliveries`.execute(trx);
    });
  },
};
