import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { commitHook } from '../../plugins/idempotency.ts';
import { errorResponses } from '../../schemas/common.ts';
import { AccountId, AccountIn, AccountOut, KeyId, KeyIn, KeyOut, NewKeyOut } from './schemas.ts';
import type { BusinessService } from './service.ts';

/**
 * `/keys` (Lunas extension) and xenPlatform's `/v2/accounts`. Both act on `request.business`:
 * the key's own business, or the sub-account its parent names with for-user-id (a parent may
 * already do everything for its sub-account, so managing its keys gives nothing new).
 */
export function businessRoutes(app: FastifyInstance, businesses: BusinessService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const keyTags = ['keys'];

  api.get('/keys', { schema: { summary: 'List the secret keys of this business, newest first (Lunas extension)', tags: keyTags, response: { 200: Type.Object({ data: Type.Array(KeyOut) }), ...errorResponses(401, 403) } } }, async (request) => ({
    data: await businesses.keys.list(request.business.id),
  }));

  // Not replayable with Idempotency-Key (no commitHook): a replay would have to store the secret.
  api.post(
    '/keys',
    {
      // No body at all is a key with the default name: validate it as `{}`.
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: { summary: 'Create a secret key, shown once (Lunas extension)', tags: keyTags, body: KeyIn, response: { 201: NewKeyOut, ...errorResponses(400, 401, 403, 413, 415) } },
    },
    async (request, reply) => reply.status(201).send(await businesses.keys.create(request.business.id, request.body.name)),
  );

  api.delete(
    '/keys/:key_id',
    { schema: { summary: 'Revoke a secret key at once (Lunas extension); the last active key cannot be revoked', tags: keyTags, params: KeyId, response: { 200: KeyOut, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => businesses.keys.revoke(request.business.id, request.params.key_id),
  );

  const accountTags = ['xenplatform'];
  api.post(
    '/v2/accounts',
    { schema: { summary: 'Create an OWNED sub-account (xenPlatform)', tags: accountTags, body: AccountIn, response: { 201: AccountOut, ...errorResponses(400, 401, 403, 409, 413, 415) } } },
    async (request, reply) => reply.status(201).send(await businesses.accounts.create(request.business, request.body, commitHook(request))),
  );

  api.get(
    '/v2/accounts/:account_id',
    { schema: { summary: 'Get a sub-account (xenPlatform)', tags: accountTags, params: AccountId, response: { 200: AccountOut, ...errorResponses(401, 403, 404) } } },
    async (request) => businesses.accounts.get(request.business.id, request.params.account_id),
  );
}
