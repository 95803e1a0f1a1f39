/**
 * POST /sessions benchmark: Lunas against a bare "floor" on the same store, for SQLite and
 * PostgreSQL, in one run.
 *
 *   node --import tsx bench/sessions-create.ts        (or: npm run bench)
 *
 * For each store type it starts, on 127.0.0.1 and on fresh stores of their own:
 *   - Lunas: the real app (buildApp) on a fresh store, driven with the founding payload;
 *   - the floor: a bare Fastify app whose POST /sessions parses JSON, inserts the same
 *     sessions row into the same schema (openStore, same migrations) and answers 201 with
 *     JSON. No auth, no validation, no customer lookup, no transaction, no view. Its row is
 *     copied from one session the real app created on the floor's store during setup, so it
 *     has exactly Lunas's columns and valid foreign keys (business, customer, sdk keys).
 * Each target gets a warm-up, then two measured phases:
 *   (a) throughput: BENCH_CONNECTIONS connections as fast as they go for BENCH_DURATION s;
 *   (b) fixed rate: autocannon `overallRate` BENCH_RATE req/s for BENCH_DURATION s.
 * Both targets of a store are up together and every phase is run in BENCH_SLICES slices that
 * alternate Lunas / floor, so slow moments of a shared machine fall on both (see benchStore).
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
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openStore, type Store } from '../apps/server/src/db/store.ts';

// ---------------------------------------------------------------------------------------------
// Settings

const numberEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};

const DURATION_S = numberEnv('BENCH_DURATION', 8);
const WARMUP_S = numberEnv('BENCH_WARMUP', 2);
const CONNECTIONS = Math.round(numberEnv('BENCH_CONNECTIONS', 10));
const RATE = Math.round(numberEnv('BENCH_RATE', 500));
/** Each phase is this many alternating slices per target (see benchStore). */
const SLICES = Math.round(numberEnv('BENCH_SLICES', 4));
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean) as StoreKind[];
const PG_URL = process.env.LUNAS_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 25;

const SECRET_KEY = 'xnd_development_bench_key_000001';
const AUTHORIZATION = `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`;

/** The founding payload, byte for byte. */
const BODY =
  '{"reference_id":"order-1","session_type":"PAY","mode":"COMPONENTS","amount":10000,"currency":"IDR","country":"ID","customer":{"reference_id":"cust-ref-1","type":"INDIVIDUAL","email":"customer@yourdomain.com","mobile_number":"+628123456789","individual_detail":{"given_names":"John","surname":"Doe"}},"components_configuration":{"origins":["https://example.com"]}}';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = path.join(HERE, 'results', 'sessions-create.json');

type StoreKind = 'sqlite' | 'postgres';
type TargetName = 'lunas' | 'floor';

for (const kind of STORES) if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`BENCH_STORES: unknown store "${kind}"`);

// ---------------------------------------------------------------------------------------------
// Load generation: autocannon in a worker thread

/** One autocannon run. */
interface Slice {
  durationS: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Every 2xx response's latency, ms. */
  latencies: Float64Array;
}

/** A phase: its slices pooled. */
interface PhaseResult {
  connections: number;
  overallRate?: number;
  durationS: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Completed 2xx responses per second over the whole phase. */
  requestsPerSec: number;
  /** The same, per slice: how steady the machine was. */
  sliceRequestsPerSec: number[];
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

function pool(slices: Slice[], connections: number, overallRate?: number): PhaseResult {
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

interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
  overallRate?: number;
}

function runLoad(load: LoadOptions): Promise<Slice> {
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

function summarize(samples: Float64Array): PhaseResult['latencyMs'] {
  if (samples.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  // Nearest rank: the smallest sample with at least p% of samples at or below it.
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { p50: round(at(50), 2), p90: round(at(90), 2), p99: round(at(99), 2), max: round(sorted[sorted.length - 1]!, 2), mean: round(sum / sorted.length, 2) };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Fresh stores

interface Place {
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

async function freshPlace(kind: StoreKind, label: string): Promise<Place> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lunas-bench-${label}-`));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite') return { dataDir, databaseUrl: undefined, cleanup: async () => removeDir() };

  const schema = `lunas_bench_${randomBytes(6).toString('hex')}`;
  await withPgAdmin((client) => client.query(`create schema ${schema}`));
  const databaseUrl = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  return {
    dataDir,
    databaseUrl,
    cleanup: async () => {
      removeDir();
      await withPgAdmin((client) => client.query(`drop schema if exists ${schema} cascade`));
    },
  };
}

async function withPgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Targets

interface Running {
  url: string;
  headers: Record<string, string>;
  close(): Promise<void>;
}

async function startLunas(kind: StoreKind): Promise<Running> {
  const place = await freshPlace(kind, 'lunas');
  let store: Store | undefined;
  try {
    const config = loadConfig({
      LUNAS_DATA_DIR: place.dataDir,
      DATABASE_URL: place.databaseUrl,
      LUNAS_SECRET_KEY: SECRET_KEY,
      LUNAS_LOG_LEVEL: 'warn',
      LUNAS_PUBLIC_URL: 'http://127.0.0.1:4010',
    });
    store = await openStore(config);
    const { app, services } = await buildApp({ config, store });
    await services.businesses.bootstrap(config.secretKey);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const opened = store;
    return {
      url: `http://127.0.0.1:${port}/sessions`,
      headers: { authorization: AUTHORIZATION },
      close: async () => {
        await app.close();
        await opened.close();
        await place.cleanup();
      },
    };
  } catch (error) {
    await store?.close().catch(() => {});
    await place.cleanup().catch(() => {});
    throw error;
  }
}

/**
 * The floor: what any server must do for this request on this store. Parse the JSON body,
 * insert one sessions row (same columns, same schema, same indexes and foreign keys as
 * Lunas's), answer 201 with JSON. No auth, validation, customer lookup, transaction or view.
 *
 * So that the floor's row stays exactly Lunas's row while the schema evolves, setup (not
 * timed) lets the real app create the business, customer and sdk keys on the floor's store
 * and one session; that stored row is the template. Per request the floor copies it with a
 * new id, new timestamps, new unique keys and the fields read from the parsed body.
 */
async function startFloor(kind: StoreKind): Promise<Running> {
  const place = await freshPlace(kind, 'floor');
  let store: Store | undefined;
  try {
    const config = loadConfig({
      LUNAS_DATA_DIR: place.dataDir,
      DATABASE_URL: place.databaseUrl,
      LUNAS_SECRET_KEY: SECRET_KEY,
      LUNAS_LOG_LEVEL: 'warn',
      LUNAS_PUBLIC_URL: 'http://127.0.0.1:4010',
    });
    store = await openStore(config);
    const db = store.db;
    const template = await templateRow(config, store);

    const app = Fastify();
    app.post('/sessions', async (request, reply) => {
      const input = request.body as { reference_id: string; session_type: string; mode: string; amount: number; currency: string; country: string; components_configuration?: unknown };
      const now = new Date();
      const nowIso = now.toISOString();
      const row: Record<string, unknown> = {
        ...template,
        id: newSessionId(),
        reference_id: input.reference_id,
        session_type: input.session_type,
        mode: input.mode,
        currency: input.currency,
        amount_minor: input.amount,
        country: input.country,
        expires_at: new Date(now.getTime() + 30 * 60 * 1000).toISOString(),
        created: nowIso,
        updated: nowIso,
        details: JSON.stringify({ components_configuration: input.components_configuration }),
      };
      // Unique columns get fresh values, as Lunas mints them.
      if (template.sdk_auth_key != null) row.sdk_auth_key = `session-${randomBytes(16).toString('hex')}`;
      if (template.link_id != null) row.link_id = randomBytes(16).toString('base64url');
      await db.insertInto('sessions').values(row as never).execute();
      return reply.code(201).send({ payment_session_id: row.id, ...row });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const opened = store;
    return {
      url: `http://127.0.0.1:${port}/sessions`,
      headers: {},
      close: async () => {
        await app.close();
        await opened.close();
        await place.cleanup();
      },
    };
  } catch (error) {
    await store?.close().catch(() => {});
    await place.cleanup().catch(() => {});
    throw error;
  }
}

/** One session created by the real app on this store (not listening), read back as stored. */
async function templateRow(config: ReturnType<typeof loadConfig>, store: Store): Promise<Record<string, unknown>> {
  const { app, services } = await buildApp({ config, store });
  try {
    await services.businesses.bootstrap(config.secretKey);
    const response = await app.inject({ method: 'POST', url: '/sessions', headers: { authorization: AUTHORIZATION, 'content-type': 'application/json' }, payload: BODY });
    if (response.statusCode !== 201) throw new Error(`floor setup: Lunas answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
    const id = (JSON.parse(response.body) as { payment_session_id: string }).payment_session_id;
    const row = await store.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Error(`floor setup: session ${id} is not in the store`);
    return row as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** `ps-` + 24 hex, seconds first, like Lunas's ids. */
function newSessionId(): string {
  const seconds = Buffer.alloc(4);
  seconds.writeUInt32BE(Math.floor(Date.now() / 1000));
  return `ps-${seconds.toString('hex')}${randomBytes(8).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// Is the machine ours? (Linux: /proc)

/**
 * CPU time of the whole machine versus this process (all its threads) plus PostgreSQL's
 * processes. What is left is other work on the box: a test suite, a browser, a neighbour.
 * On 2 cores that shifts every figure, so each phase reports it and the run warns.
 */
interface CpuSample {
  /** user + nice + system over all CPUs, in clock ticks (irq/softirq/steal left out). */
  busy: number;
  total: number;
  steal: number;
  /** This process and the postgres processes, user + system, in clock ticks. */
  ours: number;
}

interface CpuShare {
  /** Share of the machine's capacity used by other processes, in %. */
  foreignPct: number;
  /** Share taken by the hypervisor (steal), in %. */
  stealPct: number;
}

const FOREIGN_CPU_WARN_PCT = 10;
const noisyPhases: string[] = [];

function cpuSnapshot(): CpuSample | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , , , steal = 0] = fields;
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    let ours = processTicks(`/proc/${process.pid}/stat`) ?? 0;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      const stat = `/proc/${entry}/stat`;
      let head: string;
      try {
        head = fs.readFileSync(stat, 'utf8');
      } catch {
        continue;
      }
      if (head.includes('(postgres)')) ours += processTicks(stat, head) ?? 0;
    }
    return { busy: user + nice + system, total, steal, ours };
  } catch {
    return undefined;
  }
}

function processTicks(file: string, text?: string): number | undefined {
  try {
    const content = text ?? fs.readFileSync(file, 'utf8');
    // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
    const rest = content.slice(content.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return undefined;
  }
}

function cpuBetween(before: CpuSample | undefined, after: CpuSample | undefined): CpuShare | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  const total = after.total - before.total;
  // Processes that started or ended in between make this approximate; clamp at 0.
  const foreign = Math.max(0, after.busy - before.busy - (after.ours - before.ours));
  return { foreignPct: round((100 * foreign) / total, 1), stealPct: round((100 * (after.steal - before.steal)) / total, 1) };
}

// ---------------------------------------------------------------------------------------------
// One target: sanity request, warm-up, throughput, fixed rate

interface TargetResult {
  sample: { status: number; bytes: number };
  warmup: PhaseResult;
  throughput: PhaseResult;
  fixedRate: PhaseResult;
}

let failures = 0;

function checkPhase(label: string, phase: PhaseResult): void {
  if (phase.non2xx === 0 && phase.errors === 0 && phase.timeouts === 0) return;
  failures++;
  console.error(
    `\n!!! ${label}: ${phase.non2xx} non-2xx, ${phase.errors} connection errors, ${phase.timeouts} timeouts ` +
      `(status codes: ${JSON.stringify(phase.statusCodes)})\n`,
  );
}

async function post(running: Running): Promise<{ status: number; text: string }> {
  const response = await fetch(running.url, { method: 'POST', headers: { ...running.headers, 'content-type': 'application/json' }, body: BODY });
  return { status: response.status, text: await response.text() };
}

/** One request first: it must be a 201 with a session id, or the numbers mean nothing. */
async function sanity(label: string, running: Running): Promise<TargetResult['sample']> {
  const { status, text } = await post(running);
  let id: string | undefined;
  try {
    id = (JSON.parse(text) as { payment_session_id?: string }).payment_session_id;
  } catch {
    id = undefined;
  }
  if (status !== 201 || !/^ps-[0-9a-f]{24}$/.test(id ?? '')) throw new Error(`${label}: sanity request answered ${status}: ${text.slice(0, 500)}`);
  return { status, bytes: Buffer.byteLength(text) };
}

/**
 * Both targets of a store run side by side (an idle server costs nothing), and each phase is
 * cut into BENCH_SLICES slices that alternate between them (L F F L L F …). A disk or a
 * neighbour that is slow for a few seconds then hurts both alike instead of whichever
 * happened to run at that moment; on a small shared VM that matters more than anything else.
 */
async function benchStore(kind: StoreKind): Promise<{ lunas: TargetResult; floor: TargetResult; cpu: Record<'throughput' | 'fixedRate', CpuShare | undefined> }> {
  const running: Partial<Record<TargetName, Running>> = {};
  try {
    running.lunas = await startLunas(kind);
    running.floor = await startFloor(kind);
    const targets = running as Record<TargetName, Running>;
    const samples = { lunas: await sanity(`${kind}/lunas`, targets.lunas), floor: await sanity(`${kind}/floor`, targets.floor) };

    const phase = async (label: string, durationS: number, overallRate: number | undefined, slices: number) => {
      const collected: Record<TargetName, Slice[]> = { lunas: [], floor: [] };
      const cpuBefore = cpuSnapshot();
      const sliceS = durationS / slices;
      process.stdout.write(`${kind}: ${label} `);
      for (let i = 0; i < slices; i++) {
        const order: TargetName[] = i % 2 === 0 ? ['lunas', 'floor'] : ['floor', 'lunas'];
        for (const name of order) {
          collected[name].push(await runLoad({ url: targets[name].url, headers: targets[name].headers, connections: CONNECTIONS, durationS: sliceS, overallRate }));
          process.stdout.write(name === 'lunas' ? 'L' : 'F');
        }
      }
      const cpu = cpuBetween(cpuBefore, cpuSnapshot());
      const result = { lunas: pool(collected.lunas, CONNECTIONS, overallRate), floor: pool(collected.floor, CONNECTIONS, overallRate), cpu };
      for (const name of ['lunas', 'floor'] as const) checkPhase(`${kind}/${name} ${label}`, result[name]);
      process.stdout.write(
        `  Lunas ${result.lunas.requestsPerSec} req/s p99 ${result.lunas.latencyMs.p99} ms, floor ${result.floor.requestsPerSec} req/s p99 ${result.floor.latencyMs.p99} ms` +
          (cpu ? `; other processes ${cpu.foreignPct}% CPU` : '') +
          '\n',
      );
      if (cpu && cpu.foreignPct > FOREIGN_CPU_WARN_PCT) noisyPhases.push(`${kind} ${label}: other processes used ${cpu.foreignPct}% of the CPU`);
      return result;
    };

    const warmup = await phase(`warm-up ${WARMUP_S}s`, WARMUP_S, undefined, 2);
    const throughput = await phase(`throughput ${CONNECTIONS} conn ${DURATION_S}s`, DURATION_S, undefined, SLICES);
    const fixedRate = await phase(`fixed ${RATE} req/s ${DURATION_S}s`, DURATION_S, RATE, SLICES);

    for (const name of ['lunas', 'floor'] as const) {
      if (warmup[name].non2xx + throughput[name].non2xx + fixedRate[name].non2xx > 0) {
        // Show what the server says, so a failing run explains itself.
        const again = await post(targets[name]);
        console.error(`!!! ${kind}/${name}: a fresh request now answers ${again.status}: ${again.text.slice(0, 500)}`);
      }
    }
    const result = (name: TargetName): TargetResult => ({ sample: samples[name], warmup: warmup[name], throughput: throughput[name], fixedRate: fixedRate[name] });
    return { lunas: result('lunas'), floor: result('floor'), cpu: { throughput: throughput.cpu, fixedRate: fixedRate.cpu } };
  } finally {
    await running.lunas?.close();
    await running.floor?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

interface StoreResult {
  lunas: TargetResult;
  floor: TargetResult;
  /** How busy the machine was with other work during each phase. */
  cpu: Record<'throughput' | 'fixedRate', CpuShare | undefined>;
  throughputRatio: number;
  targets: {
    throughputRatio: { target: string; value: number; pass: boolean };
    fixedRateP99: { target: string; value: number; pass: boolean; achievedRate: number };
  };
}

const STORE_TITLE: Record<StoreKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

function printStore(kind: StoreKind, result: StoreResult): void {
  const { lunas, floor } = result;
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
  const rows: string[][] = [
    ['', 'Lunas', 'floor', 'Lunas/floor', 'target', ''],
    [`throughput (${CONNECTIONS} conn) req/s`, fmt(lunas.throughput.requestsPerSec, 0), fmt(floor.throughput.requestsPerSec, 0), fmt(result.throughputRatio, 2), `≥ ${TARGET_RATIO}`, verdict(result.targets.throughputRatio.pass)],
    ['  p50 ms', fmt(lunas.throughput.latencyMs.p50, 2), fmt(floor.throughput.latencyMs.p50, 2), '', '', ''],
    ['  p99 ms', fmt(lunas.throughput.latencyMs.p99, 2), fmt(floor.throughput.latencyMs.p99, 2), '', '', ''],
    ['  req/s per slice', spread(lunas.throughput), spread(floor.throughput), '', '', ''],
    [`fixed ${RATE} req/s: achieved req/s`, fmt(lunas.fixedRate.requestsPerSec, 0), fmt(floor.fixedRate.requestsPerSec, 0), '', '', ''],
    ['  p50 ms', fmt(lunas.fixedRate.latencyMs.p50, 2), fmt(floor.fixedRate.latencyMs.p50, 2), '', '', ''],
    ['  p99 ms', fmt(lunas.fixedRate.latencyMs.p99, 2), fmt(floor.fixedRate.latencyMs.p99, 2), '', `≤ ${TARGET_P99_MS}`, verdict(result.targets.fixedRateP99.pass)],
    ['non-2xx / errors / timeouts', counts(lunas), counts(floor), '', '0', ''],
  ];

  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`\n${STORE_TITLE[kind]} — POST /sessions, ${DURATION_S}s per phase`);
  for (const [index, row] of rows.entries()) {
    const line = row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ');
    console.log(line.trimEnd());
    if (index === 0) console.log('-'.repeat(line.trimEnd().length));
  }
  if (result.cpu.throughput || result.cpu.fixedRate) {
    const share = (c: CpuShare | undefined) => (c ? `${c.foreignPct}%` : 'n/a');
    console.log(`other processes' share of the CPU: ${share(result.cpu.throughput)} during throughput, ${share(result.cpu.fixedRate)} during fixed rate`);
  }
}

const spread = (phase: PhaseResult) => `${Math.min(...phase.sliceRequestsPerSec)}–${Math.max(...phase.sliceRequestsPerSec)}`;
const fmt = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const counts = (t: TargetResult) => {
  const phases = [t.warmup, t.throughput, t.fixedRate];
  const sum = (key: 'non2xx' | 'errors' | 'timeouts') => phases.reduce((acc, p) => acc + p[key], 0);
  return `${sum('non2xx')}/${sum('errors')}/${sum('timeouts')}`;
};

/** Identifies the server code that was measured (the tree is not always committed). */
function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(`${path.relative(dir, full)}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

async function pgServerVersion(): Promise<string | undefined> {
  try {
    return await withPgAdmin(async (client) => (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const startedAt = new Date();
  const machine = {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: STORES.includes('postgres') ? await pgServerVersion() : undefined,
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
  };
  const serverSourceSha256 = sourceHash(path.join(HERE, '..', 'apps', 'server', 'src'));
  console.log(
    `POST /sessions benchmark — ${startedAt.toISOString()}\n` +
      `machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}` +
      (machine.postgres ? `, PostgreSQL ${machine.postgres}` : '') +
      `\nserver source sha256 ${serverSourceSha256.slice(0, 12)}, load average ${machine.loadAverageAtStart.join(' ')}` +
      `\nphases: warm-up ${WARMUP_S}s, throughput ${CONNECTIONS} connections × ${DURATION_S}s, fixed rate ${RATE} req/s × ${DURATION_S}s in ${SLICES} slices alternating Lunas/floor (autocannon in a worker thread)\n`,
  );
  if (machine.loadAverageAtStart[0]! > 1) {
    console.log(`note: 1-minute load average is ${machine.loadAverageAtStart[0]} before the run; if that is not a previous run, something else is using the machine and the figures will be noisy.\n`);
  }

  const stores: Partial<Record<StoreKind, StoreResult>> = {};
  const startErrors: string[] = [];
  for (const kind of STORES) {
    try {
      const { lunas, floor, cpu } = await benchStore(kind);
      const throughputRatio = round(lunas.throughput.requestsPerSec / floor.throughput.requestsPerSec, 3);
      const p99 = lunas.fixedRate.latencyMs.p99;
      // The rate target only counts if the rate was actually delivered (within 2%).
      const achieved = lunas.fixedRate.requestsPerSec;
      stores[kind] = {
        lunas,
        floor,
        cpu,
        throughputRatio,
        targets: {
          throughputRatio: { target: `>= ${TARGET_RATIO}`, value: throughputRatio, pass: throughputRatio >= TARGET_RATIO },
          fixedRateP99: { target: `<= ${TARGET_P99_MS} ms at ${RATE} req/s`, value: p99, pass: p99 <= TARGET_P99_MS && achieved >= RATE * 0.98, achievedRate: achieved },
        },
      };
    } catch (error) {
      failures++;
      startErrors.push(`${kind}: ${(error as Error).message}`);
      console.error(`\n!!! ${kind}: ${(error as Error).stack ?? error}\n`);
    }
  }

  for (const kind of STORES) if (stores[kind]) printStore(kind, stores[kind]!);
  if (noisyPhases.length > 0) {
    console.log(`\nwarning: the machine was not quiet, these figures are noisy:\n  ${noisyPhases.join('\n  ')}`);
  }

  const report = {
    benchmark: 'POST /sessions (founding payload)',
    date: startedAt.toISOString(),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((v) => round(v, 2)) },
    serverSourceSha256,
    settings: { durationS: DURATION_S, warmupS: WARMUP_S, slices: SLICES, connections: CONNECTIONS, fixedRate: RATE, stores: STORES },
    targets: { throughputRatio: TARGET_RATIO, fixedRateP99Ms: TARGET_P99_MS },
    stores,
    errors: startErrors,
    noisyPhases,
    ok: failures === 0,
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  if (failures > 0) {
    console.error(`\nFAILED: ${failures} problem(s) above (non-2xx answers, connection errors, timeouts or a target that did not start).`);
    process.exitCode = 1;
  }
}

await main();
