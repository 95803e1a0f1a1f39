import type { ServerOptions } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/**
 * What one client may hold of the HTTP server (docs/security.md, "Limits"). Without these a
 * client trickling a body a byte a second, or opening sockets and saying nothing, keeps a
 * request and its socket alive for as long as it likes.
 */
export function serverLimitOptions(limits: Config['http']): { requestTimeout: number; connectionTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  return {
    // The whole request (headers and body) must have arrived by then: Node answers 408 and closes.
    requestTimeout: limits.requestTimeoutMs,
    // No traffic either way on a socket for this long closes it.
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      // Node checks the two deadlines above on this interval (30 s by default), which would let a
      // 30 s deadline run to a minute; a second's sweep of the connection list costs nothing.
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(limits.headersTimeoutMs / 2))),
    },
  };
}

/** Settings that exist only on the Node server, not as Fastify options, and early answers. */
export function serverLimits(app: FastifyInstance, limits: Config['http']): void {
  // Past the cap Node closes new sockets at accept, before any parsing or any work.
  app.server.maxConnections = limits.maxConnections;
  // A client may send its whole request and then shut its write side (`socket.end()`, `curl
  // --no-keepalive` through some proxies, `nc -N`). By default Node treats that half-close as an
  // abort, and a request whose answer needed an await (any PostgreSQL query) was never answered.
  // Half-open sockets still fall under the idle and request deadlines above.
  (app.server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;

  // A request answered before its body was read (401 from the onRequest auth hook, 413 from a
  // declared Content-Length over the limit): close the connection after the answer instead of
  // letting Node read and discard whatever the client still sends.
  app.addHook('onSend', async (request, reply) => {
    if (bodyStillComing(request.raw) && !request.raw.complete) reply.header('connection', 'close');
  });
}

function bodyStillComing(raw: { headers: Record<string, string | string[] | undefined> }): boolean {
  const length = raw.headers['content-length'];
  return (typeof length === 'string' && length !== '0') || raw.headers['transfer-encoding'] !== undefined;
}
