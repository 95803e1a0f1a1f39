/**
 * How much of the machine other work took during the run. bench/lib's cpuSnapshot counts this
 * process (and PostgreSQL) as ours; here Lunas and Chromium are child processes, and Chromium
 * starts and ends a renderer per browser context. So "ours" is this process's whole tree, each
 * process with its reaped children's time (cutime/cstime): a renderer that ended moves its
 * ticks into its parent's, instead of looking like foreign work.
 */
import fs from 'node:fs';
import { cpuSnapshot } from '../lib/machine.ts';
import { round } from '../lib/stats.ts';

interface Sample {
  busy: number;
  total: number;
  ours: number;
}

/** pid → [ppid, utime + stime + cutime + cstime] for every readable process. */
function processTable(): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after "(comm)": ppid is field 4; utime, stime, cutime, cstime are fields 14–17.
      const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), [Number(rest[1]), Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])]);
    } catch {
      // the process ended while we looked
    }
  }
  return table;
}

function treeTicks(root: number): number {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, [ppid]] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    ticks += table.get(pid)?.[1] ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

/** undefined where /proc is not there to read (not Linux): the share is then not reported. */
export function cpuSample(): Sample | undefined {
  const machine = cpuSnapshot();
  if (!machine) return undefined;
  return { busy: machine.busy, total: machine.total, ours: treeTicks(process.pid) };
}

/** Share of the machine's capacity (all cores) used by processes outside this run's tree, in %. */
export function foreignCpuPct(before: Sample | undefined, after: Sample | undefined): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  // Processes that ended unreaped or started elsewhere make this approximate; clamp at 0.
  const foreign = Math.max(0, after.busy - before.busy - (after.ours - before.ours));
  return round((100 * foreign) / (after.total - before.total), 1);
}
