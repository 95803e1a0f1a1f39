import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, OtpIn } from '../../schemas/common.ts';
import { commitHook } from '../../plugins/idempotency.ts';
import { PaymentTokenIdParams, PaymentTokenIn } from './schemas.ts';
import type { TokenService } from './service.ts';

const PaymentTokenOut = Type.Ref('PaymentTokenOut');

/** Payment Tokens v3 (sessions-api.md §10.3). */
export function tokenRoutes(app: FastifyInstance, tokens: TokenService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['payment tokens'];
  api.post(
    '/v3/payment_tokens',
    { schema: { summary: 'Save a payment method', tags, body: PaymentTokenIn, response: { 201: PaymentTokenOut, ...errorResponses(400, 401, 404) } } },
    async (request, reply) => reply.status(201).send(await tokens.createFromApi(request.business.id, request.body, commitHook(request))),
  );
  api.get(
    '/v3/payment_tokens/:payment_token_id',
    { schema: { summary: 'Get a payment token', tags, params: PaymentTokenIdParams, response: { 200: PaymentTokenOut, ...errorResponses(400, 401, 404) } } },
    async (request) => tokens.get(request.business.id, request.params.payment_token_id),
  );
  api.post(
    '/v3/payment_tokens/:payment_token_id/validate_otp',
    { schema: { summary: 'Validate a payment token using an OTP', tags, params: PaymentTokenIdParams, body: OtpIn, response: { 200: PaymentTokenOut, ...errorResponses(400, 401, 404) } } },
    async (request) => tokens.validateOtp(request.business.id, request.params.payment_token_id, request.body.otp_code, { onCommit: commitHook(request) }),
  );
  api.post(
    '/v3/payment_tokens/:payment_token_id/resend_otp',
    { schema: { summary: 'Resend an OTP for a payment token', tags, params: PaymentTokenIdParams, response: { 200: PaymentTokenOut, ...errorResponses(400, 401, 404) } } },
    async (request) => tokens.resendOtp(request.business.id, request.params.payment_token_id, { onCommit: commitHook(request) }),
  );
  api.post(
    '/v3/payment_tokens/:payment_token_id/cancel',
    { schema: { summary: 'Deactivate a payment token', tags, params: PaymentTokenIdParams, response: { 200: PaymentTokenOut, ...errorResponses(400, 401, 404) } } },
    async (request) => tokens.cancel(request.business.id, request.params.payment_token_id, commitHook(request)),
  );
}
