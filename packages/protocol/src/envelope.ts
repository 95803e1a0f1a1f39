/**
 * The encrypted card-field envelope (components-protocol.md §3.4): what the SDK builds from a
 * secure iframe's `xendit-iframe-change` message and what the server decrypts.
 *
 *   xendit-encrypted-1-<iframe ECDH SPKI b64>-<IV b64>-<ciphertext‖tag b64>[-invalid-<b64 locale key>]
 *
 * The cipher both ends use: ECDH P-384 → HKDF-SHA-256 (empty salt, info = payment_session_id)
 * → AES-256-GCM with AAD = SHA-256(payment_session_id). Pure string work here, no crypto and
 * no Buffer, so the browser SDK, the iframe and Node share it.
 */

export const ENVELOPE_PREFIX = 'xendit-encrypted';
export const ENVELOPE_VERSION = '1';
/** Standard base64 never contains '-', so it can separate the parts. */
export const ENVELOPE_SEPARATOR = '-';
/** The SDK appends `-invalid-<b64 locale key>` to a field its iframe reported invalid. */
export const ENVELOPE_INVALID_MARKER = 'invalid';
/** The iframe fills a Uint32Array(12) for the GCM IV, not the usual 12-byte nonce. */
export const ENVELOPE_IV_BYTES = 48;
export const ENVELOPE_TAG_BYTES = 16;
/** DER SPKI of a P-384 public key. */
export const ENVELOPE_PUBLIC_KEY_BYTES = 120;
/** Generous for a 19-digit PAN; stops a server base64-decoding megabytes. */
export const ENVELOPE_MAX_CHARS = 2048;

/** Standard base64 with its padding: the alphabet and length are checked before anything decodes it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The envelope of one ciphertext from the iframe whose `xendit-iframe-ready` carried `publicKey`. */
export function formatEnvelope(publicKey: string, part: { iv: string; value: string }): string {
  const sep = ENVELOPE_SEPARATOR;
  return `${ENVELOPE_PREFIX}${sep}${ENVELOPE_VERSION}${sep}${publicKey}${sep}${part.iv}${sep}${part.value}`;
}

/** The three base64 parts of a well-formed envelope, still encoded. */
export interface EnvelopeParts {
  publicKey: string;
  iv: string;
  ciphertext: string;
}

export type ParsedEnvelope = ({ ok: true } & EnvelopeParts) | { ok: false; reason: string };

const decodedBytes = (base64: string) => (base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
const isBase64 = (part: string | undefined): part is string => part !== undefined && part !== '' && BASE64.test(part);

/**
 * Checks an envelope's shape (no crypto). Everything in one is attacker-controlled, so a failure
 * is a short `reason`, safe to log and to show.
 */
export function parseEnvelope(envelope: unknown): ParsedEnvelope {
  const fail = (reason: string): ParsedEnvelope => ({ ok: false, reason });
  if (typeof envelope !== 'string') return fail('not a string');
  if (envelope.length > ENVELOPE_MAX_CHARS) return fail('too long');
  const parts = envelope.split(ENVELOPE_SEPARATOR);
  if (parts.length < 6) return fail('too few parts');
  if (`${parts[0]}${ENVELOPE_SEPARATOR}${parts[1]}` !== ENVELOPE_PREFIX) return fail('not an xendit-encrypted value');
  if (parts[2] !== ENVELOPE_VERSION) return fail('unsupported version');
  // card_info strips the "-invalid-…" suffix, but a reader tolerates it; anything else after the ciphertext is junk.
  if (parts.length !== 6 && !(parts.length === 8 && parts[6] === ENVELOPE_INVALID_MARKER)) return fail('unexpected parts');
  const [publicKey, iv, ciphertext] = [parts[3], parts[4], parts[5]];
  if (!isBase64(publicKey)) return fail('public key is not base64');
  if (!isBase64(iv)) return fail('iv is not base64');
  if (!isBase64(ciphertext)) return fail('ciphertext is not base64');
  if (decodedBytes(publicKey) !== ENVELOPE_PUBLIC_KEY_BYTES) return fail('public key is not a P-384 SPKI');
  if (decodedBytes(iv) !== ENVELOPE_IV_BYTES) return fail('iv must be 48 bytes');
  if (decodedBytes(ciphertext) < ENVELOPE_TAG_BYTES) return fail('ciphertext shorter than the tag');
  return { ok: true, publicKey, iv, ciphertext };
}

/** Cheap syntactic check (no crypto): does this look like an envelope a server could open? */
export const isEnvelope = (value: unknown): boolean => parseEnvelope(value).ok;
