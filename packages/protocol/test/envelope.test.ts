import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENVELOPE_IV_BYTES, ENVELOPE_PUBLIC_KEY_BYTES, formatEnvelope, isEnvelope, parseEnvelope } from '../src/envelope.ts';

const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');
const publicKey = b64(ENVELOPE_PUBLIC_KEY_BYTES);
const part = { iv: b64(ENVELOPE_IV_BYTES), value: b64(20) };

test('formatEnvelope builds what parseEnvelope reads back', () => {
  const envelope = formatEnvelope(publicKey, part);
  assert.ok(envelope.startsWith('xendit-encrypted-1-'));
  assert.deepEqual(parseEnvelope(envelope), { ok: true, publicKey, iv: part.iv, ciphertext: part.value });
  assert.equal(isEnvelope(`${envelope}-invalid-${btoa('validation.card_number_invalid')}`), true);
});

test('parseEnvelope names the first thing wrong', () => {
  const good = formatEnvelope(publicKey, part);
  const cases: [unknown, string][] = [
    [42, 'not a string'],
    [`${good}${'A'.repeat(2048)}`, 'too long'],
    ['xendit-encrypted-1-a-b', 'too few parts'],
    [good.replace('xendit-encrypted', 'other-encrypted'), 'not an xendit-encrypted value'],
    [good.replace('-1-', '-2-'), 'unsupported version'],
    [`${good}-extra`, 'unexpected parts'],
    [formatEnvelope('not*base64', part), 'public key is not base64'],
    [formatEnvelope(publicKey, { ...part, iv: '' }), 'iv is not base64'],
    [formatEnvelope(publicKey, { ...part, value: 'abc' }), 'ciphertext is not base64'],
    [formatEnvelope(b64(91), part), 'public key is not a P-384 SPKI'],
    [formatEnvelope(publicKey, { ...part, iv: b64(12) }), 'iv must be 48 bytes'],
    [formatEnvelope(publicKey, { ...part, value: b64(15) }), 'ciphertext shorter than the tag'],
  ];
  for (const [input, reason] of cases) assert.deepEqual(parseEnvelope(input), { ok: false, reason }, String(input).slice(0, 60));
});

test('the length checks hold for every base64 padding', () => {
  for (let bytes = 14; bytes <= 18; bytes++) {
    const tooShort = bytes < 16;
    assert.equal(isEnvelope(formatEnvelope(publicKey, { ...part, value: b64(bytes) })), !tooShort, `${bytes} bytes`);
  }
});
