import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';
import { serverLimitOptions } from '../src/plugins/limits.ts';

/** The connection limits' settings (docs/security.md, "Limits"); their effect is test/e2e/http-limits.test.ts. */
test('defaults: 30 s request, 10 s headers, 72 s keep-alive, 120 s idle, 1024 connections', () => {
  assert.deepEqual(loadConfig({}).http, { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000, idleTimeoutMs: 120_000, maxConnections: 1024 });
});

test('a headers timeout above the request timeout is lowered to it (Node refuses the pair otherwise)', () => {
  const { http } = loadConfig({ LUNAS_REQUEST_TIMEOUT_MS: '1000' });
  assert.equal(http.headersTimeoutMs, 1000);
  const options = serverLimitOptions(http);
  assert.equal(options.requestTimeout, 1000);
  assert.equal(options.http.headersTimeout, 1000);
  assert.ok(options.http.connectionsCheckingInterval! <= 500, 'deadlines are checked well within them');
});

test('out-of-range values are configuration errors naming the variable', () => {
  assert.throws(() => loadConfig({ LUNAS_MAX_CONNECTIONS: '0' }), (e: Error) => e instanceof ConfigError && /LUNAS_MAX_CONNECTIONS/.test(e.message));
  assert.throws(() => loadConfig({ LUNAS_REQUEST_TIMEOUT_MS: 'soon' }), (e: Error) => e instanceof ConfigError && /LUNAS_REQUEST_TIMEOUT_MS/.test(e.message));
  assert.throws(() => loadConfig({ LUNAS_IDLE_TIMEOUT_MS: '10' }), ConfigError);
});
