import type { PaymentRequestRow, PaymentRow } from '../../db/tables.ts';
import { omitUndefined } from '../../json.ts';
import { toMajorUnits, type Currency } from '../../money.ts';
import type { Action } from '../../channels/acquirer/types.ts';

/** What a payment request keeps in its `body` column besides its columns. */
export interface PaymentRequestBody {
  channel_properties?: Record<string, unknown>;
  actions: Action[];
  description?: string;
  metadata?: unknown;
  items?: unknown;
  shipping_information?: unknown;
  /** Never shown: what the engine and the acquirer need to finish the attempt later. */
  internal: {
    network?: string;
    cvn_given?: boolean;
    with_token?: boolean;
    /** The acquirer's own record of the attempt (channels/acquirer/state.ts reads older rows). */
    acquirer_state?: Record<string, unknown>;
  };
}

export interface Capture {
  capture_id: string;
  capture_amount: number;
  capture_timestamp: string;
}

/** What a payment keeps in its `body` column. */
export interface PaymentBody {
  reference_id: string;
  type: string;
  country: string;
  currency: string;
  capture_method: string;
  channel_code: string;
  channel_properties?: Record<string, unknown>;
  customer_id?: string;
  payment_token_id?: string;
  payment_details?: Record<string, unknown>;
  metadata?: unknown;
  captures?: Capture[];
}


export const parseRequestBody = (row: PaymentRequestRow): PaymentRequestBody => JSON.parse(row.body) as PaymentRequestBody;

export function paymentRequestView(row: PaymentRequestRow): Record<string, unknown> {
  const body = parseRequestBody(row);
  return omitUndefined({
    business_id: row.business_id,
    reference_id: row.reference_id,
    payment_request_id: row.id,
    payment_token_id: row.payment_token_id ?? undefined,
    customer_id: row.customer_id ?? undefined,
    latest_payment_id: row.latest_payment_id ?? undefined,
    type: row.type,
    country: row.country,
    currency: row.currency,
    request_amount: row.request_amount_minor === null ? undefined : toMajorUnits(row.request_amount_minor, row.currency as Currency),
    capture_method: row.capture_method,
    channel_code: row.channel_code,
    channel_properties: body.channel_properties,
    actions: body.actions,
    status: row.status,
    failure_code: row.failure_code ?? undefined,
    description: body.description,
    metadata: body.metadata,
    items: body.items,
    shipping_information: body.shipping_information,
    created: row.created,
    updated: row.updated,
  });
}

export const parsePaymentBody = (row: PaymentRow): PaymentBody => JSON.parse(row.body) as PaymentBody;

export function paymentView(row: PaymentRow): Record<string, unknown> {
  const body = parsePaymentBody(row);
  return omitUndefined({
    payment_id: row.id,
    business_id: row.business_id,
    reference_id: body.reference_id,
    payment_request_id: row.payment_request_id,
    payment_token_id: body.payment_token_id,
    customer_id: body.customer_id,
    type: body.type,
    country: body.country,
    currency: body.currency,
    request_amount: toMajorUnits(row.amount_minor, body.currency as Currency),
    capture_method: body.capture_method,
    channel_code: body.channel_code,
    channel_properties: body.channel_properties,
    captures: body.captures,
    status: row.status,
    payment_details: body.payment_details,
    failure_code: row.failure_code ?? undefined,
    metadata: body.metadata,
    created: row.created,
    updated: row.updated,
  });
}
