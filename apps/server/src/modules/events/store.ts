import type { Insertable, OperandExpression } from 'kysely';
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

/** The only code that touches the events table. */
export const eventStore = {
  async insert(db: Executor, event: Insertable<EventsTable>): Promise<void> {
    await db.insertInto('events').values(event).execute();
  },

  async forSubject(db: Executor, subjectId: string) {
    return db.selectFrom('events').selectAll().where('subject_id', '=', subjectId).orderBy('seq').execute();
  },

  /** Events not yet fanned out, oldest first; on PostgreSQL locked (SKIP LOCKED) until the caller's transaction ends. */
  async takeUnfanned(trx: Executor, dialect: Dialect, limit: number) {
    let query = trx.selectFrom('events').select(['id', 'seq', 'business_id', 'type', 'ordering_key', 'subject_id']).where('fanned_out_at', 'is', null).orderBy('seq').limit(limit);
    if (dialect === 'postgres') query = query.forUpdate().skipLocked();
    return query.execute();
  },

  async markFannedOut(trx: Executor, ids: string[], now: string): Promise<void> {
    await trx.updateTable('events').set({ fanned_out_at: now }).where('id', 'in', ids).execute();
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
};
