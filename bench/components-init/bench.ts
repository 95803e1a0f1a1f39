/**
 * The components-init run (see run.ts for what it measures): starts Lunas, the merchant site and
 * Chromium, alternates SDK and floor visit pairs, and reports. Everything it starts is stopped in
 * `finally`, in reverse order; `emergencyStop` is for the watchdog, which cannot wait.
 */
import { launchBrowser } from '../../apps/server/test/helpers/browser.ts';
import { freePort } from '../../apps/server/test/helpers/ports.ts';
import { startLunas, type LunasProcess } from '../../apps/server/test/helpers/process.ts';
import { loadAverage, noisyPhases, noteIfNoisy, startRun, warnIfNoisy } from '../lib/machine.ts';
import { resultsFile, writeReport } from '../lib/report.ts';
import { freshPlace, SECRET_KEY } from '../lib/stores.ts';
import { cpuSample, foreignCpuPct } from './cpu.ts';
import { startMerchantSite } from './pages.ts';
import { printSummary, summarise } from './report.ts';
import { BUILD, ITERATIONS, SERIES, VISIT_TIMEOUT_MS, WARMUP, type PageKind, type Series } from './settings.ts';
import { visitPair, type Visit } from './visit.ts';

let lunasProcess: LunasProcess | undefined;

/** Kills Lunas at once (Playwright kills its own Chromium when the process exits). */
export function emergencyStop(): void {
  lunasProcess?.child.kill('SIGKILL');
}

export async function main(): Promise<number> {
  const { startedAt, machine, serverSourceSha256 } = await startRun(
    'Components init benchmark',
    `${WARMUP} warm-up + ${ITERATIONS} measured iterations; each: a cold and a warm visit of the SDK page (${BUILD} build) and of the floor page, order alternating`,
  );
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const place = await freshPlace('sqlite', 'components');
    cleanups.push(() => place.cleanup());
    const port = await freePort();
    lunasProcess = await startLunas({
      LUNAS_PORT: String(port),
      LUNAS_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LUNAS_SECRET_KEY: SECRET_KEY,
      LUNAS_DATA_DIR: place.dataDir,
    });
    const lunas = lunasProcess;
    cleanups.push(() => lunas.stop());
    // Lunas builds the SDK at the first /sdk request (esbuild, a second or more); a merchant's
    // customers never see that, so it happens here rather than in the first warm-up visit.
    const warmBuild = await fetch(`${lunas.url}/sdk/lunas-components.${BUILD === 'esm' ? 'mjs' : 'umd.js'}`);
    if (!warmBuild.ok) throw new Error(`GET /sdk answered ${warmBuild.status}`);
    await warmBuild.arrayBuffer();

    const site = await startMerchantSite(lunas.url, BUILD);
    cleanups.push(() => site.close());
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    console.log(`Lunas ${lunas.url} (SQLite, ${place.dataDir}), merchant ${site.origin}, Chromium ${browser.version()}`);

    const samples = Object.fromEntries(SERIES.map((s) => [s, [] as Visit[]])) as Record<Series, Visit[]>;
    let before = cpuSample();
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      if (i === WARMUP) before = cpuSample();
      // Alternate which page goes first (S F, F S, …) so a slow moment on the shared machine
      // does not always land on the same side.
      const order: PageKind[] = i % 2 === 0 ? ['sdk', 'floor'] : ['floor', 'sdk'];
      for (const kind of order) {
        const { cold, warm } = await visitPair(browser, site, lunas.url, kind);
        if (i < WARMUP) continue;
        samples[`${kind}-cold`].push(cold);
        samples[`${kind}-warm`].push(warm);
      }
      const done = i + 1 - WARMUP;
      if (done > 0 && (done % 10 === 0 || done === ITERATIONS)) {
        const last = (s: Series) => samples[s].at(-1)!.at.toFixed(0);
        console.log(`  ${done}/${ITERATIONS}: last SDK cold ${last('sdk-cold')} ms, warm ${last('sdk-warm')} ms; floor cold ${last('floor-cold')} ms, warm ${last('floor-warm')} ms`);
      }
    }
    const foreignPct = foreignCpuPct(before, cpuSample());
    noteIfNoisy('measured iterations', foreignPct);

    const summary = summarise(samples);
    printSummary(summary, BUILD);
    console.log(`other processes used ${foreignPct ?? 'n/a'} % of the machine's CPU during the measured iterations (Lunas, Chromium and this process excluded)`);
    warnIfNoisy();

    const written = writeReport(resultsFile('components-init.json'), {
      benchmark: 'components init (bench/components-init/run.ts)',
      date: startedAt.toISOString(),
      machine: { ...machine, loadAverageAtEnd: loadAverage(), chromium: browser.version() },
      serverSourceSha256,
      settings: { iterations: ITERATIONS, warmup: WARMUP, build: BUILD, visitTimeoutMs: VISIT_TIMEOUT_MS, store: 'sqlite' },
      foreignCpuPct: foreignPct,
      noisyPhases,
      ...summary,
      samples,
    });
    console.log(`\nresults written to ${written} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s)`);
    return 0;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    lunasProcess = undefined;
  }
}
