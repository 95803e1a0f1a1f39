/**
 * Fresh stores for a benchmark run: a temp data dir for SQLite, a fresh schema (dropped at the
 * end) for PostgreSQL, so no run sees another's rows.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../apps/server/src/config.ts';
import { openStore, type Store } from '../../apps/server/src/db/store.ts';
import { PG_URL, type StoreKind } from './env.ts';

/** The test secret key every benchmark's business is seeded with. */
export const SECRET_KEY = 'xnd_development_bench_key_000001';

/** Where one store lives: its data dir and, for PostgreSQL, a URL bound to its own schema. */
export interface Place {
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

/** `label` names the temp dir, so a leftover one says which benchmark left it. */
export async function freshPlace(kind: StoreKind, label: string): Promise<Place> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lunas-bench-${label}-`));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite') return { dataDir, databaseUrl: undefined, cleanup: async () => removeDir() };

  const schema = `lunas_bench_${randomBytes(6).toString('hex')}`;
  await withPgAdmin((client) => client.query(`create schema ${schema}`));
  const databaseUrl = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  return {
    dataDir,
    databaseUrl,
    cleanup: async () => {
      removeDir();
      await withPgAdmin((client) => client.query(`drop schema if exists ${schema} cascade`));
    },
  };
}

/** A store opened on a fresh place with the benchmarks' config. */
export interface FreshStore {
  config: Config;
  store: Store;
  /** Closes the store, then removes its place. */
  close(): Promise<void>;
  /** The same for a failed start: best effort, so the original error is the one reported. */
  discard(): Promise<void>;
}

/** `env` adds to (or overrides) the settings every benchmark's Lunas runs with. */
export async function openFreshStore(kind: StoreKind, label: string, env: Record<string, string> = {}): Promise<FreshStore> {
  const place = await freshPlace(kind, label);
  try {
    const config = loadConfig({
      LUNAS_DATA_DIR: place.dataDir,
      DATABASE_URL: place.databaseUrl,
      LUNAS_SECRET_KEY: SECRET_KEY,
      LUNAS_LOG_LEVEL: 'warn',
      LUNAS_PUBLIC_URL: 'http://127.0.0.1:4010',
      ...env,
    });
    const store = await openStore(config);
    return {
      config,
      store,
      close: async () => {
        await store.close();
        await place.cleanup();
      },
      discard: async () => {
        await store.close().catch(() => {});
        await place.cleanup().catch(() => {});
      },
    };
  } catch (error) {
    await place.cleanup().catch(() => {});
    throw error;
  }
}

export async function withPgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** For the machine line; undefined when the server cannot be reached (the run then says why). */
export async function pgServerVersion(): Promise<string | undefined> {
  try {
    return await withPgAdmin(async (client) => (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version);
  } catch {
    return undefined;
  }
}
