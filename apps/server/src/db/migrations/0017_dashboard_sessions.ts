import type { Kysely, Migration } from 'kysely';

/**
 * Dashboard sign-ins (modules/dashboard): one row per signed-in browser. The cookie carries a
 * random token; only its SHA-256 is stored (`id`), so a copy of the store signs nobody in.
 * `key_id` is the secret key that signed in (revoking it ends the sign-in); `acting_business_id`
 * is the business the dashboard shows (the key's own, or one of its sub-accounts). The CSRF
 * token is bound to the row and is no credential without the cookie.
 */
export const m0017_dashboard_sessions = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('dashboard_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('business_id', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('acting_business_id', 'text', (c) => c.notNull())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dashboard_sessions_expiry').on('dashboard_sessions').column('expires_at').execute();
  },
});
