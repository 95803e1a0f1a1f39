/**
 * POST /sessions benchmark: Lunas against a bare "floor" on the same store, for SQLite and
 * PostgreSQL, in one run.
 *
 *   node --import tsx bench/sessions-create.ts        (or: npm run bench)
 *
 * For each store type it starts, on 127.0.0.1 and on fresh stores of their own:
 *   - Lunas: the real app (buildApp) on a fresh store, driven with the founding payload, API only;
 *   - lunas start: the same, with the worker and the webhook dispatcher running in the same
 *     process as `lunas start` runs them by default; its throughput over API-only's is the
 *     worker's cost to the API (target ≥ 0.95);
 *   - the floor: a bare Fastify app whose POST /sessions parses JSON, inserts the same
 *     sessions row into the same schema (openStore, same migrations) and answers 201 with
 *     JSON. No auth, no validation, no customer lookup, no transaction, no view. Its row is
 *     copied from one session the real app created on the floor's store during setup, so it
 *     has exactly Lunas's columns and valid foreign keys (business, customer, sdk keys).
 * Each target gets a warm-up, then two measured phases:
 *   (a) throughput: BENCH_CONNECTIONS connections as fast as they go for BENCH_DURATION s;
 *   (b) fixed rate: autocannon `overallRate` BENCH_RATE req/s for BENCH_DURATION s.
 * Both targets of a store are up together and every phase is run in BENCH_SLICES slices that
 * alternate Lunas / lunas start / floor, so slow moments of a shared machine fall on both (see benchStore).
 *
 * The load generator (autocannon) runs in a worker thread, so it has its own event loop and
 * does not steal the server's. Latencies are every 2xx response's time as autocannon measured
 * it (write of the request to end of the response), in ms with µs resolution; percentiles are
 * computed here from all samples (autocannon's own histogram rounds to whole ms).
 *
 * Results: a table per store on stdout and bench/results/sessions-create.json.
 * Exit code: 0 even when a target is missed (this is a measurement); 1 if any request got a
 * non-2xx answer, a connection error or a timeout, or if a target failed to start.
 *
 * Settings (env): BENCH_DURATION (s per phase per target, default 8), BENCH_WARMUP (s per
 * target, default 2), BENCH_SLICES (default 4), BENCH_CONNECTIONS (default 10), BENCH_RATE
 * (req/s, default 500), BENCH_STORES (default "sqlite,postgres"), LUNAS_TEST_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test).
 *
 * The parts: sessions-create/settings.ts (the env above, the payload, the targets),
 * sessions-create/load.ts (autocannon), sessions-create/targets.ts (Lunas and the floor),
 * sessions-create/run-store.ts (the phases), sessions-create/report.ts (the table); what it
 * shares with bench/webhooks.ts is in bench/lib.
 */
import { STORES, type StoreKind } from './lib/env.ts';
import { loadAverage, noisyPhases, startRun, warnIfNoisy } from './lib/machine.ts';
import { resultsFile, writeReport } from './lib/report.ts';
import { round } from './lib/stats.ts';
import { printStore, type StoreResult } from './sessions-create/report.ts';
import { benchStore, countFailure, failureCount } from './sessions-create/run-store.ts';
import { CONNECTIONS, DURATION_S, RATE, SLICES, TARGET_P99_MS, TARGET_RATIO, TARGET_START_RATIO, WARMUP_S } from './sessions-create/settings.ts';

const RESULTS_FILE = resultsFile('sessions-create.json');

async function main(): Promise<void> {
  const { startedAt, machine, serverSourceSha256 } = await startRun(
    'POST /sessions benchmark',
    `warm-up ${WARMUP_S}s, throughput ${CONNECTIONS} connections × ${DURATION_S}s, fixed rate ${RATE} req/s × ${DURATION_S}s in ${SLICES} slices alternating Lunas/floor (autocannon in a worker thread)`,
  );
  if (machine.loadAverageAtStart[0]! > 1) {
    console.log(`note: 1-minute load average is ${machine.loadAverageAtStart[0]} before the run; if that is not a previous run, something else is using the machine and the figures will be noisy.\n`);
  }

  const stores: Partial<Record<StoreKind, StoreResult>> = {};
  const startErrors: string[] = [];
  for (const kind of STORES) {
    try {
      const { lunas, lunasStart, floor, cpu } = await benchStore(kind);
      const throughputRatio = round(lunas.throughput.requestsPerSec / floor.throughput.requestsPerSec, 3);
      const startRatio = round(lunasStart.throughput.requestsPerSec / lunas.throughput.requestsPerSec, 3);
      const p99 = lunas.fixedRate.latencyMs.p99;
      // The rate target only counts if the rate was actually delivered (within 2%).
      const achieved = lunas.fixedRate.requestsPerSec;
      stores[kind] = {
        lunas,
        lunasStart,
        floor,
        cpu,
        throughputRatio,
        startRatio,
        targets: {
          startRatio: { target: `>= ${TARGET_START_RATIO}`, value: startRatio, pass: startRatio >= TARGET_START_RATIO },
          throughputRatio: { target: `>= ${TARGET_RATIO}`, value: throughputRatio, pass: throughputRatio >= TARGET_RATIO },
          fixedRateP99: { target: `<= ${TARGET_P99_MS} ms at ${RATE} req/s`, value: p99, pass: p99 <= TARGET_P99_MS && achieved >= RATE * 0.98, achievedRate: achieved },
        },
      };
    } catch (error) {
      countFailure();
      startErrors.push(`${kind}: ${(error as Error).message}`);
      console.error(`\n!!! ${kind}: ${(error as Error).stack ?? error}\n`);
    }
  }

  for (const kind of STORES) if (stores[kind]) printStore(kind, stores[kind]!);
  warnIfNoisy();

  const failures = failureCount();
  const report = {
    benchmark: 'POST /sessions (founding payload)',
    date: startedAt.toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    serverSourceSha256,
    settings: { durationS: DURATION_S, warmupS: WARMUP_S, slices: SLICES, connections: CONNECTIONS, fixedRate: RATE, stores: STORES },
    targets: { throughputRatio: TARGET_RATIO, startRatio: TARGET_START_RATIO, fixedRateP99Ms: TARGET_P99_MS },
    stores,
    errors: startErrors,
    noisyPhases,
    ok: failures === 0,
  };
  console.log(`\nresults written to ${writeReport(RESULTS_FILE, report)}`);
  if (failures > 0) {
    console.error(`\nFAILED: ${failures} problem(s) above (non-2xx answers, connection errors, timeouts or a target that did not start).`);
    process.exitCode = 1;
  }
}

await main();
