/**
 * WebCrypto side of the secure field (components-protocol.md §3.3). The algorithm choices are
 * fixed by what the SDK builds and what Xendit-compatible servers decrypt (decrypt.ts mirrors
 * this): ECDH P-384 → HKDF-SHA-256 (empty salt, info = session id) → AES-256-GCM with a 48-byte
 * IV and AAD = SHA-256(session id). Browser-only: uses globalThis.crypto.subtle.
 */
import { ENVELOPE_IV_BYTES, type EncryptedPart } from '@lunas/protocol';

const P384 = 'P-384';
const utf8 = (s: string) => new TextEncoder().encode(s);

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Standard base64 only (the sdk key uses '-' as separator, so base64url never appears). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new Error('not base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The pin check: the server key is only trusted if one of the pinning keys baked into this page
 * signed its SPKI bytes (ECDSA P-384 / SHA-256, r‖s form — WebCrypto's native format). Without
 * it, whoever controls the merchant page could hand us their own key and read the card.
 */
export async function verifyPin(pinningJwks: readonly JsonWebKey[], spki: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>): Promise<boolean> {
  for (const jwk of pinningJwks) {
    try {
      const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: P384 }, false, ['verify']);
      if (await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, spki)) return true;
    } catch {
      // A malformed pinning key must not stop the others from being tried.
    }
  }
  return false;
}

export interface FieldCipher {
  /** base64 SPKI of this iframe's ephemeral ECDH public key, for xendit-iframe-ready. */
  publicKeyBase64: string;
  encrypt(plaintext: string): Promise<EncryptedPart>;
}

/**
 * One ephemeral key pair per field and page load; the private half is non-extractable and never
 * leaves this function's closure.
 */
export async function createCipher(serverSpki: Uint8Array<ArrayBuffer>, sessionId: string): Promise<FieldCipher> {
  const serverKey = await crypto.subtle.importKey('spki', serverSpki, { name: 'ECDH', namedCurve: P384 }, false, []);
  const own = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: P384 }, false, ['deriveBits']);
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: serverKey }, own.privateKey, 384);
  const hkdf = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const aesKey = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(sessionId) },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const aad = await crypto.subtle.digest('SHA-256', utf8(sessionId));
  const publicKeyBase64 = toBase64(await crypto.subtle.exportKey('spki', own.publicKey));

  return {
    publicKeyBase64,
    async encrypt(plaintext) {
      // 48 bytes, as the official iframe generates (Uint32Array(12)); a fresh IV per message.
      const iv = new Uint8Array(crypto.getRandomValues(new Uint32Array(ENVELOPE_IV_BYTES / 4)).buffer);
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, aesKey, utf8(plaintext));
      return { iv: toBase64(iv), value: toBase64(sealed) };
    },
  };
}
