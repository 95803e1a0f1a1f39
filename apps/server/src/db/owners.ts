import type { Database } from './tables.ts';

/**
 * Who owns which table: the one module (a folder under src/, or one file) whose code reads and
 * writes it. Every other module goes through the owner's functions, which speak in parsed
 * domain objects, never rows or JSON text. Typed over Database, so a new table cannot be
 * added without an owner. test/architecture.test.ts holds the code to this map, and
 * docs/architecture.md shows it.
 */
export const TABLE_OWNERS = {
  meta: 'db/',
  businesses: 'modules/businesses/',
  api_keys: 'modules/businesses/',
  customers: 'modules/customers/',
  sdk_keys: 'modules/sdk-keys/',
  sessions: 'modules/sessions/',
  events: 'modules/events/',
  fan_out_queue: 'modules/events/',
  idempotency_keys: 'plugins/idempotency.ts',
  vault_cards: 'modules/vault/',
  payment_tokens: 'modules/tokens/',
  payment_requests: 'modules/payments/',
  payments: 'modules/payments/',
  refunds: 'modules/refunds/',
  tasks: 'worker/',
  webhook_endpoints: 'modules/webhooks/',
  webhook_settings: 'modules/webhooks/',
  webhook_deliveries: 'modules/webhooks/',
  webhook_attempts: 'modules/webhooks/',
  checkout_branding: 'modules/checkout/',
  gateway_attempts: 'modules/gateway/',
  business_clocks: 'modules/test-clock/',
  recurring_plans: 'modules/recurring/',
  recurring_cycles: 'modules/recurring/',
  dashboard_sessions: 'modules/dashboard/',
} as const satisfies Record<keyof Database, string>;
