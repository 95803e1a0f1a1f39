import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { ConfigError, loadConfig } from '../src/config.ts';
import { isStoreUnavailable, openStore, StoreError, type StoreRetry } from '../src/db/store.ts';
import { ApiError } from '../src/errors.ts';
import { deriveKeys, loadMasterKey, MasterKeyError } from '../src/modules/vault/master-key.ts';
import { FOUNDING_PAYLOAD, startTestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { adminQuery, freshStoreTarget, TEST_DATABASE_URL } from './helpers/stores.ts';

/** Which errors mean "the store is away", and the sentences store problems at start become. */
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-store-errors-'));
const shared = (database: string, user = 'postgres', password = '') => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  url.username = user;
  url.password = password;
  return url.toString();
};
async function openFails(options: Parameters<typeof openStore>[0]): Promise<StoreError> {
  const error = await openStore(options).then(
    (store) => store.close().then(() => assert.fail('the store opened')),
    (e: unknown) => e,
  );
  assert.ok(error instanceof StoreError, `a StoreError, got ${String(error)}`);
  assert.doesNotMatch(error.message, /\n/, 'one line');
  return error;
}

describe('isStoreUnavailable: real errors of both dialects', () => {
  test('PostgreSQL: connection refused, a terminated backend, the database starting up, the pool timing out', async () => {
    const refused = await new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/x' }).connect().catch((e: unknown) => e);
    assert.ok(isStoreUnavailable(refused), String(refused));

    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    client.on('error', () => {});
    await client.connect();
    const terminated = await client.query('SELECT pg_terminate_backend(pg_backend_pid())').catch((e: unknown) => e);
    assert.ok(isStoreUnavailable(terminated), String(terminated));
    const afterwards = await client.query('SELECT 1').catch((e: unknown) => e);
    assert.ok(isStoreUnavailable(afterwards), String(afterwards));

    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1, connectionTimeoutMillis: 100 });
    const held = await pool.connect();
    const timedOut = await pool.query('SELECT 1').catch((e: unknown) => e);
    held.release();
    await pool.end();
    assert.ok(isStoreUnavailable(timedOut), String(timedOut));

    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']) {
      assert.ok(isStoreUnavailable(Object.assign(new Error('x'), { code })), code);
    }
  });

  test('SQLite: busy past busy_timeout, a read-only store', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.sqlite');
    const holder = new Sqlite(file);
    holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
    const waiter = new Sqlite(file);
    waiter.pragma('busy_timeout = 20');
    assert.throws(() => waiter.exec('INSERT INTO t VALUES (2)'), (e: unknown) => isStoreUnavailable(e) && (e as { code: string }).code === 'SQLITE_BUSY');
    holder.exec('ROLLBACK');
    const readOnly = new Sqlite(file, { readonly: true });
    assert.throws(() => readOnly.exec('INSERT INTO t VALUES (3)'), (e: unknown) => isStoreUnavailable(e) && /^SQLITE_READONLY/.test((e as { code: string }).code));
    for (const db of [holder, waiter, readOnly]) db.close();
    fs.rmSync(dir, { recursive: true });
  });

  test('not an outage: constraint violations, unknown hosts, bad credentials, missing databases, bugs, API errors', () => {
    for (const code of ['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'ENOTFOUND', '28P01', '28000', '3D000', '42P01', '22P02']) {
      assert.equal(isStoreUnavailable(Object.assign(new Error('x'), { code })), false, code);
    }
    assert.equal(isStoreUnavailable(new TypeError('Cannot read properties of undefined')), false);
    assert.equal(isStoreUnavailable(new ApiError(400, 'API_VALIDATION_ERROR', 'nope')), false);
    assert.equal(isStoreUnavailable(undefined), false);
  });
});

describe('SQLite busy past busy_timeout answers 503 SERVICE_UNAVAILABLE', () => {
  const t = testAppPerSuite('sqlite');

  test('a create while another process holds the write lock', async () => {
    const other = new Sqlite(t.store.file!);
    other.exec('BEGIN IMMEDIATE');
    try {
      const res = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'busy-1' });
      assert.equal(res.statusCode, 503, res.body);
      assert.deepEqual(res.json(), { error_code: 'SERVICE_UNAVAILABLE', message: 'The store is not reachable; retry the request (with the same Idempotency-Key) when it is back' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const retry = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'busy-1' });
    assert.equal(retry.statusCode, 201, retry.body);
  });
});

describe('store problems at open are one-line sentences', () => {
  test('PostgreSQL unreachable: retried with back-off until LUNAS_DB_WAIT runs out', async () => {
    const retries: StoreRetry[] = [];
    const error = await openFails({ databaseUrl: 'postgres://lunas:hunter2@127.0.0.1:5999/lunas', dataDir: tempDir(), waitMs: 1000, onRetry: (r) => retries.push(r) });
    assert.match(error.message, /^could not reach PostgreSQL at 127\.0\.0\.1:5999 \(DATABASE_URL postgres:\/\/lunas:\*\*\*@127\.0\.0\.1:5999\/lunas\) after 1 s: connection refused\. Is it running\? Set LUNAS_DB_WAIT to wait longer\.$/);
    assert.deepEqual(retries.map((r) => r.delayMs).slice(0, 2), [250, 500]);
    assert.equal(retries[0]!.reason, 'connection refused');
    const once = await openFails({ databaseUrl: 'postgres://lunas@127.0.0.1:5999/lunas', dataDir: tempDir(), waitMs: 0 });
    assert.match(once.message, /could not reach PostgreSQL at 127\.0\.0\.1:5999 .*: connection refused\. Is it running\? Set LUNAS_DB_WAIT \(e\.g\. 30s\)/);
  });

  test('not a PostgreSQL URL: refused by the config and by openStore, password masked', async () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://root:s3cret@db.example/shop' }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL, got mysql:\/\/ \("mysql:\/\/root:\*\*\*@db\.example\/shop"\)/);
      assert.doesNotMatch(e.message, /s3cret/);
      return true;
    });
    assert.throws(() => loadConfig({ DATABASE_URL: 'localhost:5432' }), /DATABASE_URL must be a postgres:\/\//);
    assert.throws(() => loadConfig({ DATABASE_URL: 'not a url at all' }), /^Error: DATABASE_URL is not a URL/);
    const error = await openFails({ databaseUrl: 'mysql://root:s3cret@db.example/shop', dataDir: tempDir() });
    assert.match(error.message, /DATABASE_URL must be a postgres:\/\//);
    assert.doesNotMatch(error.message, /s3cret/);
  });

  test('wrong database, unknown user, unknown host: at once, however long the wait', async () => {
    const started = Date.now();
    const missing = await openFails({ databaseUrl: shared('lunas_no_such_db'), dataDir: tempDir(), waitMs: 20_000 });
    assert.match(missing.message, /^the PostgreSQL database "lunas_no_such_db" does not exist on 127\.0\.0\.1:5432 \(DATABASE_URL .*\)\. Create it \(createdb .* lunas_no_such_db\)/);
    const user = await openFails({ databaseUrl: shared('test', 'lunas_no_such_user', 'hunter2'), dataDir: tempDir(), waitMs: 20_000 });
    assert.match(user.message, /^PostgreSQL at 127\.0\.0\.1:5432 refused user "lunas_no_such_user" .*Check the user name and password in DATABASE_URL/);
    assert.doesNotMatch(user.message, /hunter2/);
    const host = await openFails({ databaseUrl: 'postgres://postgres@lunas-no-such-host.invalid:5432/test', dataDir: tempDir(), waitMs: 20_000 });
    assert.match(host.message, /^could not find the PostgreSQL host lunas-no-such-host\.invalid .*Check the host name in DATABASE_URL\.$/);
    assert.ok(Date.now() - started < 5000, 'not retried');
  });

  test('a failed migration names the migration and the store', async () => {
    const target = await freshStoreTarget('postgres');
    try {
      await adminQuery(`CREATE TABLE ${target.schema}.businesses (unrelated int)`);
      const error = await openFails({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
      assert.match(error.message, /^migration 0001_foundation failed on PostgreSQL at 127\.0\.0\.1:5432 \(DATABASE_URL .*\): relation "businesses" already exists\. The schema stays at the last migration that succeeded/);
    } finally {
      await target.dispose();
    }
  });

  test('SQLite: a data dir that is a file, or under a file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'plain-file');
    fs.writeFileSync(file, 'not a directory');
    for (const dataDir of [file, path.join(file, 'below')]) {
      const error = await openFails({ databaseUrl: undefined, dataDir });
      assert.equal(error.message, `LUNAS_DATA_DIR ${dataDir} is not a directory (it, or a parent of it, is a file). Point LUNAS_DATA_DIR at a directory, or move the file away.`);
    }
    fs.rmSync(dir, { recursive: true });
  });

  test('SQLite: a data dir Lunas may not write', { skip: process.getuid?.() === 0 ? 'running as root: permission bits do not stop root' : false }, async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o500);
    try {
      const error = await openFails({ databaseUrl: undefined, dataDir: dir });
      assert.match(error.message, /^cannot write the SQLite store .*lunas\.sqlite \(LUNAS_DATA_DIR .*\): .*Make the directory writable/);
    } finally {
      fs.chmodSync(dir, 0o700);
      fs.rmSync(dir, { recursive: true });
    }
  });

  test('LUNAS_DB_WAIT is a duration: 30s by default, 0 for no wait', () => {
    assert.equal(loadConfig({}).dbWaitMs, 30_000);
    assert.equal(loadConfig({ LUNAS_DB_WAIT: '0' }).dbWaitMs, 0);
    assert.equal(loadConfig({ LUNAS_DB_WAIT: '2m' }).dbWaitMs, 120_000);
    assert.equal(loadConfig({}, { 'db-wait': '1500ms' }).dbWaitMs, 1500);
    assert.throws(() => loadConfig({ LUNAS_DB_WAIT: '30' }), /^Error: LUNAS_DB_WAIT takes a duration like 30s, 2m or 0 \(no wait\); "30" is not one$/);
  });
});

describe('master key problems are sentences', () => {
  test('a malformed LUNAS_MASTER_KEY or master.key file, a data dir that is a file', () => {
    const dir = tempDir();
    assert.throws(() => loadMasterKey('not-a-key-at-all', dir), (e: unknown) => {
      assert.ok(e instanceof MasterKeyError);
      assert.match(e.message, /^LUNAS_MASTER_KEY is not a master key: it must hold 32 bytes .*openssl rand -hex 32/);
      assert.doesNotMatch(e.message, /not-a-key-at-all/, 'the value is never echoed');
      return true;
    });
    fs.writeFileSync(path.join(dir, 'master.key'), 'garbage\n');
    assert.throws(() => loadMasterKey(undefined, dir), new RegExp(`^MasterKeyError: the master key file ${path.join(dir, 'master.key')} is not a master key`));
    const file = path.join(dir, 'plain-file');
    fs.writeFileSync(file, 'x');
    assert.throws(() => loadMasterKey(undefined, file), /cannot read or create the master key file .* \(LUNAS_DATA_DIR .* is not a directory\)\. Make LUNAS_DATA_DIR a directory/);
    fs.rmSync(dir, { recursive: true });
  });

  test('a key that does not match the store names where the key came from', async () => {
    const t = await startTestApp('sqlite');
    try {
      await assert.rejects(deriveKeys(t.store.db, Buffer.alloc(32, 7), 'LUNAS_MASTER_KEY'), (e: unknown) => {
        assert.ok(e instanceof MasterKeyError);
        assert.match(e.message, /^the master key from LUNAS_MASTER_KEY does not match the one this store's cards were sealed with\. Set LUNAS_MASTER_KEY .* to the original key/);
        return true;
      });
    } finally {
      await t.close();
    }
  });
});
