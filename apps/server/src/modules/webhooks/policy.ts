import { createHmac, randomBytes } from 'node:crypto';

/**
 * The pure parts of webhook delivery: which endpoint gets which event, what is sent and
 * signed, and when a failed delivery is tried again.
 */

/** Xendit's dashboard keeps one URL per event group (sessions-api.md §9.1). */
export const EVENT_GROUPS = ['session_completed', 'session_expired', 'payment_status', 'payment_token_status', 'payment_request_status', 'refund', 'recurring'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

export function groupOf(eventType: string): EventGroup | undefined {
  if (eventType === 'payment_session.completed') return 'session_completed';
  if (eventType === 'payment_session.expired') return 'session_expired';
  if (eventType.startsWith('payment_token.')) return 'payment_token_status';
  if (eventType.startsWith('payment_request.')) return 'payment_request_status';
  if (eventType.startsWith('payment.')) return 'payment_status';
  if (eventType.startsWith('refund.')) return 'refund';
  if (eventType.startsWith('recurring.')) return 'recurring';
  return undefined;
}

/** The user-agent of every delivery (and of `lunas listen`'s forwards). */
export const webhookUserAgent = (version: string): string => `Lunas-Webhooks/${version} (+https://github.com/lunas-payments/lunas)`;

/**
 * Xendit's envelope (§9.2): `created` is the time of this delivery attempt. The Recurring
 * API's webhooks (payments.yaml callbacks) have no `api_version`.
 */
export function envelope(event: { type: string; business_id: string; payload: string }, attemptAt: Date): string {
  const version = event.type.startsWith('recurring.') ? '' : ',"api_version":"v3"';
  return `{"event":${JSON.stringify(event.type)},"business_id":${JSON.stringify(event.business_id)},"created":${JSON.stringify(attemptAt.toISOString())},"data":${event.payload}${version}}`;
}

export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;
export const newCallbackToken = (): string => randomBytes(32).toString('base64url');

/** Standard Webhooks: v1,base64(HMAC-SHA256(key, "id.timestamp.body")), key = base64-decoded secret. */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/**
 * When to try again after a failed attempt: the schedule counts from the FIRST attempt
 * (Xendit: +15m, +1h, +3h, +6h, +12h, +24h), with up to 10% jitter so a recovering receiver is
 * not hit by every retry at once, and never earlier than the receiver's Retry-After.
 * Undefined when the schedule is exhausted: the delivery has failed for good.
 */
export function nextAttemptAt(input: { scheduleMs: number[]; attemptsMade: number; firstAttemptAt: Date; now: Date; retryAfter?: string; random?: () => number }): Date | undefined {
  const delay = input.scheduleMs[input.attemptsMade - 1];
  if (delay === undefined) return undefined;
  const jitter = Math.floor(delay * 0.1 * (input.random ?? Math.random)());
  let at = input.firstAttemptAt.getTime() + delay + jitter;
  const retryAfterMs = parseRetryAfter(input.retryAfter, input.now);
  if (retryAfterMs !== undefined) at = Math.max(at, input.now.getTime() + retryAfterMs);
  return new Date(Math.max(at, input.now.getTime()));
}

/** A delivery's next state after one attempt: DELIVERED on a 2xx, else PENDING until the schedule runs out. */
export function afterAttempt(input: {
  delivery: { attempts: number; first_attempt_at: string | null };
  attemptAt: Date;
  result: { statusCode: number | null; retryAfter?: string };
  scheduleMs: number[];
  /** Jitter source (Math.random); `() => 0` for an exact schedule. */
  random?: () => number;
}) {
  const { delivery, attemptAt, result } = input;
  const attempts = delivery.attempts + 1;
  const firstAttemptAt = delivery.first_attempt_at ? new Date(delivery.first_attempt_at) : attemptAt;
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const next = ok ? undefined : nextAttemptAt({ scheduleMs: input.scheduleMs, attemptsMade: attempts, firstAttemptAt, now: attemptAt, retryAfter: result.retryAfter, random: input.random });
  return {
    status: ok ? 'DELIVERED' : next ? 'PENDING' : 'FAILED',
    attempts,
    first_attempt_at: firstAttemptAt.toISOString(),
    next_attempt_at: (next ?? attemptAt).toISOString(),
    last_status_code: result.statusCode,
  } as const;
}

/** Retry-After in seconds or as an HTTP date; capped at a day so a receiver cannot park a delivery forever. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now.getTime();
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(seconds, 86_400_000);
}
