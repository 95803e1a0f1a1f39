import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOUNDING_PAYLOAD, TEST_SECRET_KEY } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

for (const dialect of DIALECTS) {
  describe(`operations [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('/healthz reports the store reachable, without a key', async () => {
      const res = await t.request({ method: 'GET', url: '/healthz', auth: null });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { status: 'ok', store: dialect });
    });

    test('/metrics counts requests and latency by route pattern and status', async () => {
      const created = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      await t.get(`/sessions/${created.payment_session_id}`);
      await t.post('/sessions', { nope: true });
      const text = (await t.request({ method: 'GET', url: '/metrics', auth: null })).body;
      assert.match(text, /lunas_http_requests_total\{method="POST",route="\/sessions",status_code="201"\} [1-9]/);
      assert.match(text, /lunas_http_requests_total\{method="POST",route="\/sessions",status_code="400"\} [1-9]/);
      assert.match(text, /lunas_http_requests_total\{method="GET",route="\/sessions\/:session_id",status_code="200"\} [1-9]/);
      assert.match(text, /lunas_http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/sessions",status_code="201"\}/);
      assert.ok(!text.includes(created.payment_session_id), 'ids never become labels');
    });

    test('/openapi.json is generated from the validating schemas', async () => {
      const doc = (await t.request({ method: 'GET', url: '/openapi.json', auth: null })).json();
      assert.match(doc.openapi, /^3\./);
      const create = doc.paths['/sessions'].post;
      const body = create.requestBody.content['application/json'].schema;
      assert.deepEqual(body.required.sort(), ['amount', 'country', 'currency', 'mode', 'reference_id', 'session_type']);
      assert.equal(body.properties.reference_id.maxLength, 64);
      assert.deepEqual(body.properties.allow_save_payment_method.enum, ['DISABLED', 'OPTIONAL', 'FORCED']);
      assert.ok(doc.paths['/sessions/{session_id}'].get);
      assert.ok(doc.paths['/sessions/{session_id}/cancel'].post);
      assert.ok(doc.components.schemas.SessionOut.properties.components_sdk_key);
      assert.ok(doc.components.schemas.ErrorOut);
    });

    test('every response carries a request id, echoing a sane incoming one', async () => {
      const echoed = await t.request({ method: 'GET', url: '/healthz', auth: null, headers: { 'x-request-id': 'trace-123' } });
      assert.equal(echoed.headers['request-id'], 'trace-123');
      const generated = await t.request({ method: 'GET', url: '/healthz', auth: null, headers: { 'x-request-id': 'bad id with spaces' } });
      assert.match(String(generated.headers['request-id']), /^req_[0-9a-f-]{36}$/);
    });

    test('log lines are structured, carry the request id, and never contain a key or components_sdk_key', async () => {
      const created = (await t.post('/sessions', FOUNDING_PAYLOAD, { 'x-request-id': 'log-check-1' })).json();
      await t.request({ method: 'POST', url: '/sessions', payload: FOUNDING_PAYLOAD, auth: 'xnd_development_wrong_key_for_logs' });
      await t.post('/sessions', { ...FOUNDING_PAYLOAD, currency: 'EUR' });
      const other = await t.services.businesses.createBusiness({ name: 'Logged' });
      await t.request({ method: 'GET', url: `/sessions/${created.payment_session_id}`, auth: other.secretKey });
      const sdkAuthKey = created.components_sdk_key.split('-').slice(0, 2).join('-');
      const lines = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.ok(lines.some((l) => l.reqId === 'log-check-1'), 'request id in log lines');
      const all = t.logs.join('\n');
      for (const secret of [TEST_SECRET_KEY, 'xnd_development_wrong_key_for_logs', other.secretKey, created.components_sdk_key, sdkAuthKey, Buffer.from(`${TEST_SECRET_KEY}:`).toString('base64')]) {
        assert.ok(!all.includes(secret), `a log line contains ${secret.slice(0, 24)}…`);
      }
    });
  });
}
