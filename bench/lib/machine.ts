/**
 * What was measured, on what: the machine, the server code, and how much of the CPU other work
 * took meanwhile. A benchmark on a small shared VM is only worth its figures with these.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STORES } from './env.ts';
import { round } from './stats.ts';
import { pgServerVersion } from './stores.ts';

const SERVER_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'server', 'src');

export const loadAverage = () => os.loadavg().map((v) => round(v, 2));

async function describeMachine() {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: STORES.includes('postgres') ? await pgServerVersion() : undefined,
    loadAverageAtStart: loadAverage(),
  };
}

export type Machine = Awaited<ReturnType<typeof describeMachine>>;

/**
 * Starts a run's record: when, on what machine, on which server code. Prints it as the
 * header, `phases` (what the run will do) last, and returns it for the JSON report.
 */
export async function startRun(title: string, phases: string): Promise<{ startedAt: Date; machine: Machine; serverSourceSha256: string }> {
  const startedAt = new Date();
  const machine = await describeMachine();
  const serverSourceSha256 = serverSourceHash();
  console.log(
    `${title} — ${startedAt.toISOString()}\n` +
      `machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}` +
      (machine.postgres ? `, PostgreSQL ${machine.postgres}` : '') +
      `\nserver source sha256 ${serverSourceSha256.slice(0, 12)}, load average ${machine.loadAverageAtStart.join(' ')}` +
      `\nphases: ${phases}\n`,
  );
  return { startedAt, machine, serverSourceSha256 };
}

/** Identifies the server code that was measured (the tree is not always committed). */
function serverSourceHash(): string {
  const hash = createHash('sha256');
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(`${path.relative(SERVER_SOURCE, full)}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(SERVER_SOURCE);
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Is the machine ours? (Linux: /proc)

/**
 * CPU time of the whole machine versus this process (all its threads) plus PostgreSQL's
 * processes. What is left is other work on the box: a test suite, a browser, a neighbour.
 * On 2 cores that shifts every figure, so each phase reports it and the run warns.
 */
export interface CpuSample {
  /** user + nice + system over all CPUs, in clock ticks (irq/softirq/steal left out). */
  busy: number;
  total: number;
  steal: number;
  /** This process and the postgres processes, user + system, in clock ticks. */
  ours: number;
}

export interface CpuShare {
  /** Share of the machine's capacity used by other processes, in %. */
  foreignPct: number;
  /** Share taken by the hypervisor (steal), in %. */
  stealPct: number;
}

/** undefined where /proc is not there to read (not Linux): the share is then not reported. */
export function cpuSnapshot(): CpuSample | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , , , steal = 0] = fields;
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    let ours = processTicks(`/proc/${process.pid}/stat`) ?? 0;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      const stat = `/proc/${entry}/stat`;
      let head: string;
      try {
        head = fs.readFileSync(stat, 'utf8');
      } catch {
        continue;
      }
      if (head.includes('(postgres)')) ours += processTicks(stat, head) ?? 0;
    }
    return { busy: user + nice + system, total, steal, ours };
  } catch {
    return undefined;
  }
}

function processTicks(file: string, text?: string): number | undefined {
  try {
    const content = text ?? fs.readFileSync(file, 'utf8');
    // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
    const rest = content.slice(content.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return undefined;
  }
}

export function cpuBetween(before: CpuSample | undefined, after: CpuSample | undefined): CpuShare | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  const total = after.total - before.total;
  // Processes that started or ended in between make this approximate; clamp at 0.
  const foreign = Math.max(0, after.busy - before.busy - (after.ours - before.ours));
  return { foreignPct: round((100 * foreign) / total, 1), stealPct: round((100 * (after.steal - before.steal)) / total, 1) };
}

const FOREIGN_CPU_WARN_PCT = 10;

/** Phases during which other processes took a noticeable share of the CPU; part of the JSON report. */
export const noisyPhases: string[] = [];

/** `where` names the phase in the warning, e.g. "sqlite Lunas throughput". */
export function noteIfNoisy(where: string, foreignPct: number | undefined): void {
  if (foreignPct !== undefined && foreignPct > FOREIGN_CPU_WARN_PCT) noisyPhases.push(`${where}: other processes used ${foreignPct}% of the CPU`);
}

export function warnIfNoisy(): void {
  if (noisyPhases.length > 0) console.log(`\nwarning: the machine was not quiet, these figures are noisy:\n  ${noisyPhases.join('\n  ')}`);
}
