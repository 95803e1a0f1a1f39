/** One store: both targets up, a sanity request each, then warm-up, throughput and fixed rate. */
import type { StoreKind } from '../lib/env.ts';
import { cpuBetween, cpuSnapshot, noteIfNoisy, type CpuShare } from '../lib/machine.ts';
import { pool, runLoad, type PhaseResult, type Slice } from './load.ts';
import { BODY, CONNECTIONS, DURATION_S, RATE, SLICES, TARGET_NAMES, WARMUP_S, type TargetName } from './settings.ts';
import { startFloor, startLunas, type Running } from './targets.ts';

export interface TargetResult {
  sample: { status: number; bytes: number };
  warmup: PhaseResult;
  throughput: PhaseResult;
  fixedRate: PhaseResult;
}

let failures = 0;

/**
 * Problems that make the run fail (exit code 1): bad answers in a phase, or a store that did
 * not run. Counted as they happen, so the ones before a store gave up still count.
 */
export const failureCount = () => failures;
export const countFailure = () => void failures++;

function checkPhase(label: string, phase: PhaseResult): void {
  if (phase.non2xx === 0 && phase.errors === 0 && phase.timeouts === 0) return;
  failures++;
  console.error(
    `\n!!! ${label}: ${phase.non2xx} non-2xx, ${phase.errors} connection errors, ${phase.timeouts} timeouts ` +
      `(status codes: ${JSON.stringify(phase.statusCodes)})\n`,
  );
}

async function post(running: Running): Promise<{ status: number; text: string }> {
  const response = await fetch(running.url, { method: 'POST', headers: { ...running.headers, 'content-type': 'application/json' }, body: BODY });
  return { status: response.status, text: await response.text() };
}

/** One request first: it must be a 201 with a session id, or the numbers mean nothing. */
async function sanity(label: string, running: Running): Promise<TargetResult['sample']> {
  const { status, text } = await post(running);
  let id: string | undefined;
  try {
    id = (JSON.parse(text) as { payment_session_id?: string }).payment_session_id;
  } catch {
    id = undefined;
  }
  if (status !== 201 || !/^ps-[0-9a-f]{24}$/.test(id ?? '')) throw new Error(`${label}: sanity request answered ${status}: ${text.slice(0, 500)}`);
  return { status, bytes: Buffer.byteLength(text) };
}

/**
 * The targets of a store run side by side (an idle server costs nothing), and each phase is
 * cut into BENCH_SLICES slices that alternate between them (L F F L L F …). A disk or a
 * neighbour that is slow for a few seconds then hurts both alike instead of whichever
 * happened to run at that moment; on a small shared VM that matters more than anything else.
 */
export async function benchStore(kind: StoreKind): Promise<Record<TargetName, TargetResult> & { cpu: Record<'throughput' | 'fixedRate', CpuShare | undefined> }> {
  const running: Partial<Record<TargetName, Running>> = {};
  try {
    running.lunas = await startLunas(kind);
    running.lunasStart = await startLunas(kind, true);
    running.floor = await startFloor(kind);
    const targets = running as Record<TargetName, Running>;
    const samples = { lunas: await sanity(`${kind}/lunas`, targets.lunas), lunasStart: await sanity(`${kind}/lunasStart`, targets.lunasStart), floor: await sanity(`${kind}/floor`, targets.floor) };

    const phase = async (label: string, durationS: number, overallRate: number | undefined, slices: number) => {
      const collected: Record<TargetName, Slice[]> = { lunas: [], lunasStart: [], floor: [] };
      const cpuBefore = cpuSnapshot();
      const sliceS = durationS / slices;
      process.stdout.write(`${kind}: ${label} `);
      for (let i = 0; i < slices; i++) {
        const order: TargetName[] = i % 2 === 0 ? TARGET_NAMES : [...TARGET_NAMES].reverse();
        for (const name of order) {
          collected[name].push(await runLoad({ url: targets[name].url, headers: targets[name].headers, connections: CONNECTIONS, durationS: sliceS, overallRate }));
          process.stdout.write({ lunas: 'L', lunasStart: 'S', floor: 'F' }[name]);
        }
      }
      const cpu = cpuBetween(cpuBefore, cpuSnapshot());
      const result = { lunas: pool(collected.lunas, CONNECTIONS, overallRate), lunasStart: pool(collected.lunasStart, CONNECTIONS, overallRate), floor: pool(collected.floor, CONNECTIONS, overallRate), cpu };
      for (const name of TARGET_NAMES) checkPhase(`${kind}/${name} ${label}`, result[name]);
      process.stdout.write(
        `  Lunas ${result.lunas.requestsPerSec} req/s p99 ${result.lunas.latencyMs.p99} ms, lunas start ${result.lunasStart.requestsPerSec} req/s p99 ${result.lunasStart.latencyMs.p99} ms, floor ${result.floor.requestsPerSec} req/s p99 ${result.floor.latencyMs.p99} ms` +
          (cpu ? `; other processes ${cpu.foreignPct}% CPU` : '') +
          '\n',
      );
      noteIfNoisy(`${kind} ${label}`, cpu?.foreignPct);
      return result;
    };

    const warmup = await phase(`warm-up ${WARMUP_S}s`, WARMUP_S, undefined, 2);
    const throughput = await phase(`throughput ${CONNECTIONS} conn ${DURATION_S}s`, DURATION_S, undefined, SLICES);
    const fixedRate = await phase(`fixed ${RATE} req/s ${DURATION_S}s`, DURATION_S, RATE, SLICES);

    for (const name of TARGET_NAMES) {
      if (warmup[name].non2xx + throughput[name].non2xx + fixedRate[name].non2xx > 0) {
        // Show what the server says, so a failing run explains itself.
        const again = await post(targets[name]);
        console.error(`!!! ${kind}/${name}: a fresh request now answers ${again.status}: ${again.text.slice(0, 500)}`);
      }
    }
    const result = (name: TargetName): TargetResult => ({ sample: samples[name], warmup: warmup[name], throughput: throughput[name], fixedRate: fixedRate[name] });
    return { lunas: result('lunas'), lunasStart: result('lunasStart'), floor: result('floor'), cpu: { throughput: throughput.cpu, fixedRate: fixedRate.cpu } };
  } finally {
    // autocannon drops its sockets when a phase ends; requests already inside a server still
    // run to completion. Let them finish before the stores close under them.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await running.lunas?.close();
    await running.lunasStart?.close();
    await running.floor?.close();
  }
}
