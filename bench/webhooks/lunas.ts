/**
 * Lunas's side: the real app (buildApp + bootstrapStore, LUNAS_WEBHOOK_URL = the receiver),
 * with events committed straight into the outbox with recordEvent, and its dispatcher doing
 * the sending.
 */
import { buildApp, bootstrapStore, type Services } from '../../apps/server/src/app.ts';
import type { Store } from '../../apps/server/src/db/store.ts';
import { eventsAwaitingFanOut, recordEvent } from '../../apps/server/src/modules/events/outbox.ts';
import type { StoreKind } from '../lib/env.ts';
import { cpuSnapshot } from '../lib/machine.ts';
import { round } from '../lib/stats.ts';
import { openFreshStore } from '../lib/stores.ts';
import { sessionData, sessionId } from './events.ts';
import type { Ledger } from './ledger.ts';
import { foreignCpuPct, latencyResult, noisy, paced, processCpuPct, throughputResult, type LatencyResult, type ThroughputResult } from './phases.ts';
import { waitForReceipts, type Receiver } from './receiver.ts';
import { profiled } from './profile.ts';
import { COMMIT_BATCH, CONCURRENCY, EVENT_TYPE, EVENTS, KICK, nowMs, PER_TICK, sleep, WARMUP_EVENTS } from './settings.ts';

export interface Lunas {
  kind: StoreKind;
  services: Services;
  store: Store;
  businessId: string;
  close(): Promise<void>;
}

export async function startLunas(kind: StoreKind, receiverUrl: string): Promise<Lunas> {
  const fresh = await openFreshStore(kind, 'webhooks', { LUNAS_WEBHOOK_URL: receiverUrl, LUNAS_WEBHOOK_CONCURRENCY: String(CONCURRENCY) });
  try {
    const { app, services } = await buildApp({ config: fresh.config, store: fresh.store });
    await bootstrapStore(services, fresh.config);
    const business = await services.businesses.firstBusiness();
    if (!business) throw new Error('bootstrap created no business');
    const endpoints = await services.webhooks.list(business.id);
    if (endpoints.length !== 1 || endpoints[0]!.url !== receiverUrl) throw new Error(`expected one endpoint at ${receiverUrl}, found ${JSON.stringify(endpoints.map((e) => e.url))}`);
    return {
      kind,
      services,
      store: fresh.store,
      businessId: business.id,
      close: async () => {
        await services.dispatcher.stop();
        await app.close();
        await fresh.close();
      },
    };
  } catch (error) {
    await fresh.discard();
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
      out.push((await recordEvent(trx, { businessId: lunas.businessId, type: EVENT_TYPE, subjectId, data: sessionData(subjectId, i, created, lunas.businessId), created })).id);
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

export async function lunasWarmup(lunas: Lunas, receiver: Receiver, ledger: Ledger, counter: { next: number }): Promise<void> {
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

/** Phase A: all events committed first (dispatcher stopped), then the dispatcher starts; `phase` names its profile. */
export async function lunasThroughput(lunas: Lunas, receiver: Receiver, ledger: Ledger, counter: { next: number }, phase = 'throughput'): Promise<ThroughputResult> {
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
  const complete = await profiled(`${lunas.kind}-${phase}`, () => {
    lunas.services.dispatcher.start();
    return waitForReceipts(receiver, EVENTS);
  });
  const wall = nowMs() - started;
  const foreign = foreignCpuPct(cpu, cpuSnapshot());
  const own = processCpuPct(ownCpu, wall);
  const recorded = await waitRecorded(lunas, ledger.started.size);
  const recordedAt = nowMs();
  const taken = await receiver.take();
  ledger.file(taken);
  const seconds = (ledger.lastReceipt(ids, started) - started) / 1000;
  noisy('Lunas throughput', foreign);
  return throughputResult({
    events: EVENTS,
    seconds,
    recordedSeconds: recorded ? round((recordedAt - started) / 1000, 3) : undefined,
    commitPerSec: round(commitPerSec, 0),
    complete,
    taken,
    processCpuPct: own,
    foreignCpuPct: foreign,
  });
}

/**
 * Phase B: one transaction per tick, followed by dispatcher.kick() as the API's onSend
 * hook does after a request that recorded events (unless BENCH_KICK=0). Latency is receipt - commit.
 */
export async function lunasLatency(lunas: Lunas, receiver: Receiver, ledger: Ledger, counter: { next: number }): Promise<LatencyResult> {
  // The dispatcher is running (started by the throughput phase) and idle.
  ledger.file(await receiver.take());
  const ids: string[] = [];
  const cpu = cpuSnapshot();
  const ownCpu = process.cpuUsage();
  const started = nowMs();
  const { seconds, complete } = await profiled(`${lunas.kind}-latency`, async () => {
    const { seconds } = await paced(async () => {
      const batch = await commitEvents(lunas, PER_TICK, counter);
      for (const id of batch.ids) ledger.expect(id, batch.committedAt);
      ids.push(...batch.ids);
      if (KICK) lunas.services.dispatcher.kick();
    });
    return { seconds, complete: await waitForReceipts(receiver, ids.length) };
  });
  const foreign = foreignCpuPct(cpu, cpuSnapshot());
  const own = processCpuPct(ownCpu, nowMs() - started);
  await waitRecorded(lunas, ledger.started.size);
  const taken = await receiver.take();
  ledger.file(taken);
  noisy('Lunas latency', foreign);
  return latencyResult({ seconds, events: ids.length, latencies: ledger.latencies(ids), complete, taken, processCpuPct: own, foreignCpuPct: foreign });
}

/** After the dispatcher stopped: every delivery row DELIVERED, one attempt each. */
export async function lunasRows(lunas: Lunas): Promise<{ deliveries: Record<string, number>; attempts: number; events: number; notFannedOut: number }> {
  const db = lunas.store.db;
  const byStatus = await db.selectFrom('webhook_deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const count = async (query: Promise<{ n: number | string }>) => Number((await query).n);
  return {
    deliveries: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
    attempts: await count(db.selectFrom('webhook_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    events: await count(db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    notFannedOut: await eventsAwaitingFanOut(db),
  };
}
