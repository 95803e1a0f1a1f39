import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

/** LUNAS_WEBHOOK_ALLOW_PRIVATE follows how Lunas is exposed, unless it is set (issue 12). */
const allowPrivate = (env: Record<string, string>, flags: Record<string, string> = {}) => loadConfig(env, flags, { isTty: false }).webhooks.allowPrivate;

describe('the default of LUNAS_WEBHOOK_ALLOW_PRIVATE', () => {
  test('a loopback host (only this machine reaches Lunas) allows private receivers', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST']) assert.equal(allowPrivate({ LUNAS_HOST: host }), true, host);
    assert.equal(allowPrivate({}), true, 'the default host is 127.0.0.1');
  });

  test('any other interface refuses them', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.7', '203.0.113.4', 'lunas.internal', '128.0.0.1', '::2']) assert.equal(allowPrivate({ LUNAS_HOST: host }), false, host);
  });

  test('an explicit setting always wins, as env or flag; a bad value is a ConfigError', () => {
    assert.equal(allowPrivate({ LUNAS_HOST: '0.0.0.0', LUNAS_WEBHOOK_ALLOW_PRIVATE: 'true' }), true);
    assert.equal(allowPrivate({ LUNAS_HOST: '192.168.1.5' }, { 'webhook-allow-private': 'true' }), true);
    assert.equal(allowPrivate({ LUNAS_HOST: '127.0.0.1', LUNAS_WEBHOOK_ALLOW_PRIVATE: 'false' }), false);
    assert.equal(allowPrivate({ LUNAS_HOST: 'localhost' }, { 'webhook-allow-private': 'false' }), false);
    assert.equal(allowPrivate({ LUNAS_HOST: '0.0.0.0', LUNAS_WEBHOOK_ALLOW_PRIVATE: '' }), false, 'empty means unset');
    assert.throws(() => loadConfig({ LUNAS_WEBHOOK_ALLOW_PRIVATE: 'yes' }), (error: unknown) => error instanceof ConfigError && /LUNAS_WEBHOOK_ALLOW_PRIVATE must be true or false/.test(error.message));
  });
});
