/**
 * Every event type Lunas records (the webhook `event` field). `lunas listen --events` and
 * `GET /events/stream?types=` accept these; test/event-stream.test.ts checks the list against
 * the types the sources record.
 */
export const EVENT_TYPES = [
  'payment_session.completed',
  'payment_session.expired',
  'payment.authorization',
  'payment.capture',
  'payment.failure',
  'payment.expiry',
  'payment_request.expiry',
  'payment_token.activation',
  'payment_token.failure',
  'payment_token.expiry',
  'refund.succeeded',
  'refund.failed',
  'recurring.plan.activated',
  'recurring.plan.inactivated',
  'recurring.cycle.created',
  'recurring.cycle.succeeded',
  'recurring.cycle.retrying',
  'recurring.cycle.failed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (type: string): type is EventType => (EVENT_TYPES as readonly string[]).includes(type);
