import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { EACH_ROW, keptStatements } from '../src/db/sqlite-statements.ts';

/**
 * SQLite only (this is its driver's wrapper): Kysely's statements are prepared once and kept
 * (issue 19), a bounded number of them, a schema change does not leave a stale one behind,
 * and an EACH_ROW statement runs once per row.
 */
describe('kept SQLite statements', () => {
  let dir: string;
  let database: Sqlite.Database;
  let kept: ReturnType<typeof keptStatements>;
  let prepared: number;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-statements-'));
    database = new Sqlite(path.join(dir, 'db.sqlite'));
    const prepare = database.prepare.bind(database);
    prepared = 0;
    database.prepare = ((text: string) => {
      prepared++;
      return prepare(text);
    }) as typeof database.prepare;
    kept = keptStatements(database);
    database.exec('create table t (id integer primary key, v text)');
  });
  after(() => {
    kept.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a statement run again is not prepared again', () => {
    const before = prepared;
    for (let i = 0; i < 10; i++) kept.prepare('insert into t (v) values (?)').run([`v${i}`]);
    assert.equal(prepared - before, 1);
    assert.equal((kept.prepare('select count(*) as n from t').all([])[0] as { n: number }).n, 10);
  });

  test('at most 512 are kept: the least recently used goes first', () => {
    kept.prepare('select 1 as first').all([]);
    for (let i = 0; i < 600; i++) kept.prepare(`select ${i} as n`).all([]);
    const before = prepared;
    kept.prepare('select 599 as n').all([]);
    assert.equal(prepared, before, 'a recent one is kept');
    kept.prepare('select 1 as first').all([]);
    assert.equal(prepared, before + 1, 'the oldest was let go');
  });

  test('after a schema change a kept statement sees the new schema', () => {
    kept.prepare('select * from t').all([]);
    database.exec('alter table t add column w text');
    const row = kept.prepare('select * from t').all([])[0] as Record<string, unknown>;
    assert.ok('w' in row);
  });

  test('EACH_ROW runs the statement once per row, and a reader answers every row', () => {
    const result = kept.prepare(`${EACH_ROW}insert into t (v) values (?)`).run([['a'], ['b'], ['c']]);
    assert.equal(Number(result.changes), 3);
    const rows = kept.prepare(`${EACH_ROW}select v from t where v = ?`).all([['a'], ['c'], ['nothing']]);
    assert.deepEqual(rows, [{ v: 'a' }, { v: 'c' }]);
  });
});
