import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { bootstrapStore, buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openStore, type Store } from '../src/db/store.ts';
import { FOUNDING_PAYLOAD, TEST_SECRET_KEY } from './helpers/app.ts';
import { startPgProxy, type PgProxy } from './helpers/pg-proxy.ts';
import { basicAuth, startLunas, type LunasProcess } from './helpers/process.ts';
import { adminQuery, freshStoreTarget, type StoreTarget } from './helpers/stores.ts';

/**
 * PostgreSQL going away under Lunas: connections killed mid-request, and COMMITs whose outcome
 * Lunas cannot know. Every answer is a 2xx or a 503 SERVICE_UNAVAILABLE, the process survives,
 * and a retry with the same Idempotency-Key leaves exactly one object behind.
 */
const sessionsWithReference = async (schema: string, referenceId: string) =>
  Number((await adminQuery(`SELECT count(*) AS n FROM ${schema}.sessions WHERE reference_id = $1`, [referenceId])).rows[0].n);

const payload = (referenceId: string) => ({ ...FOUNDING_PAYLOAD, reference_id: referenceId });

describe('a COMMIT on a lost connection (PostgreSQL through a proxy)', () => {
  let target: StoreTarget;
  let proxy: PgProxy;
  let store: Store;
  let built: App;
  const create = (referenceId: string, key: string) =>
    built.app.inject({ method: 'POST', url: '/sessions', payload: payload(referenceId), headers: { authorization: basicAuth(TEST_SECRET_KEY), 'idempotency-key': key } });

  before(async () => {
    target = await freshStoreTarget('postgres');
    proxy = await startPgProxy({ host: '127.0.0.1', port: 5432 });
    const url = new URL(target.databaseUrl!);
    url.port = String(proxy.port);
    const config = loadConfig({ LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: url.toString(), LUNAS_SECRET_KEY: TEST_SECRET_KEY, LUNAS_LOG_LEVEL: 'silent' });
    store = await openStore(config);
    built = await buildApp({ config, store });
    await bootstrapStore(built.services, config);
  });
  after(async () => {
    await built?.app.close();
    await store?.close();
    await proxy?.close();
    await target?.dispose();
  });

  test('committed but unacknowledged: 503, and the retry replays the committed session', async () => {
    proxy.loseCommitAnswer();
    const first = await create('lost-answer', 'key-lost-answer');
    assert.equal(proxy.cut(), 1, 'the proxy cut a COMMIT');
    assert.equal(first.statusCode, 503, first.body);
    assert.equal(first.json().error_code, 'SERVICE_UNAVAILABLE');
    assert.match(first.json().message, /retry the request \(with the same Idempotency-Key\)/);
    assert.equal(await sessionsWithReference(target.schema!, 'lost-answer'), 1, 'the COMMIT did land');

    const retry = await create('lost-answer', 'key-lost-answer');
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(await sessionsWithReference(target.schema!, 'lost-answer'), 1);
  });

  test('never committed: 503, and the retry creates the session exactly once', async () => {
    proxy.dropBeforeCommit();
    const first = await create('never-committed', 'key-never-committed');
    assert.equal(first.statusCode, 503, first.body);
    assert.equal(await sessionsWithReference(target.schema!, 'never-committed'), 0);

    const retry = await create('never-committed', 'key-never-committed');
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], undefined);
    const again = await create('never-committed', 'key-never-committed');
    assert.equal(again.json().payment_session_id, retry.json().payment_session_id);
    assert.equal(await sessionsWithReference(target.schema!, 'never-committed'), 1);
  });

  test('the store stays away after the failed COMMIT: /healthz 503, and the retry after it is back is not "in flight"', async () => {
    proxy.dropBeforeCommit({ thenRefuse: true });
    const first = await create('stays-away', 'key-stays-away');
    assert.equal(first.statusCode, 503, first.body);
    const health = await built.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 503);
    assert.equal(health.json().error_code, 'SERVICE_UNAVAILABLE');
    const during = await create('stays-away', 'key-stays-away');
    assert.equal(during.statusCode, 503, during.body);

    proxy.allow();
    assert.equal((await built.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const retry = await create('stays-away', 'key-stays-away');
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(await sessionsWithReference(target.schema!, 'stays-away'), 1);
  });
});

describe('pg_terminate_backend under load (a started lunas process)', () => {
  let target: StoreTarget;
  let lunas: LunasProcess;
  const appName = `lunas_outage_${randomBytes(4).toString('hex')}`;

  before(async () => {
    target = await freshStoreTarget('postgres');
    const url = new URL(target.databaseUrl!);
    // Our own application_name: the test kills this process's connections and nobody else's.
    url.searchParams.set('application_name', appName);
    lunas = await startLunas({ DATABASE_URL: url.toString(), LUNAS_DATA_DIR: target.dataDir, LUNAS_SECRET_KEY: TEST_SECRET_KEY, LUNAS_SWEEP_INTERVAL_MS: '50' });
  });
  after(async () => {
    await lunas?.stop();
    await target?.dispose();
  });

  test('the process survives, answers only 2xx or 503, serves again, and every key makes one session', async (t) => {
    const headers = (key: string) => ({ authorization: basicAuth(TEST_SECRET_KEY), 'content-type': 'application/json', 'idempotency-key': key });
    const createOnce = async (n: number) => {
      const res = await fetch(`${lunas.url}/sessions`, { method: 'POST', headers: headers(`load-${n}`), body: JSON.stringify(payload(`load-${n}`)) });
      return { status: res.status, body: (await res.json()) as { payment_session_id?: string; error_code?: string } };
    };
    const statuses = new Map<number, number>();
    const firstIds = new Map<number, string>();
    let killed = 0;
    let stop = false;

    const killer = (async () => {
      while (!stop) {
        const { rowCount } = await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
        killed += rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 80));
      }
    })();
    let next = 0;
    const clients = Array.from({ length: 6 }, async () => {
      while (next < 240) {
        const n = next++;
        const created = await createOnce(n);
        statuses.set(created.status, (statuses.get(created.status) ?? 0) + 1);
        if (created.status === 201) firstIds.set(n, created.body.payment_session_id!);
        else assert.equal(created.body.error_code, 'SERVICE_UNAVAILABLE', `answer ${created.status} ${JSON.stringify(created.body)}`);
        if (created.status === 201) {
          const read = await fetch(`${lunas.url}/sessions/${created.body.payment_session_id}`, { headers: { authorization: basicAuth(TEST_SECRET_KEY) } });
          statuses.set(read.status, (statuses.get(read.status) ?? 0) + 1);
          await read.arrayBuffer();
        }
      }
    });
    await Promise.all(clients);
    stop = true;
    await killer;

    t.diagnostic(`killed ${killed} connections; answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.ok(killed >= 10, `killed ${killed} connections`);
    for (const status of statuses.keys()) assert.ok(status === 200 || status === 201 || status === 503, `status ${status} seen: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(503) ?? 0) > 0, `the kills were felt: ${JSON.stringify([...statuses])}`);
    assert.equal(lunas.child.exitCode, null, `lunas exited:\n${lunas.output().slice(-3000)}`);
    assert.doesNotMatch(lunas.output(), /Unhandled|uncaught/i);

    // After the outage every key, retried, answers with its one session.
    assert.equal((await fetch(`${lunas.url}/healthz`)).status, 200);
    for (let n = 0; n < 240; n++) {
      const retry = await createOnce(n);
      assert.equal(retry.status, 201, `key load-${n}: ${JSON.stringify(retry.body)}`);
      if (firstIds.has(n)) assert.equal(retry.body.payment_session_id, firstIds.get(n));
    }
    const perReference = await adminQuery(`SELECT reference_id, count(*) AS n FROM ${target.schema}.sessions GROUP BY reference_id HAVING count(*) <> 1`);
    assert.deepEqual(perReference.rows, [], 'exactly one session per key');
    assert.equal(Number((await adminQuery(`SELECT count(*) AS n FROM ${target.schema}.sessions`)).rows[0].n), 240);
    assert.equal(lunas.child.exitCode, null);
  });
});
