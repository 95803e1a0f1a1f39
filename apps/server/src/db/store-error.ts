/**
 * Store problems at open, as one-line sentences an operator can act on: what failed, which
 * setting (and value, passwords masked), what to do. `openStore` throws only `StoreError`s for
 * problems it recognises; the CLI prints `.message` as it is, without a stack.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    message: string,
    /** The driver or file-system error behind it, for logs at debug level. */
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** The URL with its password replaced by `***`, fit for a message or a log line. */
export function maskUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    // Not a URL: still hide anything between "//user:" and "@".
    return databaseUrl.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

/** Where a PostgreSQL URL points, for sentences: host:port and database. */
export function pgTarget(databaseUrl: string): { hostPort: string; database: string; user: string } {
  const url = new URL(databaseUrl);
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  return {
    hostPort: `${host}:${url.port || '5432'}`,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres',
    user: decodeURIComponent(url.username) || 'postgres',
  };
}

/** Checks the shape of DATABASE_URL; returns a sentence when it is not a PostgreSQL URL. */
export function databaseUrlProblem(databaseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return `DATABASE_URL is not a URL ("${maskUrl(databaseUrl)}"): use postgres://user:password@host:5432/database, or unset it to use SQLite under LUNAS_DATA_DIR`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `DATABASE_URL must be a postgres:// or postgresql:// URL, got ${url.protocol}// ("${maskUrl(databaseUrl)}"): Lunas stores in PostgreSQL, or in SQLite under LUNAS_DATA_DIR when DATABASE_URL is unset`;
  }
  return undefined;
}

/** One short phrase for a connection failure's cause: "connection refused", "timed out", … */
export function reasonOf(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e?.code ?? e?.errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'EAI_AGAIN':
      return 'host name lookup failed for now';
    case '57P03':
      return `the server is not accepting connections yet (${e.message})`;
    case '53300':
      return 'too many connections';
  }
  if (e?.message && /timeout/i.test(e.message)) return 'connection timed out';
  return e?.message ?? String(error);
}

/**
 * A sentence for a PostgreSQL error at open that is not worth waiting for, or undefined when
 * the error is not one of the known ones.
 */
export function describePostgresOpenError(error: unknown, databaseUrl: string): StoreError | undefined {
  const e = error as { code?: string; message?: string; hostname?: string };
  const shown = maskUrl(databaseUrl);
  const { hostPort, database, user } = pgTarget(databaseUrl);
  switch (e?.code) {
    case 'ENOTFOUND':
      return new StoreError(`could not find the PostgreSQL host ${e.hostname ?? hostPort} (DATABASE_URL ${shown}): the name does not resolve. Check the host name in DATABASE_URL.`, error);
    case '28P01':
    case '28000':
      return new StoreError(
        `PostgreSQL at ${hostPort} refused user "${user}" (DATABASE_URL ${shown}): ${e.message}. Check the user name and password in DATABASE_URL, and pg_hba.conf on the server.`,
        error,
      );
    case '3D000':
      return new StoreError(
        `the PostgreSQL database "${database}" does not exist on ${hostPort} (DATABASE_URL ${shown}). Create it (createdb -h ${hostPort.split(':')[0]} -p ${hostPort.split(':')[1]} -U ${user} ${database}) or name an existing one in DATABASE_URL.`,
        error,
      );
    case '42501':
      return new StoreError(`user "${user}" may not create Lunas's tables in database "${database}" on ${hostPort} (DATABASE_URL ${shown}): ${e.message}. Grant it CREATE on the schema, or use another user.`, error);
  }
  return undefined;
}

/** The sentence for PostgreSQL still unreachable when the start-up wait ran out. */
export function unreachableAfterWait(error: unknown, databaseUrl: string, waitedMs: number): StoreError {
  const { hostPort } = pgTarget(databaseUrl);
  const waited = waitedMs > 0 ? ` after ${formatSeconds(waitedMs)}` : '';
  const advice = waitedMs > 0 ? 'Set LUNAS_DB_WAIT to wait longer.' : 'Set LUNAS_DB_WAIT (e.g. 30s) to wait for it at start.';
  return new StoreError(`could not reach PostgreSQL at ${hostPort} (DATABASE_URL ${maskUrl(databaseUrl)})${waited}: ${reasonOf(error)}. Is it running? ${advice}`, error);
}

/** A sentence for a problem with the SQLite data dir or file. */
export function describeSqliteOpenError(error: unknown, dataDir: string, file: string): StoreError {
  const e = error as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new StoreError(`LUNAS_DATA_DIR ${dataDir} is not a directory (it, or a parent of it, is a file). Point LUNAS_DATA_DIR at a directory, or move the file away.`, error);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return new StoreError(
      `cannot write the SQLite store ${file} (LUNAS_DATA_DIR ${dataDir}): ${e.message ?? code}. Make the directory writable by the user running Lunas, or set LUNAS_DATA_DIR to one that is.`,
      error,
    );
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return new StoreError(`the disk holding LUNAS_DATA_DIR ${dataDir} is full: free some space, or set LUNAS_DATA_DIR elsewhere.`, error);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreError(`${file} (in LUNAS_DATA_DIR ${dataDir}) is not a readable SQLite database: ${e.message ?? code}. Restore it from a backup, or point LUNAS_DATA_DIR at another directory.`, error);
  }
  return new StoreError(`cannot open the SQLite store ${file} (LUNAS_DATA_DIR ${dataDir}): ${e.message ?? String(error)}.`, error);
}

/** The sentence for a migration that failed. */
export function migrationFailed(migration: string, error: unknown, where: string): StoreError {
  return new StoreError(
    `migration ${migration} failed on ${where}: ${(error as Error)?.message ?? String(error)}. The schema stays at the last migration that succeeded; fix the cause and start Lunas again.`,
    error,
  );
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
