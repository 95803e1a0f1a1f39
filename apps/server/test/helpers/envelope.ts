import { webcrypto } from 'node:crypto';

const subtle = webcrypto.subtle;
const b64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64');

/**
 * Encrypts a card field exactly as the secure iframe does (components-protocol.md §3.3–3.4),
 * so gateway tests can send what a browser sends: `xendit-encrypted-1-<pk>-<iv>-<ct>`.
 */
export async function encryptField(plaintext: string, sdkKey: string, sessionId: string): Promise<string> {
  const serverSpki = Buffer.from(sdkKey.split('-')[3]!, 'base64');
  const serverKey = await subtle.importKey('spki', serverSpki, { name: 'ECDH', namedCurve: 'P-384' }, false, []);
  const own = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-384' }, true, ['deriveBits'])) as webcrypto.CryptoKeyPair;
  const shared = await subtle.deriveBits({ name: 'ECDH', public: serverKey }, own.privateKey, 384);
  const hkdfKey = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const aesKey = await subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(sessionId) },
    hkdfKey,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const iv = webcrypto.getRandomValues(new Uint8Array(48));
  const aad = await subtle.digest('SHA-256', new TextEncoder().encode(sessionId));
  const ciphertext = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, aesKey, new TextEncoder().encode(plaintext));
  const publicSpki = await subtle.exportKey('spki', own.publicKey);
  return `xendit-encrypted-1-${b64(publicSpki)}-${b64(iv)}-${b64(ciphertext)}`;
}

export async function encryptedCard(sdkKey: string, sessionId: string, number: string, month = '12', year = '2030', cvn = '123') {
  return {
    card_details: {
      card_number: await encryptField(number, sdkKey, sessionId),
      expiry_month: await encryptField(month, sdkKey, sessionId),
      expiry_year: await encryptField(year, sdkKey, sessionId),
      cvn: await encryptField(cvn, sdkKey, sessionId),
      cardholder_first_name: 'John',
    },
  };
}

export const authKeyOf = (sdkKey: string) => sdkKey.split('-').slice(0, 2).join('-');
