import { Type, type Static } from 'typebox';
import { REFUND_EXAMPLES } from '../../schemas/examples.ts';
import { AnyJson, StringEnum } from '../../schemas/common.ts';
import { clientIdPattern } from '../../ids.ts';

/** Refunds (sessions-api.md §10.5). */
export const RefundIn = Type.Object({
  payment_request_id: Type.String({ pattern: clientIdPattern('pr') }),
  reason: StringEnum(['FRAUDULENT', 'DUPLICATE', 'REQUESTED_BY_CUSTOMER', 'CANCELLATION', 'OTHERS']),
  reference_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
  amount: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  metadata: Type.Optional(Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'] })),
}, { examples: REFUND_EXAMPLES });
export type RefundInput = Static<typeof RefundIn>;

export const RefundOut = Type.Object(
  {
    id: Type.String(),
    payment_request_id: Type.String(),
    payment_id: Type.String(),
    invoice_id: Type.Optional(Type.String()),
    payment_method_type: Type.Optional(Type.String()),
    reference_id: Type.Optional(Type.String()),
    channel_code: Type.String(),
    country: Type.String(),
    currency: Type.String(),
    amount: Type.Number(),
    status: Type.String(),
    reason: Type.String(),
    failure_code: Type.Optional(Type.String()),
    refund_fee_amount: Type.Number(),
    metadata: Type.Optional(AnyJson),
    created: Type.String(),
    updated: Type.String(),
  },
  { $id: 'RefundOut' },
);

const REFUND_ID = clientIdPattern('rfd');
export const RefundIdParams = Type.Object({ refund_id: Type.String({ pattern: REFUND_ID }) });

/** `GET /refunds`: xendit-node's getAllRefunds parameters (docs/compatibility.md, "Refunds"). */
export const RefundListQuery = Type.Object({
  payment_request_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  invoice_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  payment_method_type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  channel_code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  after_id: Type.Optional(Type.String({ pattern: REFUND_ID })),
  before_id: Type.Optional(Type.String({ pattern: REFUND_ID })),
});
export type RefundListQuery = Static<typeof RefundListQuery>;

export const RefundListOut = Type.Object({
  data: Type.Array(Type.Ref('RefundOut')),
  has_more: Type.Boolean(),
  links: Type.Array(Type.Object({ href: Type.String(), rel: Type.String(), method: Type.String() })),
});
