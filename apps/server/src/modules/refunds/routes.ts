import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common.ts';
import { commitHook } from '../../plugins/idempotency.ts';
import { RefundIdParams, RefundIn, RefundListOut, RefundListQuery } from './schemas.ts';
import type { RefundService } from './service.ts';

const RefundOut = Type.Ref('RefundOut');

/** Refunds (sessions-api.md §10.5) as xendit-node's Refund client calls them. Create answers 200, as Xendit does. */
export function refundRoutes(app: FastifyInstance, refunds: RefundService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['refunds'];
  api.post(
    '/refunds',
    { schema: { summary: 'Refund a payment request', tags, body: RefundIn, response: { 200: RefundOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => refunds.create(request.business.id, request.body, commitHook(request)),
  );
  api.get(
    '/refunds',
    { schema: { summary: 'List refunds, newest first', tags, querystring: RefundListQuery, response: { 200: RefundListOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      const page = await refunds.list(request.business.id, request.query);
      const links = [];
      if (page.has_more && page.continueFrom) {
        const query = new URLSearchParams(request.query as Record<string, string>);
        query.delete('after_id');
        query.delete('before_id');
        query.set(`${page.direction}_id`, page.continueFrom);
        links.push({ href: `/refunds?${query.toString()}`, rel: page.direction === 'after' ? 'next' : 'previous', method: 'GET' });
      }
      return { data: page.data, has_more: page.has_more, links };
    },
  );
  api.get(
    '/refunds/:refund_id',
    { schema: { summary: 'Get a refund', tags, params: RefundIdParams, response: { 200: RefundOut, ...errorResponses(400, 401, 404) } } },
    async (request) => refunds.get(request.business.id, request.params.refund_id),
  );
  api.post(
    '/refunds/:refund_id/cancel',
    { schema: { summary: 'Cancel a PENDING refund', tags, params: RefundIdParams, response: { 200: RefundOut, ...errorResponses(400, 401, 403, 404, 409) } } },
    async (request) => refunds.cancel(request.business.id, request.params.refund_id, commitHook(request)),
  );
}
