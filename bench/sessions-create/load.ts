/**
 * Load generation: autocannon in a worker thread, so it has its own event loop and does not
 * steal the server's. Latencies are every 2xx response's time as autocannon measured it
 * (write of the request to end of the response), in ms with µs resolution; percentiles are
 * computed here from all samples (autocannon's own histogram rounds to whole ms).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { round, summarize, type LatencySummary } from '../lib/stats.ts';
import { BODY } from './settings.ts';

/** How the requests of a slice or a phase ended. */
interface Outcomes {
  durationS: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/** One autocannon run. */
export interface Slice extends Outcomes {
  /** Every 2xx response's latency, ms. */
  latencies: Float64Array;
}

/** A phase: its slices pooled. */
export interface PhaseResult extends Outcomes {
  connections: number;
  overallRate?: number;
  /** Completed 2xx responses per second over the whole phase. */
  requestsPerSec: number;
  /** The same, per slice: how steady the machine was. */
  sliceRequestsPerSec: number[];
  latencyMs: LatencySummary;
}

export function pool(slices: Slice[], connections: number, overallRate?: number): PhaseResult {
  const statusCodes: Record<string, number> = {};
  for (const slice of slices) for (const [code, count] of Object.entries(slice.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const sum = (key: 'durationS' | 'ok2xx' | 'non2xx' | 'errors' | 'timeouts') => slices.reduce((acc, slice) => acc + slice[key], 0);
  const latencies = new Float64Array(slices.reduce((acc, slice) => acc + slice.latencies.length, 0));
  let offset = 0;
  for (const slice of slices) {
    latencies.set(slice.latencies, offset);
    offset += slice.latencies.length;
  }
  const durationS = sum('durationS');
  return {
    connections,
    ...(overallRate ? { overallRate } : {}),
    durationS: round(durationS, 2),
    ok2xx: sum('ok2xx'),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    statusCodes,
    requestsPerSec: round(sum('ok2xx') / durationS, 1),
    sliceRequestsPerSec: slices.map((slice) => round(slice.ok2xx / slice.durationS, 0)),
    latencyMs: summarize(latencies),
  };
}

/** CommonJS run by the worker (eval), so it needs no TypeScript loader. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannonPath);
const latencies = [];
const started = process.hrtime.bigint();
const instance = autocannon(workerData.options, (error, result) => {
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  if (error) {
    parentPort.postMessage({ error: String(error && error.stack || error) });
    return;
  }
  parentPort.postMessage({
    elapsedS,
    latencies: Float64Array.from(latencies),
    result: {
      duration: result.duration,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      ok2xx: result['2xx'],
      statusCodeStats: result.statusCodeStats,
    },
  });
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
});
`;

const autocannonPath = createRequire(import.meta.url).resolve('autocannon');

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
  overallRate?: number;
}

export function runLoad(load: LoadOptions): Promise<Slice> {
  const options: Record<string, unknown> = {
    url: load.url,
    method: 'POST',
    headers: { ...load.headers, 'content-type': 'application/json' },
    body: BODY,
    connections: load.connections,
    duration: load.durationS,
    timeout: 10,
  };
  if (load.overallRate) {
    options.overallRate = load.overallRate;
    // autocannon "corrects" rate-limited runs with an expected interval of ceil(1/rate) ms,
    // which invents samples; we want the latencies that really happened.
    options.ignoreCoordinatedOmission = true;
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { autocannonPath, options } });
    let settled = false;
    worker.once('message', (message: { error?: string; elapsedS: number; latencies: Float64Array; result: Record<string, any> }) => {
      settled = true;
      void worker.terminate();
      if (message.error) return reject(new Error(`autocannon: ${message.error}`));
      const r = message.result;
      const statusCodes: Record<string, number> = {};
      for (const [code, stat] of Object.entries(r.statusCodeStats as Record<string, { count: number }>)) statusCodes[code] = stat.count;
      resolve({
        durationS: typeof r.duration === 'number' && r.duration > 0 ? r.duration : message.elapsedS,
        ok2xx: r.ok2xx,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        statusCodes,
        latencies: message.latencies,
      });
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with code ${code} before reporting`));
    });
  });
}
