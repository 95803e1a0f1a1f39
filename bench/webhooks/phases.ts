/** What a phase reports, and the pacing and CPU accounting both targets' phases share. */
import type { StoreKind } from '../lib/env.ts';
import { cpuBetween, noteIfNoisy, type CpuSample } from '../lib/machine.ts';
import { round, summarize, type LatencySummary } from '../lib/stats.ts';
import type { Taken } from './receiver.ts';
import { nowMs, RATE, sleep, TICK_MS, TICKS } from './settings.ts';

export interface LatencyMs extends LatencySummary {
  samples: number;
}

function latencySummary(samples: number[]): LatencyMs {
  return { samples: samples.length, ...summarize(samples) };
}

export interface ThroughputResult {
  events: number;
  /** Start (dispatcher start / first send) to the last receipt, s. */
  seconds: number;
  deliveriesPerSec: number;
  /** Lunas: start to every delivery recorded DELIVERED, s. */
  recordedSeconds?: number;
  /** Lunas: committing the events beforehand (not part of the figure), events/s. */
  commitPerSec?: number;
  complete: boolean;
  connections: number;
  receiverMaxInFlight: number;
  avgBodyBytes: number;
  processCpuPct: number;
  foreignCpuPct?: number;
  errors?: number;
}

export interface LatencyResult {
  rate: number;
  seconds: number;
  events: number;
  /** Events committed (or sent) per second, over the pacing window. */
  achievedRate: number;
  latencyMs: LatencyMs;
  complete: boolean;
  connections: number;
  receiverMaxInFlight: number;
  processCpuPct: number;
  foreignCpuPct?: number;
  errors?: number;
}

/**
 * A throughput phase's figures from what it measured. recordedSeconds and commitPerSec are
 * Lunas's alone; left undefined for the floor, they do not appear in the JSON.
 */
export function throughputResult(m: {
  events: number;
  seconds: number;
  recordedSeconds?: number | undefined;
  commitPerSec?: number;
  complete: boolean;
  taken: Taken;
  processCpuPct: number;
  foreignCpuPct: number | undefined;
}): ThroughputResult {
  return {
    events: m.events,
    seconds: round(m.seconds, 3),
    deliveriesPerSec: round(m.events / m.seconds, 0),
    recordedSeconds: m.recordedSeconds,
    commitPerSec: m.commitPerSec,
    complete: m.complete,
    connections: m.taken.connections,
    receiverMaxInFlight: m.taken.maxInFlight,
    avgBodyBytes: round(m.taken.bytes / Math.max(1, m.taken.ids.length), 0),
    processCpuPct: m.processCpuPct,
    foreignCpuPct: m.foreignCpuPct,
  };
}

/** A latency phase's figures from what it measured (the floor adds its send errors). */
export function latencyResult(m: { seconds: number; events: number; latencies: number[]; complete: boolean; taken: Taken; processCpuPct: number; foreignCpuPct: number | undefined }): LatencyResult {
  return {
    rate: RATE,
    seconds: round(m.seconds, 2),
    events: m.events,
    achievedRate: round(m.events / m.seconds, 0),
    latencyMs: latencySummary(m.latencies),
    complete: m.complete,
    connections: m.taken.connections,
    receiverMaxInFlight: m.taken.maxInFlight,
    processCpuPct: m.processCpuPct,
    foreignCpuPct: m.foreignCpuPct,
  };
}

/** Paces TICKS ticks at TICK_MS; `tick` does the work of one tick. */
export async function paced(tick: (k: number) => Promise<void> | void): Promise<{ seconds: number }> {
  const started = nowMs();
  for (let k = 0; k < TICKS; k++) {
    await sleep(started + k * TICK_MS - nowMs());
    await tick(k);
  }
  return { seconds: (nowMs() - started) / 1000 };
}

/** Share of the machine used by processes other than this one and PostgreSQL, in %. */
export function foreignCpuPct(before: CpuSample | undefined, after: CpuSample | undefined): number | undefined {
  const share = cpuBetween(before, after);
  // Processes that start or end in between make this approximate: clamped to 100 too.
  return share && Math.min(100, share.foreignPct);
}

/** This process's CPU time over a phase, as % of one core (main thread + receiver thread). */
export function processCpuPct(before: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(before);
  return round((100 * (used.user + used.system)) / 1000 / wallMs, 0);
}

/** The store being measured, so the phases need not pass it down just for the noisy-phase notes. */
let currentStore: StoreKind | undefined;
export const measuring = (kind: StoreKind) => void (currentStore = kind);
export const noisy = (phase: string, pct: number | undefined) => noteIfNoisy(`${currentStore} ${phase}`, pct);
