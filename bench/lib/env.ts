/**
 * Settings every benchmark reads from the environment: numbers, which stores to run and the
 * PostgreSQL to run them on. Parsed once, at import, so a bad value stops the run before
 * anything starts.
 */

export type StoreKind = 'sqlite' | 'postgres';

/**
 * A number from the environment, `fallback` when unset or empty. `allowZero` exists because
 * some settings mean "skip this" at 0 (a warm-up of 0 events) while for others 0 makes no
 * sense (a phase of 0 seconds); each benchmark keeps the rule it has always had.
 */
export function numberEnv(name: string, fallback: number, { allowZero = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (allowZero ? value < 0 : value <= 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  }
  return value;
}

/** BENCH_STORES: the stores to measure, in order. */
export const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean) as StoreKind[];
for (const kind of STORES) if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`BENCH_STORES: unknown store "${kind}"`);

/** The PostgreSQL server the postgres runs use; each run gets a fresh schema in it. */
export const PG_URL = process.env.LUNAS_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
