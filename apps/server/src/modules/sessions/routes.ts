import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common.ts';
import { commitHook } from '../../plugins/idempotency.ts';
import { SessionIdParams, SessionIn, SessionListOut, SessionListQuery } from './schemas.ts';

const SessionOut = Type.Ref('SessionOut');
import type { SessionService } from './service.ts';

const ForUserHeaders = Type.Object({
  'for-user-id': Type.Optional(Type.String({ maxLength: 64 })),
  'with-split-rule': Type.Optional(Type.String({ maxLength: 64 })),
  'idempotency-key': Type.Optional(Type.String({ maxLength: 255 })),
});

/** Thin handlers: parse, call the service, shape the reply. */
export function sessionRoutes(app: FastifyInstance, sessions: SessionService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/sessions',
    {
      schema: {
        summary: 'Create a payment session',
        tags: ['sessions'],
        headers: ForUserHeaders,
        body: SessionIn,
        response: { 201: SessionOut, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const session = await sessions.create(request.business.id, request.body, commitHook(request));
      return reply.status(201).send(session);
    },
  );

  api.get(
    '/sessions',
    {
      schema: {
        summary: 'List sessions (Lunas extension)',
        tags: ['sessions'],
        querystring: SessionListQuery,
        response: { 200: SessionListOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const page = await sessions.list(request.business.id, request.query);
      const links = [];
      if (page.has_more && page.after) {
        const next = new URLSearchParams(request.query as Record<string, string>);
        next.set('after_id', page.after);
        links.push({ href: `/sessions?${next.toString()}`, rel: 'next', method: 'GET' });
      }
      return { data: page.data, has_more: page.has_more, links };
    },
  );

  api.get(
    '/sessions/:session_id',
    {
      schema: {
        summary: 'Get a payment session',
        tags: ['sessions'],
        params: SessionIdParams,
        response: { 200: SessionOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => sessions.get(request.business.id, request.params.session_id),
  );

  api.post(
    '/sessions/:session_id/cancel',
    {
      schema: {
        summary: 'Cancel an ACTIVE payment session',
        tags: ['sessions'],
        params: SessionIdParams,
        response: { 200: SessionOut, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => sessions.cancel(request.business.id, request.params.session_id, commitHook(request)),
  );
}
