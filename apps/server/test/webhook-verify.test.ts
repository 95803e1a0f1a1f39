import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  sign, verifyCallbackToken, verifySignature, verifyWebhook, WebhookVerificationError,
} from 'lunas-webhook-verify';

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const SECRET = newSecret();
const ID = 'evt_5f0c3a3e-8d2b-4c1e-9a57-2f1d8b6e4c10';
const NOW_MS = Date.UTC(2025, 5, 15, 10, 0, 0);
const TS = Math.floor(NOW_MS / 1000);
const BODY = JSON.stringify({ event: 'payment_session.completed', data: { amount: 150000, currency: 'IDR', note: 'héllo ✓' } });

/** Headers as Lunas sends them, signed at `timestamp`. */
function lunasHeaders(opts: { body?: string | Uint8Array; secret?: string; timestamp?: number; token?: string } = {}) {
  const timestamp = opts.timestamp ?? TS;
  return {
    'x-callback-token': opts.token ?? 'cb_token_123',
    'webhook-id': ID,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign({ id: ID, timestamp, body: opts.body ?? BODY, secret: opts.secret ?? SECRET }),
  };
}

function rejects(fn: () => unknown, message: string) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof WebhookVerificationError, `expected WebhookVerificationError, got ${String(err)}`);
    assert.equal(err.message, message);
    return true;
  });
}

describe('interoperability with the official standardwebhooks package', () => {
  test('matches the Standard Webhooks spec test vector', () => {
    const vector = {
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    };
    assert.equal(sign(vector), 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  test('a signature made by sign() verifies with standardwebhooks (string and Buffer bodies)', () => {
    // standardwebhooks checks the timestamp against the real clock, so sign "now".
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign({ id: ID, timestamp, body: BODY, secret: SECRET }) };
    assert.deepEqual(new Webhook(SECRET).verify(BODY, headers), JSON.parse(BODY));
    assert.deepEqual(new Webhook(SECRET).verify(Buffer.from(BODY), headers), JSON.parse(BODY));
    assert.throws(() => new Webhook(newSecret()).verify(BODY, headers), /No matching signature/);
  });

  test('a signature made by standardwebhooks verifies with ours', () => {
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const signature = new Webhook(SECRET).sign(ID, now, BODY);
    assert.equal(signature, sign({ id: ID, timestamp, body: BODY, secret: SECRET }));
    assert.equal(verifySignature({ id: ID, timestamp, body: BODY, signature, secret: SECRET }), true);
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    assert.deepEqual(verifyWebhook({ headers, body: Buffer.from(BODY), secret: SECRET }), JSON.parse(BODY));
  });

  test('agree across many random secrets, ids and bodies', () => {
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    for (let i = 0; i < 50; i++) {
      const secret = `whsec_${randomBytes(8 + i).toString('base64')}`;
      const id = `evt_${randomBytes(8).toString('hex')}`;
      const body = JSON.stringify({ i, s: randomBytes(i).toString('base64') });
      assert.equal(sign({ id, timestamp, body, secret }), new Webhook(secret).sign(id, now, body));
    }
  });
});

describe('verifySignature', () => {
  const base = { id: ID, timestamp: TS, body: BODY, secret: SECRET, now: NOW_MS };
  const signature = sign({ id: ID, timestamp: TS, body: BODY, secret: SECRET });

  test('accepts a valid signature; the timestamp may be a number or the header string', () => {
    assert.equal(verifySignature({ ...base, signature }), true);
    assert.equal(verifySignature({ ...base, timestamp: String(TS), signature }), true);
    assert.equal(verifySignature({ ...base, now: new Date(NOW_MS), signature }), true);
  });

  test('rejects a tampered body, id or timestamp', () => {
    assert.equal(verifySignature({ ...base, body: BODY.replace('150000', '150001'), signature }), false);
    assert.equal(verifySignature({ ...base, body: `${BODY} `, signature }), false);
    assert.equal(verifySignature({ ...base, id: `${ID}x`, signature }), false);
    assert.equal(verifySignature({ ...base, timestamp: TS + 1, signature }), false);
  });

  test('rejects a signature made with another secret', () => {
    assert.equal(verifySignature({ ...base, secret: newSecret(), signature }), false);
    // The key is the base64-DECODED secret; HMAC over the literal secret string must not verify.
    assert.equal(verifySignature({ ...base, secret: `whsec_${Buffer.from(SECRET).toString('base64')}`, signature }), false);
  });

  test('the whsec_ prefix is optional, as in the spec', () => {
    assert.equal(verifySignature({ ...base, secret: SECRET.slice('whsec_'.length), signature }), true);
  });

  test('rejects timestamps more than 5 minutes old or in the future, accepts the boundary', () => {
    const at = (offsetSeconds: number) => verifySignature({ ...base, signature, now: NOW_MS + offsetSeconds * 1000 });
    assert.equal(at(300), true);
    assert.equal(at(-300), true);
    assert.equal(at(301), false, 'too old');
    assert.equal(at(-301), false, 'too new');
    assert.equal(at(3600), false);
    assert.equal(verifySignature({ ...base, signature, now: NOW_MS + 3600_000, toleranceSeconds: 7200 }), true);
  });

  test('rejects malformed timestamps', () => {
    for (const timestamp of ['', 'abc', '-1', '1.5', `${TS}abc`, ' 1']) {
      assert.equal(verifySignature({ ...base, timestamp, signature }), false, timestamp);
    }
  });

  test('accepts any one matching v1 signature among several (secret rotation)', () => {
    const old = sign({ id: ID, timestamp: TS, body: BODY, secret: newSecret() });
    assert.equal(verifySignature({ ...base, signature: `${old} ${signature}` }), true);
    assert.equal(verifySignature({ ...base, signature: `${signature} ${old}` }), true);
    assert.equal(verifySignature({ ...base, signature: `v1a,${signature.slice(3)} ${signature}` }), true);
    assert.equal(verifySignature({ ...base, signature: old }), false);
    assert.equal(verifySignature({ ...base, signature: `${old} v1,bogus v1, v1` }), false);
  });

  test('only the v1 scheme counts, and the base64 text must match exactly', () => {
    const b64 = signature.slice('v1,'.length);
    assert.equal(verifySignature({ ...base, signature: `v2,${b64}` }), false);
    assert.equal(verifySignature({ ...base, signature: b64 }), false);
    assert.equal(verifySignature({ ...base, signature: `v1,${b64.replace(/=+$/, '')}` }), false);
    assert.equal(verifySignature({ ...base, signature: `v1,${b64}AA` }), false);
  });

  test('missing id, timestamp or signature is false, not an exception', () => {
    assert.equal(verifySignature({ ...base, signature: undefined }), false);
    assert.equal(verifySignature({ ...base, signature: '' }), false);
    assert.equal(verifySignature({ ...base, id: null, signature }), false);
    assert.equal(verifySignature({ ...base, timestamp: undefined, signature }), false);
  });

  test('Buffer and Uint8Array bodies are the same bytes as the string', () => {
    assert.equal(verifySignature({ ...base, body: Buffer.from(BODY), signature }), true);
    assert.equal(verifySignature({ ...base, body: new TextEncoder().encode(BODY), signature }), true);
    const bytes = Buffer.from(BODY);
    assert.equal(verifySignature({ ...base, body: bytes.subarray(0, -1), signature }), false);
  });

  test('binary bodies are signed byte-exact, never through a lossy UTF-8 round trip', () => {
    const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const sig = sign({ id: ID, timestamp: TS, body: raw, secret: SECRET });
    assert.equal(verifySignature({ ...base, body: raw, signature: sig }), true);
    assert.equal(verifySignature({ ...base, body: raw.toString('utf8'), signature: sig }), false);
  });

  test('programming errors throw TypeError: unusable secret, parsed body', () => {
    assert.throws(() => verifySignature({ ...base, secret: 'whsec_', signature }), TypeError);
    assert.throws(() => verifySignature({ ...base, secret: '', signature }), TypeError);
    assert.throws(() => verifySignature({ ...base, body: JSON.parse(BODY) as string, signature }), /raw request body/);
  });
});

describe('verifyCallbackToken', () => {
  test('right token is true', () => {
    assert.equal(verifyCallbackToken('cb_token_123', 'cb_token_123'), true);
  });

  test('wrong token of the same length is false', () => {
    assert.equal(verifyCallbackToken('cb_token_124', 'cb_token_123'), false);
    assert.equal(verifyCallbackToken('CB_TOKEN_123', 'cb_token_123'), false);
  });

  test('different lengths are false without throwing (timingSafeEqual alone would)', () => {
    assert.equal(verifyCallbackToken('cb_token_1234', 'cb_token_123'), false);
    assert.equal(verifyCallbackToken('cb', 'cb_token_123'), false);
    assert.equal(verifyCallbackToken('x'.repeat(10_000), 'cb_token_123'), false);
  });

  test('missing or empty is false, and an empty expected token accepts nothing', () => {
    assert.equal(verifyCallbackToken(undefined, 'cb_token_123'), false);
    assert.equal(verifyCallbackToken(null, 'cb_token_123'), false);
    assert.equal(verifyCallbackToken('', 'cb_token_123'), false);
    assert.equal(verifyCallbackToken('', ''), false);
    assert.equal(verifyCallbackToken(['cb_token_123'] as unknown as string, 'cb_token_123'), false);
  });
});

describe('verifyWebhook', () => {
  const opts = { secret: SECRET, callbackToken: 'cb_token_123', now: NOW_MS };

  test('returns the parsed payload when token and signature check out', () => {
    const event = verifyWebhook<{ event: string; data: { amount: number } }>({ ...opts, headers: lunasHeaders(), body: BODY });
    assert.equal(event.event, 'payment_session.completed');
    assert.equal(event.data.amount, 150000);
    assert.deepEqual(verifyWebhook({ ...opts, headers: lunasHeaders(), body: Buffer.from(BODY) }), JSON.parse(BODY));
  });

  test('header names are case-insensitive; string[] values are folded like Node does', () => {
    const h = lunasHeaders();
    const mixed = {
      'X-Callback-Token': h['x-callback-token'], 'Webhook-Id': h['webhook-id'],
      'WEBHOOK-TIMESTAMP': h['webhook-timestamp'],
      'webhook-signature': [sign({ id: ID, timestamp: TS, body: BODY, secret: newSecret() }), h['webhook-signature']],
    };
    assert.deepEqual(verifyWebhook({ ...opts, headers: mixed, body: BODY }), JSON.parse(BODY));
    // A proxy folding two signature headers into one yields "v1,a, v1,b": the comma is not part of "a".
    for (const value of [`${h['webhook-signature']}, v1,AAAA`, `v1,AAAA, ${h['webhook-signature']}`]) {
      assert.deepEqual(verifyWebhook({ ...opts, headers: { ...h, 'webhook-signature': value }, body: BODY }), JSON.parse(BODY));
    }
  });

  test('accepts a fetch Headers instance', () => {
    const headers = new Headers(lunasHeaders());
    assert.deepEqual(verifyWebhook({ ...opts, headers, body: new TextEncoder().encode(BODY) }), JSON.parse(BODY));
    headers.set('webhook-signature', 'v1,AAAA');
    rejects(() => verifyWebhook({ ...opts, headers, body: BODY }), 'signature mismatch');
  });

  test('missing headers are named in the error', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-callback-token'] as const) {
      const headers: Record<string, string> = { ...lunasHeaders() };
      delete headers[name];
      rejects(() => verifyWebhook({ ...opts, headers, body: BODY }), `missing ${name} header`);
      rejects(() => verifyWebhook({ ...opts, headers: new Headers(headers), body: BODY }), `missing ${name} header`);
    }
    rejects(() => verifyWebhook({ ...opts, headers: {}, body: BODY }), 'missing x-callback-token header');
    rejects(() => verifyWebhook({ secret: SECRET, headers: {}, body: BODY }), 'missing webhook-id header');
  });

  test('callback token mismatch, including a different length', () => {
    rejects(() => verifyWebhook({ ...opts, headers: lunasHeaders({ token: 'cb_token_124' }), body: BODY }), 'callback token mismatch');
    rejects(() => verifyWebhook({ ...opts, headers: lunasHeaders({ token: 'cb_token_123_and_more' }), body: BODY }), 'callback token mismatch');
    rejects(() => verifyWebhook({ ...opts, callbackToken: '', headers: lunasHeaders(), body: BODY }), 'callback token mismatch');
  });

  test('without callbackToken only the signature is checked', () => {
    const { 'x-callback-token': _, ...headers } = lunasHeaders();
    assert.deepEqual(verifyWebhook({ secret: SECRET, now: NOW_MS, headers, body: BODY }), JSON.parse(BODY));
  });

  test('tampered body, wrong secret, old and future timestamps', () => {
    rejects(() => verifyWebhook({ ...opts, headers: lunasHeaders(), body: BODY.replace('IDR', 'USD') }), 'signature mismatch');
    rejects(() => verifyWebhook({ ...opts, headers: lunasHeaders({ secret: newSecret() }), body: BODY }), 'signature mismatch');
    rejects(() => verifyWebhook({ ...opts, headers: lunasHeaders({ timestamp: TS - 301 }), body: BODY }), 'timestamp too old');
    rejects(() => verifyWebhook({ ...opts, headers: lunasHeaders({ timestamp: TS + 301 }), body: BODY }), 'timestamp too new');
    rejects(() => verifyWebhook({ ...opts, headers: { ...lunasHeaders(), 'webhook-timestamp': 'soon' }, body: BODY }), 'invalid webhook-timestamp header');
    assert.ok(verifyWebhook({ ...opts, headers: lunasHeaders({ timestamp: TS - 299 }), body: BODY }));
    // Default `now` is the real clock: a webhook signed for NOW_MS (in 2025) is long expired.
    rejects(() => verifyWebhook({ secret: SECRET, headers: lunasHeaders(), body: BODY }), 'timestamp too old');
  });

  test('a correctly signed body that is not JSON is rejected', () => {
    rejects(() => verifyWebhook({ ...opts, headers: lunasHeaders({ body: 'not json' }), body: 'not json' }), 'payload is not valid JSON');
  });

  test('a body already parsed by a JSON middleware is a TypeError with a hint', () => {
    assert.throws(() => verifyWebhook({ ...opts, headers: lunasHeaders(), body: JSON.parse(BODY) as string }), (err: unknown) =>
      err instanceof TypeError && /before any JSON parsing/.test(err.message));
  });

  test('WebhookVerificationError is a named Error', () => {
    const err = new WebhookVerificationError('signature mismatch');
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'WebhookVerificationError');
  });

  test('end to end over node:http with IncomingHttpHeaders and a raw body, as in the README', async () => {
    const received: Array<{ status: number; event?: unknown }> = [];
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: IncomingHttpHeaders = req.headers;
      try {
        const event = verifyWebhook({ headers, body: Buffer.concat(chunks), secret: SECRET, callbackToken: 'cb_token_123' });
        received.push({ status: 200, event });
        res.writeHead(200).end();
      } catch (err) {
        received.push({ status: err instanceof WebhookVerificationError ? 401 : 500 });
        res.writeHead(err instanceof WebhookVerificationError ? 401 : 500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = { 'content-type': 'application/json', ...lunasHeaders({ timestamp }) };
      assert.equal((await fetch(url, { method: 'POST', headers, body: BODY })).status, 200);
      assert.equal((await fetch(url, { method: 'POST', headers, body: `${BODY}\n` })).status, 401);
      assert.equal((await fetch(url, { method: 'POST', headers: { ...headers, 'x-callback-token': 'nope' }, body: BODY })).status, 401);
      assert.deepEqual(received.map((r) => r.status), [200, 401, 401]);
      assert.deepEqual(received[0]?.event, JSON.parse(BODY));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
