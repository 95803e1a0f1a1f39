import type { FastifyRequest } from 'fastify';
import { redactUrl } from '../../logging.ts';

/**
 * One readable warn line per gateway request Lunas refuses, saying why, so a merchant whose
 * checkout "does nothing" can read the reason in the server's output:
 *
 *   gateway refused GET /api/sessions/session-[redacted]: origin https://shop.test is not allowed for session ps-… (allowed: https://example.com)
 *
 * The components_sdk_key (and the sdk auth key inside it) is a bearer credential: it never
 * appears; the session id names the session when it is known.
 */
export type RefusalReason =
  | 'origin_not_allowed'
  | 'malformed_sdk_key'
  | 'unknown_sdk_key'
  | 'rate_limited'
  | 'unframeable_iframe'
  | 'frame_origin_not_allowed'
  | 'request_refused';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once a refusal is logged, so the error handler does not log it twice. */
    gatewayRefusalLogged: boolean;
  }
}

export function logRefusal(request: FastifyRequest, reason: RefusalReason, explanation: string, fields: Record<string, unknown> = {}): void {
  request.gatewayRefusalLogged = true;
  const path = redactUrl(request.url.split('?')[0]!);
  request.log.warn({ gateway_refusal: reason, ...fields }, `gateway refused ${request.method} ${path}: ${explanation}`);
}

/** "session ps-…" when the request got as far as finding its session, else nothing. */
export const forSession = (sessionId: string | undefined): string => (sessionId ? ` for session ${sessionId}` : '');
