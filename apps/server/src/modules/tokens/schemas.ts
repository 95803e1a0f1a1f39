import { Type, type Static } from 'typebox';
import { PAYMENT_TOKEN_EXAMPLES } from '../../schemas/examples.ts';
import { AnyJson } from '../../schemas/common.ts';
import { COUNTRIES } from '../../channels/catalogue.ts';
import { CustomerIn } from '../sessions/schemas.ts';
import { clientIdPattern } from '../../ids.ts';

/** Payment Tokens v3 (sessions-api.md §10.3). */
export const PaymentTokenIn = Type.Object({
  reference_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  channel_code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z0-9_]+$' }),
  country: Type.Unsafe<(typeof COUNTRIES)[number]>({ type: 'string', enum: [...COUNTRIES] }),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  customer_id: Type.Optional(Type.String({ minLength: 41, maxLength: 41 })),
  customer: Type.Optional(CustomerIn),
  channel_properties: Type.Optional(Type.Unsafe<Record<string, unknown>>({ type: 'object' })),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  metadata: Type.Optional(Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'] })),
}, { examples: PAYMENT_TOKEN_EXAMPLES });
export type PaymentTokenInput = Static<typeof PaymentTokenIn>;

export const PaymentTokenOut = Type.Object(
  {
    payment_token_id: Type.String(),
    channel_code: Type.String(),
    country: Type.String(),
    business_id: Type.String(),
    customer_id: Type.Optional(Type.String()),
    reference_id: Type.Optional(Type.String()),
    currency: Type.String(),
    channel_properties: Type.Optional(AnyJson),
    actions: Type.Array(Type.Object({ type: Type.String(), descriptor: Type.String(), value: Type.String() })),
    status: Type.String(),
    token_details: Type.Optional(AnyJson),
    failure_code: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    metadata: Type.Optional(AnyJson),
    created: Type.String(),
    updated: Type.String(),
  },
  { $id: 'PaymentTokenOut' },
);

export const PaymentTokenIdParams = Type.Object({ payment_token_id: Type.String({ pattern: clientIdPattern('pt') }) });
