/** The webhook delivery table for one store, and what Lunas's store held afterwards. */
import type { StoreKind } from '../lib/env.ts';
import { printTable, STORE_TITLE, verdict } from '../lib/report.ts';
import { fmt } from '../lib/stats.ts';
import type { StoreResult } from './run-store.ts';
import { CONCURRENCY, EVENTS, RATE, TARGET_DELIVERIES_PER_S, TARGET_FLOOR_RATIO, TARGET_P99_MS } from './settings.ts';

export function printStore(kind: StoreKind, r: StoreResult): void {
  const { lunas, floor } = r;
  printTable(`${STORE_TITLE[kind]} — webhook delivery, ${CONCURRENCY} in flight per endpoint, ~${lunas.throughput.avgBodyBytes} B bodies`, [
    ['', 'Lunas', 'floor', 'Lunas/floor', 'target', ''],
    [`deliveries/s (${EVENTS} events)`, fmt(lunas.throughput.deliveriesPerSec, 0), fmt(floor.throughput.deliveriesPerSec, 0), '', `≥ ${TARGET_DELIVERIES_PER_S}`, verdict(r.targets.deliveriesPerSec.pass)],
    ['  Lunas/floor', '', '', fmt(r.throughputRatio, 2), `≥ ${TARGET_FLOOR_RATIO}`, verdict(r.targets.floorRatio.pass)],
    ['  seconds to last receipt', fmt(lunas.throughput.seconds, 2), fmt(floor.throughput.seconds, 2), '', '', ''],
    ['  seconds to all recorded', fmt(lunas.throughput.recordedSeconds, 2), '', '', '', ''],
    ['  connections used', String(lunas.throughput.connections), String(floor.throughput.connections), '', '', ''],
    ['  this process CPU % of a core', fmt(lunas.throughput.processCpuPct, 0), fmt(floor.throughput.processCpuPct, 0), '', '', ''],
    [`latency at ${RATE} events/s: achieved/s`, fmt(lunas.latency.achievedRate, 0), fmt(floor.latency.achievedRate, 0), '', '', ''],
    ['  p50 ms', fmt(lunas.latency.latencyMs.p50, 2), fmt(floor.latency.latencyMs.p50, 2), '', '', ''],
    ['  p90 ms', fmt(lunas.latency.latencyMs.p90, 2), fmt(floor.latency.latencyMs.p90, 2), '', '', ''],
    ['  p99 ms', fmt(lunas.latency.latencyMs.p99, 2), fmt(floor.latency.latencyMs.p99, 2), '', `≤ ${TARGET_P99_MS}`, verdict(r.targets.latencyP99.pass)],
    ['  max ms', fmt(lunas.latency.latencyMs.max, 2), fmt(floor.latency.latencyMs.max, 2), '', '', ''],
    ['  connections used', String(lunas.latency.connections), String(floor.latency.connections), '', '', ''],
    ['events lost / duplicated', `${lunas.events.lost}/${lunas.events.duplicates}`, `${floor.events.lost}/${floor.events.duplicates}`, '', '0/0', lunas.events.lost + floor.events.lost > 0 ? 'LOST' : ''],
  ]);
  const d = lunas.rows.deliveries;
  console.log(
    `Lunas store after stop: ${lunas.rows.events} events (${lunas.rows.notFannedOut} not fanned out), deliveries ${JSON.stringify(d)}, ${lunas.rows.attempts} attempts; ` +
      `committed at ${lunas.throughput.commitPerSec} events/s before phase A; floor send errors ${(floor.throughput.errors ?? 0) + (floor.latency.errors ?? 0)}; Lunas throughput runs ${lunas.throughputRuns.join(' and ')}/s, floor ${floor.throughputRuns.join(' and ')}/s (the faster of each counts)`,
  );
}
