import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { FOUNDING_PAYLOAD } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Inputs that once answered 5xx (audit issue 12): each is a Xendit-shaped 4xx now, the same on
 * both dialects (docs/security.md, "Limits").
 */
const DEEP = 5000;
const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const withField = (field: string, json: string): string => `${JSON.stringify(FOUNDING_PAYLOAD).slice(0, -1)},"${field}":${json}}`;
const LEAP = '2024-06-30T23:59:60Z';

for (const dialect of DIALECTS) {
  describe(`inputs that once answered 5xx [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);
    let endpointId: string;
    before(async () => {
      endpointId = (await t.post('/webhooks/endpoints', { url: 'https://receiver.example/hooks' })).json().id;
    });

    const expect400 = (res: { statusCode: number; body: string }, path?: string) => {
      assert.equal(res.statusCode, 400, res.body);
      const body = JSON.parse(res.body);
      assert.equal(body.error_code, 'API_VALIDATION_ERROR', res.body);
      if (path) assert.ok(body.errors.some((e: { path: string }) => e.path === path), res.body);
    };
    const postRaw = (url: string, payload: string, headers: Record<string, string> = {}) =>
      t.request({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });

    for (const field of ['channel_properties', 'metadata']) {
      for (const [shape, json] of [['objects', deepObject(DEEP)], ['arrays', deepArray(DEEP)], ['objects in an object', `{"x":${deepObject(DEEP)}}`]] as const) {
        test(`${field}: ${shape} nested ${DEEP} deep → 400, with and without an Idempotency-Key`, async () => {
          expect400(await postRaw('/sessions', withField(field, json)), '/body');
          expect400(await postRaw('/sessions', withField(field, json), { 'idempotency-key': `deep-${field}-${shape.length}` }), '/body');
        });
      }
    }

    test('JSON nested just within the depth limit is still parsed (and judged by the schema)', async () => {
      const res = await postRaw('/sessions', withField('channel_properties', `{"x":${deepObject(60)}}`));
      assert.notEqual(res.statusCode, 500, res.body);
      assert.ok(!/nested/.test(res.body), res.body);
    });

    for (const part of ['created[gte]', 'created[lte]']) {
      test(`a leap second in GET /sessions?${part} → 400`, async () => {
        expect400(await t.get(`/sessions?${part}=${encodeURIComponent(LEAP)}`), `/querystring/${part}`);
      });
    }

    test('a leap second in resend_failed {since} → 400', async () => {
      expect400(await t.post(`/webhooks/endpoints/${endpointId}/resend_failed`, { since: LEAP }), '/body/since');
    });

    test('a NUL in reference_id → 400, nothing stored', async () => {
      expect400(await postRaw('/sessions', JSON.stringify({ ...FOUNDING_PAYLOAD, reference_id: 'order\u0000-1' })), '/body/reference_id');
    });

    test('a NUL deep in a body (customer name) → 400', async () => {
      const payload = structuredClone(FOUNDING_PAYLOAD) as any;
      payload.customer.individual_detail.given_names = 'Jo\u0000hn';
      expect400(await postRaw('/sessions', JSON.stringify(payload)), '/body/customer/individual_detail/given_names');
    });

    test('an escaped backslash before "u0000" is not a NUL', async () => {
      const res = await postRaw('/sessions', JSON.stringify({ ...FOUNDING_PAYLOAD, reference_id: 'order\\u0000' }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().reference_id, 'order\\u0000');
    });

    test('a NUL in a query filter → 400', async () => {
      expect400(await t.get('/sessions?reference_id=a%00b'), '/querystring/reference_id');
    });

    test('a NUL in a path parameter → 400 or 404, never 5xx', async () => {
      const res = await t.get('/webhooks/endpoints/whe_%00/attempts');
      assert.ok(res.statusCode === 400 || res.statusCode === 404, res.body);
    });

    test('a NUL in a webhook endpoint URL → 400', async () => {
      expect400(await t.post('/webhooks/endpoints', { url: 'https://receiver.example/\u0000' }), '/body/url');
    });

    test('a JSON body on the hosted checkout\'s cancel route → 4xx, not 500', async () => {
      const res = await t.request({ method: 'POST', url: '/checkout/abcdefghijklmnopqrstuv/cancel', payload: '{bad', headers: { 'content-type': 'application/json' }, auth: null });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
    });

    test('an oversized or odd body on the hosted checkout\'s cancel route → 4xx', async () => {
      const big = await t.request({ method: 'POST', url: '/checkout/abcdefghijklmnopqrstuv/cancel', payload: `a=${'x'.repeat(2000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, auth: null });
      assert.equal(big.statusCode, 413, big.body);
      assert.match(big.body, /larger than 1024 bytes/);
      const xml = await t.request({ method: 'POST', url: '/checkout/abcdefghijklmnopqrstuv/cancel', payload: '<a/>', headers: { 'content-type': 'application/xml' }, auth: null });
      assert.equal(xml.statusCode, 415, xml.body);
    });

    test('the simulator\'s 413 names its own limit (4096 bytes)', async () => {
      const res = await t.request({ method: 'POST', url: '/simulator/abc', payload: `a=${'x'.repeat(5000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, auth: null });
      assert.equal(res.statusCode, 413, res.body);
      assert.equal(res.json().message, 'Request body is larger than 4096 bytes');
    });

    for (const [name, inner, path] of [
      // Arrays: 5000 levels of objects, form-encoded, would pass the gateway's 64 KiB limit (413).
      ['nested 5000 deep', `"channel_properties":${deepArray(DEEP)}`, 'nested deeper than 64 levels'],
      ['holding a NUL', '"channel_code":"CARDS\\u0000"', '/body/payload/channel_code must not contain NUL'],
    ] as const) {
      test(`the gateway's form payload ${name} → 400`, async () => {
        const created = await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: `gw-${name.length}` });
        assert.equal(created.statusCode, 201, created.body);
        const row = await t.store.db.selectFrom('sessions').select('sdk_auth_key').where('id', '=', created.json().payment_session_id).executeTakeFirstOrThrow();
        const payload = `{"session_id":"${row.sdk_auth_key}",${inner}}`;
        const res = await t.request({ method: 'POST', url: '/api/sessions/payment_requests', payload: new URLSearchParams({ payload }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://example.com' }, auth: null });
        assert.equal(res.statusCode, 400, res.body);
        assert.ok(res.body.includes(path), res.body);
        assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
      });
    }
  });
}
