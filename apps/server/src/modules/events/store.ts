import { sql, type Insertable, type OperandExpression } from 'kysely';
import type { Dialect } from '../../db/dialect.ts';
import type { Executor } from '../../db/store.ts';
import type { EventsTable } from '../../db/tables.ts';

/** Which events a page of the delivery log shows. */
export interface EventPageFilter {
  type?: string;
  subject_id?: string;
  /** Events about this object, or ordered with it (a session's payments and tokens). */
  object_id?: string;
  /** Only events whose id the subquery returns (the webhooks module's delivery states). */
  idsIn?: OperandExpression<string>;
  /** Only events recorded before this one (`seq` order). */
  beforeSeq?: number;
}

/** A place in the stream's order: (tx_order, seq). */
export interface StreamPosition {
  tx_order: number;
  seq: number;
}

/** PostgreSQL: every transaction with a lower id has finished (the statement's snapshot xmin). */
const finishedBelow = sql<number>`pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;

/** The only code that touches the events table. */
export const eventStore = {
  /** Answers the event's `seq`, its place in the outbox's order. */
  async insert(db: Executor, event: Insertable<EventsTable>): Promise<number> {
    return (await db.insertInto('events').values(event).returning('seq').executeTakeFirstOrThrow()).seq;
  },

  async forSubject(db: Executor, subjectId: string) {
    return db.selectFrom('events').selectAll().where('subject_id', '=', subjectId).orderBy('seq').execute();
  },

  /** Events not yet fanned out, oldest first; on PostgreSQL locked (SKIP LOCKED) until the caller's transaction ends. */
  /**
   * Takes up to `limit` events not yet fanned out, oldest first, and marks them, in one
   * statement; with `payload` when the caller sends the events straight away. On PostgreSQL
   * they are locked with SKIP LOCKED, so processes split the work; the picked rows are a
   * MATERIALIZED CTE because an `IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` may be run more
   * than once inside an UPDATE and take more than n.
   */
  async takeUnfanned(trx: Executor, dialect: Dialect, limit: number, withPayload: boolean, now: string) {
    const rows = await trx
      .with(
        (cte) => cte('picked').materialized(),
        (db) => {
          const picked = db.selectFrom('events').select('seq').where('fanned_out_at', 'is', null).orderBy('seq').limit(limit);
          return dialect === 'postgres' ? picked.forUpdate().skipLocked() : picked;
        },
      )
      .updateTable('events')
      .set({ fanned_out_at: now })
      .from('picked')
      .whereRef('events.seq', '=', 'picked.seq')
      .returning(['events.id', 'events.seq', 'events.business_id', 'events.type', 'events.ordering_key', 'events.subject_id'])
      .$if(withPayload, (q) => q.returning('events.payload'))
      .execute();
    // RETURNING follows no order.
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq));
  },

  async forSending(db: Executor, ids: string[]) {
    return db.selectFrom('events').select(['id', 'type', 'business_id', 'payload']).where('id', 'in', ids).execute();
  },

  /** Newest first; `limit` rows at most. */
  async page(db: Executor, businessId: string, filter: EventPageFilter, limit: number) {
    let query = db.selectFrom('events').selectAll().where('business_id', '=', businessId);
    if (filter.type) query = query.where('type', '=', filter.type);
    if (filter.subject_id) query = query.where('subject_id', '=', filter.subject_id);
    if (filter.object_id) query = query.where((eb) => eb.or([eb('subject_id', '=', filter.object_id!), eb('ordering_key', '=', filter.object_id!)]));
    if (filter.idsIn) query = query.where('id', 'in', filter.idsIn);
    if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
    return query.orderBy('seq', 'desc').limit(limit).execute();
  },

  async find(db: Executor, businessId: string, eventId: string) {
    return db.selectFrom('events').selectAll().where('id', '=', eventId).where('business_id', '=', businessId).executeTakeFirst();
  },

  async findSeq(db: Executor, businessId: string, eventId: string): Promise<number | undefined> {
    return (await db.selectFrom('events').select('seq').where('id', '=', eventId).where('business_id', '=', businessId).executeTakeFirst())?.seq;
  },

  /** A subquery (not run here): the ids of events recorded at or after `since`. */
  idsCreatedSince(db: Executor, since: string) {
    return db.selectFrom('events').select('id').where('created', '>=', since);
  },

  /**
   * The stream's next events of a business after `after`, in (tx_order, seq) order. On
   * PostgreSQL only events of finished transactions (below the snapshot's xmin): none can commit
   * behind them later, so a cursor never skips one.
   */
  async streamAfter(db: Executor, dialect: Dialect, businessId: string, after: StreamPosition, types: string[] | undefined, limit: number) {
    let query = db
      .selectFrom('events')
      .select(['id', 'seq', 'tx_order', 'type', 'business_id', 'payload'])
      .where('business_id', '=', businessId)
      .where((eb) => eb.or([eb('tx_order', '>', after.tx_order), eb.and([eb('tx_order', '=', after.tx_order), eb('seq', '>', after.seq)])]));
    if (dialect === 'postgres') query = query.where('tx_order', '<', finishedBelow);
    if (types?.length) query = query.where('type', 'in', types);
    const rows = await query.orderBy('tx_order').orderBy('seq').limit(limit).execute();
    return rows.map((row) => ({ ...row, seq: Number(row.seq), tx_order: Number(row.tx_order) }));
  },

  /**
   * Where the stream of "from now on" starts: after every event already visible. On PostgreSQL
   * that is the xmin horizon, plus the business's events above it already committed (`seen`,
   * read in the same statement, so the same snapshot): the stream skips those.
   */
  async streamHead(db: Executor, dialect: Dialect, businessId: string): Promise<{ position: StreamPosition; seen: string[] }> {
    if (dialect === 'postgres') {
      const { rows } = await sql<{ xmin: number | string; id: string | null }>`
        WITH horizon AS (SELECT ${finishedBelow} AS xmin)
        SELECT horizon.xmin, events.id FROM horizon LEFT JOIN events ON events.business_id = ${businessId} AND events.tx_order >= horizon.xmin`.execute(db);
      return { position: { tx_order: Number(rows[0]!.xmin), seq: 0 }, seen: rows.flatMap((row) => (row.id ? [row.id] : [])) };
    }
    const row = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return { position: { tx_order: 0, seq: Number(row?.seq ?? 0) }, seen: [] };
  },

  async streamPosition(db: Executor, businessId: string, eventId: string): Promise<StreamPosition | undefined> {
    const row = await db.selectFrom('events').select(['tx_order', 'seq']).where('id', '=', eventId).where('business_id', '=', businessId).executeTakeFirst();
    return row && { tx_order: Number(row.tx_order), seq: Number(row.seq) };
  },
};
