import { Type, type Static } from 'typebox';
import { CAPTURE_EXAMPLES, PAYMENT_REQUEST_EXAMPLES, SESSION_ATTEMPT_EXAMPLES, SIMULATE_EXAMPLES } from '../../schemas/examples.ts';
import { AnyJson, Nullable, StringEnum } from '../../schemas/common.ts';
import { CustomerIn } from '../sessions/schemas.ts';
import { COUNTRIES } from '../../channels/catalogue.ts';
import { clientIdPattern } from '../../ids.ts';

/**
 * Payments API v3 shapes (sessions-api.md §10). Create bodies validate what JSON Schema can;
 * the variant rules (channel_code or payment_token_id, amounts per channel, card details)
 * live in the service, which answers with Xendit's dedicated codes.
 */
const Metadata = Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'] });
const ChannelProperties = Type.Unsafe<Record<string, unknown>>({ type: 'object' });

export const PaymentItemIn = Type.Object({
  reference_id: Type.String({ minLength: 1, maxLength: 255 }),
  type: Type.Optional(StringEnum(['DIGITAL_PRODUCT', 'PHYSICAL_PRODUCT', 'DIGITAL_SERVICE', 'PHYSICAL_SERVICE', 'FEE'])),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  net_unit_amount: Type.Number(),
  quantity: Type.Integer({ minimum: 1 }),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  category: Type.Optional(Type.String({ maxLength: 255 })),
  subcategory: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(Type.String({ maxLength: 255 })),
  url: Type.Optional(Type.String({ maxLength: 2048 })),
  image_url: Type.Optional(Type.String({ maxLength: 2048 })),
  metadata: Type.Optional(Metadata),
});

export const ShippingIn = Type.Object({
  country: StringEnum(['ID', 'PH', 'VN', 'TH', 'SG', 'MY', 'MX']),
  street_line1: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  street_line2: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  city: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  province_state: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  postal_code: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

export const PaymentRequestIn = Type.Object({
  reference_id: Type.String({ minLength: 1, maxLength: 255 }),
  type: Type.Optional(StringEnum(['PAY', 'PAY_AND_SAVE', 'REUSABLE_PAYMENT_CODE'])),
  country: StringEnum(COUNTRIES),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  request_amount: Type.Optional(Type.Number({ minimum: 0 })),
  capture_method: Type.Optional(StringEnum(['AUTOMATIC', 'MANUAL'])),
  channel_code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z0-9_]+$' })),
  channel_properties: Type.Optional(ChannelProperties),
  payment_token_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  customer_id: Type.Optional(Type.String({ minLength: 41, maxLength: 41 })),
  customer: Type.Optional(CustomerIn),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
  items: Type.Optional(Nullable(Type.Array(PaymentItemIn, { maxItems: 200 }))),
  shipping_information: Type.Optional(ShippingIn),
}, { examples: PAYMENT_REQUEST_EXAMPLES });
export type PaymentRequestInput = Static<typeof PaymentRequestIn>;

const Action = Type.Object({ type: Type.String(), descriptor: Type.String(), value: Type.String() });

/** Field order follows Xendit's examples; unset optional fields are omitted. */
export const PaymentRequestOut = Type.Object(
  {
    business_id: Type.String(),
    reference_id: Type.String(),
    payment_request_id: Type.String(),
    payment_token_id: Type.Optional(Type.String()),
    customer_id: Type.Optional(Type.String()),
    latest_payment_id: Type.Optional(Type.String()),
    type: Type.String(),
    country: Type.String(),
    currency: Type.String(),
    request_amount: Type.Optional(Type.Number()),
    capture_method: Type.String(),
    channel_code: Type.String(),
    channel_properties: Type.Optional(AnyJson),
    actions: Type.Array(Action),
    status: Type.String(),
    failure_code: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    metadata: Type.Optional(AnyJson),
    items: Type.Optional(AnyJson),
    shipping_information: Type.Optional(AnyJson),
    created: Type.String(),
    updated: Type.String(),
  },
  { $id: 'PaymentRequestOut' },
);

export const PaymentOut = Type.Object(
  {
    payment_id: Type.String(),
    business_id: Type.String(),
    reference_id: Type.String(),
    payment_request_id: Type.String(),
    payment_token_id: Type.Optional(Type.String()),
    customer_id: Type.Optional(Type.String()),
    type: Type.String(),
    country: Type.String(),
    currency: Type.String(),
    request_amount: Type.Number(),
    capture_method: Type.String(),
    channel_code: Type.String(),
    channel_properties: Type.Optional(AnyJson),
    captures: Type.Optional(Type.Array(Type.Object({ capture_id: Type.String(), capture_amount: Type.Number(), capture_timestamp: Type.String() }))),
    status: Type.String(),
    payment_details: Type.Optional(AnyJson),
    failure_code: Type.Optional(Type.String()),
    metadata: Type.Optional(AnyJson),
    created: Type.String(),
    updated: Type.String(),
  },
  { $id: 'PaymentOut' },
);

export const PaymentRequestIdParams = Type.Object({ payment_request_id: Type.String({ pattern: clientIdPattern('pr') }) });
export const PaymentIdParams = Type.Object({ payment_id: Type.String({ pattern: clientIdPattern('py') }) });

export const SimulateIn = Type.Object({ amount: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) }, { examples: SIMULATE_EXAMPLES });
export const SimulateOut = Type.Object({ status: Type.String(), message: Type.String() });
export const CaptureIn = Type.Object({ capture_amount: Type.Number({ exclusiveMinimum: 0 }) }, { examples: CAPTURE_EXAMPLES });

/** Lunas extension: pay a session from the server side, as the browser SDK will through the gateway. */
export const SessionAttemptIn = Type.Object({
  channel_code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z0-9_]+$' }),
  channel_properties: Type.Optional(ChannelProperties),
  save_payment_method: Type.Optional(Type.Boolean()),
}, { examples: SESSION_ATTEMPT_EXAMPLES });
export type SessionAttemptInput = Static<typeof SessionAttemptIn>;
