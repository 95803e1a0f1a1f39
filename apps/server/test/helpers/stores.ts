import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Dialect } from '../../src/db/store.ts';

/**
 * Every storage test runs on SQLite and on PostgreSQL. A test "store target" is a fresh,
 * empty database: a temporary data dir for SQLite, a new schema on the test PostgreSQL
 * (LUNAS_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 */
export const DIALECTS: Dialect[] = (process.env.LUNAS_TEST_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
export const TEST_DATABASE_URL = process.env.LUNAS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface StoreTarget {
  dialect: Dialect;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The PostgreSQL schema of this target (undefined on SQLite). */
  schema?: string;
  dispose(): Promise<void>;
}

export async function freshStoreTarget(dialect: Dialect): Promise<StoreTarget> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-test-'));
  if (dialect === 'sqlite') {
    return { dialect, dataDir, databaseUrl: undefined, dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `lunas_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    dialect,
    dataDir,
    databaseUrl: url.toString(),
    schema,
    dispose: async () => {
      await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}
