import { CompiledQuery } from 'kysely';
import { EACH_ROW } from './sqlite-statements.ts';
import type { Dialect, Executor } from './store.ts';

/**
 * Many rows written with one fixed statement text and bound parameters, not through Kysely's
 * query builder: building and compiling a 500-row statement value by value was a tenth of the
 * webhook dispatcher's time (issue 19), for statements whose shape never changes.
 *
 * PostgreSQL gets one statement for all the rows, each column one array parameter
 * (`unnest($1::text[], $2::bigint[], …)`): a few parameters however many rows, and a plan
 * that, knowing no row count, probes the primary key rather than betting on a join over
 * statistics a burst has left behind (a VALUES list of 256 rows was merge-joined over every
 * leased delivery: 5 ms a batch). SQLite, in-process, runs one kept single-row statement once
 * per row, all in one query (sqlite-statements.ts): no text to build or compile at all.
 */

/** Columns in statement order, each with its PostgreSQL type. */
export type Columns<Row> = readonly (readonly [keyof Row & string, 'text' | 'bigint' | 'integer'])[];

const valueOf = <Row>(row: Row, column: keyof Row) => row[column] ?? null;

/** The rows as a relation: `SELECT * FROM unnest(…)` (PostgreSQL) or one row of placeholders (SQLite). */
function source<Row>(dialect: Dialect, columns: Columns<Row>): string {
  if (dialect === 'sqlite') return `VALUES (${columns.map(() => '?').join(', ')})`;
  return `SELECT * FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
}

async function run<Row>(trx: Executor, dialect: Dialect, columns: Columns<Row>, rows: readonly Row[], text: string): Promise<{ id: string }[]> {
  if (rows.length === 0) return [];
  if (dialect === 'postgres') {
    const arrays = columns.map(([column]) => rows.map((row) => valueOf(row, column)));
    return (await trx.executeQuery<{ id: string }>(CompiledQuery.raw(text, arrays))).rows;
  }
  // One query for all the rows, run once per row (sqlite-statements.ts).
  const perRow = rows.map((row) => columns.map(([column]) => valueOf(row, column)));
  return (await trx.executeQuery<{ id: string }>(CompiledQuery.raw(EACH_ROW + text, perRow))).rows;
}

/** Inserts rows; `tail` follows them (an ON CONFLICT clause). */
export async function insertRows<Row>(trx: Executor, dialect: Dialect, table: string, columns: Columns<Row>, rows: readonly Row[], tail = ''): Promise<void> {
  await run(trx, dialect, columns, rows, `INSERT INTO ${table} (${columns.map(([column]) => column).join(', ')}) ${source(dialect, columns)}${tail}`);
}

/**
 * Updates rows from values, answering the ids written (the statement's `RETURNING id`).
 * `statement(v)` is the UPDATE, reading the rows from the CTE `v(columns…)` it is given.
 */
export async function updateFromValues<Row>(trx: Executor, dialect: Dialect, columns: Columns<Row>, rows: readonly Row[], statement: (withV: string) => string): Promise<string[]> {
  const withV = `WITH v(${columns.map(([column]) => column).join(', ')}) AS (${source(dialect, columns)})`;
  return (await run(trx, dialect, columns, rows, statement(withV))).map(({ id }) => id);
}
