import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Scrubs card data that older versions stored in clear text. Before card fields were refused on
 * non-card channels, `card_details` (PAN, CVN) sent with e.g. a virtual account was kept as sent
 * in the request and payment bodies, the events (webhook payloads), token bodies and idempotency
 * replies. Card requests themselves were never affected: their card_details is the vault's
 * masked echo (`masked_card_number`, no number, no CVN).
 *
 * Dialect-neutral: the JSON columns are text on both dialects, so rows are found with LIKE,
 * scrubbed in JavaScript and written back by primary key. Self-contained on purpose (released
 * migrations never change, so they import nothing that might). On SQLite, secure_delete is turned
 * on for the connection first, so the old text is zeroed in the file's pages rather than left
 * behind in free space.
 */
const CARD_KEYS = new Set(['card_number', 'cvn', 'cvv', 'cvc', 'cvv2', 'security_code']);

/** Tables with JSON text columns that may hold echoed channel_properties, and their primary keys. */
const TARGETS: { table: string; column: string; keys: string[] }[] = [
  { table: 'payment_requests', column: 'body', keys: ['id'] },
  { table: 'payments', column: 'body', keys: ['id'] },
  { table: 'payment_tokens', column: 'body', keys: ['id'] },
  { table: 'events', column: 'payload', keys: ['seq'] },
  { table: 'tasks', column: 'payload', keys: ['id'] },
  { table: 'sessions', column: 'details', keys: ['id'] },
  { table: 'idempotency_keys', column: 'response_body', keys: ['business_id', 'key'] },
];

/** Only rows whose text could hold card data are read. */
const MARKERS = ['%"card_details"%', ...[...CARD_KEYS].map((key) => `%"${key}"%`)];

/**
 * Removes every card-number or security-code key at any depth, and every card_details object
 * that is not the vault's masked echo (a masked echo always has masked_card_number).
 */
export function scrubCardData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubCardData);
  if (typeof value !== 'object' || value === null) return value;
  const clean: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (CARD_KEYS.has(key.toLowerCase())) continue;
    if (key === 'card_details' && !(typeof child === 'object' && child !== null && 'masked_card_number' in child)) continue;
    clean[key] = scrubCardData(child);
  }
  return clean;
}

export const m0009_scrub_card_data = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    if (dialect === 'sqlite') await sql`PRAGMA secure_delete = ON`.execute(db);
    for (const { table, column, keys } of TARGETS) {
      const rows = await db
        .selectFrom(table)
        .select([...keys, column])
        .where((eb) => eb.or(MARKERS.map((marker) => eb(column, 'like', marker))))
        .execute();
      for (const row of rows) {
        const text = row[column] as string | null;
        if (text === null) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          continue; // not JSON: nothing Lunas wrote as an echo
        }
        const scrubbed = JSON.stringify(scrubCardData(parsed));
        if (scrubbed === JSON.stringify(parsed)) continue;
        let update = db.updateTable(table).set({ [column]: scrubbed });
        for (const key of keys) update = update.where(key, '=', row[key]);
        await update.execute();
      }
    }
  },
});
