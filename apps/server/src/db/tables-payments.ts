import type { ColumnType, Generated } from 'kysely';

/** Row types of the payments engine's tables (tables.ts has the conventions and the Database map). */
/**
 * Payment objects keep their queryable state in columns and the rest of the Xendit object in
 * `body` (JSON). Columns win over body for the fields they hold.
 */
export interface PaymentTokensTable {
  id: string;
  business_id: string;
  session_id: string | null;
  customer_id: string | null;
  reference_id: string | null;
  channel_code: string;
  country: string;
  currency: string;
  status: 'REQUIRES_ACTION' | 'PENDING' | 'ACTIVE' | 'FAILED' | 'EXPIRED' | 'CANCELED';
  failure_code: string | null;
  vault_card_id: string | null;
  /** Unguessable id of the simulator page that completes this token's action. */
  sim_token: string | null;
  expires_at: string | null;
  body: string;
  created: string;
  updated: string;
}

export type PaymentRequestStatus = 'REQUIRES_ACTION' | 'ACCEPTING_PAYMENTS' | 'PENDING' | 'AUTHORIZED' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'EXPIRED';

export interface PaymentRequestsTable {
  id: string;
  business_id: string;
  session_id: string | null;
  reference_id: string;
  type: 'PAY' | 'PAY_AND_SAVE' | 'REUSABLE_PAYMENT_CODE';
  country: string;
  currency: string;
  request_amount_minor: ColumnType<number | null, number | null, number | null>;
  capture_method: 'AUTOMATIC' | 'MANUAL';
  channel_code: string;
  status: PaymentRequestStatus;
  failure_code: string | null;
  customer_id: string | null;
  payment_token_id: string | null;
  latest_payment_id: string | null;
  vault_card_id: string | null;
  sim_token: string | null;
  expires_at: string | null;
  body: string;
  created: string;
  updated: string;
}

export type PaymentStatus = 'AUTHORIZED' | 'CANCELED' | 'SUCCEEDED' | 'FAILED' | 'EXPIRED' | 'PENDING';

export interface PaymentsTable {
  id: string;
  business_id: string;
  payment_request_id: string;
  status: PaymentStatus;
  failure_code: string | null;
  amount_minor: number;
  captured_minor: number;
  refunded_minor: number;
  /** AUTHORIZED payments lapse at this moment unless captured (7 days). */
  authorized_until: string | null;
  body: string;
  created: string;
  updated: string;
}

export interface RefundsTable {
  id: string;
  business_id: string;
  payment_id: string;
  payment_request_id: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  amount_minor: number;
  channel_code: string;
  /** Xendit's method type of the channel (CARD, EWALLET, DIRECT_DEBIT, …): a `GET /refunds` filter. */
  payment_method_type: string;
  /** The payment request's country (xendit-node's refund models carry it). */
  country: string;
  body: string;
  created: string;
  updated: string;
}

export interface TasksTable {
  id: string;
  kind: string;
  subject_id: string;
  payload: string;
  run_at: string;
  locked_until: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  done_at: string | null;
}
