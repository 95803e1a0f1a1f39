import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The import graph of Lunas's own sources, read with TypeScript's own scanner: every
 * `import`, `export … from`, `import type` and literal `import()`, resolved to files of this
 * repository (relative paths and the workspace packages' `exports`). Packages from npm are
 * left out: only our own structure is checked.
 */
export const REPO = path.resolve(import.meta.dirname, '../../../..');

export interface SourceFile {
  /** Path from the repository root, with forward slashes. */
  file: string;
  text: string;
  imports: string[];
}

const SOURCE_DIRS = ['apps/server/src', 'apps/server/build', ...workspacePackages().flatMap((p) => [`${p.dir}/src`, `${p.dir}/build`])];

function workspacePackages(): { name: string; dir: string; exports: Record<string, unknown> }[] {
  const found = [];
  for (const parent of ['packages', 'apps']) {
    for (const entry of fs.readdirSync(path.join(REPO, parent))) {
      const manifest = path.join(REPO, parent, entry, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string; exports?: Record<string, unknown> | string };
      const exports = typeof json.exports === 'string' ? { '.': json.exports } : (json.exports ?? {});
      found.push({ name: json.name, dir: `${parent}/${entry}`, exports });
    }
  }
  return found;
}

function walk(dir: string): string[] {
  const absolute = path.join(REPO, dir);
  if (!fs.existsSync(absolute)) return [];
  return fs.readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.relative(REPO, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.includes('/node_modules/'));
}

function resolveFile(candidate: string): string | undefined {
  for (const option of [candidate, `${candidate}.ts`, `${candidate}.tsx`, `${candidate}/index.ts`]) {
    const absolute = path.join(REPO, option);
    if (fs.existsSync(absolute) && fs.statSync(absolute).isFile()) return path.normalize(option).split(path.sep).join('/');
  }
  return undefined;
}

function exportTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const conditions = value as Record<string, unknown>;
    return exportTarget(conditions.import ?? conditions.default ?? conditions.types);
  }
  return undefined;
}

export function readSources(): SourceFile[] {
  const packages = workspacePackages();
  const resolve = (from: string, specifier: string): string | undefined => {
    if (specifier.startsWith('.')) return resolveFile(path.posix.join(path.posix.dirname(from), specifier));
    const owner = packages.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`));
    if (!owner) return undefined;
    const target = exportTarget(owner.exports[`.${specifier.slice(owner.name.length)}`]);
    return target ? resolveFile(path.posix.join(owner.dir, target)) : undefined;
  };
  return [...new Set(SOURCE_DIRS.flatMap(walk))].sort().map((file) => {
    const text = fs.readFileSync(path.join(REPO, file), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    const imports = info.importedFiles.map((ref) => resolve(file, ref.fileName)).filter((target): target is string => target !== undefined);
    return { file, text, imports: [...new Set(imports)] };
  });
}

/** Groups of files that import each other in a loop (Tarjan's strongly connected components). */
export function importCycles(sources: SourceFile[]): string[][] {
  const graph = new Map(sources.map((s) => [s.file, s.imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      if (group.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(group.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

/** Every file reachable from `start` by imports. */
export function reachable(sources: SourceFile[], start: string[]): Set<string> {
  const graph = new Map(sources.map((s) => [s.file, s.imports]));
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(graph.get(file) ?? []));
  }
  return seen;
}
