/**
 * Keeps @lunas/protocol the one place the contract is spelled out: no postMessage type or
 * envelope prefix written as a literal in the server's, the SDK's or the iframe's sources, and
 * no import cycle (type-only imports included) inside the workspace packages.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = ['packages/components', 'packages/secure-fields', 'packages/protocol'];

function sources(dir: string): string[] {
  const absolute = path.join(ROOT, dir);
  return readdirSync(absolute).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const file = path.join(absolute, name);
    if (statSync(file).isDirectory()) return sources(path.relative(ROOT, file));
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

/** A quoted message type or envelope prefix, on a line that is not a comment. */
const LITERAL = /['"`](?:xendit-iframe-(?:ready|change|focus|blur|failed-init|populate-for-simulation|action-complete)['"`]|xendit-encrypted-)/;

test('message types and the envelope prefix are written only in packages/protocol', () => {
  const files = [...sources('packages/components/src'), ...sources('packages/secure-fields/src'), ...sources('apps/server/src')];
  const found = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, index) => ({ line, at: `${path.relative(ROOT, file)}:${index + 1}` }))
      .filter(({ line }) => !/^\s*(\*|\/\/|\/\*)/.test(line) && LITERAL.test(line))
      .map(({ at }) => at),
  );
  assert.deepEqual(found, [], 'import these from @lunas/protocol instead');
});

const IMPORT = /(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|import\s+['"](\.[^'"]+)['"]/g;

function cycleIn(files: string[]): string[] | null {
  const edges = new Map(files.map((file) => [file, [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => path.resolve(path.dirname(file), m[1] ?? m[2] ?? m[3]!)).filter((to) => files.includes(to))]));
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...trail.slice(trail.indexOf(file)), file];
    state.set(file, 'open');
    trail.push(file);
    for (const to of edges.get(file)!) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle) return cycle.map((f) => path.relative(ROOT, f));
  }
  return null;
}

test('no import cycle inside the workspace packages', () => {
  for (const dir of PACKAGES) assert.equal(cycleIn(sources(dir))?.join(' → ') ?? null, null, dir);
});
