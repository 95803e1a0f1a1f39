/**
 * Server-side opening of the card-field envelopes the Xendit Components SDK builds from our
 * secure iframe's messages (components-protocol.md §3.4; the format is @lunas/protocol/envelope).
 *
 * Everything in an envelope is attacker-controlled (it arrives in a browser-built form body), so
 * every failure — shape, base64, key, curve, tag, UTF-8 — becomes one EnvelopeError: callers can
 * map it to a 4xx without ever leaking a crypto stack trace or a 500.
 */
import { createDecipheriv, createHash, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
import { ENVELOPE_TAG_BYTES as TAG_BYTES, parseEnvelope } from '@lunas/protocol/envelope';

/** Cheap syntactic check (no crypto): does this look like an envelope decryptEnvelope could open? */
export { isEnvelope } from '@lunas/protocol/envelope';

/** The only failure type decryptEnvelope throws for bad input; `reason` is short and safe to log. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  constructor(readonly reason: string) {
    super(`invalid encrypted field: ${reason}`);
  }
}

interface Parts {
  spki: Buffer;
  iv: Buffer;
  sealed: Buffer;
}

function split(envelope: unknown): Parts {
  const parsed = parseEnvelope(envelope);
  if (!parsed.ok) throw new EnvelopeError(parsed.reason);
  // parseEnvelope checked the base64 alphabet, padding and decoded lengths: Buffer.from, which
  // silently skips junk, only ever sees well-formed input.
  return { spki: Buffer.from(parsed.publicKey, 'base64'), iv: Buffer.from(parsed.iv, 'base64'), sealed: Buffer.from(parsed.ciphertext, 'base64') };
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
