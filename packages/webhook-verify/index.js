import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export class WebhookVerificationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

const SECRET_PREFIX = 'whsec_';
const DEFAULT_TOLERANCE_SECONDS = 300;

// The spec signs with the base64-DECODED bytes after `whsec_`, not the secret string itself;
// getting this wrong is the classic interop bug, so bad secrets fail loudly instead of quietly.
function keyFromSecret(secret) {
  if (typeof secret !== 'string' || secret === '') throw new TypeError('secret must be a non-empty "whsec_…" string');
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  if (key.length === 0) throw new TypeError('secret decodes to an empty key');
  return key;
}

// Re-serialising a parsed object never reproduces the sender's bytes, so refuse it outright.
function assertRawBody(body) {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError('body must be the raw request body (string, Buffer or Uint8Array), read before any JSON parsing');
  }
}

function hmacBase64(id, timestamp, body, secret) {
  assertRawBody(body);
  // Feeding the body separately keeps Buffer bodies byte-exact (no UTF-8 round trip).
  return createHmac('sha256', keyFromSecret(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

export function sign({ id, timestamp, body, secret }) {
  return `v1,${hmacBase64(id, timestamp, body, secret)}`;
}

// Returns why verification failed, or null; shared so the boolean and throwing APIs never disagree.
function signatureProblem({ id, timestamp, body, signature, secret, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now() }) {
  if (!id) return 'missing webhook-id header';
  if (timestamp === undefined || timestamp === null || timestamp === '') return 'missing webhook-timestamp header';
  if (!signature) return 'missing webhook-signature header';
  const ts = String(timestamp);
  if (!/^\d{1,15}$/.test(ts)) return 'invalid webhook-timestamp header';
  const nowSeconds = Math.floor(Number(now) / 1000);
  if (nowSeconds - Number(ts) > toleranceSeconds) return 'timestamp too old';
  if (Number(ts) - nowSeconds > toleranceSeconds) return 'timestamp too new';

  const expected = Buffer.from(hmacBase64(id, ts, body, secret));
  // Several signatures appear during secret rotation; a header folded by a proxy joins them with ", ".
  for (const entry of String(signature).split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const candidate = Buffer.from(entry.slice(comma + 1).replace(/,$/, ''));
    // Comparing the canonical base64 text (not lenient decoded bytes) rejects malleated encodings.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return null;
  }
  return 'signature mismatch';
}

export function verifySignature(options) {
  return signatureProblem(options) === null;
}

const sha256 = (value) => createHash('sha256').update(value).digest();

export function verifyCallbackToken(received, expected) {
  if (typeof received !== 'string' || typeof expected !== 'string' || received === '' || expected === '') return false;
  // Hashing first gives equal-length inputs, so neither the token's length nor a prefix match leaks via timing.
  return timingSafeEqual(sha256(received), sha256(expected));
}

function header(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== name) continue;
    const value = headers[key];
    // Same folding Node and fetch apply to repeated headers, so every form behaves alike.
    return Array.isArray(value) ? value.join(', ') : value ?? undefined;
  }
  return undefined;
}

export function verifyWebhook({ headers, body, secret, callbackToken, toleranceSeconds, now }) {
  assertRawBody(body);
  if (callbackToken !== undefined) {
    const token = header(headers, 'x-callback-token');
    if (!token) throw new WebhookVerificationError('missing x-callback-token header');
    if (!verifyCallbackToken(token, callbackToken)) throw new WebhookVerificationError('callback token mismatch');
  }
  const problem = signatureProblem({
    id: header(headers, 'webhook-id'),
    timestamp: header(headers, 'webhook-timestamp'),
    signature: header(headers, 'webhook-signature'),
    body, secret, toleranceSeconds, now,
  });
  if (problem) throw new WebhookVerificationError(problem);
  try {
    return JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
  } catch {
    throw new WebhookVerificationError('payload is not valid JSON');
  }
}
