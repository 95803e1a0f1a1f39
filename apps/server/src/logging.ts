import type { Writable } from 'node:stream';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino from 'pino';
import { createRequire } from 'node:module';
import type pinoPrettyModule from 'pino-pretty';
import type { Config } from './config.ts';

/**
 * The one logger of Lunas (pino), in one of two formats:
 * - `json`: one JSON object per line, every field kept, for log shippers and `jq`;
 * - `pretty`: a short line for a person at a terminal, `[18:40:12] INFO: POST /sessions 201 12 ms`.
 *   Messages are written to read on their own (a webhook attempt, a refused gateway request
 *   says everything in its message), so the pretty format hides the structured fields,
 *   which only repeat the message or are noise there (pid, hostname, reqId).
 * Secrets never reach either format: the serializers below emit only what they name.
 */
export type LogLevel = Config['logLevel'];
export type LogFormat = Config['logFormat'];

export interface LoggerOptions {
  level: LogLevel;
  /** Default `json`: a logger nobody configured must stay machine-readable. */
  format?: LogFormat;
  /** Where lines go; stdout when absent. Tests pass a stream to read them. */
  stream?: Writable;
}

/**
 * Bearer secrets that travel in URLs never reach a log line, in either format (both render the
 * `req` serializer's URL): the sdk auth key, the hosted checkout's link id
 * (`/checkout/<link id>`, `/checkout/<link id>/cancel`; not the fixed `assets` and `branding`
 * paths) and the simulator's token (`/simulator/<token>`), plus any `token`-like query parameter.
 * Whoever holds one of them can pay, cancel or decide a payment.
 */
export const redactUrl = (url: string): string =>
  url
    .replace(/session-[0-9a-f]{32}/g, 'session-[redacted]')
    .replace(/\/checkout\/(?!(?:assets|branding)(?:[/?#]|$))[^/?#]+/g, '/checkout/[redacted]')
    .replace(/\/simulator\/[^/?#]+/g, '/simulator/[redacted]')
    .replace(/([?&](?:token|sim_token|link_id|link)=)[^&#]*/gi, '$1[redacted]');

export function createLogger(options: LoggerOptions): pino.Logger;
/** The positional form the current CLI calls; it logs JSON. */
export function createLogger(level: LogLevel, stream?: Writable): pino.Logger;
export function createLogger(levelOrOptions: LogLevel | LoggerOptions, legacyStream?: Writable): pino.Logger {
  const { level, format = 'json', stream } = typeof levelOrOptions === 'string' ? { level: levelOrOptions, stream: legacyStream } : levelOrOptions;
  const settings: pino.LoggerOptions = {
    level,
    // Belt and braces: no serializer below emits these, but a careless `log.info(req)` must not leak them.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.secretKey', '*.secret_key', '*.components_sdk_key'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: redactUrl(req.url), id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return pino(settings, format === 'pretty' ? prettyStream(stream) : stream);
}

interface PrettyFields {
  level: number;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  err?: { type?: string; message?: string; stack?: string };
}

/**
 * pino-pretty as a synchronous stream in this process (not a worker transport): a line is
 * written before the call returns, so nothing is lost on exit and tests read lines at once.
 */
function prettyStream(stream: Writable | undefined): pinoPrettyModule.PrettyStream {
  // Loaded only for the pretty format (a person at a terminal): a JSON Lunas never pays for it.
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as typeof pinoPrettyModule;
  return pinoPretty({
    sync: true,
    destination: stream ?? 1,
    // Colour only on a terminal; a file or a pipe gets plain text.
    colorize: stream === undefined && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    hideObject: true,
    messageFormat: (log, messageKey) => {
      const { req, res, responseTime, err, level } = log as unknown as PrettyFields;
      if (req && res && responseTime !== undefined) return `${req.method} ${req.url} ${res.statusCode} ${Math.round(responseTime)} ms`;
      const message = String(log[messageKey] ?? '');
      if (!err) return message;
      // hideObject hides `err` too: its message belongs on the line, its stack under an error.
      const withReason = `${message}: ${err.message ?? err.type ?? 'error'}`;
      return level >= 50 && err.stack ? `${withReason}\n    ${err.stack.split('\n').slice(1).map((l) => l.trim()).join('\n    ')}` : withReason;
    },
  });
}

/**
 * Request lines. JSON keeps Fastify's own pair ("incoming request", "request completed");
 * pretty wants one line per request with method, URL, status and time: this controller drops
 * the first and gives the second the request (rendered `POST /sessions 201 12 ms`).
 * Undefined means Fastify's default controller.
 */
export function requestLogController(format: LogFormat): LogController | undefined {
  return format === 'pretty' ? new OneLinePerRequest() : undefined;
}

class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
