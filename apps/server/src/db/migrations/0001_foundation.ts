import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Never edited once released: later changes go in a new migration. */
export const m0001_foundation = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.createTable('meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();

    await db.schema
      .createTable('businesses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('businesses.id'))
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('key_hint', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('customers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
      .addColumn('reference_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('mobile_number', 'text')
      .addColumn('individual_detail', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .addUniqueConstraint('customers_business_reference', ['business_id', 'reference_id'])
      .execute();

    await db.schema
      .createTable('sdk_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('public_spki', 'text', (c) => c.notNull())
      .addColumn('private_pkcs8', 'text', (c) => c.notNull())
      .addColumn('signature', 'text')
      .addColumn('signed_by', 'text', (c) => c.references('sdk_keys.id'))
      .addColumn('created', 'text', (c) => c.notNull())
      .addUniqueConstraint('sdk_keys_kind_generation', ['kind', 'generation'])
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
      .addColumn('reference_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('session_type', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount_minor', 'bigint', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
      .addColumn('capture_method', 'text')
      .addColumn('allow_save_payment_method', 'text')
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .addColumn('sdk_auth_key', 'text', (c) => c.unique())
      .addColumn('sdk_ecdh_key_id', 'text', (c) => c.references('sdk_keys.id'))
      .addColumn('link_id', 'text', (c) => c.unique())
      .addColumn('payment_request_id', 'text')
      .addColumn('payment_id', 'text')
      .addColumn('payment_token_id', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_business_created').on('sessions').columns(['business_id', 'created', 'id']).execute();
    await db.schema.createIndex('sessions_business_reference').on('sessions').columns(['business_id', 'reference_id']).execute();
    await db.schema.createIndex('sessions_status_expiry').on('sessions').columns(['status', 'expires_at']).execute();

    await db.schema
      .createTable('events')
      .addColumn('seq', dialect === 'postgres' ? sql`bigserial` : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('business_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_subject').on('events').columns(['subject_id', 'seq']).execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('business_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('response_status', 'integer')
      .addColumn('response_body', 'text')
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['business_id', 'key'])
      .execute();
    await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created').execute();
  },
});
