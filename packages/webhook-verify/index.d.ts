/**
 * Merchant-side verification of Lunas webhooks.
 *
 * Every Lunas webhook carries two independent proofs:
 * - `x-callback-token`: the business's callback verification token (Xendit's scheme);
 * - Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`):
 *   `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<raw body>">`, keyed with the base64-decoded
 *   part of the `whsec_…` signing secret. See https://www.standardwebhooks.com.
 *
 * @packageDocumentation
 */

/**
 * The request body exactly as received (a Node `Buffer` is a `Uint8Array`).
 * Never pass a parsed-and-re-serialised object: its bytes differ from what was signed.
 */
export type RawBody = string | Uint8Array;

/** A `webhook-timestamp` value: unix seconds, as a number or the header's decimal string. */
export type UnixTimestamp = number | string;

/** Anything with a fetch-style `get`, e.g. a WHATWG `Headers` instance (`request.headers` in fetch handlers). */
export interface HeadersLike {
  get(name: string): string | null;
}

/**
 * Request headers: a fetch `Headers`-like object, or a plain object looked up case-insensitively
 * whose values may be strings or arrays of strings (Node's `IncomingHttpHeaders`).
 */
export type WebhookHeaders =
  | HeadersLike
  | { readonly [name: string]: string | readonly string[] | undefined };

/** Thrown by {@link verifyWebhook}; `message` says which check failed. */
export class WebhookVerificationError extends Error {
  constructor(message: string);
  override readonly name: 'WebhookVerificationError';
}

export interface SignOptions {
  /** The `webhook-id` (the event id, e.g. `evt_…`; stable across retries). */
  id: string;
  /** The `webhook-timestamp` of this attempt, in unix seconds. */
  timestamp: UnixTimestamp;
  /** The exact bytes that will be sent. */
  body: RawBody;
  /** The signing secret, `whsec_<base64 key>` (the prefix is optional). */
  secret: string;
}

export interface VerifySignatureOptions {
  /** The `webhook-id` header. */
  id: string | null | undefined;
  /** The `webhook-timestamp` header (unix seconds). */
  timestamp: UnixTimestamp | null | undefined;
  /** The raw request body, byte for byte as received. */
  body: RawBody;
  /** The `webhook-signature` header: one or more space-separated `v1,<base64>` entries. */
  signature: string | null | undefined;
  /** The signing secret, `whsec_<base64 key>` (the prefix is optional). */
  secret: string;
  /** Largest accepted distance between `timestamp` and `now`, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch (or a `Date`). Default `Date.now()`. */
  now?: number | Date;
}

export interface VerifyWebhookOptions {
  /** The incoming request's headers. */
  headers: WebhookHeaders;
  /** The raw request body, read before any JSON parsing. */
  body: RawBody;
  /** The signing secret, `whsec_<base64 key>`. */
  secret: string;
  /**
   * The callback verification token configured in Lunas. When given, `x-callback-token`
   * must equal it; when omitted, only the signature is checked.
   */
  callbackToken?: string;
  /** Largest accepted clock skew / replay window, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch (or a `Date`). Default `Date.now()`. */
  now?: number | Date;
}

/**
 * Compares a received `x-callback-token` with the expected token in constant time
 * (over SHA-256 digests, so neither length nor content leaks).
 *
 * @returns `false` for a missing, empty or non-string token, and when `expected` is empty.
 */
export function verifyCallbackToken(received: string | null | undefined, expected: string): boolean;

/**
 * Checks a Standard Webhooks `v1` signature.
 *
 * @returns `true` when `timestamp` is within ±`toleranceSeconds` of `now` and any of the
 * space-separated `v1,` signatures matches; `false` otherwise (including missing headers).
 * @throws TypeError when `secret` is not a usable `whsec_…` secret or `body` is not raw bytes/text.
 */
export function verifySignature(options: VerifySignatureOptions): boolean;

/**
 * Verifies a webhook request end to end and returns its parsed JSON payload.
 *
 * Checks, in order: the callback token (when `callbackToken` is given), the presence of the
 * Standard Webhooks headers, the timestamp window, and the signature.
 *
 * @typeParam T - The payload type you expect; it is not validated, only parsed.
 * @throws WebhookVerificationError with a message such as `"missing webhook-signature header"`,
 * `"timestamp too old"`, `"timestamp too new"`, `"signature mismatch"` or `"callback token mismatch"`.
 * @throws TypeError when `secret` or `body` is unusable (a programming error, not a bad request).
 */
export function verifyWebhook<T = unknown>(options: VerifyWebhookOptions): T;

/**
 * Computes the `webhook-signature` value for a message, e.g. to build fixtures in your own tests.
 *
 * @returns `"v1,<base64 HMAC-SHA256>"`.
 */
export function sign(options: SignOptions): string;
