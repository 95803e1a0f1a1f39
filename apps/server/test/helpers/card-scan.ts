import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { TestApp } from './app.ts';
import { adminQuery } from './stores.ts';

/**
 * What a card-data scan reads: every byte the store keeps (the SQLite files with their WAL), or
 * every row of every table as text. Tests search it for a test card's digits and CVN.
 */
export async function storedText(t: TestApp): Promise<string> {
  if (t.store.dialect === 'sqlite') {
    const dir = t.target.dataDir;
    return fs
      .readdirSync(dir)
      .filter((name) => name.startsWith('lunas.sqlite'))
      .map((name) => fs.readFileSync(path.join(dir, name)).toString('latin1'))
      .join('\n');
  }
  return storedRowsText(t);
}

/** Every row of every table, each value as it is stored (JSON columns unescaped), on both dialects. */
export async function storedRowsText(t: TestApp): Promise<string> {
  const tables =
    t.store.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.store.db)).rows.map((row) => row.name)
      : ((await adminQuery('select table_name from information_schema.tables where table_schema = $1', [t.target.schema])).rows as { table_name: string }[]).map((row) => row.table_name);
  let text = '';
  for (const table of tables) {
    const rows = t.store.dialect === 'sqlite' ? (await sql.raw(`select * from "${table}"`).execute(t.store.db)).rows : (await adminQuery(`select * from ${t.target.schema}."${table}"`)).rows;
    for (const row of rows as Record<string, unknown>[]) text += `${table}: ${Object.values(row).map(String).join('\t')}\n`;
  }
  return text;
}
