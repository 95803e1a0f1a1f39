import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Key management over HTTP, sub-accounts over HTTP, and one seeded webhook endpoint.
 *
 * - `api_keys.name`: keys are several per business now, so each gets a label. Existing keys
 *   stay as they are (same hash, same business, still active) and are named "Secret key".
 * - `api_keys.key_hint` keeps only the key's prefix from now on (`xnd_development_abcd…`): it
 *   used to end with the key's last four characters too, which together with the prefix could
 *   be most of a short configured key. substr and || mean the same on SQLite and PostgreSQL.
 * - `businesses.email`, `account_type`, `updated`: the xenPlatform account fields of
 *   `POST /v2/accounts`. Null for businesses made before (read as OWNED, created = updated).
 * - `webhook_endpoints.source`: `seed` marks the one endpoint LUNAS_WEBHOOK_URL manages, `api`
 *   the endpoints added through the API or CLI (never touched by seeding). Rows that existed
 *   before are `legacy`: seeding used to create endpoints exactly like the API did, so we cannot
 *   tell them apart; a legacy endpoint whose URL is LUNAS_WEBHOOK_URL is adopted as the seeded
 *   one at the next start. A partial unique index allows one seeded endpoint per business, so
 *   processes starting together cannot both add one (partial indexes: SQLite and PostgreSQL).
 */
export const m0007_keys_accounts_seeded_endpoint = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('api_keys').addColumn('name', 'text', (c) => c.notNull().defaultTo('Secret key')).execute();
    await db
      .updateTable('api_keys')
      .set({ key_hint: sql`substr(key_hint, 1, 20) || '…'` })
      .execute();
    await db.schema.createIndex('api_keys_business_created').on('api_keys').columns(['business_id', 'created']).execute();

    await db.schema.alterTable('businesses').addColumn('email', 'text').execute();
    await db.schema.alterTable('businesses').addColumn('account_type', 'text').execute();
    await db.schema.alterTable('businesses').addColumn('updated', 'text').execute();

    await db.schema.alterTable('webhook_endpoints').addColumn('source', 'text', (c) => c.notNull().defaultTo('api')).execute();
    await db.updateTable('webhook_endpoints').set({ source: 'legacy' }).execute();
    await db.schema
      .createIndex('webhook_endpoints_one_seeded')
      .on('webhook_endpoints')
      .column('business_id')
      .unique()
      .where(sql.ref('source'), '=', 'seed')
      .execute();
  },
});
