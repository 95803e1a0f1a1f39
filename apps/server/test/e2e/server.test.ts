import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { call, startLunas, type LunasProcess } from '../helpers/process.ts';
import { freshStoreTarget, type StoreTarget } from '../helpers/stores.ts';

const KEY_BANNER = /Test secret key \(shown once, keep it\):\s+(xnd_development_[A-Za-z0-9_-]+)/;

describe('lunas start, a real process', () => {
  const running: LunasProcess[] = [];
  const targets: StoreTarget[] = [];
  after(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await Promise.all(targets.map((t) => t.dispose()));
  });
  const start = async (env: Record<string, string | undefined>) => {
    const p = await startLunas(env);
    running.push(p);
    return p;
  };

  test('embedded SQLite: prints a key once, serves the founding flow, and keeps keys and sessions across restarts', async () => {
    const target = await freshStoreTarget('sqlite');
    targets.push(target);
    const first = await start({ LUNAS_DATA_DIR: target.dataDir });
    const key = KEY_BANNER.exec(first.output())?.[1];
    assert.ok(key, `no key banner in:\n${first.output()}`);

    const health = await fetch(`${first.url}/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok', store: 'sqlite' });
    const created = await call(first.url, key, 'POST', '/sessions', FOUNDING_PAYLOAD);
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'ACTIVE');
    const id = created.body.payment_session_id;
    const other = await call(first.url, key, 'POST', '/sessions', FOUNDING_PAYLOAD);
    assert.equal((await call(first.url, key, 'POST', `/sessions/${other.body.payment_session_id}/cancel`)).body.status, 'CANCELED');

    assert.equal(await first.stop('SIGTERM'), 0, 'a clean shutdown on SIGTERM');
    assert.equal(first.output().split(key).length - 1, 1, 'the key is printed exactly once');

    const second = await start({ LUNAS_DATA_DIR: target.dataDir });
    assert.ok(!KEY_BANNER.test(second.output()), 'no new key on a store that has a business');
    const reread = await call(second.url, key, 'GET', `/sessions/${id}`);
    assert.equal(reread.status, 200);
    assert.equal(reread.body.components_sdk_key, created.body.components_sdk_key, 'sdk key pairs survive restarts');
    assert.equal((await call(second.url, key, 'GET', `/sessions/${other.body.payment_session_id}`)).body.status, 'CANCELED');
    assert.ok(!second.output().includes(key));
  });

  test('LUNAS_SECRET_KEY seeds the first business with that exact key, which is never printed', async () => {
    const target = await freshStoreTarget('sqlite');
    targets.push(target);
    const key = 'xnd_development_ci_known_key_42';
    const p = await start({ LUNAS_DATA_DIR: target.dataDir, LUNAS_SECRET_KEY: key });
    assert.equal((await call(p.url, key, 'POST', '/sessions', FOUNDING_PAYLOAD)).status, 201);
    assert.equal((await call(p.url, 'xnd_development_some_other_key', 'GET', '/sessions')).status, 401);
    assert.ok(!p.output().includes(key));
    assert.ok(!KEY_BANNER.test(p.output()));
  });

  test('a bad setting stops start-up with a clear message', async () => {
    await assert.rejects(start({ LUNAS_PORT: 'eighty' }), /LUNAS_PORT must be an integer/);
  });

  test('two processes on one PostgreSQL serve the same sessions', async () => {
    const target = await freshStoreTarget('postgres');
    targets.push(target);
    const key = 'xnd_development_two_processes_01';
    const env = { DATABASE_URL: target.databaseUrl, LUNAS_DATA_DIR: target.dataDir, LUNAS_SECRET_KEY: key };
    // Started together: both race to migrate and to bootstrap the business and sdk keys.
    const [a, b] = await Promise.all([start(env), start(env)]);

    const created = await call(a.url, key, 'POST', '/sessions', FOUNDING_PAYLOAD);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const onB = await call(b.url, key, 'GET', `/sessions/${created.body.payment_session_id}`);
    assert.equal(onB.status, 200);
    assert.deepEqual(onB.body, created.body, 'identical on both, including components_sdk_key');
    const canceled = await call(b.url, key, 'POST', `/sessions/${created.body.payment_session_id}/cancel`);
    assert.equal(canceled.body.status, 'CANCELED');
    assert.equal((await call(a.url, key, 'GET', `/sessions/${created.body.payment_session_id}`)).body.status, 'CANCELED');
    assert.equal((await call(a.url, key, 'POST', `/sessions/${created.body.payment_session_id}/cancel`)).status, 422);

    const createdOnB = await call(b.url, key, 'POST', '/sessions', FOUNDING_PAYLOAD);
    const listOnA = await call(a.url, key, 'GET', '/sessions?limit=10');
    assert.deepEqual(
      listOnA.body.data.map((s: { payment_session_id: string }) => s.payment_session_id).sort(),
      [created.body.payment_session_id, createdOnB.body.payment_session_id].sort(),
    );
    assert.equal(createdOnB.body.business_id, created.body.business_id, 'one business, bootstrapped once');
  });

});
