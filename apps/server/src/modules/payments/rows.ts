import type { PaymentRequestRow, PaymentRow } from '../../db/tables.ts';
import type { FinalOutcome } from '../../channels/acquirer/types.ts';
import { newCaptureId } from '../../ids.ts';
import { toMajorUnits, type Currency } from '../../money.ts';
import { parseRequestBody, type PaymentBody } from './views.ts';

/** Rows an outcome creates, built from the request they belong to (pure). */
export const AUTHORIZATION_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

export function newPaymentRow(request: PaymentRequestRow, outcome: FinalOutcome, paymentId: string, tokenId: string | null, now: string, amountMinor: number): PaymentRow {
  const body = parseRequestBody(request);
  const captured = outcome.status === 'SUCCEEDED' ? amountMinor : 0;
  const paymentBody: PaymentBody = {
    reference_id: request.reference_id,
    type: request.type === 'REUSABLE_PAYMENT_CODE' ? 'REUSABLE_PAYMENT_CODE' : 'PAY',
    country: request.country,
    currency: request.currency,
    capture_method: request.capture_method,
    channel_code: request.channel_code,
    channel_properties: body.channel_properties,
    customer_id: request.customer_id ?? undefined,
    payment_token_id: tokenId ?? request.payment_token_id ?? undefined,
    payment_details: outcome.paymentDetails,
    metadata: body.metadata,
    captures: outcome.status === 'SUCCEEDED' ? [{ capture_id: newCaptureId(), capture_amount: toMajorUnits(captured, request.currency as Currency), capture_timestamp: now }] : undefined,
  };
  return {
    id: paymentId,
    business_id: request.business_id,
    payment_request_id: request.id,
    status: outcome.status,
    failure_code: outcome.status === 'FAILED' ? outcome.failureCode : null,
    amount_minor: amountMinor,
    captured_minor: captured,
    refunded_minor: 0,
    authorized_until: outcome.status === 'AUTHORIZED' ? new Date(Date.parse(now) + AUTHORIZATION_VALIDITY_MS).toISOString() : null,
    body: JSON.stringify(paymentBody),
    created: now,
    updated: now,
  };
}


