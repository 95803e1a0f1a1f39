import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common.ts';
import { commitHook } from '../../plugins/idempotency.ts';
import { RefundIdParams, RefundIn } from './schemas.ts';
import type { RefundService } from './service.ts';

const RefundOut = Type.Ref('RefundOut');

/** Refunds (sessions-api.md §10.5). Create answers 200, as Xendit does. */
export function refundRoutes(app: FastifyInstance, refunds: RefundService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['refunds'];
  api.post(
    '/refunds',
    { schema: { summary: 'Refund a payment request', tags, body: RefundIn, response: { 200: RefundOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => refunds.create(request.business.id, request.body, commitHook(request)),
  );
  api.get(
    '/refunds/:refund_id',
    { schema: { summary: 'Get a refund', tags, params: RefundIdParams, response: { 200: RefundOut, ...errorResponses(400, 401, 404) } } },
    async (request) => refunds.get(request.business.id, request.params.refund_id),
  );
}
