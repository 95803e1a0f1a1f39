import type { Kysely, Migration } from 'kysely';

/** Never edited once released: later changes go in a new migration. */
export const m0002_payments = (): Migration => ({
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
});
