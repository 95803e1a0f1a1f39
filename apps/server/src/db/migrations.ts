import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './store.ts';

/**
 * One dialect-neutral set of migrations. Each is numbered and never edited once released;
 * the only dialect branch is the auto-increment column, which SQLite and PostgreSQL spell
 * differently.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_foundation': {
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
    },
    '0002_payments': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('vault_cards')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('pan_sealed', 'text', (c) => c.notNull())
          .addColumn('masked', 'text', (c) => c.notNull())
          .addColumn('network', 'text', (c) => c.notNull())
          .addColumn('expiry_month', 'text', (c) => c.notNull())
          .addColumn('expiry_year', 'text', (c) => c.notNull())
          .addColumn('facts', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('vault_cards_fingerprint').on('vault_cards').columns(['business_id', 'fingerprint']).execute();

        await db.schema
          .createTable('payment_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
          .addColumn('session_id', 'text', (c) => c.references('sessions.id'))
          .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
          .addColumn('reference_id', 'text')
          .addColumn('channel_code', 'text', (c) => c.notNull())
          .addColumn('country', 'text', (c) => c.notNull())
          .addColumn('currency', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('failure_code', 'text')
          .addColumn('vault_card_id', 'text', (c) => c.references('vault_cards.id'))
          .addColumn('sim_token', 'text', (c) => c.unique())
          .addColumn('expires_at', 'text')
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('updated', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('payment_tokens_status_expiry').on('payment_tokens').columns(['status', 'expires_at']).execute();

        await db.schema
          .createTable('payment_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
          .addColumn('session_id', 'text', (c) => c.references('sessions.id'))
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('country', 'text', (c) => c.notNull())
          .addColumn('currency', 'text', (c) => c.notNull())
          .addColumn('request_amount_minor', 'bigint')
          .addColumn('capture_method', 'text', (c) => c.notNull())
          .addColumn('channel_code', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('failure_code', 'text')
          .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
          .addColumn('payment_token_id', 'text', (c) => c.references('payment_tokens.id'))
          .addColumn('latest_payment_id', 'text')
          .addColumn('vault_card_id', 'text', (c) => c.references('vault_cards.id'))
          .addColumn('sim_token', 'text', (c) => c.unique())
          .addColumn('expires_at', 'text')
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('updated', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('payment_requests_session').on('payment_requests').columns(['session_id', 'status']).execute();
        await db.schema.createIndex('payment_requests_status_expiry').on('payment_requests').columns(['status', 'expires_at']).execute();
        await db.schema.createIndex('payment_requests_business_reference').on('payment_requests').columns(['business_id', 'reference_id']).execute();

        await db.schema
          .createTable('payments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
          .addColumn('payment_request_id', 'text', (c) => c.notNull().references('payment_requests.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('failure_code', 'text')
          .addColumn('amount_minor', 'bigint', (c) => c.notNull())
          .addColumn('captured_minor', 'bigint', (c) => c.notNull())
          .addColumn('refunded_minor', 'bigint', (c) => c.notNull())
          .addColumn('authorized_until', 'text')
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('updated', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('payments_request').on('payments').column('payment_request_id').execute();
        await db.schema.createIndex('payments_status_authorized').on('payments').columns(['status', 'authorized_until']).execute();

        await db.schema
          .createTable('refunds')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
          .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
          .addColumn('payment_request_id', 'text', (c) => c.notNull().references('payment_requests.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('amount_minor', 'bigint', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('updated', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('refunds_payment').on('refunds').columns(['payment_id', 'status']).execute();

        await db.schema
          .createTable('tasks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('subject_id', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('run_at', 'text', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', 'text')
          .addColumn('done_at', 'text')
          .execute();
        await db.schema.createIndex('tasks_due').on('tasks').columns(['done_at', 'run_at']).execute();
      },
    },
    '0003_webhooks': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('events').addColumn('ordering_key', 'text').execute();
        await db.schema.alterTable('events').addColumn('fanned_out_at', 'text').execute();
        await db.schema.createIndex('events_fan_out').on('events').columns(['fanned_out_at', 'seq']).execute();

        await db.schema
          .createTable('webhook_endpoints')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('event_groups', 'text', (c) => c.notNull())
          .addColumn('secret_sealed', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('updated', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('webhook_endpoints_business').on('webhook_endpoints').column('business_id').execute();

        await db.schema
          .createTable('webhook_settings')
          .addColumn('business_id', 'text', (c) => c.primaryKey().references('businesses.id'))
          .addColumn('callback_token_sealed', 'text', (c) => c.notNull())
          .addColumn('updated', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('webhook_deliveries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('event_seq', 'bigint', (c) => c.notNull())
          .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
          .addColumn('business_id', 'text', (c) => c.notNull())
          .addColumn('ordering_key', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('first_attempt_at', 'text')
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .addColumn('last_status_code', 'integer')
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('updated', 'text', (c) => c.notNull())
          .addUniqueConstraint('webhook_deliveries_event_endpoint', ['event_id', 'endpoint_id'])
          .execute();
        await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
        await db.schema.createIndex('webhook_deliveries_order').on('webhook_deliveries').columns(['endpoint_id', 'ordering_key', 'event_seq']).execute();

        await db.schema
          .createTable('webhook_attempts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
          .addColumn('attempted_at', 'text', (c) => c.notNull())
          .addColumn('status_code', 'integer')
          .addColumn('latency_ms', 'integer', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('response_body', 'text')
          .execute();
        await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'attempted_at']).execute();
      },
    },
  };
}
