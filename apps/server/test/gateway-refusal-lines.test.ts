import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { authKeyOf } from './helpers/envelope.ts';
import { createSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

const ORIGIN = 'https://example.com';

type Line = { level: number; msg: string } & Record<string, unknown>;

for (const dialect of DIALECTS) {
  describe(`gateway refusal lines [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    /** A request as the SDK sends it (form Content-Type, `payload` JSON on POSTs). */
    const sdk = (method: 'GET' | 'POST', url: string, payload?: unknown, origin: string | null = ORIGIN) =>
      t.request({
        method,
        url: `${url}?components_version=v0.0.24`,
        auth: null,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
        ...(payload === undefined ? {} : { payload: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() }),
      });

    /** The refusal lines a request wrote: exactly one is expected. */
    async function refusalOf(send: () => Promise<{ statusCode: number }>, status: number): Promise<{ line: Line; text: string }> {
      const from = t.logs.length;
      const res = await send();
      assert.equal(res.statusCode, status);
      const text = t.logs.slice(from).join('\n');
      const refusals = t.logs.slice(from).map((l) => JSON.parse(l) as Line).filter((l) => l.msg.startsWith('gateway refused'));
      assert.equal(refusals.length, 1, text);
      assert.equal(refusals[0]!.level, 40);
      return { line: refusals[0]!, text };
    }

    test('a page of another origin: the line names the origin, the session and its allowed origins, not the key', async () => {
      const session = await createSession(t);
      const key = authKeyOf(session.components_sdk_key);
      const { line, text } = await refusalOf(() => sdk('GET', `/api/sessions/${key}`, undefined, 'https://evil.example'), 403);
      assert.equal(
        line.msg,
        `gateway refused GET /api/sessions/session-[redacted]: origin https://evil.example is not allowed for session ${session.payment_session_id} (allowed: ${ORIGIN})`,
      );
      assert.equal(line.gateway_refusal, 'origin_not_allowed');
      assert.equal(line.session_id, session.payment_session_id);
      assert.ok(!text.includes(key) && !text.includes(key.slice('session-'.length)), 'the sdk auth key reached a log line');
      assert.ok(!text.includes(session.components_sdk_key));
    });

    test('an unknown key, in the path or in the payload: the line says so without the key', async () => {
      const unknown = `session-${'ab'.repeat(16)}`;
      const inPath = await refusalOf(() => sdk('GET', `/api/sessions/${unknown}/poll`), 404);
      assert.equal(inPath.line.msg, 'gateway refused GET /api/sessions/session-[redacted]/poll: unknown components_sdk_key: no session has it');
      assert.equal(inPath.line.gateway_refusal, 'unknown_sdk_key');
      assert.ok(!inPath.text.includes('ab'.repeat(16)));
      const inPayload = await refusalOf(() => sdk('POST', '/api/sessions/payment_requests', { session_id: unknown, channel_code: 'CARDS' }), 404);
      assert.match(inPayload.line.msg, /^gateway refused POST \/api\/sessions\/payment_requests: unknown components_sdk_key/);
      assert.ok(!inPayload.text.includes('ab'.repeat(16)));
    });

    test('a malformed or missing key is refused with its reason', async () => {
      const malformed = await refusalOf(() => sdk('GET', '/api/sessions/session-not-a-key-0123'), 404);
      assert.equal(malformed.line.msg, 'gateway refused GET /api/sessions/session-not-a-key-0123: malformed components_sdk_key');
      const missing = await refusalOf(() => sdk('POST', '/api/sessions/payment_requests', { channel_code: 'CARDS' }), 404);
      assert.match(missing.line.msg, /: no components_sdk_key in the request$/);
    });

    test('a rate-limited session: the line names the session and the limit', async () => {
      const session = await createSession(t);
      const key = authKeyOf(session.components_sdk_key);
      for (let i = 0; i < 120; i++) assert.equal((await sdk('POST', `/api/sessions/${key}/card_info`, { card_number: 'x' })).statusCode === 429, false);
      const { line, text } = await refusalOf(() => sdk('POST', `/api/sessions/${key}/card_info`, { card_number: 'x' }), 429);
      assert.equal(line.msg, `gateway refused POST /api/sessions/session-[redacted]/card_info: rate limited for session ${session.payment_session_id}: more than 120 requests in 1 minute`);
      assert.ok(!text.includes(key));
    });

    test('another refusal (an attempt on an ended session) says why with the session id', async () => {
      const session = await createSession(t);
      await t.post(`/sessions/${session.payment_session_id}/cancel`);
      const key = authKeyOf(session.components_sdk_key);
      const { line } = await refusalOf(() => sdk('POST', '/api/sessions/payment_requests', { session_id: key, channel_code: 'QRIS' }), 422);
      assert.match(line.msg, new RegExp(`^gateway refused POST /api/sessions/payment_requests: .*CANCELED.* for session ${session.payment_session_id} \\(422 `));
    });

    test('the secure iframe: an unknown session, or a page of another origin framing it, is logged', async () => {
      const unknown = await refusalOf(() => t.request({ method: 'GET', url: '/components/secure-iframe.html?session_id=ps-000000000000000000000000', auth: null }), 200);
      assert.match(unknown.line.msg, /unknown session ps-0{24} served with frame-ancestors 'none'/);
      const session = await createSession(t);
      const framed = await refusalOf(
        () => t.request({ method: 'GET', url: `/components/secure-iframe.html?session_id=${session.payment_session_id}`, auth: null, headers: { referer: 'https://evil.example/checkout' } }),
        200,
      );
      assert.match(framed.line.msg, new RegExp(`requested from https://evil\\.example, which is not allowed for session ${session.payment_session_id} \\(allowed: https://example\\.com\\)`));
      const from = t.logs.length;
      await t.request({ method: 'GET', url: `/components/secure-iframe.html?session_id=${session.payment_session_id}`, auth: null, headers: { referer: `${ORIGIN}/shop` } });
      assert.ok(!t.logs.slice(from).some((l) => l.includes('gateway refused')), 'an allowed page is not a refusal');
    });
  });
}
