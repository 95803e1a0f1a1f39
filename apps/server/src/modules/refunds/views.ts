import type { RefundRow } from '../../db/tables.ts';
import { omitUndefined } from '../../json.ts';
import { toMajorUnits, type Currency } from '../../money.ts';

/** What a refund keeps in its `body` column besides its columns. */
export interface RefundBody {
  reference_id?: string;
  currency: string;
  reason: string;
  failure_code?: string;
  metadata?: unknown;
}

/** A refund as the refunds module handles it: its row with the body parsed (refunds/store.ts). */
export type Refund = Omit<RefundRow, 'body'> & { body: RefundBody };

/**
 * The v3 Refund object (sessions-api.md §10.5), plus `country`: xendit-node's Refund and
 * RefundCallbackData models carry it (the callback's requires it), the published schema does
 * not (docs/compatibility.md, "Refunds").
 */
export function refundView(refund: Refund): Record<string, unknown> {
  const { body } = refund;
  const view: Record<string, unknown> = {
    id: refund.id,
    payment_request_id: refund.payment_request_id,
    payment_id: refund.payment_id,
    payment_method_type: refund.payment_method_type,
    reference_id: body.reference_id,
    channel_code: refund.channel_code,
    country: refund.country,
    currency: body.currency,
    amount: toMajorUnits(refund.amount_minor, body.currency as Currency),
    status: refund.status,
    reason: body.reason,
    failure_code: body.failure_code,
    refund_fee_amount: 0,
    metadata: body.metadata,
    created: refund.created,
    updated: refund.updated,
  };
  return omitUndefined(view);
}
