import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, OtpIn } from '../../schemas/common.ts';
import { commitHook } from '../../plugins/idempotency.ts';
import { SessionIdParams } from '../sessions/schemas.ts';
import { CaptureIn, PaymentIdParams, PaymentRequestIdParams, PaymentRequestIn, SessionAttemptIn, SimulateIn, SimulateOut } from './schemas.ts';
import type { PaymentService } from './service.ts';
import type { SessionPayments } from './session-pay.ts';

const PaymentRequestOut = Type.Ref('PaymentRequestOut');
const PaymentOut = Type.Ref('PaymentOut');
const V3Headers = Type.Object({
  'api-version': Type.Optional(Type.String({ maxLength: 20 })),
  'for-user-id': Type.Optional(Type.String({ maxLength: 64 })),
});

/** Payments API v3 (sessions-api.md §10.1, §10.2, §10.4) and the session-attempt extension. */
export function paymentRoutes(app: FastifyInstance, payments: PaymentService, sessionPayments: SessionPayments): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['payments'];

  api.post(
    '/v3/payment_requests',
    { schema: { summary: 'Create a payment request', tags, headers: V3Headers, body: PaymentRequestIn, response: { 201: PaymentRequestOut, ...errorResponses(400, 401, 403, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await payments.create(request.business.id, request.body, commitHook(request))),
  );

  api.get(
    '/v3/payment_requests/:payment_request_id',
    { schema: { summary: 'Get a payment request', tags, params: PaymentRequestIdParams, response: { 200: PaymentRequestOut, ...errorResponses(400, 401, 404) } } },
    async (request) => payments.get(request.business.id, request.params.payment_request_id),
  );

  api.post(
    '/v3/payment_requests/:payment_request_id/cancel',
    { schema: { summary: 'Cancel a payment request awaiting the customer', tags, params: PaymentRequestIdParams, response: { 200: PaymentRequestOut, ...errorResponses(400, 401, 404) } } },
    async (request) => payments.cancel(request.business.id, request.params.payment_request_id, commitHook(request)),
  );

  api.post(
    '/v3/payment_requests/:payment_request_id/validate_otp',
    { schema: { summary: 'Validate a payment request using OTP', tags, headers: V3Headers, params: PaymentRequestIdParams, body: OtpIn, response: { 200: PaymentRequestOut, ...errorResponses(400, 401, 404) } } },
    async (request) => payments.validateOtp(request.business.id, request.params.payment_request_id, request.body.otp_code, { onCommit: commitHook(request) }),
  );

  api.post(
    '/v3/payment_requests/:payment_request_id/resend_otp',
    { schema: { summary: 'Resend OTP for a payment request', tags, headers: V3Headers, params: PaymentRequestIdParams, response: { 200: PaymentRequestOut, ...errorResponses(400, 401, 404) } } },
    async (request) => payments.resendOtp(request.business.id, request.params.payment_request_id, { onCommit: commitHook(request) }),
  );

  api.post(
    '/v3/payment_requests/:payment_request_id/simulate',
    { schema: { summary: 'Test mode: simulate a payment into a VA, QR or OTC request', tags, params: PaymentRequestIdParams, body: Type.Optional(SimulateIn), response: { 200: SimulateOut, ...errorResponses(400, 401, 404) } } },
    async (request) => payments.simulate(request.business.id, request.params.payment_request_id, request.body?.amount),
  );

  api.get(
    '/v3/payments/:payment_id',
    { schema: { summary: 'Get a payment', tags, params: PaymentIdParams, response: { 200: PaymentOut, ...errorResponses(400, 401, 404) } } },
    async (request) => payments.getPayment(request.business.id, request.params.payment_id),
  );

  api.post(
    '/v3/payments/:payment_id/capture',
    { schema: { summary: 'Capture an authorized payment', tags, params: PaymentIdParams, body: CaptureIn, response: { 200: PaymentOut, ...errorResponses(400, 401, 404) } } },
    async (request) => payments.capture(request.business.id, request.params.payment_id, request.body.capture_amount, commitHook(request)),
  );

  api.post(
    '/v3/payments/:payment_id/cancel',
    { schema: { summary: 'Void an authorized payment', tags, params: PaymentIdParams, response: { 200: PaymentOut, ...errorResponses(400, 401, 404) } } },
    async (request) => payments.void(request.business.id, request.params.payment_id, commitHook(request)),
  );

  api.post(
    '/sessions/:session_id/payment_requests',
    {
      schema: {
        summary: "Pay a session from the server side (Lunas extension: what the browser SDK does through the gateway). SAVE sessions answer with a payment token.",
        tags: ['sessions'],
        params: SessionIdParams,
        body: SessionAttemptIn,
        response: { 201: Type.Unsafe({}), ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await sessionPayments.attempt(request.business.id, request.params.session_id, request.body, commitHook(request));
      return reply.status(201).send(result.object);
    },
  );
}
