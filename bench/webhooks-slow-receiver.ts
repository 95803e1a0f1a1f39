/**
 * Slow-receiver benchmark: how fast a fast receiver gets its webhooks while another endpoint's
 * receiver is slow, against a floor of the same Lunas with no slow receiver, for SQLite and
 * PostgreSQL, in one run.
 *
 *   node --import tsx bench/webhooks-slow-receiver.ts      (npm run bench:webhooks-slow)
 *
 * Two receivers like bench/webhooks.ts's (node:http in a worker thread, keep-alive): the fast
 * one answers 200 at once, the slow one after BENCH_SLOW_MS. For each store type, two fresh
 * Lunas (the real app, LUNAS_WEBHOOK_URL = the fast receiver), each warmed up with
 * BENCH_WARMUP_EVENTS events to the fast receiver alone, then measured like bench/webhooks.ts's
 * phase A: BENCH_EVENTS events committed into the outbox first (dispatcher stopped), then the
 * dispatcher starts; the fast receiver's deliveries/s = events / (its last receipt - start).
 *   - floor: the fast endpoint only;
 *   - slow: a second endpoint (the slow receiver) added after the warm-up, subscribed to every
 *     event too, so each event is a delivery to each endpoint.
 * The ratio slow/floor is what the slow receiver costs the fast one: near 1 when a slow
 * receiver only ever holds its own slots (LUNAS_WEBHOOK_CONCURRENCY per endpoint). "slow
 * receipts" is how many requests the slow receiver had when the fast one had them all.
 *
 * This is the timing that test/webhooks.test.ts leaves out (tests check behaviour, not time).
 * Results: a table on stdout and bench/results/webhooks-slow-receiver.json. Exit code 1 if
 * events were lost or a store failed to run.
 *
 * Settings (env): BENCH_EVENTS (default 20000), BENCH_WARMUP_EVENTS (default 1000),
 * BENCH_SLOW_MS (default 1000), BENCH_CONCURRENCY (default 16, also LUNAS_WEBHOOK_CONCURRENCY),
 * BENCH_STORES (default "sqlite,postgres"), LUNAS_TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test).
 */
import { numberEnv, STORES, type StoreKind } from './lib/env.ts';
import { loadAverage, noisyPhases, startRun, warnIfNoisy } from './lib/machine.ts';
import { printTable, resultsFile, STORE_TITLE, writeReport } from './lib/report.ts';
import { fmt, round } from './lib/stats.ts';
import { Ledger } from './webhooks/ledger.ts';
import { lunasThroughput, lunasWarmup, startLunas } from './webhooks/lunas.ts';
import { measuring, type ThroughputResult } from './webhooks/phases.ts';
import { startReceiver, type Receiver } from './webhooks/receiver.ts';
import { CONCURRENCY, EVENTS, WARMUP_EVENTS } from './webhooks/settings.ts';

const SLOW_MS = Math.round(numberEnv('BENCH_SLOW_MS', 1000));
const RESULTS_FILE = resultsFile('webhooks-slow-receiver.json');

interface Run {
  fast: ThroughputResult;
  /** Requests the slow receiver had when the fast one had every event (0 for the floor). */
  slowReceipts: number;
  lost: number;
  duplicates: number;
}

/** One fresh Lunas: warm-up to the fast receiver, then (with `slow`) the slow endpoint, then phase A. */
async function run(kind: StoreKind, fast: Receiver, slow: Receiver | undefined): Promise<Run> {
  const ledger = new Ledger();
  const counter = { next: 0 };
  const lunas = await startLunas(kind, fast.url);
  try {
    await lunasWarmup(lunas, fast, ledger, counter);
    if (slow) {
      await lunas.services.webhooks.create(lunas.businessId, { url: slow.url });
      await slow.take();
    }
    const result = await lunasThroughput(lunas, fast, ledger, counter);
    const slowReceipts = slow ? await slow.count() : 0;
    const totals = ledger.totals();
    return { fast: result, slowReceipts, lost: totals.lost, duplicates: totals.duplicates };
  } finally {
    // Stopping waits for the slow receiver's leased deliveries: a few waves of BENCH_SLOW_MS.
    await lunas.close();
    await slow?.take();
  }
}

async function main(): Promise<number> {
  const { startedAt, machine, serverSourceSha256 } = await startRun(
    'Webhook slow-receiver benchmark',
    `warm-up ${WARMUP_EVENTS}; ${EVENTS} events to a fast receiver (${CONCURRENCY} in flight per endpoint), alone (floor), then next to a receiver answering after ${SLOW_MS} ms`,
  );
  const fast = await startReceiver({ path: '/fast' });
  const slow = await startReceiver({ path: '/slow', delayMs: SLOW_MS });
  const stores: Partial<Record<StoreKind, { floor: Run; slow: Run; ratio: number }>> = {};
  const errors: string[] = [];
  try {
    for (const kind of STORES) {
      try {
        measuring(kind);
        process.stdout.write(`${kind}: floor (fast receiver only)… `);
        const floorRun = await run(kind, fast, undefined);
        process.stdout.write(`${floorRun.fast.deliveriesPerSec}/s\n${kind}: with a slow receiver (${SLOW_MS} ms)… `);
        const slowRun = await run(kind, fast, slow);
        process.stdout.write(`${slowRun.fast.deliveriesPerSec}/s\n`);
        stores[kind] = { floor: floorRun, slow: slowRun, ratio: round(slowRun.fast.deliveriesPerSec / floorRun.fast.deliveriesPerSec, 3) };
      } catch (error) {
        errors.push(`${kind}: ${(error as Error).message}`);
        console.error(`\n!!! ${kind}: ${(error as Error).stack ?? error}\n`);
      }
    }
  } finally {
    await fast.close();
    await slow.close();
  }

  for (const kind of STORES) {
    const r = stores[kind];
    if (!r) continue;
    printTable(`${STORE_TITLE[kind]} — the fast receiver's webhooks, ${CONCURRENCY} in flight per endpoint, slow receiver ${SLOW_MS} ms`, [
      ['', 'with slow', 'floor', 'slow/floor'],
      [`fast deliveries/s (${EVENTS} events)`, fmt(r.slow.fast.deliveriesPerSec, 0), fmt(r.floor.fast.deliveriesPerSec, 0), fmt(r.ratio, 2)],
      ['  seconds to last fast receipt', fmt(r.slow.fast.seconds, 2), fmt(r.floor.fast.seconds, 2), ''],
      ['  slow receipts by then', String(r.slow.slowReceipts), '', ''],
      ['events lost / duplicated', `${r.slow.lost}/${r.slow.duplicates}`, `${r.floor.lost}/${r.floor.duplicates}`, ''],
    ]);
  }
  warnIfNoisy();

  const lost = Object.values(stores).reduce((acc, r) => acc + r.floor.lost + r.slow.lost, 0);
  const report = {
    benchmark: 'webhook delivery next to a slow receiver (bench/webhooks-slow-receiver.ts)',
    date: startedAt.toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    serverSourceSha256,
    settings: { events: EVENTS, warmupEvents: WARMUP_EVENTS, concurrency: CONCURRENCY, slowMs: SLOW_MS, stores: STORES },
    stores,
    lost,
    errors,
    noisyPhases,
    ok: lost === 0 && errors.length === 0,
  };
  const written = writeReport(RESULTS_FILE, report);
  console.log(`\nresults written to ${written} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s)`);
  if (lost > 0 || errors.length > 0) {
    console.error(`\nFAILED: ${lost} event(s) lost${errors.length ? `; ${errors.length} store(s) failed to run` : ''}.`);
    return 1;
  }
  return 0;
}

// A hard bound: whatever happens, the run ends.
const watchdog = setTimeout(() => {
  console.error('\n!!! bench/webhooks-slow-receiver.ts: still running after 290 s, giving up (a PostgreSQL schema lunas_bench_* may be left behind)');
  process.exit(1);
}, 290_000);
watchdog.unref();

process.exitCode = await main();
