import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Identifiers in Xendit's observed formats (sessions-api.md §1.7).
 * Sessions and businesses are MongoDB-ObjectId-like 24 hex; v3 objects are prefix + UUID v4.
 */
const objectIdHex = (): string => {
  // Like an ObjectId: 4 bytes of seconds first, so ids sort roughly by creation time.
  const seconds = Buffer.alloc(4);
  seconds.writeUInt32BE(Math.floor(Date.now() / 1000));
  return seconds.toString('hex') + randomBytes(8).toString('hex');
};

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made close
 * in time sort together, so the rows a batch inserts share index pages instead of touching
 * one random page each (the webhook bookkeeping's write volume, issue 19).
 */
export function uuidV7(now = Date.now()): string {
  // A v4 from Node's pooled generator (a fresh randomBytes(16) per id cost 4 % of a delivery's
  // CPU), with its first 48 bits replaced by the time and its version digit 4 by 7; the variant
  // bits stay as they are.
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

export const newSessionId = (): string => `ps-${objectIdHex()}`;
export const newBusinessId = (): string => objectIdHex();
export const newCustomerId = (): string => `cust-${randomUUID()}`;
export const newEventId = (): string => `evt_${uuidV7()}`;

/** v3 payment objects (sessions-api.md §1.7): prefix + UUID v4. */
export const newPaymentRequestId = (): string => `pr-${randomUUID()}`;
export const newPaymentId = (): string => `py-${randomUUID()}`;
export const newPaymentTokenId = (): string => `pt-${randomUUID()}`;
export const newCaptureId = (): string => `cptr-${randomUUID()}`;
export const newRefundId = (): string => `rfd-${randomUUID()}`;
/** The Recurring API's objects (Xendit's examples: `repl_…`, `recy_…`, `resc_…`). */
export const newRecurringPlanId = (): string => `repl_${randomUUID()}`;
export const newRecurringCycleId = (): string => `recy_${randomUUID()}`;
export const newRecurringScheduleId = (): string => `resc_${randomUUID()}`;

/** Lunas's own objects. */
export const newVaultCardId = (): string => `card_${randomUUID()}`;
export const newApiKeyId = (): string => `key_${randomUUID()}`;
/** Webhooks: an endpoint, one delivery of an event to an endpoint, one attempt of a delivery. */
export const newEndpointId = (): string => `whe_${randomUUID()}`;
export const newDeliveryId = (): string => `dlv_${uuidV7()}`;
export const newWebhookAttemptId = (): string => `att_${uuidV7()}`;
/** A durable task of the worker (worker/tasks.ts). */
export const newTaskId = (): string => `task_${randomUUID()}`;
/** The id of an HTTP request, for logs and the `request-id` header, when the client sent none. */
export const newRequestId = (): string => `req_${randomUUID()}`;

/** The credential of a test-mode simulator page (`/simulator/{token}`): 128 random bits, URL-safe. */
export const newSimulatorToken = (): string => randomBytes(16).toString('base64url');

/** The browser's credential for one session: `session-<32 hex>` (components-protocol.md §1.1). */
export const newSdkAuthKey = (): string => `session-${randomBytes(16).toString('hex')}`;

/** Unguessable, URL-safe id of a hosted checkout link (128 bits); never the session id. */
export const newLinkId = (): string => randomBytes(16).toString('base64url');

/** A test secret key in Xendit's format, 256 bits of randomness. */
export const newSecretKey = (): string => `xnd_development_${randomBytes(32).toString('base64url')}`;

/**
 * The pattern a v3 object id sent by a client must match: its prefix, then up to 64 letters,
 * digits or hyphens. Looser than the ids Lunas makes (prefix + UUID v4) on purpose: Xendit's own
 * examples use ids such as `pr-90392f42-d98a-49ef-a7f3-abcezas123` and
 * `pt-tng-90392f42-d98a-49ef-a7f3`, and an id of the right kind that names nothing is unknown
 * (`404 DATA_NOT_FOUND`), not malformed.
 */
export const clientIdPattern = (prefix: 'pr' | 'py' | 'pt' | 'rfd'): string => `^${prefix}-[A-Za-z0-9-]{1,64}$`;

export const BUSINESS_ID_PATTERN = /^[0-9a-f]{24}$/;
