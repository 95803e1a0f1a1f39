/**
 * One readable log line per webhook delivery attempt (pure: the dispatcher writes it).
 *
 *   webhook payment.capture evt_… → http://127.0.0.1:3000/hooks: 200 in 12 ms (attempt 1)
 *   webhook payment.capture evt_… → http://127.0.0.1:3000/hooks: failed (connection refused), attempt 2 of 7, next at 18:40:12
 *   webhook payment.capture evt_… → http://127.0.0.1:3000/hooks: failed (HTTP 500), gave up after 7 attempts
 *
 * The line names the event, the receiver and what happened; it never carries the payload,
 * the signing secret or the callback token (they are not even passed in), and the URL loses
 * any user info and query string, where receivers tend to put credentials.
 */
export interface AttemptRecord {
  eventId: string;
  eventType: string;
  endpointId: string;
  deliveryId: string;
  /** Undefined when the endpoint vanished before the attempt. */
  url: string | undefined;
  /** 1 for the first attempt. */
  attempt: number;
  /** Attempts the retry schedule allows in all: its delays plus the first attempt. */
  maxAttempts: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  outcome: 'DELIVERED' | 'PENDING' | 'FAILED';
  nextAttemptAt: Date | undefined;
}

export interface AttemptLine {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

export function describeAttempt(record: AttemptRecord, now: Date): AttemptLine {
  const url = record.url === undefined ? '(endpoint removed)' : displayUrl(record.url);
  const head = `webhook ${record.eventType} ${record.eventId} → ${url}`;
  const fields = {
    event_id: record.eventId,
    event_type: record.eventType,
    endpoint_id: record.endpointId,
    delivery_id: record.deliveryId,
    url,
    attempt: record.attempt,
    status_code: record.statusCode ?? undefined,
    latency_ms: record.latencyMs,
    error: record.error ?? undefined,
    outcome: record.outcome,
    next_attempt_at: record.outcome === 'PENDING' ? record.nextAttemptAt?.toISOString() : undefined,
  };
  if (record.outcome === 'DELIVERED') {
    return { level: 'info', fields, message: `${head}: ${record.statusCode} in ${record.latencyMs} ms (attempt ${record.attempt})` };
  }
  const failed = `${head}: failed (${failureReason(record)})`;
  if (record.outcome === 'FAILED' || !record.nextAttemptAt) {
    return { level: 'warn', fields, message: `${failed}, gave up after ${record.attempt} attempt${record.attempt === 1 ? '' : 's'}` };
  }
  return { level: 'warn', fields, message: `${failed}, attempt ${record.attempt} of ${Math.max(record.maxAttempts, record.attempt)}, next at ${clockTime(record.nextAttemptAt, now)}` };
}

/** What went wrong, in words: an HTTP status, or the network error made readable. */
export function failureReason(record: Pick<AttemptRecord, 'statusCode' | 'error'>): string {
  if (record.statusCode !== null) return `HTTP ${record.statusCode}`;
  const error = record.error ?? 'no answer';
  for (const [code, words] of NETWORK_ERRORS) if (error.includes(code)) return words;
  return error;
}

const NETWORK_ERRORS: [string, string][] = [
  ['ECONNREFUSED', 'connection refused'],
  ['ECONNRESET', 'connection reset'],
  ['ENOTFOUND', 'host not found'],
  ['EAI_AGAIN', 'host name lookup failed'],
  ['EHOSTUNREACH', 'host unreachable'],
  ['ENETUNREACH', 'network unreachable'],
  ['ETIMEDOUT', 'connection timed out'],
  ['UND_ERR_SOCKET', 'connection closed by the receiver'],
];

/** scheme://host[:port]/path: user info and query strings are where receivers put credentials. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}

/** HH:MM:ss in the server's time zone, like the pretty log's own time; with the date when not today. */
function clockTime(at: Date, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}
