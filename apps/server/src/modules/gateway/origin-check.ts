import type { FastifyInstance } from 'fastify';
import type { GatewayService } from './service.ts';

const AUTH_KEY = /^session-[0-9a-f]{32}$/;

/**
 * `GET /components/origin_check/{components_sdk_key}`: may the asking page's origin use this
 * session? The gateway refuses a foreign origin without CORS, so the browser hides the refusal
 * from the page ("Failed to fetch"); @lunas/components asks here after such a failure to tell the
 * developer which origin to add to `components_configuration.origins`. The answer is readable
 * from any origin and carries nothing of the session: the asking page's own origin, whether it
 * is allowed, and whether the key (a credential the page already holds) names a session.
 * CORS on the gateway itself is unchanged (docs/compatibility.md).
 */
export async function originCheckRoute(app: FastifyInstance, gateway: GatewayService): Promise<void> {
  app.get<{ Params: { key: string } }>('/components/origin_check/:key', { schema: { hide: true } }, async (request, reply) => {
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin.slice(0, 200) : null;
    const session = AUTH_KEY.test(request.params.key) ? await gateway.sessionByKey(request.params.key).catch(() => undefined) : undefined;
    reply.header('access-control-allow-origin', '*').header('cache-control', 'no-store');
    return {
      origin,
      session_found: session !== undefined,
      allowed: session !== undefined && origin !== null && gateway.originsOf(session).includes(origin),
    };
  });
}
