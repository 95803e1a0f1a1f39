import type { Logger } from 'pino';
import type { BusinessOffsets, Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import { isStoreUnavailable, storeOutageBackoff } from '../../db/unavailable.ts';
import { claimStep } from './claim.ts';
import { deliveryStore } from './deliveries-store.ts';
import { FAN_OUT_BATCH, fanOutStep } from './fan-out.ts';
import { leaseHeartbeat } from './lease-heartbeat.ts';
import { webhookSender, type WebhookSender } from './http.ts';
import { recordBuffer, recordStep } from './results.ts';
import { sendStep } from './send.ts';
import type { WebhookService } from './service.ts';
import { slotScheduler } from './slots.ts';

/**
 * The webhook dispatcher (a duty of the worker role). It only ever reads committed outbox
 * events, and it is safe to run in several processes on one PostgreSQL:
 *
 * 1. fan-out (fan-out.ts): events waiting in the fan-out queue become one delivery per matching
 *    endpoint and leave the queue, in one transaction (taken with SKIP LOCKED, so processes split
 *    the work). It takes only what this process can send now, and leases those deliveries as it
 *    makes them: they go straight to the slots, with the payloads it read;
 * 2. claim (claim.ts): the rest (retries, deliveries that wait for an earlier one of their
 *    session, what found no room, what a dead process leased) are leased when due with a guarded
 *    UPDATE. Leases (`locked_until`) last a few seconds and are renewed while the process lives
 *    (lease-heartbeat.ts); a lease whose process died runs out and the delivery is claimed
 *    again: at least once, never lost;
 * 3. send (slots.ts, send.ts): at most LUNAS_WEBHOOK_CONCURRENCY requests in flight per endpoint and process
 *    (each endpoint takes on at most BATCH_WAVES waves of its slots), so a slow or dead receiver
 *    only ever holds its own slots; the rest keep flowing;
 * 4. record (results.ts): attempts are written in small batches, each with the delivery's next state
 *    (DELIVERED, PENDING with the next retry time, or FAILED).
 *
 * Rounds run back to back while they find work, else on a wake or every IDLE_POLL_MS. A wake
 * comes from a commit that recorded events (`kick`), from drained slots and from recorded
 * outcomes (which can make a session's next delivery due). Only a kick or the poll makes a
 * round look at the whole store; other rounds fan out only while the outbox had more than the
 * last batch took, and claim only for endpoints that may have something to claim.
 *
 * Order: a delivery starts only after every earlier delivery of the same endpoint and
 * ordering key (a session) has had its first attempt, so a session's events are attempted in
 * the order they were committed.
 */
/** Deliveries this process holds (leased, not yet sent) at most, over all endpoints. */
const MAX_IN_FLIGHT = 2048;
/**
 * And per endpoint, in waves of its slots: enough that a batch is large and the slots never wait
 * for the next. The next batch is asked for when half is sent; on PostgreSQL a batch takes
 * 40-60 ms to make on a busy 2-core machine, and at 16 waves the last 128 went out faster than
 * that: the slots ran dry between batches (issue 19).
 */
const BATCH_WAVES = 32;
const IDLE_POLL_MS = 50;
/** Past this many deliveries between them, autovacuum's own ANALYZE (at 10 % growth) is the better judge. */
const MAX_ANALYZE_AFTER = 256_000;

export function webhookDispatcher(deps: { store: Store; clock: Clock; log: Logger; webhooks: WebhookService; config: Config['webhooks']; userAgent: string; sender?: WebhookSender; offsets?: BusinessOffsets }) {
  const { store, clock, log, webhooks, config } = deps;
  const sender = deps.sender ?? webhookSender(config.allowPrivate, config.timeoutMs);
  const fanOutBatch = fanOutStep({ store, clock });
  const heartbeat = leaseHeartbeat({ store, clock, log, serialize: (write) => results.exclusive(write) });
  const claims = claimStep({ store, clock, heartbeat, offsets: deps.offsets });
  const deliver = sendStep({ clock, webhooks, config, userAgent: deps.userAgent, sender });
  const writeResults = recordStep({ store, clock, log, config, offsetOfEndpoint: claims.offsetOfEndpoint });
  const results = recordBuffer({
    log,
    writeResults: async (batch) => {
      try {
        await writeResults(batch);
      } finally {
        // Written or not, the batch's leases are no longer renewed for it: an outcome that failed to be written is retried when they run out.
        heartbeat.release(batch.map((f) => f.delivery.lease_owner!));
      }
      // A first attempt recorded can make the next delivery of its session due: claim for its endpoint.
      for (const f of batch) claimWanted.add(f.delivery.endpoint_id);
      wake?.();
    },
  });
  let wake: (() => void) | undefined;
  const slots = slotScheduler({
    concurrency: config.concurrencyPerEndpoint,
    perEndpoint: config.concurrencyPerEndpoint * BATCH_WAVES,
    total: MAX_IN_FLIGHT,
    send: async (delivery, payloads) => results.add(await deliver(delivery, payloads)),
    onLow: () => wake?.(),
  });
  /** When a round last looked at the whole store (0: the next round must, after a kick). */
  let lastPollAt = 0;
  /** The last fan-out took everything there was: until a kick or the poll, there is no more. */
  let outboxDrained = false;
  /** Endpoints that may have deliveries to claim before the next poll. */
  const claimWanted = new Set<string>();
  let fannedSinceAnalyze = 0;
  let analyzeAfter = 2000;
  let analyzing = false;
  let running = false;
  let loop: Promise<void> | undefined;
  /** Waiting out a store outage: a kick (a committed write) must not cut the pause short. */
  let outagePause = false;

  /**
   * Fans out one batch, as much as the roomiest endpoint that wants work can take now, and
   * queues what it leased. With no endpoint wanting work, the outbox keeps the events until
   * one does (or another process takes them).
   */
  async function fanOut(endpointIds: string[], any: boolean): Promise<number> {
    const wanting = endpointIds.filter((id) => slots.wantsWork(id, any));
    if (wanting.length === 0) return 0;
    const limit = Math.min(Math.max(...wanting.map(slots.room)), FAN_OUT_BATCH);
    const lease = heartbeat.lease(clock.now());
    const batch = await fanOutBatch({ lease, limit, room: slots.room });
    outboxDrained = batch.events < limit;
    // A new endpoint must not wait for the endpoint list to refresh.
    claims.noticeEndpoints(batch.endpointIds);
    for (const endpointId of batch.unleasedEndpointIds) claimWanted.add(endpointId);
    heartbeat.hold(lease, [...batch.leased.values()].reduce((sum, rows) => sum + rows.length, 0));
    for (const [endpointId, deliveries] of batch.leased) slots.enqueue(endpointId, deliveries, batch.payloads);
    refreshStatisticsAfter(batch.events);
    return batch.events;
  }

  /**
   * A burst of new deliveries leaves PostgreSQL's statistics behind until autovacuum runs, and
   * the claim's plan degrades to scanning every pending row: refresh them, beside the rounds
   * (an ANALYZE takes tens of milliseconds that no delivery should wait for). After 2,000
   * deliveries, then after twice as many each time: a plan flips when the table has grown
   * several times over since its statistics, not by a few percent, and an ANALYZE of a large
   * table (up to 100 ms) every 2,000 deliveries was a sixth of PostgreSQL's work in a burst.
   */
  function refreshStatisticsAfter(fanned: number): void {
    fannedSinceAnalyze += fanned;
    if (store.dialect !== 'postgres' || fannedSinceAnalyze < analyzeAfter || analyzing) return;
    fannedSinceAnalyze = 0;
    analyzeAfter = Math.min(analyzeAfter * 2, MAX_ANALYZE_AFTER);
    analyzing = true;
    deliveryStore
      .refreshStatistics(store.db)
      .catch((error: unknown) => log.warn({ cause: (error as Error).message }, 'webhook deliveries: ANALYZE failed'))
      .finally(() => (analyzing = false));
  }

  /**
   * One round: fan out, then claim and start what the free slots allow. Returns the work found.
   * `everything`: look at the whole store (tests, a kick, the poll), not only where work is expected.
   */
  async function round(everything = true): Promise<number> {
    const poll = everything || Date.now() - lastPollAt >= IDLE_POLL_MS;
    if (poll) lastPollAt = Date.now();
    const endpointIds = await claims.endpoints();
    let work = poll || !outboxDrained ? await fanOut(endpointIds, poll) : 0;
    for (const endpointId of await claims.endpoints()) {
      if (!poll && !claimWanted.has(endpointId)) continue;
      if (!slots.wantsWork(endpointId, poll)) continue;
      const batch = slots.room(endpointId);
      claimWanted.delete(endpointId);
      const claimed = await claims.claim(endpointId, batch);
      // A full batch: there may be more.
      if (claimed.deliveries.length === batch) claimWanted.add(endpointId);
      if (claimed.deliveries.length === 0) continue;
      work += claimed.deliveries.length;
      slots.enqueue(endpointId, claimed.deliveries, claimed.payloads);
    }
    return work;
  }

  async function run(): Promise<void> {
    const outage = storeOutageBackoff(log, 'webhook dispatcher');
    while (running) {
      let work = 0;
      let pauseMs = IDLE_POLL_MS;
      try {
        work = await round(false);
        outage.succeeded();
      } catch (error) {
        // A store outage: one warning, then rounds at a growing interval until it is back.
        if (isStoreUnavailable(error)) pauseMs = outage.failed(error);
        else log.error({ err: error }, 'webhook dispatch round failed');
      }
      if (work === 0 && running) await new Promise<void>((resolve) => {
        wake = resolve;
        outagePause = outage.failing;
        setTimeout(resolve, pauseMs).unref();
      });
      wake = undefined;
      outagePause = false;
    }
  }

  return {
    round,
    flush: results.flush,
    /** Tests: renews the leases this process holds now rather than at the next beat. */
    heartbeat: heartbeat.beat,

    start(): void {
      if (running) return;
      running = true;
      loop = run();
    },

    /** A hint that events were committed: the loop wakes at once instead of at its next poll. */
    kick(): void {
      lastPollAt = 0;
      if (!outagePause) wake?.();
    },

    /** Stops claiming, lets in-flight deliveries finish, records their results. */
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      while (slots.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await results.flush();
      await results.settled();
      heartbeat.stop();
    },

    /** Tests: runs rounds until nothing is due, nothing is in flight and every result is recorded. */
    async drain(maxMs = 10_000): Promise<void> {
      const until = Date.now() + maxMs;
      for (;;) {
        if (Date.now() > until) throw new Error('webhook dispatcher did not drain');
        const work = await round();
        if (work > 0 || slots.inFlight > 0) {
          if (work === 0) await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        // Recorded results can make later deliveries of the same session due: look once more.
        await results.flush();
        await results.settled();
        if (results.waiting === 0 && slots.inFlight === 0 && (await round()) === 0 && slots.inFlight === 0) return;
      }
    },

    async close(): Promise<void> {
      await sender.close();
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof webhookDispatcher>;
