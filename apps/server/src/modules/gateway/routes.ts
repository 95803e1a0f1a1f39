import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { MAX_JSON_DEPTH, nestsDeeperThan, refuseNul } from '../../plugins/input-guard.ts';
import rateLimit from '@fastify/rate-limit';
import { ApiError, Errors, toApiError } from '../../errors.ts';
import type { Session } from '../sessions/model.ts';
import { forSession, logRefusal } from './refusals.ts';
import { originCheckRoute } from './origin-check.ts';
import { SESSION_ATTEMPTS, type GatewayService } from './service.ts';
import type { BffCardDetails, BffEntity, BffPaymentOptions, BffPollResponse, BffResponse, GatewayErrorBody } from '@lunas/protocol/gateway';

/**
 * The Components gateway (components-protocol.md §2): the seven endpoints the browser SDK
 * calls, at the paths the SDK builds. Transport rules of the SDK: every request carries
 * `Content-Type: application/x-www-form-urlencoded`, POST bodies are one `payload` field of
 * JSON, requests are CORS "simple" (no preflight), and errors carry `error_content`.
 *
 * CORS: `Access-Control-Allow-Origin` is sent only for an Origin listed, exactly, in the
 * session's `components_configuration.origins` (for a PAYMENT_LINK session: Lunas's own origin,
 * where the hosted checkout runs; sessions/origins.ts); a request from any other origin is
 * refused (403, no CORS headers, logged) before it can do anything.
 *
 * Every refusal (origin, unknown or malformed key, rate limit, any other 4xx) is one warn line
 * saying why (refusals.ts); the key itself is never logged.
 */
const AUTH_KEY = '^session-[0-9a-f]{32}$';
/**
 * Per-process flood protection (cheap, in memory, per route). The cap that holds across
 * processes is the store's count of a session's attempts (SESSION_ATTEMPTS, service.ts).
 */
const PAYMENT_ATTEMPTS = { max: SESSION_ATTEMPTS.max, timeWindow: `${SESSION_ATTEMPTS.windowMs / 60_000} minutes` };
const CARD_INFO = { max: 120, timeWindow: '1 minute' };

declare module 'fastify' {
  interface FastifyRequest {
    gatewayPayload: Record<string, unknown>;
    gatewaySession: Session;
  }
}

const TITLES: Record<number, string> = { 400: 'Payment could not be processed', 403: 'Not allowed', 404: 'Not found', 409: 'Please wait', 422: 'This checkout has ended', 429: 'Too many attempts' };

function errorBody(error: ApiError): GatewayErrorBody {
  return { error_code: error.errorCode, message: error.message, error_content: { title: TITLES[error.statusCode] ?? 'Something went wrong', message_1: error.message } };
}

export async function gatewayRoutes(app: FastifyInstance, gateway: GatewayService): Promise<void> {
  await originCheckRoute(app, gateway);
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    // The SDK sends its form Content-Type on GETs too; nothing else reaches the gateway.
    scope.removeContentTypeParser('application/json');
    scope.decorateRequest('gatewayPayload', null as unknown as Record<string, unknown>);
    scope.decorateRequest('gatewaySession', null as unknown as Session);
    scope.decorateRequest('gatewayRefusalLogged', false);

    scope.setErrorHandler((error, request, reply) => {
      const apiError = error instanceof ApiError ? error : toGatewayError(error);
      if (apiError.statusCode === 503) request.log.warn({ cause: (error as Error).message }, 'store not reachable');
      else if (apiError.statusCode >= 500) request.log.error({ err: error }, 'gateway request failed');
      else if (!request.gatewayRefusalLogged) {
        const sessionId = request.gatewaySession?.id;
        logRefusal(request, 'request_refused', `${apiError.message}${forSession(sessionId)} (${apiError.statusCode} ${apiError.errorCode})`, { session_id: sessionId, error_code: apiError.errorCode });
      }
      return reply.status(apiError.statusCode).send(errorBody(apiError));
    });

    await scope.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      keyGenerator: (request) => String((request.params as { key?: string }).key ?? request.gatewayPayload?.session_id ?? request.ip),
      // The rate-limit key is the sdk auth key: log the session id instead.
      onExceeded: (request) => {
        const limit = request.routeOptions.config.rateLimit as { max: number; timeWindow: string } | undefined;
        const sessionId = request.gatewaySession?.id;
        logRefusal(request, 'rate_limited', `rate limited${forSession(sessionId)}${limit ? `: more than ${limit.max} requests in ${limit.timeWindow}` : ''}`, { session_id: sessionId });
      },
      errorResponseBuilder: (_request, context) => {
        const error = Errors.sessionRateLimited(Math.ceil(context.ttl / 1000));
        return Object.assign(error, errorBody(error));
      },
    });

    /** Decodes `payload`, finds the session, and applies its origin rule. Runs before rate limiting. */
    scope.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method === 'OPTIONS') return;
      const form = (request.body ?? {}) as Record<string, unknown>;
      let payload: Record<string, unknown> = {};
      if (typeof form.payload === 'string') {
        // The JSON inside the form field gets the limits every JSON body gets (input-guard.ts).
        if (nestsDeeperThan(form.payload, MAX_JSON_DEPTH)) throw Errors.fieldInvalid('/body/payload', `is nested deeper than ${MAX_JSON_DEPTH} levels`);
        try {
          payload = JSON.parse(form.payload) as Record<string, unknown>;
        } catch {
          throw Errors.malformedJson();
        }
        if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw Errors.fieldInvalid('/body/payload', 'must be a JSON object');
        refuseNul({ body: { payload } });
      }
      request.gatewayPayload = payload;
      const key = (request.params as { key?: string }).key ?? payload.session_id;
      if (typeof key !== 'string' || !new RegExp(AUTH_KEY).test(key)) {
        logRefusal(request, 'malformed_sdk_key', key === undefined ? 'no components_sdk_key in the request' : 'malformed components_sdk_key');
        throw Errors.sessionNotFound();
      }
      const session = await sessionOfKey(request, key);
      request.gatewaySession = session;
      allowOrigin(request, reply, session.id, gateway.originsOf(session));
    });

    /** The session behind a well-formed key; an unknown key is logged (without itself) and refused. */
    async function sessionOfKey(request: FastifyRequest, key: string): Promise<Session> {
      try {
        return await gateway.sessionByKey(key);
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 404) logRefusal(request, 'unknown_sdk_key', 'unknown components_sdk_key: no session has it');
        throw error;
      }
    }

    const attemptRoute = { config: { rateLimit: PAYMENT_ATTEMPTS }, schema: { hide: true } };
    const keyed = { schema: { hide: true, params: { type: 'object', properties: { key: { type: 'string', pattern: AUTH_KEY } } } } };

    scope.get<{ Params: { key: string } }>('/api/sessions/:key', keyed, async (request): Promise<BffResponse> => gateway.sessionData(request.gatewaySession));
    scope.post('/api/sessions/payment_requests', attemptRoute, async (request): Promise<BffEntity> => gateway.createAttempt(request.gatewaySession, attemptBody(request.gatewayPayload)));
    scope.post('/api/sessions/payment_tokens', attemptRoute, async (request): Promise<BffEntity> => gateway.createAttempt(request.gatewaySession, attemptBody(request.gatewayPayload)));
    scope.get<{ Params: { key: string }; Querystring: { token_request_id?: string } }>('/api/sessions/:key/poll', keyed, async (request): Promise<BffPollResponse> =>
      gateway.poll(request.gatewaySession, request.query.token_request_id),
    );
    scope.post<{ Params: { key: string } }>('/api/sessions/:key/card_info', { ...keyed, config: { rateLimit: CARD_INFO } }, async (request): Promise<BffCardDetails> =>
      gateway.cardInfo(request.gatewaySession, request.gatewayPayload.card_number),
    );
    scope.post<{ Params: { key: string } }>('/api/sessions/:key/payment_options', keyed, async (request): Promise<BffPaymentOptions> => gateway.paymentOptions(request.gatewaySession, request.gatewayPayload.channel_code));
    scope.post<{ Params: { key: string; pr: string } }>('/api/sessions/:key/payment_requests/:pr/simulate', { ...keyed, config: { rateLimit: PAYMENT_ATTEMPTS } }, async (request): Promise<BffEntity> =>
      gateway.simulate(request.gatewaySession, request.params.pr),
    );

    // Lunas's own endpoints for the OTP pair (the official SDK has none: components-protocol.md §2.4).
    for (const [collection, kind] of [['payment_requests', 'payment_request'], ['payment_tokens', 'payment_token']] as const) {
      scope.post<{ Params: { key: string; id: string } }>(`/api/sessions/:key/${collection}/:id/validate_otp`, { ...keyed, config: { rateLimit: PAYMENT_ATTEMPTS } }, async (request): Promise<BffEntity> =>
        gateway.validateOtp(request.gatewaySession, kind, request.params.id, request.gatewayPayload.otp_code),
      );
      scope.post<{ Params: { key: string; id: string } }>(`/api/sessions/:key/${collection}/:id/resend_otp`, { ...keyed, config: { rateLimit: PAYMENT_ATTEMPTS } }, async (request): Promise<BffEntity> =>
        gateway.resendOtp(request.gatewaySession, kind, request.params.id),
      );
    }

    // The SDK never preflights (its requests are simple), but a browser may: answer it correctly.
    scope.options('/api/sessions/*', { schema: { hide: true } }, async (request, reply) => {
      const key = /^\/api\/sessions\/(session-[0-9a-f]{32})/.exec(request.url)?.[1];
      if (key) {
        const session = await sessionOfKey(request, key);
        allowOrigin(request, reply, session.id, gateway.originsOf(session));
      }
      else if (request.headers.origin) reply.header('access-control-allow-origin', request.headers.origin).header('vary', 'Origin');
      return reply
        .status(204)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '600')
        .send();
    });
  });
}

function allowOrigin(request: FastifyRequest, reply: FastifyReply, sessionId: string, origins: string[]): void {
  const origin = request.headers.origin;
  reply.header('vary', 'Origin');
  if (origin === undefined) return; // not a browser page (server-side or tests): no CORS to grant
  if (!origins.includes(origin)) {
    logRefusal(request, 'origin_not_allowed', `origin ${origin.slice(0, 200)} is not allowed for session ${sessionId} (allowed: ${origins.join(', ') || 'none'})`, {
      session_id: sessionId,
      origin,
      allowed_origins: origins,
    });
    throw Errors.originNotAllowed();
  }
  reply.header('access-control-allow-origin', origin);
}

function attemptBody(payload: Record<string, unknown>) {
  if (typeof payload.channel_code !== 'string' || !/^[A-Z0-9_]{1,64}$/.test(payload.channel_code)) throw Errors.fieldInvalid('/body/payload/channel_code', 'is required');
  const properties = payload.channel_properties;
  if (properties !== undefined && (typeof properties !== 'object' || properties === null || Array.isArray(properties))) {
    throw Errors.fieldInvalid('/body/payload/channel_properties', 'must be an object');
  }
  return {
    channel_code: payload.channel_code,
    channel_properties: properties as Record<string, unknown> | undefined,
    save_payment_method: payload.save_payment_method === true,
  };
}


/** The one mapping of errors.ts, with the gateway's own body limit; its only schema is the key's, so a validation failure is an unknown session. */
const toGatewayError = (error: unknown): ApiError => toApiError(error, { bodyLimit: 64 * 1024, onValidation: () => Errors.sessionNotFound() });
