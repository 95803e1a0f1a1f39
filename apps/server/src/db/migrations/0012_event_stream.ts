import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * The event stream (`GET /events/stream`) and `lunas listen`.
 *
 * - `events.tx_order`: on PostgreSQL, the id of the transaction that inserted the event
 *   (`pg_current_xact_id()`). `seq` is taken from a sequence before commit, so a lower seq can
 *   become visible after a higher one; the stream reads only events of transactions below the
 *   snapshot's xmin (all finished) in (tx_order, seq) order, so nothing can appear behind its
 *   cursor. On SQLite (one writer: commit order is seq order) it stays 0. Events recorded before
 *   this migration have 0 too: they come first, in seq order.
 * - `webhook_settings.listen_secret_sealed`: the business's `whsec_` secret that `lunas listen`
 *   signs forwards with, made once and sealed with the master key like endpoint secrets.
 * - `webhook_settings.listen_last_event_id`: the last event `lunas listen` forwarded, so a
 *   restarted listen continues after it.
 */
export const m0012_event_stream = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('events').addColumn('tx_order', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    if (dialect === 'postgres') await sql`ALTER TABLE events ALTER COLUMN tx_order SET DEFAULT (pg_current_xact_id()::text::bigint)`.execute(db);
    await db.schema.createIndex('events_stream').on('events').columns(['business_id', 'tx_order', 'seq']).execute();

    await db.schema.alterTable('webhook_settings').addColumn('listen_secret_sealed', 'text').execute();
    await db.schema.alterTable('webhook_settings').addColumn('listen_last_event_id', 'text').execute();
  },
});
