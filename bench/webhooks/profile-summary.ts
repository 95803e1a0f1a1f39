/**
 * Where the time of a CPU profile (BENCH_PROFILE, profile.ts) goes, in shares of the busy
 * (non-idle) time:
 *
 *   node --import tsx bench/webhooks/profile-summary.ts /tmp/prof/lunas-sqlite-throughput.cpuprofile
 *
 * - by area: Lunas's modules, each dependency (kysely, better-sqlite3, pg, undici, …), Node's
 *   own (crypto, streams, …), the garbage collector;
 * - self time by function (the top 25);
 * - inclusive time by Lunas function (what a function costs with everything it calls).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// Piped into `head`: stop quietly when the reader has had enough.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const file = process.argv[2];
if (!file) {
  console.error('usage: node --import tsx bench/webhooks/profile-summary.ts <file.cpuprofile>');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const timeByNode = new Map<number, number>();
profile.samples.forEach((id, i) => timeByNode.set(id, (timeByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const isLunas = (url: string) => url.includes('/apps/server/src/');
const shortName = (frame: ProfileNode['callFrame']) => `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;

/** Lunas's module folder, a dependency's package name, Node's internal module, or V8's own entry. */
function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName; // (idle), (garbage collector), (program), native functions
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  if (isLunas(url)) return `lunas ${url.split('/apps/server/src/')[1]!.split('/').slice(0, -1).join('/') || '.'}`;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.includes('/bench/') ? 'the benchmark itself' : url;
}

const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
const byArea = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const inclusiveByLunasFunction = new Map<string, number>();
let idle = 0;
let total = 0;
for (const [id, us] of timeByNode) {
  const frame = nodes.get(id)!.callFrame;
  total += us;
  if (frame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  add(byArea, areaOf(frame), us);
  add(selfByFunction, shortName(frame), us);
  const counted = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const caller = nodes.get(at)!.callFrame;
    if (!isLunas(caller.url)) continue;
    const name = shortName(caller);
    if (counted.has(name)) continue; // recursion: once per sample
    counted.add(name);
    add(inclusiveByLunasFunction, name, us);
  }
}

const busy = total - idle;
const table = (title: string, map: Map<string, number>, rows: number) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((us / busy) * 100).toFixed(1).padStart(6)} %  ${name}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled, busy ${(busy / 1e6).toFixed(2)} s (${((busy / total) * 100).toFixed(0)} %), idle ${(idle / 1e6).toFixed(2)} s`);
table('by area (share of busy time)', byArea, 20);
table('self time by function', selfByFunction, 25);
table('inclusive time by Lunas function', inclusiveByLunasFunction, 30);
