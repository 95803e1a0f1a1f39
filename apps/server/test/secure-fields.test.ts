/**
 * @lunas/secure-fields without a browser: envelope decryption against an independent WebCrypto
 * encryptor (the same algorithm the iframe runs, components-protocol.md §3.3–3.4), the page
 * builder and CSP, and the pure validation / formatting / CSS-sanitising helpers.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import { buildSecureIframe, secureIframeCsp } from '@lunas/secure-fields/build';
import { decryptEnvelope, EnvelopeError, isEnvelope } from '@lunas/secure-fields/decrypt';
import { parseAppearance, sanitizeCssValue, sanitizeInputStyles } from '../../../packages/secure-fields/src/css.ts';
import { formatCardNumber, formatExpiry } from '../../../packages/secure-fields/src/ui.ts';
import { plaintexts, validateField } from '../../../packages/secure-fields/src/validate.ts';

const { subtle } = globalThis.crypto;
const SESSION = 'ps-6756b5c21a1bd3f8b21a91f3';

const p384 = () => generateKeyPairSync('ec', { namedCurve: 'P-384' });
const server = p384();
const spkiOf = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const b64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64');

/** An iframe stand-in written from the spec with WebCrypto only (not the code under test). */
async function iframeEncryptor(serverSpki: Buffer, sessionId: string, curve: 'P-384' | 'P-256' | 'P-521' = 'P-384') {
  const info = new TextEncoder().encode(sessionId);
  const own = await subtle.generateKey({ name: 'ECDH', namedCurve: curve }, true, ['deriveBits']);
  const publicKey = b64(await subtle.exportKey('spki', own.publicKey));
  const encrypt = async (plaintext: string) => {
    if (curve !== 'P-384') throw new Error('only the public key is used for other curves');
    const serverKey = await subtle.importKey('spki', new Uint8Array(serverSpki), { name: 'ECDH', namedCurve: 'P-384' }, false, []);
    const bits = await subtle.deriveBits({ name: 'ECDH', public: serverKey }, own.privateKey, 384);
    const hkdf = await subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
    const key = await subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, hkdf, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const iv = new Uint8Array(globalThis.crypto.getRandomValues(new Uint32Array(12)).buffer);
    const additionalData = await subtle.digest('SHA-256', info);
    const value = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, new TextEncoder().encode(plaintext));
    return { iv: b64(iv), value: b64(value) };
  };
  return { publicKey, encrypt };
}

/** Exactly how the SDK joins a change message into the hidden input's value. */
const envelopeOf = (publicKey: string, e: { iv: string; value: string }) => `xendit-encrypted-1-${publicKey}-${e.iv}-${e.value}`;

async function seal(plaintext: string, sessionId = SESSION, serverPublic = server.publicKey): Promise<string> {
  const iframe = await iframeEncryptor(spkiOf(serverPublic), sessionId);
  return envelopeOf(iframe.publicKey, await iframe.encrypt(plaintext));
}

function rejects(envelope: unknown, reason?: RegExp, sessionId = SESSION, key = server.privateKey): void {
  assert.throws(
    () => decryptEnvelope(envelope as string, sessionId, key),
    (e: unknown) => e instanceof EnvelopeError && (!reason || reason.test(e.reason)),
    `expected EnvelopeError${reason ? ` ${reason}` : ''} for ${String(envelope).slice(0, 60)}`,
  );
}

describe('decryptEnvelope', () => {
  test('opens what an iframe-equivalent WebCrypto encryptor sealed', async () => {
    for (const plain of ['4000000000001091', '12', '2030', '123', '', 'üñí©ødé ✓']) {
      assert.equal(decryptEnvelope(await seal(plain), SESSION, server.privateKey), plain);
    }
  });

  test('each value has its own IV, and the iframe key can be shared by several values', async () => {
    const iframe = await iframeEncryptor(spkiOf(server.publicKey), SESSION);
    const [month, year] = [await iframe.encrypt('12'), await iframe.encrypt('2030')];
    assert.notEqual(month.iv, year.iv);
    assert.equal(Buffer.from(month.iv, 'base64').length, 48);
    assert.equal(decryptEnvelope(envelopeOf(iframe.publicKey, month), SESSION, server.privateKey), '12');
    assert.equal(decryptEnvelope(envelopeOf(iframe.publicKey, year), SESSION, server.privateKey), '2030');
  });

  test('ignores the SDK "-invalid-<b64 locale key>" suffix', async () => {
    const env = `${await seal('4000')}-invalid-${btoa('validation.card_number_invalid')}`;
    assert.equal(decryptEnvelope(env, SESSION, server.privateKey), '4000');
    assert.ok(isEnvelope(env));
    rejects(`${await seal('4000')}-bogus-${btoa('x')}`, /unexpected parts/);
    rejects(`${await seal('4000')}-invalid`, /unexpected parts/);
  });

  test('tampered ciphertext, tag or IV, another session id, or another server key fail the tag check', async () => {
    const env = await seal('4000000000001091');
    const parts = env.split('-');
    const flip = (b64part: string, index: number) => {
      const bytes = Buffer.from(b64part, 'base64');
      bytes[index < 0 ? bytes.length + index : index]! ^= 0x01;
      return bytes.toString('base64');
    };
    const withPart = (i: number, value: string) => parts.map((p, j) => (j === i ? value : p)).join('-');
    rejects(withPart(5, flip(parts[5]!, 0)), /decryption failed/); // ciphertext
    rejects(withPart(5, flip(parts[5]!, -1)), /decryption failed/); // tag
    rejects(withPart(4, flip(parts[4]!, 47)), /decryption failed/); // last IV byte: all 48 count
    rejects(env, /decryption failed/, 'ps-some-other-session'); // AAD + HKDF info
    rejects(env, /decryption failed/, SESSION, p384().privateKey);
    const otherIframe = await iframeEncryptor(spkiOf(server.publicKey), SESSION);
    rejects(withPart(3, otherIframe.publicKey), /decryption failed/); // swapped iframe key
  });

  test('an iframe key on another curve is refused before any ECDH', async () => {
    for (const curve of ['P-256', 'P-521'] as const) {
      const other = await iframeEncryptor(spkiOf(server.publicKey), SESSION, curve);
      rejects(`xendit-encrypted-1-${other.publicKey}-${b64(new Uint8Array(48))}-${b64(new Uint8Array(32))}`, /P-384/);
    }
    // right length, not a key
    rejects(`xendit-encrypted-1-${b64(new Uint8Array(120))}-${b64(new Uint8Array(48))}-${b64(new Uint8Array(32))}`, /does not parse/);
  });

  test('garbage, missing parts and malformed base64 are EnvelopeErrors, never other exceptions', async () => {
    const good = (await seal('123')).split('-');
    const join = (...p: string[]) => p.join('-');
    const cases: unknown[] = [
      '', 'xendit', 'xendit-encrypted-1', join('xendit', 'encrypted', '1', good[3]!, good[4]!),
      join('xendit', 'encrypted', '2', ...good.slice(3)), join('xendit', 'decrypted', '1', ...good.slice(3)),
      join('Xendit', 'encrypted', '1', ...good.slice(3)), join(...good, 'extra'),
      join(...good.slice(0, 3), '', good[4]!, good[5]!), join(...good.slice(0, 4), good[4]!.replace(/=*$/, '_'), good[5]!),
      join(...good.slice(0, 4), good[4]!.slice(4), good[5]!), join(...good.slice(0, 5), 'AAAA'),
      join(...good.slice(0, 5), `${good[5]!}!`), join(...good.slice(0, 5), 'A'), `${good.join('-')}${'A'.repeat(4096)}`,
      null, undefined, 42, {}, ['xendit'], good,
    ];
    for (const c of cases) rejects(c);
  });

  test('every one-character mutation either fails as EnvelopeError or leaves the bytes unchanged', async () => {
    const env = await seal('4000000000001091');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_x';
    let failures = 0;
    for (let i = 0; i < env.length; i += 3) {
      const replacement = alphabet[(i * 7) % alphabet.length]!;
      if (replacement === env[i]) continue;
      const mutated = env.slice(0, i) + replacement + env.slice(i + 1);
      try {
        // Non-canonical trailing base64 bits decode to the same bytes; that is not tampering.
        assert.equal(decryptEnvelope(mutated, SESSION, server.privateKey), '4000000000001091');
      } catch (e) {
        assert.ok(e instanceof EnvelopeError, `${String(e)} at ${i}`);
        failures++;
      }
    }
    assert.ok(failures > 50);
  });

  test('a server key that is not an EC P-384 private key is a programming error (TypeError)', async () => {
    const env = await seal('1');
    assert.throws(() => decryptEnvelope(env, SESSION, server.publicKey), TypeError);
    assert.throws(() => decryptEnvelope(env, SESSION, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey), TypeError);
    assert.throws(() => decryptEnvelope(env, SESSION, generateKeyPairSync('ed25519').privateKey), TypeError);
    assert.throws(() => decryptEnvelope(env, '', server.privateKey), TypeError);
  });

  test('isEnvelope is a syntactic check', async () => {
    assert.equal(isEnvelope(await seal('x')), true);
    for (const v of ['', 'xendit-encrypted-1-a-b-c', '4000000000001091', null, 1, {}]) assert.equal(isEnvelope(v), false);
  });
});

describe('buildSecureIframe', () => {
  const pinning = p384();
  const jwk = pinning.publicKey.export({ format: 'jwk' });
  const privateJwk = pinning.privateKey.export({ format: 'jwk' });

  test('returns a complete page whose inline script matches scriptHash and carries the public JWKs only', async () => {
    const second = p384().publicKey.export({ format: 'jwk' });
    const { html, scriptHash } = await buildSecureIframe({ pinningJwks: [jwk, second] });
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /<meta name="viewport" content="width=device-width,initial-scale=1">/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(html.match(/<script/g)?.length, 1);
    const hash = `sha256-${createHash('sha256').update(scripts[0]![1]!, 'utf8').digest('base64')}`;
    assert.equal(scriptHash, hash);
    for (const k of [jwk, second]) {
      assert.ok(html.includes(k.x!) && html.includes(k.y!), 'pinning key coordinates are inlined');
    }
    assert.ok(!html.includes(privateJwk.d!), 'no private scalar');
    assert.doesNotMatch(html, /"d"\s*:|\bd:"/);
    assert.match(html, /<style>[^<]*input\{[^}]*width:100%[^}]*height:100%/);
  });

  test('refuses private, non-P-384 or malformed pinning keys and an empty list', async () => {
    await assert.rejects(buildSecureIframe({ pinningJwks: [privateJwk] }), /private key material/);
    await assert.rejects(buildSecureIframe({ pinningJwks: [] }), TypeError);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    await assert.rejects(buildSecureIframe({ pinningJwks: [p256] }), /P-384/);
    await assert.rejects(buildSecureIframe({ pinningJwks: [{ ...jwk, x: 'short' }] }), /malformed/);
  });

  test('extra JWK members are dropped; the build is deterministic', async () => {
    const withExtras = { ...jwk, kid: 'pin-1', alg: 'ES384' };
    const a = await buildSecureIframe({ pinningJwks: [withExtras] });
    const webCryptoJwk: JsonWebKey = { kty: 'EC', crv: 'P-384', x: jwk.x, y: jwk.y }; // the DOM type fits too
    const b = await buildSecureIframe({ pinningJwks: [webCryptoJwk] });
    assert.equal(a.scriptHash, b.scriptHash);
    assert.ok(!a.html.includes('pin-1'));
  });

  test('secureIframeCsp', async () => {
    const { scriptHash } = await buildSecureIframe({ pinningJwks: [jwk] });
    assert.equal(
      secureIframeCsp(scriptHash, ['https://shop.example', 'http://localhost:5173']),
      `default-src 'none'; script-src '${scriptHash}'; style-src 'unsafe-inline'; font-src data: https:; ` +
        "frame-ancestors https://shop.example http://localhost:5173; base-uri 'none'; form-action 'none'",
    );
    assert.match(secureIframeCsp(scriptHash, []), /frame-ancestors 'none';/);
    assert.match(secureIframeCsp(scriptHash, ['*']), /frame-ancestors \*;/);
    for (const bad of ['https://a.example; script-src *', 'https://a.example b', "'unsafe-inline'", '']) {
      assert.throws(() => secureIframeCsp(scriptHash, [bad]), TypeError, bad);
    }
    assert.throws(() => secureIframeCsp("sha256-x'; script-src *", []), TypeError);
  });
});

describe('validation (§3.5)', () => {
  const codes = (type: Parameters<typeof validateField>[0], v: string) => validateField(type, v).validationErrorCodes.map((c) => c.localeKey);
  const year2 = String((new Date().getFullYear() + 2) % 100).padStart(2, '0');

  test('card number: brand, length, Luhn', () => {
    assert.deepEqual(validateField('credit_card_number', '4000 0000 0000 1091'), {
      empty: false, valid: true, validationErrorCodes: [], cardBrand: 'VISA',
    });
    assert.equal(validateField('credit_card_number', '5555555555554444').cardBrand, 'MASTERCARD');
    assert.equal(validateField('credit_card_number', '378282246310005').cardBrand, 'AMERICAN-EXPRESS');
    assert.equal(validateField('credit_card_number', '3530111333300000').cardBrand, 'JCB');
    assert.equal(validateField('credit_card_number', '378282246310005').valid, true);
    for (const bad of ['4000000000001092', '4000 0000 0000', '400000000000109', '9999999999999999', '4000-0000-0000-1091', '4abc']) {
      assert.deepEqual(codes('credit_card_number', bad), ['validation.card_number_invalid'], bad);
    }
    assert.deepEqual(validateField('credit_card_number', ''), {
      empty: true, valid: false, validationErrorCodes: [{ localeKey: 'validation.card_number_invalid' }], cardBrand: null,
    });
  });

  test('expiry: MM/YY not in the past; plaintexts are MM and 20YY', () => {
    assert.equal(validateField('credit_card_expiry', `12/${year2}`).valid, true);
    for (const bad of ['01/20', '13/30', '1/30', '1230', '12/', '', 'ab/cd']) {
      assert.deepEqual(codes('credit_card_expiry', bad), ['validation.card_expiry_invalid'], bad);
    }
    assert.deepEqual(plaintexts('credit_card_expiry', '12/30'), ['12', '2030']);
    assert.deepEqual(plaintexts('credit_card_expiry', '12/2030'), ['12', '2030']);
    assert.deepEqual(plaintexts('credit_card_expiry', ''), ['', '']);
  });

  test('CVN', () => {
    assert.equal(validateField('credit_card_cvn', '123').valid, true);
    assert.equal(validateField('credit_card_cvn', '1234').valid, true);
    assert.deepEqual(codes('credit_card_cvn', '12'), ['validation.text_too_short']);
    assert.deepEqual(codes('credit_card_cvn', ''), ['validation.text_too_short']);
    assert.deepEqual(codes('credit_card_cvn', '12345'), ['validation.text_too_long']);
    assert.deepEqual(codes('credit_card_cvn', '12a'), ['validation.card_cvn_invalid']);
    assert.deepEqual(plaintexts('credit_card_cvn', '123'), ['123']);
    assert.deepEqual(plaintexts('credit_card_number', '4000 0000 0000 1091'), ['4000000000001091']);
  });

  test('formatting', () => {
    assert.equal(formatCardNumber('4000000000001091'), '4000 0000 0000 1091');
    assert.equal(formatCardNumber('4000 '), '4000');
    assert.equal(formatCardNumber('4000-0000-0000-1091999999'), '4000 0000 0000 1091 999');
    assert.equal(formatExpiry('1/', false), '01/');
    assert.equal(formatExpiry('12', false), '12/');
    assert.equal(formatExpiry('1230', false), '12/30');
    assert.equal(formatExpiry('12/2030', false), '12/30');
    assert.equal(formatExpiry('12', true), '12');
    assert.equal(formatExpiry('1/30', true), '1/30');
  });
});

describe('CSS sanitiser (§3.6, without Typed OM)', () => {
  test('keeps allowed keys with harmless values only', () => {
    assert.deepEqual(
      sanitizeInputStyles({
        color: 'red', background: 'url(x)', backgroundColor: 'url(x)', fontSize: '16px', fontFamily: 'Inter, sans-serif',
        lineHeight: '1.5', letterSpacing: 1, fontWeight: 'bold; color: red', constructor: 'red', position: 'fixed',
      }),
      { color: 'red', 'font-size': '16px', 'font-family': 'Inter, sans-serif', 'line-height': '1.5' },
    );
    for (const bad of ['url(a)', 'URL (a)', 'javascript:x', 'expression(1)', 'red}', 'a<b', '&#x72;ed', '/* */', '@import x', 'data:x']) {
      assert.equal(sanitizeCssValue('color', bad), null, bad);
    }
  });

  test('appearance is decoded a second time, tolerating a bare %', () => {
    assert.deepEqual(parseAppearance(encodeURIComponent('{"inputStyles":{"color":"red"}}')), { inputStyles: { color: 'red' } });
    assert.deepEqual(parseAppearance('{"inputStyles":{"fontSize":"100%"}}'), { inputStyles: { fontSize: '100%' } });
    assert.equal(parseAppearance('not json'), null);
    assert.equal(parseAppearance('[1]'), null);
    assert.equal(parseAppearance(null), null);
  });
});
