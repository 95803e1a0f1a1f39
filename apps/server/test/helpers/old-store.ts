import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrations } from '../../src/db/migrations/index.ts';
import type { Dialect } from '../../src/db/store.ts';
import type { StoreTarget } from './stores.ts';

/**
 * Brings a fresh store up to `migration` (the schema of an older Lunas) and lets `fill` write
 * to it, untyped, as that Lunas would have: the migrations after it then run at the next start.
 */
export async function prepareStoreAt(dialect: Dialect, target: StoreTarget, migration: string, fill: (db: Kysely<any>) => Promise<void>): Promise<void> {
  const db =
    dialect === 'sqlite'
      ? new Kysely<any>({ dialect: new SqliteDialect({ database: new Sqlite(path.join(target.dataDir, 'lunas.sqlite')) }) })
      : new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.databaseUrl, max: 2 }) }) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) }, ...(target.schema ? { migrationTableSchema: target.schema } : {}) });
    const { error } = await migrator.migrateTo(migration);
    if (error) throw error;
    await fill(db);
  } finally {
    await db.destroy();
  }
}
