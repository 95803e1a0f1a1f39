import net from 'node:net';
import path from 'node:path';
import { databaseUrlProblem } from './db/store-error.ts';

/**
 * The one typed configuration of Lunas. Every setting has an env var (`LUNAS_*`, or
 * `DATABASE_URL`) and a matching flag; flags win over env. Loaded once at start and passed
 * down explicitly, so no module reads `process.env` on its own.
 */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL connection string; undefined means the embedded SQLite file under dataDir. */
  databaseUrl: string | undefined;
  /** How long start keeps retrying an unreachable PostgreSQL before giving up (0: try once). */
  dbWaitMs: number;
  /**
   * Base of every link Lunas hands out (payment_link_url, assets). No trailing slash. Unless
   * LUNAS_PUBLIC_URL sets it, `lunas start` rewrites it with the port actually bound (see
   * `linkBase`), so `LUNAS_PORT=0` and `LUNAS_HOST=0.0.0.0` hand out links that work.
   */
  publicUrl: string;
  /** Whether LUNAS_PUBLIC_URL / --public-url set publicUrl (else it follows host and port). */
  publicUrlSet: boolean;
  /** Seeds the first business with this exact test secret key. */
  secretKey: string | undefined;
  /** Seals card numbers at rest (32 bytes, hex or base64); else a generated key file in dataDir. */
  masterKey: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty`: short lines for a person at a terminal; `json`: one object per line for machines. */
  logFormat: 'json' | 'pretty';
  /** Host id written into components_sdk_key (the SDK maps it to a gateway host). */
  sdkHostId: string;
  /** How often the worker role looks for sessions past expires_at. */
  sweepIntervalMs: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /**
   * Connection limits of the HTTP server (docs/security.md, "Limits"): a client that trickles
   * its headers or body, or holds sockets open, cannot tie the server up for long.
   */
  http: {
    /** A request's headers and body must have arrived within this (Node's requestTimeout). */
    requestTimeoutMs: number;
    /** Its headers must have arrived within this; never more than requestTimeoutMs. */
    headersTimeoutMs: number;
    /** A kept-alive connection with no request in flight is closed after this. */
    keepAliveTimeoutMs: number;
    /** A socket with no traffic either way for this long is closed (a future event stream must send heartbeats within it). */
    idleTimeoutMs: number;
    /** Open connections per process; more are refused at accept. */
    maxConnections: number;
  };
  /** How often an idle event stream (GET /events/stream) sends a heartbeat comment, ms. */
  streamHeartbeatMs: number;
  /** The per-business test clock and the test helpers (`/test_helpers/clock`, `POST /sessions/{id}/expire`); off: 404, real time. */
  testClock: boolean;
  /** Which roles `lunas start` runs: the HTTP API and/or the background worker. */
  roles: { api: boolean; worker: boolean };
  webhooks: {
    /** Seeds an endpoint for every event on the first business. */
    url: string | undefined;
    /** Seeds the first business's x-callback-token. */
    callbackToken: string | undefined;
    timeoutMs: number;
    /** Delays from the first attempt, one per retry (Xendit: 15m,1h,3h,6h,12h,24h). */
    retryScheduleMs: number[];
    /**
     * Whether deliveries may go to private, loopback and link-local addresses. Unset, it
     * follows how Lunas is exposed: allowed on a loopback host (a developer's machine, CI),
     * refused when Lunas listens on any other interface.
     */
    allowPrivate: boolean;
    /** Deliveries in flight per endpoint and process, so one slow receiver cannot starve the rest. */
    concurrencyPerEndpoint: number;
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['json', 'pretty'] as const;

/** Flag name → env var. The flag is the env var without its prefix, kebab-cased. */
export const SETTINGS = {
  host: 'LUNAS_HOST',
  port: 'LUNAS_PORT',
  'data-dir': 'LUNAS_DATA_DIR',
  'database-url': 'DATABASE_URL',
  'db-wait': 'LUNAS_DB_WAIT',
  'public-url': 'LUNAS_PUBLIC_URL',
  'secret-key': 'LUNAS_SECRET_KEY',
  'master-key': 'LUNAS_MASTER_KEY',
  'log-level': 'LUNAS_LOG_LEVEL',
  'log-format': 'LUNAS_LOG_FORMAT',
  'sdk-host-id': 'LUNAS_SDK_HOST_ID',
  'sweep-interval-ms': 'LUNAS_SWEEP_INTERVAL_MS',
  'body-limit': 'LUNAS_BODY_LIMIT',
  'request-timeout-ms': 'LUNAS_REQUEST_TIMEOUT_MS',
  'headers-timeout-ms': 'LUNAS_HEADERS_TIMEOUT_MS',
  'keep-alive-timeout-ms': 'LUNAS_KEEP_ALIVE_TIMEOUT_MS',
  'idle-timeout-ms': 'LUNAS_IDLE_TIMEOUT_MS',
  'max-connections': 'LUNAS_MAX_CONNECTIONS',
  roles: 'LUNAS_ROLES',
  'stream-heartbeat-ms': 'LUNAS_STREAM_HEARTBEAT_MS',
  'webhook-url': 'LUNAS_WEBHOOK_URL',
  'callback-token': 'LUNAS_CALLBACK_TOKEN',
  'webhook-timeout-ms': 'LUNAS_WEBHOOK_TIMEOUT_MS',
  'webhook-retry-schedule': 'LUNAS_WEBHOOK_RETRY_SCHEDULE',
  'webhook-allow-private': 'LUNAS_WEBHOOK_ALLOW_PRIVATE',
  'webhook-concurrency': 'LUNAS_WEBHOOK_CONCURRENCY',
  'test-clock': 'LUNAS_TEST_CLOCK',
} as const;
export type SettingName = keyof typeof SETTINGS;
export class ConfigError extends Error {}

/** What loadConfig may know of its surroundings; injectable so tests decide it. */
export interface ConfigContext {
  /** Whether stdout is a terminal: then logs default to `pretty`, else to `json`. */
  isTty?: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: Partial<Record<SettingName, string>> = {}, context: ConfigContext = {}): Config {
  const read = (name: SettingName): string | undefined => {
    const value = flags[name] ?? env[SETTINGS[name]];
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: SettingName, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${SETTINGS[name]} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };

  const host = read('host') ?? '127.0.0.1';
  if (!net.isIP(host) && !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(host)) {
    throw new ConfigError(`LUNAS_HOST must be an IP address or a host name to listen on (such as 127.0.0.1, 0.0.0.0 or localhost), got "${host}"`);
  }
  const port = integer('port', 4010, 0, 65535);
  const logLevel = (read('log-level') ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LUNAS_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  // A person at a terminal reads lines; a pipe, a file or a container's log collector parses JSON.
  const isTty = context.isTty ?? process.stdout.isTTY === true;
  const logFormat = (read('log-format') ?? (isTty ? 'pretty' : 'json')) as Config['logFormat'];
  if (!LOG_FORMATS.includes(logFormat)) throw new ConfigError(`LUNAS_LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}, got "${logFormat}"`);

  const publicUrlSet = read('public-url') !== undefined;
  const publicUrl = (read('public-url') ?? linkBase(host, port)).replace(/\/+$/, '');
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new ConfigError(`LUNAS_PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  }

  const secretKey = read('secret-key');
  if (secretKey !== undefined && !/^xnd_development_[A-Za-z0-9_+/=-]{8,200}$/.test(secretKey)) {
    throw new ConfigError('LUNAS_SECRET_KEY must look like a Xendit test key: xnd_development_ followed by at least 8 characters of [A-Za-z0-9_+/=-]');
  }

  const sdkHostId = read('sdk-host-id') ?? 'pl';
  if (!/^[a-z0-9]{1,16}$/i.test(sdkHostId)) throw new ConfigError('LUNAS_SDK_HOST_ID must be 1-16 letters or digits (no "-")');

  const roleList = (read('roles') ?? 'api,worker').split(',').map((r) => r.trim()).filter(Boolean);
  for (const role of roleList) {
    if (role !== 'api' && role !== 'worker') throw new ConfigError(`LUNAS_ROLES takes api and/or worker, got "${role}"`);
  }
  if (roleList.length === 0) throw new ConfigError('LUNAS_ROLES must name at least one role');

  const databaseUrl = read('database-url');
  const databaseUrlError = databaseUrl === undefined ? undefined : databaseUrlProblem(databaseUrl);
  if (databaseUrlError) throw new ConfigError(databaseUrlError);
  const dbWaitMs = parseDuration(read('db-wait') ?? '30s', 'LUNAS_DB_WAIT', 24 * 3_600_000);

  const webhookUrl = read('webhook-url');
  if (webhookUrl !== undefined && !/^https?:\/\//.test(webhookUrl)) throw new ConfigError(`LUNAS_WEBHOOK_URL must be an http(s) URL, got "${webhookUrl}"`);
  const allowPrivate = read('webhook-allow-private') ?? String(isLoopbackHost(host));
  if (allowPrivate !== 'true' && allowPrivate !== 'false') throw new ConfigError('LUNAS_WEBHOOK_ALLOW_PRIVATE must be true or false');

  const testClock = read('test-clock') ?? 'true';
  if (testClock !== 'true' && testClock !== 'false') throw new ConfigError('LUNAS_TEST_CLOCK must be true or false');

  const requestTimeoutMs = integer('request-timeout-ms', 30_000, 100, 600_000);
  // Node refuses a headers timeout above the request timeout: the smaller one wins.
  const headersTimeoutMs = Math.min(integer('headers-timeout-ms', 10_000, 100, 600_000), requestTimeoutMs);

  return {
    host,
    port,
    dataDir: path.resolve(read('data-dir') ?? '.lunas'),
    databaseUrl,
    dbWaitMs,
    publicUrl,
    publicUrlSet,
    secretKey,
    masterKey: read('master-key'),
    logLevel,
    logFormat,
    sdkHostId,
    sweepIntervalMs: integer('sweep-interval-ms', 1000, 10, 3_600_000),
    bodyLimit: integer('body-limit', 1024 * 1024, 1024, 64 * 1024 * 1024),
    http: {
      requestTimeoutMs,
      headersTimeoutMs,
      // 72 s, Fastify's default: above the 60 s idle timeout of common load balancers, so they never reuse a connection Lunas just closed.
      keepAliveTimeoutMs: integer('keep-alive-timeout-ms', 72_000, 100, 600_000),
      idleTimeoutMs: integer('idle-timeout-ms', 120_000, 1000, 3_600_000),
      maxConnections: integer('max-connections', 1024, 1, 1_000_000),
    },
    streamHeartbeatMs: integer('stream-heartbeat-ms', 15_000, 50, 600_000),
    testClock: testClock === 'true',
    roles: { api: roleList.includes('api'), worker: roleList.includes('worker') },
    webhooks: {
      url: webhookUrl,
      callbackToken: read('callback-token'),
      timeoutMs: integer('webhook-timeout-ms', 30_000, 100, 300_000),
      retryScheduleMs: parseSchedule(read('webhook-retry-schedule') ?? '15m,1h,3h,6h,12h,24h'),
      allowPrivate: allowPrivate === 'true',
      concurrencyPerEndpoint: integer('webhook-concurrency', 16, 1, 256),
    },
  };
}

/**
 * True for a host only this machine can reach (127.0.0.0/8, ::1, localhost). Reachable only from
 * here, Lunas serves its developer alone, whose receivers are private by nature; reachable from
 * elsewhere, anyone with a key could point webhooks at the inside network (SSRF).
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  // The URL parser writes an IPv6 address one way only (0:0:0:0:0:0:0:1 → ::1).
  return net.isIPv6(bare) && new URL(`http://[${bare}]/`).hostname === '[::1]';
}

/** True for the wildcard addresses that mean "every interface". */
export const isWildcardHost = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

/**
 * The base of links when LUNAS_PUBLIC_URL is unset: the host and port Lunas listens on, except
 * that a wildcard address is no place a browser can go, so links say `localhost` instead.
 */
export function linkBase(host: string, port: number): string {
  const name = isWildcardHost(host) ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s" → 30000; "0" alone means none. Units: ms, s, m, h, d. */
export function parseDuration(text: string, envVar: string, maxMs: number): number {
  const match = /^\s*(\d+)(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match || (match[2] === undefined && match[1] !== '0')) throw new ConfigError(`${envVar} takes a duration like 30s, 2m or 0 (no wait); "${text}" is not one`);
  const ms = Number(match[1]) * (match[2] ? UNIT_MS[match[2]]! : 0);
  if (ms > maxMs) throw new ConfigError(`${envVar} must be at most ${maxMs / 3_600_000} h, got "${text}"`);
  return ms;
}

/** "1s,2s,4s" → [1000, 2000, 4000]: delays from the first attempt, increasing. */
export function parseSchedule(text: string): number[] {
  const delays = text.split(',').map((part) => {
    const match = /^\s*(\d+)(ms|s|m|h|d)\s*$/.exec(part);
    if (!match) throw new ConfigError(`LUNAS_WEBHOOK_RETRY_SCHEDULE takes durations like 15m,1h,3h; "${part}" is not one`);
    return Number(match[1]) * UNIT_MS[match[2]!]!;
  });
  for (let i = 1; i < delays.length; i++) {
    if (delays[i]! <= delays[i - 1]!) throw new ConfigError('LUNAS_WEBHOOK_RETRY_SCHEDULE must increase: each delay counts from the first attempt');
  }
  return delays;
}
