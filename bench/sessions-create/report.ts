/** The POST /sessions table for one store. */
import type { StoreKind } from '../lib/env.ts';
import type { CpuShare } from '../lib/machine.ts';
import { printTable, STORE_TITLE, verdict } from '../lib/report.ts';
import { fmt } from '../lib/stats.ts';
import type { PhaseResult } from './load.ts';
import type { TargetResult } from './run-store.ts';
import { CONNECTIONS, DURATION_S, RATE, TARGET_P99_MS, TARGET_RATIO } from './settings.ts';

export interface StoreResult {
  lunas: TargetResult;
  floor: TargetResult;
  /** How busy the machine was with other work during each phase. */
  cpu: Record<'throughput' | 'fixedRate', CpuShare | undefined>;
  throughputRatio: number;
  targets: {
    throughputRatio: { target: string; value: number; pass: boolean };
    fixedRateP99: { target: string; value: number; pass: boolean; achievedRate: number };
  };
}

export function printStore(kind: StoreKind, result: StoreResult): void {
  const { lunas, floor } = result;
  printTable(`${STORE_TITLE[kind]} — POST /sessions, ${DURATION_S}s per phase`, [
    ['', 'Lunas', 'floor', 'Lunas/floor', 'target', ''],
    [`throughput (${CONNECTIONS} conn) req/s`, fmt(lunas.throughput.requestsPerSec, 0), fmt(floor.throughput.requestsPerSec, 0), fmt(result.throughputRatio, 2), `≥ ${TARGET_RATIO}`, verdict(result.targets.throughputRatio.pass)],
    ['  p50 ms', fmt(lunas.throughput.latencyMs.p50, 2), fmt(floor.throughput.latencyMs.p50, 2), '', '', ''],
    ['  p99 ms', fmt(lunas.throughput.latencyMs.p99, 2), fmt(floor.throughput.latencyMs.p99, 2), '', '', ''],
    ['  req/s per slice', spread(lunas.throughput), spread(floor.throughput), '', '', ''],
    [`fixed ${RATE} req/s: achieved req/s`, fmt(lunas.fixedRate.requestsPerSec, 0), fmt(floor.fixedRate.requestsPerSec, 0), '', '', ''],
    ['  p50 ms', fmt(lunas.fixedRate.latencyMs.p50, 2), fmt(floor.fixedRate.latencyMs.p50, 2), '', '', ''],
    ['  p99 ms', fmt(lunas.fixedRate.latencyMs.p99, 2), fmt(floor.fixedRate.latencyMs.p99, 2), '', `≤ ${TARGET_P99_MS}`, verdict(result.targets.fixedRateP99.pass)],
    ['non-2xx / errors / timeouts', counts(lunas), counts(floor), '', '0', ''],
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
