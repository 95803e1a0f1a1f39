import { PassThrough } from 'node:stream';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { bootstrapStore, buildApp, type App } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { openStore, type Dialect, type Store } from '../../src/db/store.ts';
import pino from 'pino';
import { startWorker } from '../../src/worker/worker.ts';
import { freshStoreTarget, type StoreTarget } from './stores.ts';

export const TEST_SECRET_KEY = 'xnd_development_lunas_test_key_0001';

/** The founding example of the issue: every test starts from it. */
export const FOUNDING_PAYLOAD = {
  reference_id: 'order-1',
  session_type: 'PAY',
  mode: 'COMPONENTS',
  amount: 10000,
  currency: 'IDR',
  country: 'ID',
  customer: {
    reference_id: 'cust-ref-1',
    type: 'INDIVIDUAL',
    email: 'customer@yourdomain.com',
    mobile_number: '+628123456789',
    individual_detail: { given_names: 'John', surname: 'Doe' },
  },
  components_configuration: { origins: ['https://example.com'] },
} as const;

export interface TestApp extends App {
  store: Store;
  target: StoreTarget;
  clock: ManualClock;
  config: Config;
  businessId: string;
  /** Every log line the app wrote. */
  logs: string[];
  /** Authenticated request with the test key (override `auth` to send another or none). */
  request(options: InjectOptions & { auth?: string | null }): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** `target`: an existing store (e.g. one prepared by an older schema) instead of a fresh one. */
export async function startTestApp(dialect: Dialect, overrides: Record<string, string> = {}, existing?: StoreTarget): Promise<TestApp> {
  const target = existing ?? (await freshStoreTarget(dialect));
  const config = loadConfig({
    LUNAS_DATA_DIR: target.dataDir,
    DATABASE_URL: target.databaseUrl,
    LUNAS_SECRET_KEY: TEST_SECRET_KEY,
    LUNAS_PUBLIC_URL: 'https://lunas.test',
    LUNAS_LOG_LEVEL: 'info',
    // Tests read lines as JSON unless they ask for pretty; never let the terminal decide.
    LUNAS_LOG_FORMAT: 'json',
    ...overrides,
  });
  const store = await openStore(config);
  const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const built = await buildApp({ config, store, clock, logStream });
  await bootstrapStore(built.services, config);
  const defaultKey = config.secretKey ?? TEST_SECRET_KEY;
  const businessId = (await built.services.businesses.authenticate(defaultKey))!.id;

  const request = (options: InjectOptions & { auth?: string | null }) => {
    const { auth = defaultKey, headers = {}, ...rest } = options;
    const authHeader = auth === null ? {} : { authorization: `Basic ${Buffer.from(`${auth}:`).toString('base64')}` };
    return built.app.inject({ ...rest, headers: { ...authHeader, ...headers } });
  };

  return {
    ...built,
    store,
    target,
    clock,
    config,
    businessId,
    logs,
    request,
    post: (url, body, headers = {}) =>
      request({ method: 'POST', url, headers, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) }),
    get: (url, headers = {}) => request({ method: 'GET', url, headers }),
    async close() {
      await built.app.close();
      await store.close();
      await target.dispose();
    },
  };
}

/** Counts rows of the tables a failed request must never write to. */
export async function countRows(app: TestApp): Promise<{ sessions: number; customers: number; events: number; idempotency_keys: number }> {
  const count = async (table: 'sessions' | 'customers' | 'events' | 'idempotency_keys') => {
    const row = await app.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { sessions: await count('sessions'), customers: await count('customers'), events: await count('events'), idempotency_keys: await count('idempotency_keys') };
}

/**
 * Two apps on one store, standing for two processes: each has its own in-memory state (caches,
 * rate limiters, loaded keys) and only the store in common. `close` stops both and drops the store.
 */
export async function startTwoApps(dialect: Dialect): Promise<{ a: TestApp; b: TestApp; close(): Promise<void> }> {
  const a = await startTestApp(dialect);
  const b = await startTestApp(dialect, {}, a.target);
  return {
    a,
    b,
    async close() {
      await b.app.close();
      await b.store.close();
      await a.close();
    },
  };
}

/** One worker round on the app's store and clock (sweeps and due tasks), as `lunas start` runs it. */
export async function workerTick(t: TestApp): Promise<void> {
  const worker = startWorker({ db: t.store.db, services: t.services, clock: t.clock, log: pino({ level: 'silent' }), intervalMs: 3_600_000 });
  await worker.tick();
  await worker.stop();
}
