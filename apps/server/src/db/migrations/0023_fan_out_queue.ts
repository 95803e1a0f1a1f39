import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Issue 19: events waiting for fan-out move from a mark on the event to a queue of their own.
 *
 * Fan-out used to set `events.fanned_out_at` on every event it took. That rewrote the whole
 * event row, payload and all (about 1.2 KB: a new tuple and an entry in each of its four
 * indexes on PostgreSQL; on SQLite the event's pages went into the WAL and back), to record
 * one fact. On PostgreSQL it was the largest single cost of a delivery.
 *
 * `fan_out_queue` holds only the `seq` of each event not yet fanned out. A trigger queues every
 * event as it is inserted, in the inserting transaction, so no code path that records an event
 * can forget it and no extra round trip is paid. Fan-out deletes what it takes in the
 * transaction that creates the deliveries: a crash keeps both or neither, as before.
 *
 * Events not yet fanned out when this runs are queued; the column and its index go.
 */
export const m0023_fan_out_queue = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    // SQLite: `integer primary key` is the rowid itself, one B-tree; `bigint` would add an index.
    await db.schema.createTable('fan_out_queue').addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.primaryKey()).execute();
    await sql`INSERT INTO fan_out_queue (seq) SELECT seq FROM events WHERE fanned_out_at IS NULL`.execute(db);
    await db.schema.dropIndex('events_unfanned').execute();
    await db.schema.alterTable('events').dropColumn('fanned_out_at').execute();
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER events_queue_for_fan_out AFTER INSERT ON events BEGIN INSERT INTO fan_out_queue (seq) VALUES (NEW.seq); END`.execute(db);
      return;
    }
    // The queue is named with its schema: a trigger runs under the inserting session's
    // search_path, which need not be the one Lunas's tables were created in.
    const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
    const queue = sql.id(rows[0]!.schema, 'fan_out_queue');
    const fn = sql.id(rows[0]!.schema, 'queue_event_for_fan_out');
    await sql`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ${queue} (seq) VALUES (NEW.seq); RETURN NULL; END $$`.execute(db);
    await sql`CREATE TRIGGER events_queue_for_fan_out AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION ${fn}()`.execute(db);
  },
});
