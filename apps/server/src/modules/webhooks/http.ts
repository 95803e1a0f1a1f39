import dns from 'node:dns';
import net from 'node:net';
import type { Readable } from 'node:stream';
import type { Agent, buildConnector } from 'undici';
import { insideReason } from './receiver-address.ts';

/**
 * Outbound HTTP for webhooks (undici, keep-alive per origin). With allowPrivate = false, a
 * delivery to a private, loopback or link-local address is refused at connect time, on the
 * address the name actually resolved to, so DNS tricks cannot reach the inside network.
 * Which addresses are inside: receiver-address.ts.
 *
 * Allowed or not, the answer of an inside receiver is never kept: the delivery log would
 * otherwise read an internal service's replies back to whoever holds an API key. Which
 * address a request used is known only to its socket, and undici does not tell a request its
 * socket; so every host a socket ever reached on an inside address is remembered (for good:
 * a name that once resolved inside may do so again), and answers from such hosts are dropped.
 * A socket connects before its request's answer arrives, so the mark is always in time.
 *
 * undici is loaded at the first delivery, not at start: it is a third of the compiled server,
 * and a Lunas without webhook endpoints never needs it (docs/performance.md, "Start").
 */
class BlockedAddressError extends Error {
  readonly code = 'LUNAS_PRIVATE_ADDRESS';
}

const bareHost = (hostname: string): string => hostname.replace(/^\[|\]$/g, '').toLowerCase();

function guardedLookup(): typeof dns.lookup {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const list = addresses as dns.LookupAddress[];
      const blocked = list.find((a) => insideReason(a.address) !== undefined);
      if (blocked) return callback(new BlockedAddressError(`webhook URL resolves to the private address ${blocked.address}: ${insideReason(blocked.address)}`));
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  }) as typeof dns.lookup;
}

export interface WebhookSender {
  send(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult>;
  close(): Promise<void>;
}

/** `timeoutMs` bounds the connect too (the request's own timeouts start once it is connected). */
export function webhookSender(allowPrivate: boolean, timeoutMs = 30_000): WebhookSender {
  const insideHosts = new Set<string>();
  let client: Promise<{ agent: Agent }> | undefined;
  const load = () =>
    (client ??= import('undici').then((module) => {
      // undici is CommonJS: its exports are `default` in the package build's chunk, and named too from the sources.
      const { Agent, buildConnector } = ((module as unknown as { default?: typeof module }).default ?? module) as typeof module;
      const connector = buildConnector({ timeout: timeoutMs, ...(allowPrivate ? {} : { lookup: guardedLookup() }) } as buildConnector.BuildOptions);
      const agent = new Agent({
        keepAliveTimeout: 10_000,
        connections: 128,
        connect: (options, callback) => {
          const host = bareHost(options.hostname);
          // An IP literal is never looked up, so it is checked here.
          const inside = net.isIP(host) ? insideReason(host) : undefined;
          if (inside && !allowPrivate) return callback(new BlockedAddressError(`webhook URL points at the private address ${host}: ${inside}`), null);
          return connector(options, (error, socket) => {
            // No remote address (a socket already gone) counts as inside: never keep what we cannot judge.
            if (socket && insideReason(socket.remoteAddress ?? '') !== undefined) insideHosts.add(host);
            // buildConnector's callback is (error, null) | (null, socket): pass it on as it came.
            (callback as (error: Error | null, socket: unknown) => void)(error, socket);
          });
        },
      });
      return { agent };
    }));
  const targets = targetCache();
  return {
    async send(url, headers, body, timeoutMs) {
      const { agent } = await load();
      const target = targets.of(url);
      const result = await send(agent, target, headers, body, timeoutMs);
      if (result.responseBody !== null && insideHosts.has(target.host)) return { ...result, responseBody: null };
      return result;
    },
    close: async () => {
      if (client) await (await client).agent.close();
    },
  };
}

export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
  retryAfter?: string;
}

const RESPONSE_BODY_LIMIT = 1024;

/** Where a URL sends: its origin and path for the agent, and its host as the inside check knows it. */
interface Target {
  origin: string;
  path: string;
  host: string;
}

/**
 * Each endpoint URL parsed once, not per delivery: a WHATWG URL parse per send (undici's
 * `request(url)` parses it again) was a twentieth of the dispatcher's time (issue 19). Bounded,
 * oldest dropped first: endpoints come and go, and a stale entry costs only a parse.
 */
function targetCache(limit = 1024) {
  const parsed = new Map<string, Target>();
  return {
    of(url: string): Target {
      let target = parsed.get(url);
      if (!target) {
        const u = new URL(url);
        target = { origin: u.origin, path: `${u.pathname}${u.search}`, host: bareHost(u.hostname) };
        if (parsed.size >= limit) parsed.delete(parsed.keys().next().value!);
        parsed.set(url, target);
      }
      return target;
    },
  };
}

/**
 * One POST. The wait is bounded by undici's own timeouts (the answer's headers; each gap in its
 * body) and, for the whole body, by one plain timer: an AbortSignal.timeout per request cost
 * a twentieth of the dispatcher's time (issue 19).
 */
async function send(agent: Agent, target: Target, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  try {
    const response = await agent.request({ origin: target.origin, path: target.path, method: 'POST', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const text = await readAnswer(response.body, timeoutMs - (performance.now() - started));
    const retryAfter = response.headers['retry-after'];
    return {
      statusCode: response.statusCode,
      latencyMs: Math.round(performance.now() - started),
      error: null,
      responseBody: text,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    };
  } catch (error) {
    const e = error as Error & { code?: string; cause?: { message?: string } };
    const message = e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT' ? `no response within ${timeoutMs} ms` : (e.cause?.message ?? e.message);
    return { statusCode: null, latencyMs: Math.round(performance.now() - started), error: message.slice(0, 500), responseBody: null };
  }
}

/**
 * What the delivery log keeps of an answer: its first RESPONSE_BODY_LIMIT characters, NUL
 * characters replaced (PostgreSQL's text refuses them, and one answer would fail the write of
 * its whole batch of outcomes, to be sent again).
 */
export const keptAnswer = (text: string): string => text.slice(0, RESPONSE_BODY_LIMIT).replaceAll('\u0000', '\uFFFD');

/**
 * The answer's body, read to its end (the connection stays reusable) within `remainingMs`,
 * of which the first RESPONSE_BODY_LIMIT characters are kept.
 */
function readAnswer(body: Readable, remainingMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      const timeout = new Error('the answer did not end in time');
      timeout.name = 'TimeoutError';
      body.destroy(timeout);
    }, Math.max(0, remainingMs));
    body.on('data', (chunk: Buffer) => {
      if (text.length < RESPONSE_BODY_LIMIT) text += chunk.toString('utf8');
    });
    body.once('end', () => {
      clearTimeout(timer);
      resolve(keptAnswer(text));
    });
    body.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
