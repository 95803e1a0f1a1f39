import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';
import { FOUNDING_PAYLOAD } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

describe('log format setting', () => {
  test('defaults to pretty on a terminal and to json otherwise', () => {
    assert.equal(loadConfig({}, {}, { isTty: true }).logFormat, 'pretty');
    assert.equal(loadConfig({}, {}, { isTty: false }).logFormat, 'json');
  });

  test('LUNAS_LOG_FORMAT and --log-format choose it, the flag winning', () => {
    assert.equal(loadConfig({ LUNAS_LOG_FORMAT: 'json' }, {}, { isTty: true }).logFormat, 'json');
    assert.equal(loadConfig({ LUNAS_LOG_FORMAT: 'json' }, { 'log-format': 'pretty' }, { isTty: false }).logFormat, 'pretty');
  });

  test('an unknown format is refused, naming itself', () => {
    assert.throws(() => loadConfig({ LUNAS_LOG_FORMAT: 'yaml' }), (error: unknown) => error instanceof ConfigError && /LUNAS_LOG_FORMAT must be one of json, pretty, got "yaml"/.test(error.message));
  });
});

for (const dialect of DIALECTS) {
  describe(`log lines [${dialect}]`, () => {
    const pretty = testAppPerSuite(dialect, { LUNAS_LOG_FORMAT: 'pretty' });
    const json = testAppPerSuite(dialect);

    test('pretty: one short human line per request, no JSON and no pid, hostname or reqId', async () => {
      const start = pretty.logs.length;
      const created = await pretty.post('/sessions', FOUNDING_PAYLOAD);
      assert.equal(created.statusCode, 201);
      const lines = pretty.logs.slice(start);
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0]!, /^\[\d\d:\d\d:\d\d\] INFO: POST \/sessions 201 \d+ ms$/);
      assert.throws(() => JSON.parse(lines[0]!));
      assert.doesNotMatch(lines[0]!, /pid|hostname|reqId|req_/);
    });

    test('pretty: an sdk auth key in a URL stays masked', async () => {
      const created = (await pretty.post('/sessions', FOUNDING_PAYLOAD)).json();
      const key = (created.components_sdk_key as string).split('-').slice(0, 2).join('-');
      const start = pretty.logs.length;
      await pretty.app.inject({ method: 'GET', url: `/api/sessions/${key}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const line = pretty.logs.slice(start).join('\n');
      assert.match(line, /GET \/api\/sessions\/session-\[redacted\] 200 \d+ ms/);
      assert.ok(!line.includes(key));
    });

    test('json: every line stays one JSON object with its fields', async () => {
      const start = json.logs.length;
      await json.post('/sessions', FOUNDING_PAYLOAD);
      const lines = json.logs.slice(start).map((line) => JSON.parse(line) as Record<string, unknown>);
      const completed = lines.find((line) => line.msg === 'request completed');
      assert.ok(completed, 'a request-completed line');
      assert.equal((completed.res as { statusCode: number }).statusCode, 201);
      assert.equal(typeof completed.responseTime, 'number');
      assert.equal(typeof completed.reqId, 'string');
    });
  });
}
