/** The POST /sessions table for one store. */
import type { StoreKind } from '../lib/env.ts';
import type { CpuShare } from '../lib/machine.ts';
import { printTable, STORE_TITLE, verdict } from '../lib/report.ts';
import { fmt } from '../lib/stats.ts';
import type { PhaseResult } from './load.ts';
import type { TargetResult } from './run-store.ts';
import { CONNECTIONS, DURATION_S, RATE, TARGET_P99_MS, TARGET_RATIO, TARGET_START_RATIO } from './settings.ts';

export interface StoreResult {
  lunas: TargetResult;
  /** Lunas as `lunas start` runs it: API and worker in one process. */
  lunasStart: TargetResult;
  floor: TargetResult;
  /** How busy the machine was with other work during each phase. */
  cpu: Record<'throughput' | 'fixedRate', CpuShare | undefined>;
  throughputRatio: number;
  /** `lunas start` throughput over API-only throughput. */
  startRatio: number;
  targets: {
    startRatio: { target: string; value: number; pass: boolean };
    throughputRatio: { target: string; value: number; pass: boolean };
    fixedRateP99: { target: string; value: number; pass: boolean; achievedRate: number };
  };
}

export function printStore(kind: StoreKind, result: StoreResult): void {
  const { lunas, lunasStart: start, floor } = result;
  const row = (label: string, value: (t: TargetResult) => string, ratio = '', target = '', pass = ''): string[] => [label, value(lunas), value(start), value(floor), ratio, target, pass];
  printTable(`${STORE_TITLE[kind]} — POST /sessions, ${DURATION_S}s per phase`, [
    ['', 'Lunas (API)', 'lunas start', 'floor', 'ratio', 'target', ''],
    row(`throughput (${CONNECTIONS} conn) req/s`, (t) => fmt(t.throughput.requestsPerSec, 0), `${fmt(result.throughputRatio, 2)} API/floor`, `≥ ${TARGET_RATIO}`, verdict(result.targets.throughputRatio.pass)),
    ['', '', '', '', `${fmt(result.startRatio, 2)} start/API`, `≥ ${TARGET_START_RATIO}`, verdict(result.targets.startRatio.pass)],
    row('  p50 ms', (t) => fmt(t.throughput.latencyMs.p50, 2)),
    row('  p99 ms', (t) => fmt(t.throughput.latencyMs.p99, 2)),
    row('  req/s per slice', (t) => spread(t.throughput)),
    row(`fixed ${RATE} req/s: achieved req/s`, (t) => fmt(t.fixedRate.requestsPerSec, 0)),
    row('  p50 ms', (t) => fmt(t.fixedRate.latencyMs.p50, 2)),
    row('  p99 ms', (t) => fmt(t.fixedRate.latencyMs.p99, 2), '', `≤ ${TARGET_P99_MS}`, verdict(result.targets.fixedRateP99.pass)),
    row('non-2xx / errors / timeouts', counts, '', '0'),
  ]);
  if (result.cpu.throughput || result.cpu.fixedRate) {
    const share = (c: CpuShare | undefined) => (c ? `${c.foreignPct}%` : 'n/a');
    console.log(`other processes' share of the CPU: ${share(result.cpu.throughput)} during throughput, ${share(result.cpu.fixedRate)} during fixed rate`);
  }
}

/** Slowest to fastest slice, req/s: how steady the machine was. */
const spread = (phase: PhaseResult) => `${Math.min(...phase.sliceRequestsPerSec)}–${Math.max(...phase.sliceRequestsPerSec)}`;

const counts = (t: TargetResult) => {
  const phases = [t.warmup, t.throughput, t.fixedRate];
  const sum = (key: 'non2xx' | 'errors' | 'timeouts') => phases.reduce((acc, p) => acc + p[key], 0);
  return `${sum('non2xx')}/${sum('errors')}/${sum('timeouts')}`;
};
