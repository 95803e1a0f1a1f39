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
 *      (one transaction per tick, followed by dispatcher.kick() as the API's onResponse hook
 *      does after every write; BENCH_KICK=0 leaves Lunas to its idle poll). Lunas: receipt -
 *      commit (the moment the committing transaction returned); floor: receipt - send start.
 * Order per store: floor A, Lunas A, Lunas B, floor B (the floor brackets Lunas), with the
 * dispatcher stopped while the floor runs. Lunas's commit time is read on the event loop it
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
 * postgres://postgres@127.0.0.1:5432/test).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { Pool } from 'undici';
import { buildApp, bootstrapStore, VERSION, type Services } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openStore, type Store } from '../apps/server/src/db/store.ts';
import { recordEvent } from '../apps/server/src/modules/events/outbox.ts';
import { envelope, newCallbackToken, newSigningSecret, signature } from '../apps/server/src/modules/webhooks/policy.ts';

// ---------------------------------------------------------------------------------------------
// Settings

const numberEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
};

const EVENTS = Math.round(numberEnv('BENCH_EVENTS', 20_000));
const RATE = Math.round(numberEnv('BENCH_RATE', 500));
const LATENCY_S = numberEnv('BENCH_LATENCY_S', 10);
const TICK_MS = numberEnv('BENCH_TICK_MS', 20);
const WARMUP_EVENTS = Math.round(numberEnv('BENCH_WARMUP_EVENTS', 1000));
const CONCURRENCY = Math.round(numberEnv('BENCH_CONCURRENCY', numberEnv('LUNAS_WEBHOOK_CONCURRENCY', 16)));
const KICK = process.env.BENCH_KICK !== '0';
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean) as StoreKind[];
const PG_URL = process.env.LUNAS_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const COMMIT_BATCH = 100;
/** Events per tick in phase B, and the number of ticks. */
const PER_TICK = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
const TICKS = Math.max(1, Math.round((LATENCY_S * 1000) / TICK_MS));
/**
 * Waiting for receipts: the missing events count as lost once nothing has arrived for
 * STALL_MS, or after WAIT_CAP_MS in all (a slow but moving dispatcher is not "losing").
 */
const STALL_MS = 15_000;
const WAIT_CAP_MS = 120_000;

const TARGET_DELIVERIES_PER_S = 2000;
const TARGET_P99_MS = 250;

const SECRET_KEY = 'xnd_development_bench_key_000001';
const EVENT_TYPE = 'payment_session.completed';
const USER_AGENT = `Lunas-Webhooks/${VERSION} (+https://github.com/lunas-payments/lunas)`;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = path.join(HERE, 'results', 'webhooks.json');

type StoreKind = 'sqlite' | 'postgres';
for (const kind of STORES) if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`BENCH_STORES: unknown store "${kind}"`);
if (EVENTS < 1 || RATE < 1 || CONCURRENCY < 1) throw new Error('BENCH_EVENTS, BENCH_RATE and BENCH_CONCURRENCY must be at least 1');

/** ms on process.hrtime, the clock the receiver thread uses too. */
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// The receiver: a worker thread running node:http

/** CommonJS run by the worker (eval), so it needs no TypeScript loader. */
const RECEIVER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const now = () => Number(process.hrtime.bigint()) / 1e6;
let ids = [];
let times = [];
let sockets = new Set();
let inFlight = 0;
let maxInFlight = 0;
let bytes = 0;
const server = http.createServer((req, res) => {
  inFlight++;
  if (inFlight > maxInFlight) maxInFlight = inFlight;
  sockets.add(req.socket);
  const id = req.headers['webhook-id'];
  req.on('data', (chunk) => { bytes += chunk.length; });
  req.on('end', () => {
    ids.push(typeof id === 'string' ? id : '');
    times.push(now());
    inFlight--;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
});
// Keep-alive well past any pause between phases, so no side pays for reconnecting.
server.keepAliveTimeout = 120000;
server.headersTimeout = 125000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
parentPort.on('message', (message) => {
  if (message.cmd === 'count') {
    parentPort.postMessage({ type: 'reply', seq: message.seq, count: ids.length });
  } else if (message.cmd === 'take') {
    const out = { type: 'reply', seq: message.seq, ids, times: Float64Array.from(times), connections: sockets.size, maxInFlight, bytes };
    ids = [];
    times = [];
    sockets = new Set();
    maxInFlight = inFlight;
    bytes = 0;
    parentPort.postMessage(out, [out.times.buffer]);
  } else if (message.cmd === 'close') {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage({ type: 'reply', seq: message.seq }));
  }
});
`;

interface Taken {
  ids: string[];
  times: Float64Array;
  /** Distinct connections that carried requests since the previous take. */
  connections: number;
  /** Most requests the receiver had open at once since the previous take. */
  maxInFlight: number;
  bytes: number;
}

interface Receiver {
  url: string;
  count(): Promise<number>;
  take(): Promise<Taken>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const worker = new Worker(RECEIVER_SOURCE, { eval: true });
  let seq = 0;
  const pending = new Map<number, (message: any) => void>();
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: any) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.type === 'reply') {
        pending.get(message.seq)?.(message);
        pending.delete(message.seq);
      }
    });
  });
  const call = (cmd: string) =>
    new Promise<any>((resolve) => {
      const id = ++seq;
      pending.set(id, resolve);
      worker.postMessage({ cmd, seq: id });
    });
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    count: async () => (await call('count')).count as number,
    take: async () => {
      const m = await call('take');
      return { ids: m.ids, times: m.times, connections: m.connections, maxInFlight: m.maxInFlight, bytes: m.bytes };
    },
    close: async () => {
      await call('close');
      await worker.terminate();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The events: a realistic payment_session.completed data object (~1 KB)

function sessionId(i: number): string {
  return `ps-${Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')}${randomBytes(4).toString('hex')}${i.toString(16).padStart(8, '0')}`;
}

function sessionData(id: string, i: number, created: string, businessId: string) {
  return {
    payment_session_id: id,
    created,
    updated: created,
    status: 'COMPLETED',
    reference_id: `order-${i}`,
    currency: 'IDR',
    amount: 250_000 + (i % 1000) * 100,
    country: 'ID',
    customer_id: `cust-${randomUUID()}`,
    expires_at: new Date(Date.parse(created) + 30 * 60_000).toISOString(),
    session_type: 'PAY',
    capture_method: 'AUTOMATIC',
    mode: 'PAYMENT_LINK',
    locale: 'en',
    business_id: businessId,
    allowed_payment_channels: ['CARDS', 'OVO', 'DANA', 'BRI_VIRTUAL_ACCOUNT', 'QRIS'],
    description: 'Order from yourdomain.com',
    items: [
      { reference_id: 'sku-1', name: 'Cotton T-shirt, navy, size M', net_unit_amount: 125_000, quantity: 1, category: 'CLOTHING', currency: 'IDR', type: 'PHYSICAL_PRODUCT' },
    ],
    metadata: { cart_id: `cart-${i}`, channel: 'web' },
    success_return_url: 'https://yourdomain.com/checkout/success',
    payment_link_url: `https://checkout.example.com/session/${randomBytes(16).toString('base64url')}`,
    allow_save_payment_method: 'DISABLED',
    payment_request_id: `pr-${randomBytes(12).toString('hex')}`,
    payment_id: `py-${randomBytes(12).toString('hex')}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Fresh stores

interface Place {
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

async function freshPlace(kind: StoreKind): Promise<Place> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-bench-webhooks-'));
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
// Bookkeeping: who was sent / committed when, who arrived when

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

interface LatencyMs {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

function summarize(samples: number[]): LatencyMs {
  if (samples.length === 0) return { samples: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { samples: samples.length, p50: round(percentile(sorted, 50), 2), p90: round(percentile(sorted, 90), 2), p99: round(percentile(sorted, 99), 2), max: round(sorted[sorted.length - 1]!, 2), mean: round(mean, 2) };
}

/** Every id a target was expected to deliver, and every receipt, over the whole store run. */
class Ledger {
  /** id → time it was committed (Lunas) or sent (floor), ms. */
  readonly started = new Map<string, number>();
  /** id → receipt times. */
  readonly received = new Map<string, number[]>();
  unknown = 0;
  /** The other target's ledger of the same store: a receipt of one of its ids is filed there. */
  peers: Ledger[] = [];

  expect(id: string, at: number): void {
    this.started.set(id, at);
  }

  /** Files a take(); receipts of a peer's ids are filed with the peer. */
  file(taken: Taken, others: Ledger[] = this.peers): void {
    for (let i = 0; i < taken.ids.length; i++) {
      const id = taken.ids[i]!;
      const owner = this.started.has(id) ? this : others.find((o) => o.started.has(id));
      if (!owner) {
        this.unknown++;
        continue;
      }
      const list = owner.received.get(id);
      if (list) list.push(taken.times[i]!);
      else owner.received.set(id, [taken.times[i]!]);
    }
  }

  /** First receipt of `id` (undefined when missing). */
  firstReceipt(id: string): number | undefined {
    return this.received.get(id)?.[0];
  }

  totals(): { expected: number; receivedOnce: number; lost: number; duplicates: number; unknown: number } {
    let lost = 0;
    let duplicates = 0;
    for (const id of this.started.keys()) {
      const n = this.received.get(id)?.length ?? 0;
      if (n === 0) lost++;
      else duplicates += n - 1;
    }
    return { expected: this.started.size, receivedOnce: this.started.size - lost, lost, duplicates, unknown: this.unknown };
  }
}

/** Waits until the receiver has seen `count` requests since the last take, or it stalls (see STALL_MS). */
async function waitForReceipts(receiver: Receiver, count: number): Promise<boolean> {
  const started = Date.now();
  let seen = -1;
  let progressAt = started;
  for (;;) {
    const n = await receiver.count();
    if (n >= count) return true;
    const now = Date.now();
    if (n > seen) {
      seen = n;
      progressAt = now;
    }
    if (now - progressAt > STALL_MS || now - started > WAIT_CAP_MS) {
      console.error(`\n!!! ${n} of ${count} requests received; nothing more for ${round((now - progressAt) / 1000, 1)} s`);
      return false;
    }
    await sleep(10);
  }
}

// ---------------------------------------------------------------------------------------------
// Is the machine ours? (Linux: /proc), as in bench/sessions-create.ts

interface CpuSample {
  busy: number;
  total: number;
  ours: number;
}

function cpuSnapshot(): CpuSample | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0] = fields;
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    let ours = processTicks(`/proc/${process.pid}/stat`) ?? 0;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      let head: string;
      try {
        head = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      if (head.includes('(postgres)')) ours += processTicks('', head) ?? 0;
    }
    return { busy: user + nice + system, total, ours };
  } catch {
    return undefined;
  }
}

function processTicks(file: string, text?: string): number | undefined {
  try {
    const content = text ?? fs.readFileSync(file, 'utf8');
    const rest = content.slice(content.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return undefined;
  }
}

/** Share of the machine used by processes other than this one and PostgreSQL, in %. */
function foreignCpuPct(before: CpuSample | undefined, after: CpuSample | undefined): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  // Processes that start or end in between make this approximate: clamped to 0..100.
  return Math.min(100, round((100 * Math.max(0, after.busy - before.busy - (after.ours - before.ours))) / (after.total - before.total), 1));
}

/** This process's CPU time over a phase, as % of one core (main thread + receiver thread). */
function processCpuPct(before: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(before);
  return round((100 * (used.user + used.system)) / 1000 / wallMs, 0);
}

const noisyPhases: string[] = [];
/** The store being measured, for the noisy-phase notes. */
let currentStore: StoreKind | undefined;
const noisy = (phase: string, pct: number | undefined) => {
  if (pct !== undefined && pct > FOREIGN_CPU_WARN_PCT) noisyPhases.push(`${currentStore} ${phase}: other processes used ${pct}% of the CPU`);
};
const FOREIGN_CPU_WARN_PCT = 10;

// ---------------------------------------------------------------------------------------------
// Lunas

interface Lunas {
  services: Services;
  store: Store;
  businessId: string;
  close(): Promise<void>;
}

async function startLunas(kind: StoreKind, receiverUrl: string): Promise<Lunas> {
  const place = await freshPlace(kind);
  let store: Store | undefined;
  try {
    const config = loadConfig({
      LUNAS_DATA_DIR: place.dataDir,
      DATABASE_URL: place.databaseUrl,
      LUNAS_SECRET_KEY: SECRET_KEY,
      LUNAS_LOG_LEVEL: 'warn',
      LUNAS_PUBLIC_URL: 'http://127.0.0.1:4010',
      LUNAS_WEBHOOK_URL: receiverUrl,
      LUNAS_WEBHOOK_CONCURRENCY: String(CONCURRENCY),
    });
    store = await openStore(config);
    const { app, services } = await buildApp({ config, store });
    await bootstrapStore(services, config);
    const business = await services.businesses.firstBusiness();
    if (!business) throw new Error('bootstrap created no business');
    const endpoints = await services.webhooks.list(business.id);
    if (endpoints.length !== 1 || endpoints[0]!.url !== receiverUrl) throw new Error(`expected one endpoint at ${receiverUrl}, found ${JSON.stringify(endpoints.map((e) => e.url))}`);
    const opened = store;
    return {
      services,
      store,
      businessId: business.id,
      close: async () => {
        await services.dispatcher.stop();
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

/** Commits `count` events in one transaction; returns their ids and the moment the commit returned. */
async function commitEvents(lunas: Lunas, count: number, counter: { next: number }): Promise<{ ids: string[]; committedAt: number }> {
  const created = new Date().toISOString();
  const ids = await lunas.store.db.transaction().execute(async (trx) => {
    const out: string[] = [];
    for (let k = 0; k < count; k++) {
      const i = counter.next++;
      const subjectId = sessionId(i);
      out.push(await recordEvent(trx, { businessId: lunas.businessId, type: EVENT_TYPE, subjectId, data: sessionData(subjectId, i, created, lunas.businessId), created }));
    }
    return out;
  });
  return { ids, committedAt: nowMs() };
}

async function deliveredCount(lunas: Lunas): Promise<number> {
  const row = await lunas.store.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'DELIVERED').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Waits until `count` deliveries are recorded DELIVERED (polling every 10 ms). */
async function waitRecorded(lunas: Lunas, count: number, timeoutMs = 30_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await deliveredCount(lunas)) >= count) return true;
    await sleep(10);
  }
  return false;
}

interface ThroughputResult {
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

interface LatencyResult {
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

async function lunasWarmup(lunas: Lunas, receiver: Receiver, ledger: Ledger, counter: { next: number }): Promise<void> {
  if (WARMUP_EVENTS === 0) return;
  for (let done = 0; done < WARMUP_EVENTS; ) {
    const { ids, committedAt } = await commitEvents(lunas, Math.min(COMMIT_BATCH, WARMUP_EVENTS - done), counter);
    for (const id of ids) ledger.expect(id, committedAt);
    done += ids.length;
  }
  lunas.services.dispatcher.start();
  const complete = await waitForReceipts(receiver, WARMUP_EVENTS);
  await waitRecorded(lunas, ledger.started.size);
  await lunas.services.dispatcher.stop();
  ledger.file(await receiver.take());
  if (!complete) console.error('!!! Lunas warm-up: not every event arrived');
}

async function lunasThroughput(lunas: Lunas, receiver: Receiver, ledger: Ledger, counter: { next: number }): Promise<ThroughputResult> {
  const ids: string[] = [];
  const commitStarted = nowMs();
  for (let done = 0; done < EVENTS; ) {
    const batch = await commitEvents(lunas, Math.min(COMMIT_BATCH, EVENTS - done), counter);
    for (const id of batch.ids) ledger.expect(id, batch.committedAt);
    ids.push(...batch.ids);
    done += batch.ids.length;
  }
  const commitPerSec = EVENTS / ((nowMs() - commitStarted) / 1000);
  ledger.file(await receiver.take());

  const cpu = cpuSnapshot();
  const ownCpu = process.cpuUsage();
  const started = nowMs();
  lunas.services.dispatcher.start();
  const complete = await waitForReceipts(receiver, EVENTS);
  const wall = nowMs() - started;
  const foreign = foreignCpuPct(cpu, cpuSnapshot());
  const own = processCpuPct(ownCpu, wall);
  const recorded = await waitRecorded(lunas, ledger.started.size);
  const recordedAt = nowMs();
  const taken = await receiver.take();
  ledger.file(taken);
  let last = started;
  for (const id of ids) last = Math.max(last, ledger.firstReceipt(id) ?? last);
  const seconds = (last - started) / 1000;
  noisy('Lunas throughput', foreign);
  return {
    events: EVENTS,
    seconds: round(seconds, 3),
    deliveriesPerSec: round(EVENTS / seconds, 0),
    recordedSeconds: recorded ? round((recordedAt - started) / 1000, 3) : undefined,
    commitPerSec: round(commitPerSec, 0),
    complete,
    connections: taken.connections,
    receiverMaxInFlight: taken.maxInFlight,
    avgBodyBytes: round(taken.bytes / Math.max(1, taken.ids.length), 0),
    processCpuPct: own,
    foreignCpuPct: foreign,
  };
}

/** Paces `ticks` ticks of `perTick` at TICK_MS; `tick` does the work of one tick. */
async function paced(tick: (k: number) => Promise<void> | void): Promise<{ seconds: number }> {
  const started = nowMs();
  for (let k = 0; k < TICKS; k++) {
    await sleep(started + k * TICK_MS - nowMs());
    await tick(k);
  }
  return { seconds: (nowMs() - started) / 1000 };
}

async function lunasLatency(lunas: Lunas, receiver: Receiver, ledger: Ledger, counter: { next: number }): Promise<LatencyResult> {
  // The dispatcher is running (started by the throughput phase) and idle.
  ledger.file(await receiver.take());
  const ids: string[] = [];
  const cpu = cpuSnapshot();
  const ownCpu = process.cpuUsage();
  const started = nowMs();
  const { seconds } = await paced(async () => {
    const batch = await commitEvents(lunas, PER_TICK, counter);
    for (const id of batch.ids) ledger.expect(id, batch.committedAt);
    ids.push(...batch.ids);
    if (KICK) lunas.services.dispatcher.kick();
  });
  const complete = await waitForReceipts(receiver, ids.length);
  const foreign = foreignCpuPct(cpu, cpuSnapshot());
  const own = processCpuPct(ownCpu, nowMs() - started);
  await waitRecorded(lunas, ledger.started.size);
  const taken = await receiver.take();
  ledger.file(taken);
  const latencies: number[] = [];
  for (const id of ids) {
    const at = ledger.firstReceipt(id);
    if (at !== undefined) latencies.push(at - ledger.started.get(id)!);
  }
  noisy('Lunas latency', foreign);
  return {
    rate: RATE,
    seconds: round(seconds, 2),
    events: ids.length,
    achievedRate: round(ids.length / seconds, 0),
    latencyMs: summarize(latencies),
    complete,
    connections: taken.connections,
    receiverMaxInFlight: taken.maxInFlight,
    processCpuPct: own,
    foreignCpuPct: foreign,
  };
}

/** After the dispatcher stopped: every delivery row DELIVERED, one attempt each. */
async function lunasRows(lunas: Lunas): Promise<{ deliveries: Record<string, number>; attempts: number; events: number; notFannedOut: number }> {
  const db = lunas.store.db;
  const byStatus = await db.selectFrom('webhook_deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const count = async (query: Promise<{ n: number | string }>) => Number((await query).n);
  return {
    deliveries: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
    attempts: await count(db.selectFrom('webhook_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    events: await count(db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    notFannedOut: await count(db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('fanned_out_at', 'is', null).executeTakeFirstOrThrow()),
  };
}

// ---------------------------------------------------------------------------------------------
// The floor: a bare undici Pool, BENCH_CONCURRENCY connections

interface Floor {
  send(id: string, payload: string): Promise<void>;
  errors: number;
  close(): Promise<void>;
}

function startFloor(receiverUrl: string, businessId: string): Floor {
  const url = new URL(receiverUrl);
  const pool = new Pool(url.origin, { connections: CONCURRENCY, keepAliveTimeout: 10_000, pipelining: 1 });
  const secret = newSigningSecret();
  const callbackToken = newCallbackToken();
  const floor: Floor = {
    errors: 0,
    async send(id, payload) {
      // What any webhook sender does per delivery: the envelope, the signature, one POST.
      const attemptAt = new Date();
      const body = envelope({ type: EVENT_TYPE, business_id: businessId, payload }, attemptAt);
      const timestamp = Math.floor(attemptAt.getTime() / 1000);
      try {
        const response = await pool.request({
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            'x-callback-token': callbackToken,
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signature(secret, id, timestamp, body),
          },
          body,
        });
        await response.body.text();
        if (response.statusCode !== 200) floor.errors++;
      } catch {
        floor.errors++;
      }
    },
    close: () => pool.close(),
  };
  return floor;
}

/** The same payloads Lunas stores (a fresh session object per event, built before timing). */
function payloads(count: number, businessId: string, counter: { next: number }): { id: string; payload: string }[] {
  const created = new Date().toISOString();
  return Array.from({ length: count }, () => {
    const i = counter.next++;
    const subjectId = sessionId(i);
    return { id: `evt_${randomUUID()}`, payload: JSON.stringify(sessionData(subjectId, i, created, businessId)) };
  });
}

async function floorThroughput(floor: Floor, receiver: Receiver, ledger: Ledger, count: number, counter: { next: number }, businessId: string, measure: boolean): Promise<ThroughputResult> {
  const work = payloads(count, businessId, counter);
  ledger.file(await receiver.take());
  const errorsBefore = floor.errors;
  const cpu = cpuSnapshot();
  const ownCpu = process.cpuUsage();
  const started = nowMs();
  let next = 0;
  const loops = Array.from({ length: CONCURRENCY }, async () => {
    while (next < work.length) {
      const item = work[next++]!;
      ledger.expect(item.id, nowMs());
      await floor.send(item.id, item.payload);
    }
  });
  await Promise.all(loops);
  const complete = await waitForReceipts(receiver, count);
  const wall = nowMs() - started;
  const foreign = foreignCpuPct(cpu, cpuSnapshot());
  const own = processCpuPct(ownCpu, wall);
  const taken = await receiver.take();
  ledger.file(taken);
  let last = started;
  for (const item of work) last = Math.max(last, ledger.firstReceipt(item.id) ?? last);
  const seconds = (last - started) / 1000;
  if (measure) noisy('floor throughput', foreign);
  return {
    events: count,
    seconds: round(seconds, 3),
    deliveriesPerSec: round(count / seconds, 0),
    complete,
    connections: taken.connections,
    receiverMaxInFlight: taken.maxInFlight,
    avgBodyBytes: round(taken.bytes / Math.max(1, taken.ids.length), 0),
    processCpuPct: own,
    foreignCpuPct: foreign,
    errors: floor.errors - errorsBefore,
  };
}

async function floorLatency(floor: Floor, receiver: Receiver, ledger: Ledger, counter: { next: number }, businessId: string): Promise<LatencyResult> {
  const work = payloads(PER_TICK * TICKS, businessId, counter);
  ledger.file(await receiver.take());
  const errorsBefore = floor.errors;
  const sends: Promise<void>[] = [];
  const cpu = cpuSnapshot();
  const ownCpu = process.cpuUsage();
  const started = nowMs();
  const { seconds } = await paced((k) => {
    for (const item of work.slice(k * PER_TICK, (k + 1) * PER_TICK)) {
      ledger.expect(item.id, nowMs());
      sends.push(floor.send(item.id, item.payload));
    }
  });
  await Promise.all(sends);
  const complete = await waitForReceipts(receiver, work.length);
  const foreign = foreignCpuPct(cpu, cpuSnapshot());
  const own = processCpuPct(ownCpu, nowMs() - started);
  const taken = await receiver.take();
  ledger.file(taken);
  const latencies: number[] = [];
  for (const item of work) {
    const at = ledger.firstReceipt(item.id);
    if (at !== undefined) latencies.push(at - ledger.started.get(item.id)!);
  }
  noisy('floor latency', foreign);
  return {
    rate: RATE,
    seconds: round(seconds, 2),
    events: work.length,
    achievedRate: round(work.length / seconds, 0),
    latencyMs: summarize(latencies),
    complete,
    connections: taken.connections,
    receiverMaxInFlight: taken.maxInFlight,
    processCpuPct: own,
    foreignCpuPct: foreign,
    errors: floor.errors - errorsBefore,
  };
}

// ---------------------------------------------------------------------------------------------
// One store

interface StoreResult {
  lunas: { throughput: ThroughputResult; latency: LatencyResult; rows: Awaited<ReturnType<typeof lunasRows>>; events: ReturnType<Ledger['totals']> };
  floor: { throughput: ThroughputResult; latency: LatencyResult; events: ReturnType<Ledger['totals']> };
  throughputRatio: number;
  targets: {
    deliveriesPerSec: { target: string; value: number; pass: boolean };
    latencyP99: { target: string; value: number; pass: boolean; achievedRate: number };
  };
}

async function benchStore(kind: StoreKind, receiver: Receiver): Promise<StoreResult> {
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
    const floorA = await floorThroughput(floor, receiver, floorLedger, EVENTS, counter, lunas.businessId, true);
    process.stdout.write(`${floorA.deliveriesPerSec}/s\n`);

    step(`Lunas throughput (${EVENTS} events committed first)… `);
    const lunasA = await lunasThroughput(lunas, receiver, lunasLedger, counter);
    process.stdout.write(`${lunasA.deliveriesPerSec}/s (committed at ${lunasA.commitPerSec}/s beforehand)\n`);

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
      lunas: { throughput: lunasA, latency: lunasB, rows, events: lunasLedger.totals() },
      floor: { throughput: floorA, latency: floorB, events: floorLedger.totals() },
      throughputRatio,
      targets: {
        deliveriesPerSec: { target: `>= ${TARGET_DELIVERIES_PER_S}`, value: lunasA.deliveriesPerSec, pass: lunasA.complete && lunasA.deliveriesPerSec >= TARGET_DELIVERIES_PER_S },
        // The latency target only counts if the rate was actually offered (within 2%) and everything arrived.
        latencyP99: { target: `<= ${TARGET_P99_MS} ms at ${RATE} events/s`, value: p99, pass: lunasB.complete && p99 <= TARGET_P99_MS && lunasB.achievedRate >= RATE * 0.98, achievedRate: lunasB.achievedRate },
      },
    };
  } finally {
    await floor.close().catch(() => {});
    await lunas.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const STORE_TITLE: Record<StoreKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const fmt = (value: number | undefined, digits: number) => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function printStore(kind: StoreKind, r: StoreResult): void {
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
  const { lunas, floor } = r;
  const rows: string[][] = [
    ['', 'Lunas', 'floor', 'Lunas/floor', 'target', ''],
    [`deliveries/s (${EVENTS} events)`, fmt(lunas.throughput.deliveriesPerSec, 0), fmt(floor.throughput.deliveriesPerSec, 0), fmt(r.throughputRatio, 2), `≥ ${TARGET_DELIVERIES_PER_S}`, verdict(r.targets.deliveriesPerSec.pass)],
    ['  seconds to last receipt', fmt(lunas.throughput.seconds, 2), fmt(floor.throughput.seconds, 2), '', '', ''],
    ['  seconds to all recorded', fmt(lunas.throughput.recordedSeconds, 2), '', '', '', ''],
    ['  connections used', String(lunas.throughput.connections), String(floor.throughput.connections), '', '', ''],
    ['  this process CPU % of a core', fmt(lunas.throughput.processCpuPct, 0), fmt(floor.throughput.processCpuPct, 0), '', '', ''],
    [`latency at ${RATE} events/s: achieved/s`, fmt(lunas.latency.achievedRate, 0), fmt(floor.latency.achievedRate, 0), '', '', ''],
    ['  p50 ms', fmt(lunas.latency.latencyMs.p50, 2), fmt(floor.latency.latencyMs.p50, 2), '', '', ''],
    ['  p90 ms', fmt(lunas.latency.latencyMs.p90, 2), fmt(floor.latency.latencyMs.p90, 2), '', '', ''],
    ['  p99 ms', fmt(lunas.latency.latencyMs.p99, 2), fmt(floor.latency.latencyMs.p99, 2), '', `≤ ${TARGET_P99_MS}`, verdict(r.targets.latencyP99.pass)],
    ['  max ms', fmt(lunas.latency.latencyMs.max, 2), fmt(floor.latency.latencyMs.max, 2), '', '', ''],
    ['  connections used', String(lunas.latency.connections), String(floor.latency.connections), '', '', ''],
    ['events lost / duplicated', `${lunas.events.lost}/${lunas.events.duplicates}`, `${floor.events.lost}/${floor.events.duplicates}`, '', '0/0', lunas.events.lost + floor.events.lost > 0 ? 'LOST' : ''],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log(`\n${STORE_TITLE[kind]} — webhook delivery, ${CONCURRENCY} in flight per endpoint, ~${lunas.throughput.avgBodyBytes} B bodies`);
  for (const [index, row] of rows.entries()) {
    const line = row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ');
    console.log(line.trimEnd());
    if (index === 0) console.log('-'.repeat(line.trimEnd().length));
  }
  const d = lunas.rows.deliveries;
  console.log(
    `Lunas store after stop: ${lunas.rows.events} events (${lunas.rows.notFannedOut} not fanned out), deliveries ${JSON.stringify(d)}, ${lunas.rows.attempts} attempts; ` +
      `committed at ${lunas.throughput.commitPerSec} events/s before phase A; floor send errors ${(floor.throughput.errors ?? 0) + (floor.latency.errors ?? 0)}`,
  );
}

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

async function main(): Promise<number> {
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
    `Webhook delivery benchmark — ${startedAt.toISOString()}\n` +
      `machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}` +
      (machine.postgres ? `, PostgreSQL ${machine.postgres}` : '') +
      `\nserver source sha256 ${serverSourceSha256.slice(0, 12)}, load average ${machine.loadAverageAtStart.join(' ')}` +
      `\nphases: warm-up ${WARMUP_EVENTS}; throughput ${EVENTS} events (${CONCURRENCY} in flight per endpoint); latency ${PER_TICK} events every ${TICK_MS} ms (${RATE}/s) for ${LATENCY_S}s` +
      `${KICK ? ', dispatcher kicked after each commit' : ', no kick (idle poll only)'}\n`,
  );

  const receiver = await startReceiver();
  const stores: Partial<Record<StoreKind, StoreResult>> = {};
  const errors: string[] = [];
  try {
    for (const kind of STORES) {
      try {
        currentStore = kind;
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
  if (noisyPhases.length > 0) console.log(`\nwarning: the machine was not quiet, these figures are noisy:\n  ${noisyPhases.join('\n  ')}`);

  const lost = Object.values(stores).reduce((acc, r) => acc + r.lunas.events.lost + r.floor.events.lost, 0);
  const duplicates = Object.values(stores).reduce((acc, r) => acc + r.lunas.events.duplicates + r.floor.events.duplicates, 0);
  const report = {
    benchmark: 'webhook delivery (bench/webhooks.ts)',
    date: startedAt.toISOString(),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((v) => round(v, 2)) },
    serverSourceSha256,
    settings: { events: EVENTS, warmupEvents: WARMUP_EVENTS, concurrency: CONCURRENCY, rate: RATE, latencySeconds: LATENCY_S, tickMs: TICK_MS, perTick: PER_TICK, commitBatch: COMMIT_BATCH, kick: KICK, stores: STORES },
    targets: { deliveriesPerSec: TARGET_DELIVERIES_PER_S, latencyP99Ms: TARGET_P99_MS },
    stores,
    lost,
    duplicates,
    errors,
    noisyPhases,
    ok: lost === 0 && errors.length === 0,
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), RESULTS_FILE)} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s)`);
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
