import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { PaymentRequestsTable, PaymentsTable, PaymentTokensTable, RefundsTable, TasksTable } from './tables-payments.ts';
import type { RecurringCyclesTable, RecurringPlansTable } from './tables-recurring.ts';

export * from './tables-payments.ts';
export * from './tables-recurring.ts';

/**
 * Row types of every table. Timestamps are ISO-8601 UTC strings with milliseconds
 * (`2026-01-01T00:00:00.000Z`): they sort as text on both dialects and read back unchanged.
 * Money is integer minor units. JSON documents are stored as text.
 */
export interface Database {
  meta: { key: string; value: string };
  businesses: BusinessesTable;
  api_keys: ApiKeysTable;
  customers: CustomersTable;
  sdk_keys: SdkKeysTable;
  sessions: SessionsTable;
  events: EventsTable;
  /** Events not yet fanned out into deliveries, by `seq` (migration 0023). */
  fan_out_queue: { seq: number };
  idempotency_keys: IdempotencyKeysTable;
  vault_cards: VaultCardsTable;
  payment_tokens: PaymentTokensTable;
  payment_requests: PaymentRequestsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  tasks: TasksTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_settings: WebhookSettingsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  checkout_branding: CheckoutBrandingTable;
  gateway_attempts: GatewayAttemptsTable;
  business_clocks: BusinessClocksTable;
  recurring_plans: RecurringPlansTable;
  recurring_cycles: RecurringCyclesTable;
  dashboard_sessions: DashboardSessionsTable;
}

export interface BusinessesTable {
  id: string;
  name: string;
  /** Set for sub-accounts (xenPlatform); they act through their parent's key and for-user-id. */
  parent_id: string | null;
  created: string;
  /** xenPlatform account fields (`POST /v2/accounts`); null for businesses made otherwise. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  account_type: ColumnType<'OWNED' | null, 'OWNED' | null | undefined, 'OWNED' | null>;
  updated: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Secret keys, several per business: only their SHA-256 and a recognisable prefix are kept. */
export interface ApiKeysTable {
  id: string;
  business_id: string;
  key_hash: string;
  /** The key's first characters and an ellipsis (`xnd_development_abcd…`), never the whole key. */
  key_hint: string;
  name: string;
  created: string;
  revoked_at: string | null;
}

/** Dashboard sign-ins (modules/dashboard): `id` is the SHA-256 of the cookie's token, never the token. */
export interface DashboardSessionsTable {
  id: string;
  business_id: string;
  key_id: string;
  acting_business_id: string;
  csrf_token: string;
  created: string;
  expires_at: string;
}

/** How far a business moved its test clock forward (modules/test-clock); no row = real time. */
export interface BusinessClocksTable {
  business_id: string;
  /** bigint on PostgreSQL: read back as a string there, so parse it. */
  offset_ms: ColumnType<number | string, number, number>;
  updated: string;
}

/** Gateway payment attempts per session in a fixed window (card-testing cap across processes). */
export interface GatewayAttemptsTable {
  session_id: string;
  window_start: string;
  attempts: number;
}

/** How a business's hosted checkout looks; null columns fall back to Lunas's defaults. */
export interface CheckoutBrandingTable {
  business_id: string;
  display_name: string | null;
  /** A data: URL (png, jpeg or svg), shown inline: the page never loads a third-party image. */
  logo: string | null;
  /** `#rrggbb`, lower case. */
  brand_color: string | null;
  updated: string;
}

export interface WebhookEndpointsTable {
  id: string;
  business_id: string;
  url: string;
  /** JSON array of event groups (see modules/webhooks/groups.ts). */
  event_groups: string;
  /** The whsec_ signing secret, sealed with the master key. */
  secret_sealed: string;
  /** `seed`: the one endpoint LUNAS_WEBHOOK_URL manages; `api`: added through the API/CLI; `legacy`: made before 0007. */
  source: ColumnType<EndpointSource, EndpointSource | undefined, EndpointSource>;
  created: string;
  updated: string;
}

export type EndpointSource = 'seed' | 'api' | 'legacy';

/** Per business: the sealed x-callback-token, and what `lunas listen` keeps on the server. */
export interface WebhookSettingsTable {
  business_id: string;
  callback_token_sealed: string;
  updated: string;
  /** The whsec_ secret `lunas listen` signs with, sealed; made at the first listen. */
  listen_secret_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last event `lunas listen` forwarded: a restarted listen continues after it. */
  listen_last_event_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  event_seq: number;
  endpoint_id: string;
  business_id: string;
  /** Deliveries of one key (a session) start in event order: see the dispatcher. */
  ordering_key: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  first_attempt_at: string | null;
  next_attempt_at: string;
  /** A process holds the delivery until then; after it, another may take it over. */
  locked_until: string | null;
  /** The process holding the lease (its heartbeat renews `locked_until`); null when none does. */
  lease_owner: string | null;
  last_status_code: number | null;
  created: string;
  updated: string;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_at: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_body: string | null;
}

export interface CustomersTable {
  id: string;
  business_id: string;
  reference_id: string;
  type: string;
  email: string | null;
  mobile_number: string | null;
  /** JSON; `null` for BUSINESS customers. */
  individual_detail: string;
  /** JSON of the rest of Xendit's customer object (modules/customers/store.ts CustomerDetails); NULL: none. */
  details: string | null;
  created: string;
  updated: string;
}

export interface SdkKeysTable {
  id: string;
  kind: 'ecdh' | 'pinning';
  generation: number;
  public_spki: string;
  private_pkcs8: string;
  /** ECDH keys only: the pinning key's signature over public_spki, fixed once made (ECDSA is randomised). */
  signature: string | null;
  signed_by: string | null;
  created: string;
}

export interface SessionsTable {
  id: string;
  business_id: string;
  reference_id: string;
  status: 'ACTIVE' | 'COMPLETED' | 'EXPIRED' | 'CANCELED';
  session_type: string;
  mode: string;
  currency: string;
  amount_minor: ColumnType<number, number, number>;
  country: string;
  customer_id: string | null;
  capture_method: string | null;
  allow_save_payment_method: string | null;
  locale: string;
  expires_at: string;
  created: string;
  updated: string;
  sdk_auth_key: string | null;
  sdk_ecdh_key_id: string | null;
  link_id: string | null;
  payment_request_id: string | null;
  payment_id: string | null;
  payment_token_id: string | null;
  /** JSON: the echo-only request fields (urls, items, metadata, channel settings, …). */
  details: string;
}

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  business_id: string;
  type: string;
  subject_id: string;
  /** JSON: the webhook `data` object as of the moment the event was recorded. */
  payload: string;
  created: string;
  /** Events of one key (a session, else the subject) are delivered in order. */
  ordering_key: string | null;
  /** PostgreSQL: the inserting transaction's id (the stream's order, with seq); SQLite: 0. */
  tx_order: Generated<number>;
}

export interface IdempotencyKeysTable {
  business_id: string;
  key: string;
  request_hash: string;
  state: 'IN_FLIGHT' | 'DONE';
  response_status: number | null;
  response_body: string | null;
  created: string;
  /** An IN_FLIGHT claim older than this was abandoned (its process died) and may be taken over. */
  locked_until: string;
}

export interface VaultCardsTable {
  id: string;
  business_id: string;
  /** HMAC of the PAN under a key derived from the master key: dedupe without the PAN. */
  fingerprint: string;
  /** AES-256-GCM sealed PAN: base64(iv).base64(ciphertext).base64(tag). */
  pan_sealed: string;
  masked: string;
  network: string;
  expiry_month: string;
  expiry_year: string;
  /** JSON: type, issuer, country of the card. */
  facts: string;
  created: string;
}

export type SessionRow = Selectable<SessionsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type PaymentRequestRow = Selectable<PaymentRequestsTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type PaymentTokenRow = Selectable<PaymentTokensTable>;
export type RefundRow = Selectable<RefundsTable>;
export type VaultCardRow = Selectable<VaultCardsTable>;
export type NewSessionRow = Insertable<SessionsTable>;
export type CustomerRow = Selectable<CustomersTable>;
