import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { countRows, FOUNDING_PAYLOAD } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

const isXenditError = (body: unknown): boolean => {
  const b = body as Record<string, unknown>;
  return typeof b?.error_code === 'string' && typeof b.message === 'string' && (b.errors === undefined || Array.isArray(b.errors));
};

/** Values of every JSON type, nested a little, including the awkward ones. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 0.1, 10000, '', 'ACTIVE', 'PAY', 'COMPONENTS', 'IDR', 'ID'),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** The founding payload with some fields replaced by random values or removed. */
const mutatedPayload = fc
  .record({
    changes: fc.dictionary(fc.constantFrom(...Object.keys(FOUNDING_PAYLOAD), 'customer_id', 'expires_at', 'metadata', 'items', 'allow_save_payment_method', 'capture_method', 'success_return_url', 'locale', 'channel_properties', 'subscription'), fc.option(anyJson), { maxKeys: 4 }),
  })
  .map(({ changes }) => {
    const body: Record<string, unknown> = structuredClone(FOUNDING_PAYLOAD) as Record<string, unknown>;
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete body[key];
      else body[key] = value;
    }
    return body;
  });

for (const dialect of DIALECTS) {
  describe(`bad input never gets a 500 [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    const rawCases: [string, { payload: string | Buffer; contentType?: string }, number, string][] = [
      ['malformed JSON', { payload: '{"reference_id": ' }, 400, 'API_VALIDATION_ERROR'],
      ['a JSON array', { payload: '[1,2,3]' }, 400, 'API_VALIDATION_ERROR'],
      ['a JSON string', { payload: '"hello"' }, 400, 'API_VALIDATION_ERROR'],
      ['an empty body', { payload: '' }, 400, 'API_VALIDATION_ERROR'],
      ['JSON null', { payload: 'null' }, 400, 'API_VALIDATION_ERROR'],
      ['wrong content type', { payload: JSON.stringify(FOUNDING_PAYLOAD), contentType: 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['form encoding', { payload: 'reference_id=1', contentType: 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a body over 1 MB', { payload: JSON.stringify({ ...FOUNDING_PAYLOAD, description: 'x'.repeat(1024 * 1024) }) }, 413, 'PAYLOAD_TOO_LARGE'],
      ['invalid UTF-8', { payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }, 400, 'API_VALIDATION_ERROR'],
    ];
    for (const [name, { payload, contentType = 'application/json' }, status, code] of rawCases) {
      test(`${name} → ${status} ${code}, nothing written`, async () => {
        const before = await countRows(t);
        const res = await t.request({ method: 'POST', url: '/sessions', payload, headers: { 'content-type': contentType } });
        assert.equal(res.statusCode, status, res.body);
        assert.equal(res.json().error_code, code);
        assert.ok(isXenditError(res.json()));
        assert.deepEqual(await countRows(t), before);
      });
    }

    test('prototype pollution attempts are ignored, not obeyed', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/sessions',
        payload: JSON.stringify(FOUNDING_PAYLOAD).replace('{', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},'),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    test('unknown routes and methods answer in Xendit shape', async () => {
      const unknown = await t.get('/nope');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error_code, 'NOT_FOUND');
      const wrongMethod = await t.request({ method: 'DELETE', url: '/sessions' });
      assert.equal(wrongMethod.statusCode, 404);
      assert.ok(isXenditError(wrongMethod.json()));
    });

    test('paths the router refuses (an id over 200 characters, broken percent-encoding) answer 400 in Xendit shape with a request id', async () => {
      for (const url of [`/v3/payments/py-${'a'.repeat(300)}`, `/sessions/ps-${'0'.repeat(500)}/cancel`, '/v3/payments/%zz', '/sessions/%E0%A4%A']) {
        const res = await t.request({ method: url.endsWith('/cancel') ? 'POST' : 'GET', url });
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.ok(isXenditError(res.json()), res.body);
        assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
        assert.match(String(res.headers['request-id']), /\S/);
      }
      // At the limit, the route's own schema answers (a pattern mismatch, not a router refusal).
      const atLimit = await t.get(`/v3/payments/py-${'a'.repeat(197)}`);
      assert.equal(atLimit.statusCode, 400);
      assert.match(atLimit.json().message, /payment_id must match pattern/);
    });

    test('property: random bodies never get a 5xx, and an error never writes a row', async () => {
      await fc.assert(
        fc.asyncProperty(mutatedPayload, async (body) => {
          const before = await countRows(t);
          const res = await t.post('/sessions', body);
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(body)}: ${res.body}`);
          const after = await countRows(t);
          if (res.statusCode === 201) {
            assert.equal(after.sessions, before.sessions + 1);
          } else {
            assert.ok(res.statusCode >= 400 && res.statusCode < 500);
            assert.ok(isXenditError(res.json()), res.body);
            assert.deepEqual(after, before, `rows written by a ${res.statusCode}: ${JSON.stringify(body)}`);
          }
        }),
        { numRuns: 300 },
      );
    });

    test('property: arbitrary JSON values never get a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(anyJson, async (value) => {
          const res = await t.request({ method: 'POST', url: '/sessions', payload: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
          assert.ok(res.statusCode < 500, `${res.statusCode}: ${res.body}`);
          assert.ok(isXenditError(res.json()));
        }),
        { numRuns: 200 },
      );
    });

    test('property: random session ids and query strings never get a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (id, query) => {
          const path = `/sessions/${encodeURIComponent(id)}`;
          for (const res of [await t.get(path), await t.post(`${path}/cancel`), await t.get(`/sessions?${encodeURIComponent(query)}=${encodeURIComponent(id)}&limit=${encodeURIComponent(query)}`)]) {
            assert.ok(res.statusCode < 500, `${res.statusCode}: ${res.body}`);
          }
        }),
        { numRuns: 100 },
      );
    });

    test('property: random bodies to the payment endpoints never get a 5xx, and an error writes nothing', async () => {
      const session = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      const base: Record<string, Record<string, unknown>> = {
        '/v3/payment_requests': { reference_id: 'prop', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'QRIS' },
        '/v3/payment_tokens': { channel_code: 'CARDS', country: 'ID', currency: 'IDR', customer_id: session.customer_id, channel_properties: { card_details: { card_number: '4000000000001000', expiry_month: '12', expiry_year: '2030', cvn: '123' } } },
        '/refunds': { payment_request_id: 'pr-00000000-0000-4000-8000-000000000000', reason: 'OTHERS' },
        [`/sessions/${session.payment_session_id}/payment_requests`]: { channel_code: 'OVO', channel_properties: { account_mobile_number: '+628123456789' } },
      };
      const tables = ['payment_requests', 'payments', 'payment_tokens', 'refunds', 'vault_cards', 'events'] as const;
      const counts = async () => Promise.all(tables.map(async (table) => Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(base)),
          fc.dictionary(fc.constantFrom('reference_id', 'type', 'country', 'currency', 'request_amount', 'channel_code', 'channel_properties', 'payment_token_id', 'customer_id', 'amount', 'reason', 'capture_method', 'payment_request_id'), fc.option(anyJson), { maxKeys: 3 }),
          async (url, changes) => {
            const body: Record<string, unknown> = { ...base[url] };
            for (const [key, value] of Object.entries(changes)) {
              if (value === null) delete body[key];
              else body[key] = value;
            }
            const before = await counts();
            const res = await t.post(url, body);
            assert.ok(res.statusCode < 500, `${res.statusCode} for ${url} ${JSON.stringify(body)}: ${res.body}`);
            if (res.statusCode >= 400) {
              assert.ok(isXenditError(res.json()), res.body);
              assert.deepEqual(await counts(), before, `rows written by a ${res.statusCode}: ${url} ${JSON.stringify(body)}`);
            }
          },
        ),
        { numRuns: 200 },
      );
    });
  });
}
