import type Sqlite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 behind Kysely, with its prepared statements kept. Kysely prepares every
 * query it runs; compiling the SQL was about a twentieth of the webhook dispatcher's time on
 * SQLite (issue 19), and the dispatcher, the sweeps and the API run the same few hundred
 * statements over and over. SQLite recompiles a kept statement by itself after a schema
 * change, so a migration never meets a stale one.
 *
 * Safe because one connection runs one statement at a time: Kysely never streams here
 * (`iterate`), the only way a statement could still be busy when it is run again.
 *
 * A statement text that starts with EACH_ROW runs once per row of its parameters (an array of
 * rows): many rows through one Kysely query, one promise, not one each (db/rows.ts).
 */
export const EACH_ROW = '/* each row */ ';
const KEPT_STATEMENTS = 512;

export function keptStatements(database: Sqlite.Database): SqliteDatabase {
  const kept = new Map<string, Sqlite.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      if (sql.startsWith(EACH_ROW)) return eachRow(keep(sql.slice(EACH_ROW.length)));
      return keep(sql);
    },
    close() {
      kept.clear();
      database.close();
    },
  };

  function keep(sql: string): Sqlite.Statement {
    let statement = kept.get(sql);
    if (statement) {
      // Least recently used goes first: a Map keeps insertion order.
      kept.delete(sql);
    } else {
      statement = database.prepare(sql);
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return statement;
  }
}

/** The statement, run once per row; a reader answers every row's rows. */
function eachRow(statement: Sqlite.Statement): SqliteStatement {
  return {
    reader: statement.reader,
    all: (rows) => rows.flatMap((row) => statement.all(row as unknown[])),
    run(rows) {
      let changes = 0;
      let lastInsertRowid: number | bigint = 0;
      for (const row of rows) {
        const result = statement.run(row as unknown[]);
        changes += result.changes;
        lastInsertRowid = result.lastInsertRowid;
      }
      return { changes, lastInsertRowid };
    },
    iterate: () => {
      throw new Error('a statement run once per row cannot be streamed');
    },
  };
}
