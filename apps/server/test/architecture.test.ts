import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { TABLE_OWNERS } from '../src/db/owners.ts';
import { importCycles, reachable, readSources, REPO } from './helpers/imports.ts';

/**
 * The house rules of docs/architecture.md, held against the code: each table has one owner
 * (src/db/owners.ts) and no other module queries it or handles its rows; no module imports
 * another module's store; the acquirer contract knows no simulator; no import cycle; no source
 * file over 300 lines.
 */
const SRC = 'apps/server/src/';
const sources = readSources();
const server = sources.filter((s) => s.file.startsWith(SRC) && !s.file.startsWith(`${SRC}db/migrations/`));
const inSrc = (file: string) => file.slice(SRC.length);
const owns = (owner: string, file: string) => (owner.endsWith('/') ? inSrc(file).startsWith(owner) : inSrc(file) === owner);
const tables = Object.keys(TABLE_OWNERS) as (keyof typeof TABLE_OWNERS)[];

/** Tables a file names in a query: Kysely's builders, and raw SQL in sql`…` templates. */
function tablesQueried(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"`]([a-z_]+)/g)) found.add(match[1]!);
  for (const template of text.matchAll(/\bsql(?:<[^>]*>)?`([^`]*)`/g)) {
    for (const match of template[1]!.matchAll(/\b(?:from|into|update|join|analyze|table)\s+"?([a-z_]+)/gi)) found.add(match[1]!.toLowerCase());
    for (const match of template[1]!.matchAll(/\b([a-z_]+)\.[a-z_]+/g)) found.add(match[1]!);
  }
  return new Set([...found].filter((name) => (tables as string[]).includes(name)));
}

/** Row types of db/tables*.ts (`SessionRow` → sessions), read from their declarations. */
function rowTypes(): Map<string, string> {
  const text = ['tables.ts', 'tables-payments.ts'].map((f) => fs.readFileSync(path.join(REPO, SRC, 'db', f), 'utf8')).join('\n');
  const tableOfInterface = new Map<string, string>();
  for (const match of text.matchAll(/^\s+([a-z_]+): (\w+Table);/gm)) tableOfInterface.set(match[2]!, match[1]!);
  const rows = new Map<string, string>();
  for (const match of text.matchAll(/export type (\w+) = (?:Selectable|Insertable)<(\w+)>/g)) {
    const table = tableOfInterface.get(match[2]!);
    if (table) rows.set(match[1]!, table);
  }
  return rows;
}

describe('architecture: the house rules hold', () => {
  test('the sources were read (the checks below see the code)', () => {
    assert.ok(server.length > 100, `only ${server.length} server files read`);
    assert.ok(server.some((s) => s.file.endsWith('modules/sessions/store.ts') && s.imports.length > 0));
  });

  test('every table is queried only by its owner (src/db/owners.ts)', () => {
    const trespasses: string[] = [];
    for (const source of server) {
      for (const table of tablesQueried(source.text)) {
        const owner = TABLE_OWNERS[table as keyof typeof TABLE_OWNERS];
        if (!owns(owner, source.file)) trespasses.push(`${source.file} queries ${table}, owned by ${owner}`);
      }
    }
    assert.deepEqual(trespasses, []);
  });

  test("a table's rows stay with its owner: other modules get parsed domain objects", () => {
    const rows = rowTypes();
    assert.ok(rows.get('SessionRow') === 'sessions', 'row types were read from db/tables.ts');
    const leaks: string[] = [];
    for (const source of server) {
      if (source.file.startsWith(`${SRC}db/`)) continue;
      for (const [row, table] of rows) {
        const imported = new RegExp(`import[^;]*\\b${row}\\b[^;]*from '[./]*db/tables\\.ts'`).test(source.text);
        const owner = TABLE_OWNERS[table as keyof typeof TABLE_OWNERS];
        if (imported && !owns(owner, source.file)) leaks.push(`${source.file} handles ${row}, rows of ${owner}`);
      }
    }
    assert.deepEqual(leaks, []);
  });

  test("no module imports another module's store", () => {
    const isStore = (file: string) => /^apps\/server\/src\/modules\/[^/]+\/(store(\.ts|\/)|store-)/.test(file);
    const moduleOf = (file: string) => file.match(/^apps\/server\/src\/modules\/([^/]+)\//)?.[1];
    const reaches: string[] = [];
    for (const source of server) {
      for (const target of source.imports) {
        if (isStore(target) && moduleOf(target) !== moduleOf(source.file)) reaches.push(`${source.file} imports ${target}`);
      }
    }
    assert.deepEqual(reaches, []);
  });

  test('the acquirer contract reaches nothing of the simulator', () => {
    const contract = sources.filter((s) => s.file.startsWith(`${SRC}channels/acquirer/`)).map((s) => s.file);
    assert.ok(contract.length > 0);
    const simulator = [...reachable(sources, contract)].filter((file) => file.startsWith(`${SRC}channels/simulator/`));
    assert.deepEqual(simulator, []);
  });

  test('no import cycle, type-only imports included', () => {
    assert.deepEqual(importCycles(sources), []);
  });

  test('no source file over 300 lines', () => {
    const long = sources.map((s) => ({ file: s.file, lines: s.text.split('\n').length - (s.text.endsWith('\n') ? 1 : 0) })).filter((s) => s.lines > 300);
    assert.deepEqual(long.map((s) => `${s.file}: ${s.lines} lines`), []);
  });

  test('docs/architecture.md shows the ownership map as it is in src/db/owners.ts', () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs/architecture.md'), 'utf8');
    const documented = new Map([...doc.matchAll(/^\| `([a-z_]+)` \| `([^`]+)` \|/gm)].map((m) => [m[1]!, m[2]!]));
    assert.deepEqual(Object.fromEntries([...documented].sort()), Object.fromEntries(Object.entries(TABLE_OWNERS).sort()));
  });
});

describe('architecture checks catch what they look for', () => {
  test('a cycle is found', () => {
    const cycles = importCycles([
      { file: 'a.ts', text: '', imports: ['b.ts'] },
      { file: 'b.ts', text: '', imports: ['a.ts'] },
      { file: 'c.ts', text: '', imports: ['a.ts'] },
    ]);
    assert.deepEqual(cycles, [['a.ts', 'b.ts']]);
  });

  test('queries are found in builders and raw SQL', () => {
    assert.deepEqual([...tablesQueried("db.selectFrom('sessions').selectAll(); sql`UPDATE webhook_deliveries AS d SET x = 1`")].sort(), ['sessions', 'webhook_deliveries']);
  });
});
