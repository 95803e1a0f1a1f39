/**
 * Webhook delivery benchmark: Lunas's dispatcher against a bare undici "floor", for SQLite
 * and PostgreSQL, in one run.
 *
 *   node --import tsx bench/webhooks.ts
 *
 * A receiver (node:http on 127.0.0.1, keep-alive, in a worker thread so it has its own event
 * loop) answers 200 at once and records, per request, the time the request had fully arrived
 * and its `webhook-id`. Times on both sides are process.hrtime (one monotonic clock shared by
 * every thread of the process), in ms.
 *
 * For each store type, on a fresh store (SQLite: temp data dir; PostgreSQL: a fresh schema,
 * dropped at the end):
 *   - Lunas: the real app (buildApp + bootstrapStore, LUNAS_WEBHOOK_URL = the receiver), with
 *     events committed straight into the outbox with recordEvent, `payment_session.completed`
 *     with a ~1 KB session object, one subject (session) per event;
 *   - the floor: the same number of POSTs of the same bodies (Lunas's envelope and Standard
 *     Webhooks signature, computed per send as Lunas does) to the same receiver, sent by a bare
 *     undici Pool with BENCH_CONCURRENCY connections (16, Lunas's per-endpoint default). No
 *     store: no outbox read, no fan-out, no lease, no recorded attempt.
 * Phases (warm-up of BENCH_WARMUP_EVENTS first for both, not measured):
 *   A. throughput: Lunas gets all BENCH_EVENTS events committed first (batches of 100 per
 *      transaction, dispatcher stopped), then the dispatcher starts; deliveries/s = events /
 *      (last receipt - start). The floor: BENCH_EVENTS sends, BENCH_CONCURRENCY in flight.
 *   B. latency: BENCH_RATE events/s for BENCH_LATENCY_S s, paced in ticks of BENCH_TICK_MS
 *      (one transaction per tick, followed by dispatcher.kick() as the API's onSend hook
 *      does after a request that recorded events; BENCH_KICK=0 leaves Lunas to its idle poll). Lunas: receipt -
 *      commit (the moment the committing transaction returned); floor: receipt - send start.
 * Order per store: floor A, Lunas A, floor A again, Lunas A again, Lunas B, floor B, with the
 * dispatcher stopped while the floor runs. Each side's throughput is the faster of its two
 * runs: on a shared machine one run can be slowed by a third, and a slow floor run would
 * flatter Lunas's ratio as a slow Lunas run would sink it. Lunas's commit time is read on the event loop it
 * shares with the dispatcher, so a busy loop makes it late: its latency errs on the low side.
 * "connections used" is how many distinct connections the receiver saw in a phase: the
 * floor's Pool never opens more than BENCH_CONCURRENCY; Lunas's figure shows what its
 * per-endpoint limit allows in practice.
 *
 * Every event must be received exactly once: missing ones are "lost" (exit code 1), extra
 * receipts are reported as duplicates. After Lunas stops, its delivery rows and attempts are
 * checked too (every delivery DELIVERED, one attempt each).
 *
 * Results: a table per store on stdout and bench/results/webhooks.json. Exit code 0 even when
 * a target is missed (this is a measurement); 1 if events were lost or a store failed to run.
 *
 * Settings (env): BENCH_EVENTS (default 20000), BENCH_RATE (events/s, default 500),
 * BENCH_LATENCY_S (default 10), BENCH_TICK_MS (default 20), BENCH_WARMUP_EVENTS (default
 * 1000), BENCH_CONCURRENCY (default 16, also LUNAS_WEBHOOK_CONCURRENCY), BENCH_KICK (default
 * 1), BENCH_STORES (default "sqlite,postgres"), LUNAS_TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test), BENCH_PROFILE (a directory: a CPU profile of each
 * of Lunas's measured phases, webhooks/profile.ts; summarise one with
 * webhooks/profile-summary.ts).
 *
 * The parts: webhooks/settings.ts (the env above, the targets), webhooks/receiver.ts,
 * webhooks/events.ts (the payloads), webhooks/ledger.ts (who arrived when),
 * webhooks/lunas.ts and webhooks/floor.ts (each target's phases), webhooks/phases.ts (what a
 * phase reports), webhooks/run-store.ts (the order), webhooks/report.ts (the table); what it
 * shares with bench/sessions-create.ts is in bench/lib.
 */
import { STORES, type StoreKind } from './lib/env.ts';
import { loadAverage, noisyPhases, startRun, warnIfNoisy } from './lib/machine.ts';
import { resultsFile, writeReport } from './lib/report.ts';
import { measuring } from './webhooks/phases.ts';
import { startReceiver } from './webhooks/receiver.ts';
import { printStore } from './webhooks/report.ts';
import { benchStore, type StoreResult } from './webhooks/run-store.ts';
import {
  COMMIT_BATCH,
  CONCURRENCY,
  EVENTS,
  KICK,
  LATENCY_S,
  PER_TICK,
  RATE,
  TARGET_DELIVERIES_PER_S,
  TARGET_FLOOR_RATIO,
  TARGET_P99_MS,
  TICK_MS,
  WARMUP_EVENTS,
} from './webhooks/settings.ts';

const RESULTS_FILE = resultsFile('webhooks.json');

async function main(): Promise<number> {
  const { startedAt, machine, serverSourceSha256 } = await startRun(
    'Webhook delivery benchmark',
    `warm-up ${WARMUP_EVENTS}; throughput ${EVENTS} events (${CONCURRENCY} in flight per endpoint); latency ${PER_TICK} events every ${TICK_MS} ms (${RATE}/s) for ${LATENCY_S}s` +
      `${KICK ? ', dispatcher kicked after each commit' : ', no kick (idle poll only)'}`,
  );

  const receiver = await startReceiver();
  const stores: Partial<Record<StoreKind, StoreResult>> = {};
  const errors: string[] = [];
  try {
    for (const kind of STORES) {
      try {
        measuring(kind);
        stores[kind] = await benchStore(kind, receiver);
      } catch (error) {
        errors.push(`${kind}: ${(error as Error).message}`);
        console.error(`\n!!! ${kind}: ${(error as Error).stack ?? error}\n`);
      }
    }
  } finally {
    await receiver.close();
  }

  for (const kind of STORES) if (stores[kind]) printStore(kind, stores[kind]!);
  warnIfNoisy();

  const lost = Object.values(stores).reduce((acc, r) => acc + r.lunas.events.lost + r.floor.events.lost, 0);
  const duplicates = Object.values(stores).reduce((acc, r) => acc + r.lunas.events.duplicates + r.floor.events.duplicates, 0);
  const report = {
    benchmark: 'webhook delivery (bench/webhooks.ts)',
    date: startedAt.toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    serverSourceSha256,
    settings: { events: EVENTS, warmupEvents: WARMUP_EVENTS, concurrency: CONCURRENCY, rate: RATE, latencySeconds: LATENCY_S, tickMs: TICK_MS, perTick: PER_TICK, commitBatch: COMMIT_BATCH, kick: KICK, stores: STORES },
    targets: { deliveriesPerSec: TARGET_DELIVERIES_PER_S, floorRatio: TARGET_FLOOR_RATIO, latencyP99Ms: TARGET_P99_MS },
    stores,
    lost,
    duplicates,
    errors,
    noisyPhases,
    ok: lost === 0 && errors.length === 0,
  };
  const written = writeReport(RESULTS_FILE, report);
  console.log(`\nresults written to ${written} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s)`);
  if (duplicates > 0) console.log(`\nnote: ${duplicates} event(s) were received more than once.`);
  if (lost > 0 || errors.length > 0) {
    console.error(`\nFAILED: ${lost} event(s) lost${errors.length ? `; ${errors.length} store(s) failed to run` : ''}.`);
    return 1;
  }
  return 0;
}

// A hard bound: whatever happens, the run ends.
const watchdog = setTimeout(() => {
  console.error('\n!!! bench/webhooks.ts: still running after 290 s, giving up (a PostgreSQL schema lunas_bench_* may be left behind)');
  process.exit(1);
}, 290_000);
watchdog.unref();

process.exitCode = await main();
