import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Row types of every table. Timestamps are ISO-8601 UTC strings with milliseconds
 * (`2026-01-01T00:00:00.000Z`): they sort as text on both dialects and read back unchanged.
 * Money is integer minor units. JSON documents are stored as text.
 */
export interface Database {
  meta: { key: string; value: string };
  businesses: { id: string; name: string; parent_id: string | null; created: string };
  api_keys: { id: string; business_id: string; key_hash: string; key_hint: string; created: string; revoked_at: string | null };
  customers: CustomersTable;
  sdk_keys: SdkKeysTable;
  sessions: SessionsTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
}

export interface CustomersTable {
  id: string;
  business_id: string;
  reference_id: string;
  type: string;
  email: string | null;
  mobile_number: string | null;
  individual_detail: string;
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

export type SessionRow = Selectable<SessionsTable>;
export type NewSessionRow = Insertable<SessionsTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type EventRow = Selectable<EventsTable>;
