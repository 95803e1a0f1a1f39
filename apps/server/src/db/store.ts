import fs from 'node:fs';
import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import { keptStatements } from './sqlite-statements.ts';
import type { Database } from './tables.ts';
import { migrations } from './migrations/index.ts';
import { databaseUrlProblem, describePostgresOpenError, describeSqliteOpenError, maskUrl, migrationFailed, pgTarget, reasonOf, StoreError, unreachableAfterWait } from './store-error.ts';
import { isStoreUnavailable } from './unavailable.ts';

export { StoreError } from './store-error.ts';
export { isStoreUnavailable } from './unavailable.ts';

import type { Dialect } from './dialect.ts';

export type { Dialect } from './dialect.ts';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the root handle or an open transaction: store functions accept both. */
export type Executor = Db | Tx;

export interface Store {
  db: Db;
  dialect: Dialect;
  /** Where the SQLite file lives (undefined on PostgreSQL). */
  file?: string;
  close(): Promise<void>;
}

/**
 * The drivers are loaded when a store of their kind opens, not at start: a SQLite Lunas never
 * pays for loading `pg`, nor a PostgreSQL one for better-sqlite3 (docs/performance.md, "Start").
 */
async function loadPg(): Promise<typeof import('pg').default> {
  const pg = (await import('pg')).default;
  // PostgreSQL returns BIGINT as a string; our bigints are minor-unit amounts and sequence
  // numbers, always within Number's safe range (amounts are capped at validation).
  pg.types.setTypeParser(20, (value) => Number(value));
  return pg;
}

export interface StoreOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL pool size per process. */
  poolSize?: number;
  /**
   * How long to keep retrying an unreachable PostgreSQL at open (LUNAS_DB_WAIT), in ms.
   * 0 (the default) tries once. Only connection failures are retried; a wrong password,
   * a missing database or an unknown host fail at once.
   */
  waitMs?: number;
  /** Called before each pause of that wait, e.g. to log "waiting for PostgreSQL". */
  onRetry?: (info: StoreRetry) => void;
}

export interface StoreRetry {
  /** 1 for the first retry. */
  attempt: number;
  /** The pause before the next attempt. */
  delayMs: number;
  /** Why the last attempt failed, as a short phrase ("connection refused"). */
  reason: string;
}

/** How long a request waits for a pooled connection (or a new one) before failing with 503. */
const CONNECT_TIMEOUT_MS = 5000;
/** /healthz answers 503 after this long rather than hang on a store that does not answer. */
const PING_TIMEOUT_MS = 2000;
/** Start-up retries: 250 ms, doubling, at most 5 s apart. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

/**
 * Opens the configured store and brings its schema up to date. Every problem it recognises
 * (unreachable server, bad URL, auth, missing database, unwritable data dir, failed
 * migration) is thrown as a `StoreError` whose message is one sentence, ready to print.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options) : await openSqlite(options.dataDir);
  try {
    await migrate(store, options);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}

async function openSqlite(dataDir: string): Promise<Store> {
  const Sqlite = (await import('better-sqlite3')).default;
  const file = path.join(dataDir, 'lunas.sqlite');
  let database: Sqlite.Database | undefined;
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    database = new Sqlite(file);
    database.pragma('journal_mode = WAL');
    // FULL: a commit that Lunas acknowledged survives a power cut, not only a process crash.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
  } catch (error) {
    database?.close();
    throw describeSqliteOpenError(error, dataDir, file);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: keptStatements(database) }) });
  return { db, dialect: 'sqlite', file, close: () => db.destroy() };
}

async function openPostgres(options: StoreOptions): Promise<Store> {
  const databaseUrl = options.databaseUrl!;
  const problem = databaseUrlProblem(databaseUrl);
  if (problem) throw new StoreError(problem);
  const pg = await loadPg();
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    // Operators see Lunas in pg_stat_activity; an application_name in DATABASE_URL wins.
    application_name: 'lunas',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notice a peer that vanished without a FIN (failover, network partition) within minutes, not hours.
    keepAlive: true,
  });
  // A client that loses its connection emits 'error'. Idle clients: the pool's listener
  // removes them. Checked-out clients (inside a request or a transaction) have no listener of
  // their own, and an unhandled 'error' event would crash the process: the query that was
  // running (or the next one) fails with the same error, and its caller answers 503 or
  // backs off. The pool drops the broken client when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store: Store = { db, dialect: 'postgres', close: () => db.destroy() };
  try {
    await waitForPostgres(store, databaseUrl, options);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}

/** Retries connection failures until `waitMs` has elapsed; everything else fails at once. */
async function waitForPostgres(store: Store, databaseUrl: string, options: StoreOptions): Promise<void> {
  const waitMs = options.waitMs ?? 0;
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`.execute(store.db);
      return;
    } catch (error) {
      const known = describePostgresOpenError(error, databaseUrl);
      if (known) throw known;
      if (!isStoreUnavailable(error)) {
        throw new StoreError(`could not open PostgreSQL at ${pgTarget(databaseUrl).hostPort} (DATABASE_URL ${maskUrl(databaseUrl)}): ${(error as Error)?.message ?? String(error)}`, error);
      }
      const elapsed = performance.now() - started;
      const delayMs = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS, Math.max(0, waitMs - elapsed));
      if (delayMs <= 0) throw unreachableAfterWait(error, databaseUrl, waitMs);
      options.onRetry?.({ attempt, delayMs, reason: reasonOf(error) });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

async function migrate(store: Store, options: StoreOptions): Promise<void> {
  const all = migrations(store.dialect);
  // On PostgreSQL, name the schema (from search_path): Kysely otherwise looks for its
  // bookkeeping tables in every schema and can mistake another schema's for ours.
  const schema =
    store.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => all }, ...(schema ? { migrationTableSchema: schema } : {}) });
  // Processes starting together race to create the bookkeeping tables; the loser's CREATE
  // fails and a second attempt finds them. The migrations themselves run under Kysely's lock.
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    if (attempt >= 5) {
      // A read-only or vanished SQLite file shows up at the first write, which is the migrator's.
      if (store.dialect === 'sqlite' && /^SQLITE_(READONLY|CANTOPEN|FULL|IOERR)/.test((error as { code?: string }).code ?? '')) {
        throw describeSqliteOpenError(error, options.dataDir, store.file!);
      }
      const failed = results?.find((r) => r.status === 'Error');
      const where = options.databaseUrl
        ? `PostgreSQL at ${pgTarget(options.databaseUrl).hostPort} (DATABASE_URL ${maskUrl(options.databaseUrl)})`
        : `the SQLite store ${store.file} (LUNAS_DATA_DIR ${options.dataDir})`;
      throw migrationFailed(failed?.migrationName ?? '(Kysely bookkeeping tables)', error, where);
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

/** True when a write failed on a UNIQUE or PRIMARY KEY constraint, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Cheap liveness probe for /healthz. It gives up after `timeoutMs`, so a store that does not
 * answer (a black-holed host, a pool stuck waiting) reads as down instead of hanging the probe.
 */
export async function ping(store: Store, timeoutMs = PING_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`the store did not answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(store.db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
