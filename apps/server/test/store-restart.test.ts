import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, type StoreRetry } from '../src/db/store.ts';
import { FOUNDING_PAYLOAD, TEST_SECRET_KEY } from './helpers/app.ts';
import { createPgCluster, findPgBin, type PgCluster } from './helpers/pg-cluster.ts';
import { basicAuth, startLunas, type LunasProcess } from './helpers/process.ts';

/**
 * A PostgreSQL restart under a running Lunas, on a throwaway cluster of this test's own:
 * while it is down /healthz and writes answer 503 and the process stays up; once it is back,
 * Lunas serves again by itself. And a Lunas started before its PostgreSQL waits for it.
 */
const bin = findPgBin();
const skip = bin ? false : 'PostgreSQL server binaries (initdb) are not installed under /usr/lib/postgresql/*/bin';

describe('PostgreSQL stopped and started under Lunas', { skip }, () => {
  let cluster: PgCluster;
  let lunas: LunasProcess;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-restart-'));

  before(async () => {
    cluster = await createPgCluster(bin!);
    cluster.start();
  });
  after(async () => {
    await lunas?.stop();
    cluster?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const health = async () => (await fetch(`${lunas.url}/healthz`, { signal: AbortSignal.timeout(10_000) })).status;
  const create = async (referenceId: string) => {
    const res = await fetch(`${lunas.url}/sessions`, {
      method: 'POST',
      headers: { authorization: basicAuth(TEST_SECRET_KEY), 'content-type': 'application/json', 'idempotency-key': referenceId },
      body: JSON.stringify({ ...FOUNDING_PAYLOAD, reference_id: referenceId }),
    });
    return { status: res.status, body: (await res.json()) as { error_code?: string; message?: string; payment_session_id?: string } };
  };
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  test('503 while it is down, the process stays up, and it recovers by itself', async () => {
    lunas = await startLunas({ DATABASE_URL: cluster.url, LUNAS_DATA_DIR: dataDir, LUNAS_SECRET_KEY: TEST_SECRET_KEY, LUNAS_SWEEP_INTERVAL_MS: '100' });
    assert.equal(await health(), 200);
    assert.equal((await create('before-stop')).status, 201);

    cluster.stop();
    const started = Date.now();
    assert.equal(await health(), 503);
    assert.ok(Date.now() - started < 5000, 'healthz answers quickly');
    const during = await create('while-down');
    assert.equal(during.status, 503, JSON.stringify(during.body));
    assert.equal(during.body.error_code, 'SERVICE_UNAVAILABLE');
    assert.match(during.body.message!, /store is not reachable/);
    // The worker and the webhook dispatcher meet the outage too; give them a few rounds.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(lunas.child.exitCode, null, `lunas exited:\n${lunas.output().slice(-2000)}`);
    const warnings = lunas.output().split('\n').filter((line) => line.includes('the store is not reachable; retrying with back-off'));
    assert.ok(warnings.length >= 1 && warnings.length <= 2, `one warning per loop, got:\n${warnings.join('\n')}`);

    cluster.start();
    await until('/healthz 200 again', async () => (await health()) === 200);
    const recovered = await create('while-down');
    assert.equal(recovered.status, 201, JSON.stringify(recovered.body));
    assert.equal((await create('after-start')).status, 201);
    assert.equal(lunas.child.exitCode, null);
    await until('the loops report the store back', async () => /the store is reachable again/.test(lunas.output()), 10_000);
  });

  test('openStore waits for a PostgreSQL that starts a few seconds later (LUNAS_DB_WAIT)', async () => {
    await lunas?.stop();
    cluster.stop();
    const retries: StoreRetry[] = [];
    const started = Date.now();
    const opening = openStore({ databaseUrl: cluster.url, dataDir, waitMs: 20_000, onRetry: (info) => retries.push(info) });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    cluster.start();
    const store = await opening;
    try {
      assert.ok(Date.now() - started >= 3000);
      assert.ok(retries.length >= 3, `retried ${retries.length} times`);
      assert.deepEqual(retries.slice(0, 3).map((r) => r.delayMs), [250, 500, 1000]);
      assert.equal(retries[0]!.attempt, 1);
      assert.match(retries[0]!.reason, /connection refused|not accepting connections/);
    } finally {
      await store.close();
    }
  });
});
