import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { insertRows, updateFromValues, type Columns } from '../src/db/rows.ts';
import { openStore, type Store } from '../src/db/store.ts';
import { keptAnswer } from '../src/modules/webhooks/http.ts';
import { DIALECTS, freshStoreTarget, type StoreTarget } from './helpers/stores.ts';

/**
 * db/rows.ts writes the dispatcher's rows without the query builder (issue 19): one statement
 * of arrays on PostgreSQL, a kept statement per row on SQLite. Whatever text a row holds
 * (quotes, backslashes, braces, commas, the word NULL, any Unicode a receiver answers with)
 * must come back as it went in, and NULLs as NULLs.
 */
interface Probe {
  id: string;
  n: number;
  k: number | null;
  s: string | null;
}
const COLUMNS: Columns<Probe> = [['id', 'text'], ['n', 'bigint'], ['k', 'integer'], ['s', 'text']];
const NEXT: Columns<{ id: string; s: string | null }> = [['id', 'text'], ['s', 'text']];

for (const dialect of DIALECTS) {
  describe(`rows written without the query builder [${dialect}]`, () => {
    let target: StoreTarget;
    let store: Store;
    before(async () => {
      target = await freshStoreTarget(dialect);
      store = await openStore({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
      await sql`create table rows_probe (id text primary key, n bigint not null, k integer, s text)`.execute(store.db);
    });
    after(async () => {
      await store.close();
      await target.dispose();
    });

    test('any text, numbers and NULLs round-trip through insertRows and updateFromValues', async () => {
      // PostgreSQL's text holds no NUL: the dispatcher replaces it before it writes (keptAnswer).
      const text = fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\u0000', '')), { nil: null });
      const special = fc.constantFrom('NULL', 'null', '"', '\\', '{}', '{a,b}', ',', "'", ' ', '', '\\"{,}');
      let round = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ n: fc.integer(), k: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: null }), s: fc.oneof(text, special) }), { minLength: 1, maxLength: 30 }), fc.oneof(text, special), async (drafts, changed) => {
          round++;
          const rows: Probe[] = drafts.map((d, i) => ({ id: `r${round}-${i}`, ...d }));
          await store.db.transaction().execute((trx) => insertRows(trx, store.dialect, 'rows_probe', COLUMNS, rows));
          const stored = await sql<Probe>`select id, n, k, s from rows_probe where id like ${`r${round}-%`}`.execute(store.db);
          const byId = new Map(stored.rows.map((r) => [r.id, { ...r, n: Number(r.n) }]));
          for (const row of rows) assert.deepEqual(byId.get(row.id), row);

          // Every other row is updated; the statement answers exactly those ids.
          const updates = rows.filter((_, i) => i % 2 === 0).map((r) => ({ id: r.id, s: changed }));
          const written = await store.db.transaction().execute((trx) =>
            updateFromValues(trx, store.dialect, NEXT, [...updates, { id: 'missing', s: null }], (withV) => `${withV} UPDATE rows_probe SET s = v.s FROM v WHERE rows_probe.id = v.id RETURNING rows_probe.id`),
          );
          assert.deepEqual([...written].sort(), updates.map((u) => u.id).sort());
          const after = await sql<{ id: string; s: string | null }>`select id, s from rows_probe where id like ${`r${round}-%`}`.execute(store.db);
          for (const row of after.rows) assert.equal(row.s, updates.some((u) => u.id === row.id) ? changed : byId.get(row.id)!.s);
        }),
        { numRuns: 40 },
      );
    });

    test("a receiver's answer with NUL characters is kept without them, and PostgreSQL takes it", async () => {
      const kept = keptAnswer(`ok\u0000done${'x'.repeat(2000)}`);
      assert.equal(kept.length, 1024);
      assert.ok(kept.startsWith('ok\uFFFDdone'));
      await insertRows(store.db, store.dialect, 'rows_probe', COLUMNS, [{ id: 'nul', n: 1, k: null, s: kept }]);
      const row = await sql<{ s: string }>`select s from rows_probe where id = 'nul'`.execute(store.db);
      assert.equal(row.rows[0]!.s, kept);
    });
  });
}
