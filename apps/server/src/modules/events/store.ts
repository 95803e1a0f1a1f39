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

  /**
   * Takes up to `limit` events off the fan-out queue, oldest first (with `payload` when the
   * caller sends them straight away); they leave the queue when the caller's transaction
   * commits. On PostgreSQL, one statement: the picked queue rows are locked with SKIP LOCKED,
   * so processes split the work, and are a MATERIALIZED CTE because a `LIMIT n … SKIP LOCKED`
   * subquery may be run more than once inside a DELETE and take more than n. On SQLite (one
   * connection, inside the caller's transaction) nothing can queue a lower seq in between, so
   * the taken events are those up to the last one read.
   */
  async takeUnfanned(trx: Executor, dialect: Dialect, limit: number, withPayload: boolean) {
    const columns = ['events.id', 'events.seq', 'events.business_id', 'events.type', 'events.ordering_key', 'events.subject_id'] as const;
    if (dialect === 'postgres') {
      return trx
        .with(
          (cte) => cte('picked').materialized(),
          (db) => db.selectFrom('fan_out_queue').select('seq').orderBy('seq').limit(limit).forUpdate().skipLocked(),
        )
        .with('taken', (db) => db.deleteFrom('fan_out_queue').where('seq', 'in', db.selectFrom('picked').select('seq')).returning('seq'))
        .selectFrom('taken')
        .innerJoin('events', 'events.seq', 'taken.seq')
        .select(columns)
        .$if(withPayload, (q) => q.select('events.payload'))
        .orderBy('events.seq')
        .execute();
    }
    const rows = await trx
      .selectFrom('fan_out_queue')
      .innerJoin('events', 'events.seq', 'fan_out_queue.seq')
      .select(columns)
      .$if(withPayload, (q) => q.select('events.payload'))
      .orderBy('fan_out_queue.seq')
      .limit(limit)
      .execute();
    if (rows.length > 0) await trx.deleteFrom('fan_out_queue').where('seq', '<=', rows.at(-1)!.seq).execute();
    return rows;
  },

  /** An event whose deliveries its recorder makes itself (a test event) leaves the queue at once. */
  async unqueue(trx: Executor, seq: number): Promise<void> {
    await trx.deleteFrom('fan_out_queue').where('seq', '=', seq).execute();
  },

  /** How many events wait for fan-out. */
  async queued(db: Executor): Promise<number> {
    return Number((await db.selectFrom('fan_out_queue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
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
