/** Output shared by the benchmarks: the per-store table on stdout and the JSON results file. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreKind } from './env.ts';

export const STORE_TITLE: Record<StoreKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');

/**
 * A title, then the rows as columns: the first left-aligned, the rest right-aligned (they are
 * figures), and a rule under the first row (the header).
 */
export function printTable(title: string, rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log(`\n${title}`);
  for (const [index, row] of rows.entries()) {
    const line = row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ');
    console.log(line.trimEnd());
    if (index === 0) console.log('-'.repeat(line.trimEnd().length));
  }
}

/** bench/results/<name>, where every benchmark leaves its JSON. */
export const resultsFile = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results', name);

/** Writes the report; returns its path relative to the working directory, for the closing line. */
export function writeReport(file: string, report: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return path.relative(process.cwd(), file);
}
