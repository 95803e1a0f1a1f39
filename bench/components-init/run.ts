/**
 * Components init benchmark: how long a merchant's checkout page takes from page load to the
 * @lunas/components `init` event, against a local Lunas, next to a floor measured the same way.
 *
 *   npm run bench:components
 *   node --import tsx bench/components-init/run.ts          # the same
 *
 * Lunas runs as a real process (`lunas start`, SQLite in a temp dir, the benchmarks' test key),
 * a merchant site (node:http on 127.0.0.1, its origin in every session's
 * `components_configuration.origins`) serves two pages, and Chromium loads them (pages.ts):
 *   - the SDK page loads /sdk/lunas-components.umd.js (BENCH_BUILD=esm: the .mjs) from Lunas,
 *     creates the SDK, mounts the picker, and records `performance.now()` at `init`;
 *   - the floor page does one fetch of GET /api/sessions/{authKey} as the SDK does, and records
 *     `performance.now()` once the JSON is parsed.
 * Times are in the page, from navigation start. Each iteration creates fresh PAY/COMPONENTS
 * sessions over the REST API (not timed) and visits each page twice in a fresh browser context:
 * cold (a first visit: empty cache, new connections), then warm (same tab, second visit)
 * (visit.ts). SDK and floor alternate which goes first.
 *
 * Output: a table (median, p90, max; SDK/floor ratios; PASS/FAIL of the cold median and p90
 * against 300 ms) and bench/results/components-init.json with every sample. Exit code 0 even
 * when the target is missed (this is a measurement); 1 only if the run itself failed.
 *
 * Settings (env): BENCH_ITERATIONS (30), BENCH_WARMUP (3), BENCH_BUILD (umd | esm),
 * BENCH_VISIT_TIMEOUT_MS (15000), CHROMIUM_PATH (/usr/bin/chromium).
 */

// bench/lib reads BENCH_STORES when it loads and then names the PostgreSQL server in the machine
// line; this benchmark runs SQLite only, so that is settled before bench/lib is imported.
process.env.BENCH_STORES = 'sqlite';
const { emergencyStop, main } = await import('./bench.ts');

// A hard bound: whatever happens (a hung browser, a stuck server), the run ends.
const watchdog = setTimeout(() => {
  console.error('\n!!! bench/components-init: still running after 300 s, giving up (a temp dir lunas-bench-components-* may be left behind)');
  emergencyStop();
  process.exit(1);
}, 300_000);
watchdog.unref();

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`\n!!! bench/components-init: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
