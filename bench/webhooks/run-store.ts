/**
 * One store. Order: warm-up, floor A, Lunas A, floor A again, Lunas A again (of each side's two
 * runs the faster counts), Lunas B, floor B,
 * with the dispatcher stopped while the floor runs.
 */
import type { StoreKind } from '../lib/env.ts';
import { round } from '../lib/stats.ts';
import { floorLatency, floorThroughput, startFloor } from './floor.ts';
import { Ledger } from './ledger.ts';
import { lunasLatency, lunasRows, lunasThroughput, lunasWarmup, startLunas } from './lunas.ts';
import type { LatencyResult, ThroughputResult } from './phases.ts';
import type { Receiver } from './receiver.ts';
import { CONCURRENCY, EVENTS, LATENCY_S, RATE, sleep, TARGET_DELIVERIES_PER_S, TARGET_FLOOR_RATIO, TARGET_P99_MS, WARMUP_EVENTS } from './settings.ts';

export interface StoreResult {
  lunas: { throughput: ThroughputResult; throughputRuns: number[]; latency: LatencyResult; rows: Awaited<ReturnType<typeof lunasRows>>; events: ReturnType<Ledger['totals']> };
  floor: { throughput: ThroughputResult; throughputRuns: number[]; latency: LatencyResult; events: ReturnType<Ledger['totals']> };
  throughputRatio: number;
  targets: {
    deliveriesPerSec: { target: string; value: number; pass: boolean };
    floorRatio: { target: string; value: number; pass: boolean };
    latencyP99: { target: string; value: number; pass: boolean; achievedRate: number };
  };
}

export async function benchStore(kind: StoreKind, receiver: Receiver): Promise<StoreResult> {
  const lunasLedger = new Ledger();
  const floorLedger = new Ledger();
  lunasLedger.peers = [floorLedger];
  floorLedger.peers = [lunasLedger];
  const counter = { next: 0 };
  const lunas = await startLunas(kind, receiver.url);
  const floor = startFloor(receiver.url, lunas.businessId);
  try {
    const step = (text: string) => process.stdout.write(`${kind}: ${text}`);
    step('warm-up… ');
    await lunasWarmup(lunas, receiver, lunasLedger, counter);
    if (WARMUP_EVENTS > 0) await floorThroughput(floor, receiver, floorLedger, WARMUP_EVENTS, counter, lunas.businessId, false);
    process.stdout.write('done\n');

    step(`floor throughput (${EVENTS} POSTs, ${CONCURRENCY} in flight)… `);
    const floorA1 = await floorThroughput(floor, receiver, floorLedger, EVENTS, counter, lunas.businessId, true);
    process.stdout.write(`${floorA1.deliveriesPerSec}/s\n`);

    step(`Lunas throughput (${EVENTS} events committed first)… `);
    const lunasA1 = await lunasThroughput(lunas, receiver, lunasLedger, counter);
    process.stdout.write(`${lunasA1.deliveriesPerSec}/s (committed at ${lunasA1.commitPerSec}/s beforehand)\n`);

    // Each side's throughput phase twice, alternating, with the dispatcher stopped while the
    // floor runs; of each side's two runs the faster counts. A floor run slowed by the machine
    // cannot flatter the ratio, nor a Lunas run slowed by it sink it: the same estimate for both.
    await lunas.services.dispatcher.stop();
    step('floor throughput again… ');
    const floorA2 = await floorThroughput(floor, receiver, floorLedger, EVENTS, counter, lunas.businessId, true);
    process.stdout.write(`${floorA2.deliveriesPerSec}/s\n`);
    step(`Lunas throughput again (${EVENTS} more events)… `);
    const lunasA2 = await lunasThroughput(lunas, receiver, lunasLedger, counter, 'throughput-again');
    process.stdout.write(`${lunasA2.deliveriesPerSec}/s (committed at ${lunasA2.commitPerSec}/s beforehand)\n`);
    const floorA = floorA2.deliveriesPerSec > floorA1.deliveriesPerSec ? floorA2 : floorA1;
    const lunasA = lunasA2.deliveriesPerSec > lunasA1.deliveriesPerSec ? lunasA2 : lunasA1;

    step(`Lunas latency (${RATE}/s for ${LATENCY_S}s)… `);
    const lunasB = await lunasLatency(lunas, receiver, lunasLedger, counter);
    process.stdout.write(`p50 ${lunasB.latencyMs.p50} ms, p99 ${lunasB.latencyMs.p99} ms\n`);
    await lunas.services.dispatcher.stop();

    step(`floor latency (${RATE}/s for ${LATENCY_S}s)… `);
    const floorB = await floorLatency(floor, receiver, floorLedger, counter, lunas.businessId);
    process.stdout.write(`p50 ${floorB.latencyMs.p50} ms, p99 ${floorB.latencyMs.p99} ms\n`);

    // Stragglers (a duplicate would show up here).
    await sleep(200);
    lunasLedger.file(await receiver.take());
    const rows = await lunasRows(lunas);

    const throughputRatio = round(lunasA.deliveriesPerSec / floorA.deliveriesPerSec, 3);
    const p99 = lunasB.latencyMs.p99;
    return {
      lunas: { throughput: lunasA, throughputRuns: [lunasA1.deliveriesPerSec, lunasA2.deliveriesPerSec], latency: lunasB, rows, events: lunasLedger.totals() },
      floor: { throughput: floorA, throughputRuns: [floorA1.deliveriesPerSec, floorA2.deliveriesPerSec], latency: floorB, events: floorLedger.totals() },
      throughputRatio,
      targets: {
        deliveriesPerSec: { target: `>= ${TARGET_DELIVERIES_PER_S}`, value: lunasA.deliveriesPerSec, pass: lunasA1.complete && lunasA2.complete && lunasA.deliveriesPerSec >= TARGET_DELIVERIES_PER_S },
        floorRatio: { target: `>= ${TARGET_FLOOR_RATIO}`, value: throughputRatio, pass: lunasA1.complete && lunasA2.complete && throughputRatio >= TARGET_FLOOR_RATIO },
        // The latency target only counts if the rate was actually offered (within 2%) and everything arrived.
        latencyP99: { target: `<= ${TARGET_P99_MS} ms at ${RATE} events/s`, value: p99, pass: lunasB.complete && p99 <= TARGET_P99_MS && lunasB.achievedRate >= RATE * 0.98, achievedRate: lunasB.achievedRate },
      },
    };
  } finally {
    await floor.close().catch(() => {});
    await lunas.close();
  }
}
