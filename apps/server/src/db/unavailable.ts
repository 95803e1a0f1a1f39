/**
 * Which store errors mean "the store is not reachable right now" rather than "this request is
 * wrong" or "Lunas has a bug". They answer 503 SERVICE_UNAVAILABLE (a retry later can
 * succeed), and the background loops back off on them instead of logging a failure per poll.
 *
 * The checks look at codes first (stable across driver versions), then at the few pg messages
 * that come without one.
 */

/** Socket-level errors: the server went away, or could not be reached in time. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * PostgreSQL SQLSTATEs of an unreachable or unavailable server: class 08 (connection
 * exception), 57P01 admin shutdown (a restart or pg_terminate_backend), 57P02 crash shutdown,
 * 57P03 cannot connect now (starting up, shutting down, recovery), 53300 too many connections.
 */
const PG_UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** pg's own errors for a lost or never-made connection, which carry no code. */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/, // "Connection terminated", "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect/, // the pool's connectionTimeoutMillis
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  /^Query read timeout/,
];

/**
 * SQLite result codes of a store that cannot serve now: locked past busy_timeout, disk I/O
 * errors, a file that turned read-only or vanished, a full disk.
 */
const SQLITE_UNAVAILABLE = [/^SQLITE_BUSY/, /^SQLITE_IOERR/, /^SQLITE_READONLY/, /^SQLITE_CANTOPEN$/, /^SQLITE_FULL$/];

/** True when the error says the store (either dialect) cannot be reached or cannot serve now. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (isUnavailableItself(e)) return true;
    // AggregateError (Node's happy-eyeballs connect to several addresses) and wrapped causes.
    const inner = e as { errors?: unknown[]; cause?: unknown };
    if (Array.isArray(inner.errors) && inner.errors.length > 0 && inner.errors.every(isUnavailableItself)) return true;
    e = inner.cause;
  }
  return false;
}

function isUnavailableItself(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || PG_UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (SQLITE_UNAVAILABLE.some((pattern) => pattern.test(code))) return true;
  }
  return typeof message === 'string' && PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * Pacing for a background loop while the store is away: one warning when it goes, one info
 * line when it is back, and a growing pause (250 ms doubling to 5 s) in between, so an outage
 * neither floods the log nor hammers a recovering server.
 */
export function storeOutageBackoff(log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void }, loop: string) {
  let failures = 0;
  let since = 0;
  return {
    /** Records a failed round of a store-unavailable error; returns how long to pause. */
    failed(error: unknown): number {
      if (failures === 0) {
        since = Date.now();
        log.warn({ loop, err: { message: (error as Error)?.message, code: (error as { code?: string })?.code } }, `${loop}: the store is not reachable; retrying with back-off until it is back`);
      }
      failures++;
      return Math.min(250 * 2 ** (failures - 1), 5000);
    },
    /** Records a round that reached the store. */
    succeeded(): void {
      if (failures > 0) log.info({ loop, outage_ms: Date.now() - since }, `${loop}: the store is reachable again`);
      failures = 0;
    },
    get failing(): boolean {
      return failures > 0;
    },
  };
}

export type StoreOutageBackoff = ReturnType<typeof storeOutageBackoff>;
