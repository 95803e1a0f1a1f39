import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { TEST_OTP } from '../../channels/simulator/cards.ts';
import { errorResponses, StringEnum } from '../../schemas/common.ts';
import type { PaymentService } from '../payments/service.ts';
import { SessionIdParams } from '../sessions/schemas.ts';
import type { TestEvents } from '../webhooks/test-event.ts';
import { PaymentRequestIdParams } from '../payments/schemas.ts';


/**
 * The few things the dashboard needs that the API had no route for, registered in the merchant
 * scope (so the same auth, for-user-id, test clock and CSRF rules apply) and hidden from the
 * OpenAPI document. Everything else the dashboard does goes through the API routes themselves.
 */
export function dashboardApi(app: FastifyInstance, deps: { payments: PaymentService; testEvents: TestEvents }): void {
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
}
