import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common.ts';
import { commitHook } from '../../plugins/idempotency.ts';
import { CustomerCreateIn, CustomerIdParams, CustomerListOut, CustomerListQuery, CustomerPatchIn } from './schemas.ts';
import type { CustomerService } from './service.ts';

const CustomerOut = Type.Ref('CustomerOut');

/**
 * Xendit's Customers API (version 2020-10-31; the `api-version` header is accepted and needs
 * no other value). `for-user-id` acts for a sub-account, as on every merchant route (plugins/auth.ts).
 */
const headers = {
  'for-user-id': Type.Optional(Type.String({ maxLength: 64 })),
  'api-version': Type.Optional(Type.String({ maxLength: 64 })),
};
const CustomerHeaders = Type.Object(headers);
const CreateHeaders = Type.Object({ ...headers, 'idempotency-key': Type.Optional(Type.String({ maxLength: 255 })) });

export function customerRoutes(app: FastifyInstance, customers: CustomerService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['customers'];
  api.post(
    '/customers',
    { schema: { summary: 'Create a customer', tags, headers: CreateHeaders, body: CustomerCreateIn, response: { 200: CustomerOut, ...errorResponses(400, 401, 403, 409, 413, 415) } } },
    async (request) => customers.create(request.business.id, request.body, commitHook(request)),
  );
  api.get(
    '/customers',
    { schema: { summary: 'Get customers by reference_id', tags, headers: CustomerHeaders, querystring: CustomerListQuery, response: { 200: CustomerListOut, ...errorResponses(400, 401, 403) } } },
    async (request) => customers.listByReference(request.business.id, request.query.reference_id),
  );
  api.get(
    '/customers/:id',
    { schema: { summary: 'Get a customer', tags, headers: CustomerHeaders, params: CustomerIdParams, response: { 200: CustomerOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => customers.get(request.business.id, request.params.id),
  );
  api.patch(
    '/customers/:id',
    { schema: { summary: 'Update a customer (not reference_id nor type)', tags, headers: CustomerHeaders, params: CustomerIdParams, body: CustomerPatchIn, response: { 200: CustomerOut, ...errorResponses(400, 401, 403, 404, 413, 415) } } },
    async (request) => customers.update(request.business.id, request.params.id, request.body),
  );
}
