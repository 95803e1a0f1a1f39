import type { FastifyInstance } from 'fastify';
import { CALLBACK_TOKEN_EXAMPLES, RESEND_EXAMPLES, RESEND_FAILED_EXAMPLES, WEBHOOK_ENDPOINT_CHANGE_EXAMPLES, WEBHOOK_ENDPOINT_EXAMPLES } from '../../schemas/examples.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Errors } from '../../errors.ts';
import { AnyJson, errorResponses, StringEnum } from '../../schemas/common.ts';
import type { WebhookLog } from './log.ts';
import { EVENT_GROUPS } from './policy.ts';
import type { WebhookService } from './service.ts';

/** Webhook configuration, delivery log and resend (Lunas extensions; docs/compatibility.md). */
const EndpointId = Type.Object({ endpoint_id: Type.String({ pattern: '^whe_[0-9a-f-]{36}$' }) });
const EventId = Type.Object({ event_id: Type.String({ pattern: '^evt_[0-9a-f-]{36}$' }) });
const Groups = Type.Array(StringEnum(EVENT_GROUPS), { minItems: 1, uniqueItems: true });
const Url = Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' });
const EndpointOut = Type.Object({
  id: Type.String(),
  url: Type.String(),
  event_groups: Type.Array(Type.String()),
  signing_secret: Type.String(),
  seeded: Type.Boolean({ description: 'The endpoint LUNAS_WEBHOOK_URL manages' }),
  created: Type.String(),
  updated: Type.String(),
});
const Attempt = Type.Object({
  attempted_at: Type.String(),
  status_code: Type.Optional(Type.Integer()),
  latency_ms: Type.Integer(),
  error: Type.Optional(Type.String()),
  response_body: Type.Optional(Type.String()),
});
const Delivery = Type.Object({
  id: Type.String(),
  endpoint_id: Type.String(),
  url: Type.String(),
  status: Type.String(),
  next_attempt_at: Type.Optional(Type.String()),
  last_status_code: Type.Optional(Type.Integer()),
  attempts: Type.Array(Attempt),
});
const LoggedEvent = Type.Object({
  id: Type.String(),
  event: Type.String(),
  business_id: Type.String(),
  subject_id: Type.String(),
  created: Type.String(),
  data: AnyJson,
  deliveries: Type.Array(Delivery),
});

function checkUrl(url: string): void {
  if (!URL.canParse(url)) throw Errors.fieldInvalid('/body/url', 'must be a valid http(s) URL');
}

export function webhookRoutes(app: FastifyInstance, webhooks: WebhookService, log: WebhookLog): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['webhooks'];

  api.get('/webhooks/endpoints', { schema: { summary: 'List webhook endpoints (Lunas extension)', tags, response: { 200: Type.Object({ data: Type.Array(EndpointOut) }) } } }, async (request) => ({
    data: await webhooks.list(request.business.id),
  }));

  api.post(
    '/webhooks/endpoints',
    { schema: { summary: 'Add a webhook endpoint (Lunas extension)', tags, body: Type.Object({ url: Url, event_groups: Type.Optional(Groups) }, { examples: WEBHOOK_ENDPOINT_EXAMPLES }), response: { 201: EndpointOut, ...errorResponses(400, 401) } } },
    async (request, reply) => {
      checkUrl(request.body.url);
      return reply.status(201).send(await webhooks.create(request.business.id, request.body));
    },
  );

  api.get('/webhooks/endpoints/:endpoint_id', { schema: { summary: 'Get a webhook endpoint', tags, params: EndpointId, response: { 200: EndpointOut, ...errorResponses(400, 401, 404) } } }, async (request) =>
    webhooks.get(request.business.id, request.params.endpoint_id),
  );

  api.patch(
    '/webhooks/endpoints/:endpoint_id',
    { schema: { summary: 'Change a webhook endpoint', tags, params: EndpointId, body: Type.Object({ url: Type.Optional(Url), event_groups: Type.Optional(Groups) }, { examples: WEBHOOK_ENDPOINT_CHANGE_EXAMPLES }), response: { 200: EndpointOut, ...errorResponses(400, 401, 404) } } },
    async (request) => {
      if (request.body.url) checkUrl(request.body.url);
      return webhooks.update(request.business.id, request.params.endpoint_id, request.body);
    },
  );

  api.delete('/webhooks/endpoints/:endpoint_id', { schema: { summary: 'Remove a webhook endpoint', tags, params: EndpointId, response: { 204: Type.Null(), ...errorResponses(400, 401, 404) } } }, async (request, reply) => {
    await webhooks.remove(request.business.id, request.params.endpoint_id);
    return reply.status(204).send(null);
  });

  api.post('/webhooks/endpoints/:endpoint_id/rotate_secret', { schema: { summary: 'Replace the signing secret', tags, params: EndpointId, response: { 200: EndpointOut, ...errorResponses(400, 401, 404) } } }, async (request) =>
    webhooks.rotateSecret(request.business.id, request.params.endpoint_id),
  );

  api.post(
    '/webhooks/endpoints/:endpoint_id/resend_failed',
    { schema: { summary: 'Send every failed delivery of this endpoint again', tags, params: EndpointId, body: Type.Object({ since: Type.String({ format: 'date-time' }) }, { examples: RESEND_FAILED_EXAMPLES }), response: { 200: Type.Object({ resent: Type.Integer() }), ...errorResponses(400, 401, 404) } } },
    async (request) => ({ resent: await log.resendFailed(request.business.id, request.params.endpoint_id, request.body.since) }),
  );

  api.get('/webhooks/settings', { schema: { summary: 'The x-callback-token Lunas sends', tags, response: { 200: Type.Object({ callback_token: Type.String() }) } } }, async (request) => ({
    callback_token: await webhooks.callbackToken(request.business.id),
  }));

  api.patch(
    '/webhooks/settings',
    { schema: { summary: 'Set the x-callback-token', tags, body: Type.Object({ callback_token: Type.String({ minLength: 16, maxLength: 200 }) }, { examples: CALLBACK_TOKEN_EXAMPLES }), response: { 200: Type.Object({ callback_token: Type.String() }), ...errorResponses(400, 401) } } },
    async (request) => ({ callback_token: await webhooks.setCallbackToken(request.business.id, request.body.callback_token) }),
  );

  api.get(
    '/events',
    {
      schema: {
        summary: 'Recorded events with their webhook deliveries and attempts (Lunas extension)',
        tags,
        querystring: Type.Object({
          type: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z_]+\\.[a-z_]+$' })),
          status: Type.Optional(StringEnum(['PENDING', 'DELIVERED', 'FAILED'])),
          endpoint_id: Type.Optional(Type.String({ pattern: '^whe_[0-9a-f-]{36}$', description: 'Only events with a delivery to this endpoint' })),
          subject_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          object_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          after_id: Type.Optional(Type.String({ pattern: '^evt_[0-9a-f-]{36}$' })),
        }),
        response: { 200: Type.Object({ data: Type.Array(LoggedEvent), has_more: Type.Boolean() }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => log.list(request.business.id, request.query),
  );

  api.get('/events/:event_id', { schema: { summary: 'One event with its deliveries', tags, params: EventId, response: { 200: LoggedEvent, ...errorResponses(400, 401, 404) } } }, async (request) =>
    log.get(request.business.id, request.params.event_id),
  );

  api.post(
    '/events/:event_id/resend',
    { schema: { summary: 'Send an event again', tags, params: EventId, body: Type.Optional(Type.Object({ endpoint_id: Type.Optional(Type.String({ pattern: '^whe_[0-9a-f-]{36}$' })) }, { examples: RESEND_EXAMPLES })), response: { 200: Type.Object({ resent: Type.Integer() }), ...errorResponses(400, 401, 404) } } },
    async (request) => ({ resent: await log.resend(request.business.id, request.params.event_id, request.body?.endpoint_id) }),
  );
}
