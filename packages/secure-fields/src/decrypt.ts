/**
 * Server-side opening of the card-field envelopes the Xendit Components SDK builds from our
 * secure iframe's messages (components-protocol.md §3.4):
 *
 *   xendit-encrypted-1-<iframe ECDH SPKI b64>-<IV (48 B) b64>-<ciphertext‖tag b64>[-invalid-<b64>]
 *
 * Everything in an envelope is attacker-controlled (it arrives in a browser-built form body), so
 * every failure — shape, base64, key, curve, tag, UTF-8 — becomes one EnvelopeError: callers can
 * map it to a 4xx without ever leaking a crypto stack trace or a 500.
 */
import { createDecipheriv, createHash, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';

/** The only failure type decryptEnvelope throws for bad input; `reason` is short and safe to log. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  constructor(readonly reason: string) {
    super(`invalid encrypted field: ${reason}`);
  }
}

const PREFIX = ['xendit', 'encrypted', '1'] as const;
const IV_BYTES = 48; // the iframe fills Uint32Array(12), not the usual 12-byte GCM nonce
const TAG_BYTES = 16;
const P384_SPKI_BYTES = 120;
/** Generous for a 19-digit PAN; stops someone making us base64-decode megabytes. */
const MAX_ENVELOPE_CHARS = 2048;
/** Standard base64 only: '-' is the envelope separator, so base64url can never appear here. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface Parts {
  spki: Buffer;
  iv: Buffer;
  sealed: Buffer;
}

function b64(part: string | undefined, what: string): Buffer {
  // Buffer.from(…, 'base64') silently skips junk, so check the alphabet and padding first.
  if (part === undefined || part === '' || !BASE64.test(part)) throw new EnvelopeError(`${what} is not base64`);
  return Buffer.from(part, 'base64');
}

function split(envelope: unknown): Parts {
  if (typeof envelope !== 'string') throw new EnvelopeError('not a string');
  if (envelope.length > MAX_ENVELOPE_CHARS) throw new EnvelopeError('too long');
  const parts = envelope.split('-');
  if (parts.length < 6) throw new EnvelopeError('too few parts');
  if (parts[0] !== PREFIX[0] || parts[1] !== PREFIX[1]) throw new EnvelopeError('not an xendit-encrypted value');
  if (parts[2] !== PREFIX[2]) throw new EnvelopeError('unsupported version');
  // The SDK appends "-invalid-<b64 locale key>" to fields the iframe reported invalid; card_info
  // strips it, but tolerate it so callers need not. Anything else after the ciphertext is junk.
  if (parts.length !== 6 && !(parts.length === 8 && parts[6] === 'invalid')) throw new EnvelopeError('unexpected parts');
  const spki = b64(parts[3], 'public key');
  const iv = b64(parts[4], 'iv');
  const sealed = b64(parts[5], 'ciphertext');
  if (spki.length !== P384_SPKI_BYTES) throw new EnvelopeError('public key is not a P-384 SPKI');
  if (iv.length !== IV_BYTES) throw new EnvelopeError('iv must be 48 bytes');
  if (sealed.length < TAG_BYTES) throw new EnvelopeError('ciphertext shorter than the tag');
  return { spki, iv, sealed };
}

/** Cheap syntactic check (no crypto): does this look like an envelope decryptEnvelope could open? */
export function isEnvelope(value: unknown): boolean {
  try {
    split(value);
    return true;
  } catch {
    return false;
  }
}

function assertServerKey(key: KeyObject): void {
  // A wrong server key is our own misconfiguration, not a bad envelope: fail loudly (500), not 4xx.
  if (key?.type !== 'private' || key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'secp384r1') {
    throw new TypeError('serverPrivateKey must be an EC P-384 private KeyObject');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decrypts one envelope for the session whose `payment_session_id` (ps-…, NOT the sdk-key
 * sessionAuthKey) keyed the iframe: HKDF info and AAD both bind the ciphertext to that session.
 */
export function decryptEnvelope(envelope: string, sessionId: string, serverPrivateKey: KeyObject): string {
  assertServerKey(serverPrivateKey);
  if (typeof sessionId !== 'string' || sessionId === '') throw new TypeError('sessionId must be a non-empty string');
  const { spki, iv, sealed } = split(envelope);

  let iframeKey: KeyObject;
  try {
    iframeKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw new EnvelopeError('public key does not parse');
  }
  if (iframeKey.asymmetricKeyType !== 'ec' || iframeKey.asymmetricKeyDetails?.namedCurve !== 'secp384r1') {
    throw new EnvelopeError('public key is not on P-384');
  }

  try {
    const shared = diffieHellman({ privateKey: serverPrivateKey, publicKey: iframeKey });
    const key = Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), sessionId, 32));
    const aad = createHash('sha256').update(sessionId, 'utf8').digest();
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    return utf8.decode(plain);
  } catch {
    // Tag mismatch (tampering, other session, other server key), a point ECDH rejects, or
    // non-UTF-8 plaintext: all the same to the caller, and the details would only help an attacker.
    throw new EnvelopeError('decryption failed');
  }
}
