import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { TEST_OTP } from '../../channels/simulator/cards.ts';
import { errorResponses, StringEnum } from '../../schemas/common.ts';
import type { PaymentService } from '../payments/service.ts';
import { SessionIdParams } from '../sessions/schemas.ts';
import type { TestEvents } from '../webhooks/test-event.ts';
import { PaymentIdParams, PaymentRequestIdParams } from '../payments/schemas.ts';
import type { CustomerService } from '../customers/service.ts';
import type { SessionService } from '../sessions/service.ts';
import type { TokenService } from '../tokens/service.ts';
import { CustomerIdParams } from '../customers/schemas.ts';
import { PaymentTokenIdParams } from '../tokens/schemas.ts';
import { clientIdPattern } from '../../ids.ts';

/** A page of a dashboard list: newest first, `after_id` the previous page's last object. */
const pageQuery = <T extends Record<string, ReturnType<typeof Type.String>>>(afterPattern: string, filters: T) =>
  Type.Object({ ...filters, limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }), after_id: Type.Optional(Type.String({ pattern: afterPattern })) }, { additionalProperties: false });


/**
 * The few things the dashboard needs that the API had no route for, registered in the merchant
 * scope (so the same auth, for-user-id, test clock and CSRF rules apply) and hidden from the
 * OpenAPI document. Everything else the dashboard does goes through the API routes themselves.
 */
export function dashboardApi(app: FastifyInstance, deps: { payments: PaymentService; tokens: TokenService; customers: CustomerService; sessions: SessionService; testEvents: TestEvents }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/dashboard/api/sessions/:session_id/payment_requests', { schema: { hide: true, params: SessionIdParams, response: errorResponses(400, 401, 404) } }, async (request) => ({
    data: await deps.payments.requestsOfSession(request.business.id, request.params.session_id),
  }));

  // Pay or decline a request waiting for the customer, as its simulator page would (with the test OTP): the same service call, the same events.
  api.post(
    '/dashboard/api/payment_requests/:payment_request_id/decide',
    { schema: { hide: true, params: PaymentRequestIdParams, body: Type.Object({ decision: StringEnum(['approve', 'decline']) }), response: errorResponses(400, 401, 403, 404) } },
    async (request) => {
      const decision = request.body.decision === 'approve' ? { kind: 'approve' as const, otp: TEST_OTP } : { kind: 'decline' as const };
      return deps.payments.decideFor(request.business.id, request.params.payment_request_id, decision);
    },
  );

  api.post(
    '/dashboard/api/webhooks/endpoints/:endpoint_id/test',
    { schema: { hide: true, params: Type.Object({ endpoint_id: Type.String({ pattern: '^whe_[0-9a-f-]{36}$' }) }), response: errorResponses(400, 401, 403, 404) } },
    async (request, reply) => reply.status(201).send(await deps.testEvents.send(request.business.id, request.params.endpoint_id)),
  );

  // Lists the API has no route for: each reads through its module's service, scoped to the signed-in (or switched-to) business.
  const hidden = { hide: true, response: errorResponses(400, 401, 404) };
  api.get('/dashboard/api/payments', { schema: { ...hidden, querystring: pageQuery(clientIdPattern('py'), { payment_request_id: Type.Optional(Type.String({ pattern: clientIdPattern('pr') })) }) } }, async (request) =>
    deps.payments.listPayments(request.business.id, request.query),
  );
  api.get('/dashboard/api/payments/:payment_id', { schema: { ...hidden, params: PaymentIdParams } }, async (request) => deps.payments.paymentWithSession(request.business.id, request.params.payment_id));
  api.get('/dashboard/api/payment_tokens', { schema: { ...hidden, querystring: pageQuery(clientIdPattern('pt'), { customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }) } }, async (request) =>
    deps.tokens.list(request.business.id, request.query),
  );
  api.get('/dashboard/api/payment_tokens/:payment_token_id', { schema: { ...hidden, params: PaymentTokenIdParams } }, async (request) => deps.tokens.getWithSession(request.business.id, request.params.payment_token_id));
  api.get('/dashboard/api/customers', { schema: { ...hidden, querystring: pageQuery('^[A-Za-z0-9_-]{1,255}$', {}) } }, async (request) => deps.customers.list(request.business.id, request.query));
  api.get('/dashboard/api/customers/:id/sessions', { schema: { ...hidden, params: CustomerIdParams } }, async (request) => {
    await deps.customers.get(request.business.id, request.params.id);
    return deps.sessions.list(request.business.id, { customer_id: request.params.id, limit: 100 });
  });
}
