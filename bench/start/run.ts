/**
 * Start benchmark: how long `lunas start` takes from spawn to its first `/healthz` 200, and how
 * long its first SDK request then takes to its first byte, next to a floor: a bare Fastify
 * server (floor.mjs) started the same way, `node <entry>`, measured the same way.
 *
 *   npm run bench:start
 *
 * Lunas runs the package entry (apps/server/bin/lunas.js → dist/, so `npm run build` first) on
 * SQLite in a temp dir, twice per iteration: a first start (empty data dir: schema, business,
 * keys) and a restart on that store (what a developer does all day). Targets (issue 11): a
 * restart within 2× the floor's start, and the first SDK byte within 50 ms.
 *
 * Settings (env): BENCH_ITERATIONS (10). Exit 0 even when a target is missed (a measurement).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberEnv } from '../lib/env.ts';
import { startRun } from '../lib/machine.ts';
import { printTable, resultsFile, verdict, writeReport } from '../lib/report.ts';
import { fmt } from '../lib/stats.ts';
import { SECRET_KEY } from '../lib/stores.ts';
import { freePort } from '../../apps/server/test/helpers/ports.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const LUNAS = path.resolve(here, '../../apps/server/bin/lunas.js');
const FLOOR = path.resolve(here, 'floor.mjs');
const ITERATIONS = numberEnv('BENCH_ITERATIONS', 10);

interface Sample {
  readyMs: number;
  sdkFirstByteMs: number;
}

/** Spawns `node <args>`, polls /healthz every 2 ms until 200, then times one SDK request to its first byte. */
async function measure(args: string[], env: Record<string, string>, port: number): Promise<Sample> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH!, ...env }, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if (performance.now() - started > 30_000) throw new Error(`${args.join(' ')} not ready in 30 s`);
      const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const readyMs = performance.now() - started;
    const sdkStarted = performance.now();
    const response = await fetch(`${base}/sdk/lunas-components.mjs`, { headers: { 'accept-encoding': 'br' } });
    const reader = response.body!.getReader();
    await reader.read();
    const sdkFirstByteMs = performance.now() - sdkStarted;
    await reader.cancel();
    if (!response.ok) throw new Error(`SDK request answered ${response.status}`);
    return { readyMs, sdkFirstByteMs };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const run = await startRun('start', `${ITERATIONS} iterations: floor, Lunas first start, Lunas restart`);
const samples: Record<'floor' | 'first' | 'restart', Sample[]> = { floor: [], first: [], restart: [] };
for (let i = 0; i < ITERATIONS; i++) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lunas-bench-start-'));
  try {
    const lunasEnv = async () => ({ LUNAS_PORT: String(await freePort()), LUNAS_DATA_DIR: dataDir, LUNAS_SECRET_KEY: SECRET_KEY, LUNAS_LOG_LEVEL: 'warn', LUNAS_LOG_FORMAT: 'json' });
    const floorPort = await freePort();
    samples.floor.push(await measure([FLOOR], { PORT: String(floorPort) }, floorPort));
    const first = await lunasEnv();
    samples.first.push(await measure([LUNAS, 'start'], first, Number(first.LUNAS_PORT)));
    const again = await lunasEnv();
    samples.restart.push(await measure([LUNAS, 'start'], again, Number(again.LUNAS_PORT)));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const floorReady = median(samples.floor.map((s) => s.readyMs));
const rows = (['floor', 'first', 'restart'] as const).map((name) => {
  const ready = median(samples[name].map((s) => s.readyMs));
  const sdk = median(samples[name].map((s) => s.sdkFirstByteMs));
  return [name === 'floor' ? 'bare Fastify (floor)' : name === 'first' ? 'Lunas, first start' : 'Lunas, restart', fmt(ready, 0), fmt(ready / floorReady, 2), fmt(sdk, 1)];
});
printTable('spawn → /healthz 200, then first SDK byte (medians, ms)', [['', 'ready ms', '× floor', 'SDK 1st byte ms'], ...rows]);
const restartRatio = median(samples.restart.map((s) => s.readyMs)) / floorReady;
const sdkByte = Math.max(median(samples.first.map((s) => s.sdkFirstByteMs)), median(samples.restart.map((s) => s.sdkFirstByteMs)));
console.log(`restart within 2× the floor: ${verdict(restartRatio <= 2)} (${fmt(restartRatio, 2)}×); first SDK byte within 50 ms: ${verdict(sdkByte <= 50)} (${fmt(sdkByte, 1)} ms)`);
console.log(`results: ${writeReport(resultsFile('start.json'), { ...run, samples })}`);
