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
 * 1. fan-out (fan-out.ts): events not yet fanned out become one delivery per matching endpoint, and are
 *    marked, in one transaction (claimed with SKIP LOCKED, so processes split the work);
 * 2. claim (claim.ts): due deliveries are leased (`locked_until`) with a guarded UPDATE, for a few
 *    seconds, renewed while the process lives (lease-heartbeat.ts); a lease whose process died runs
 *    out and the delivery is claimed again: at least once, never lost;
 * 3. send (slots.ts, send.ts): at most LUNAS_WEBHOOK_CONCURRENCY requests in flight per endpoint and process
 *    (deliveries are claimed per endpoint, up to its free slots), so a slow or dead receiver
 *    only ever holds its own slots; the rest keep flowing;
 * 4. record (results.ts): attempts are written in small batches, each with the delivery's next state
 *    (DELIVERED, PENDING with the next retry time, or FAILED).
 *
 * Order: a delivery starts only after every earlier delivery of the same endpoint and
 * ordering key (a session) has had its first attempt, so a session's events are attempted in
 * the order they were committed.
 */
const MAX_IN_FLIGHT = 256;
/** A claim leases this many waves of an endpoint's slots: fewer, larger claims; longer leases. */
const BATCH_WAVES = 4;
const IDLE_POLL_MS = 50;

export function webhookDispatcher(deps: { store: Store; clock: Clock; log: Logger; webhooks: WebhookService; config: Config['webhooks']; userAgent: string; sender?: WebhookSender; offsets?: BusinessOffsets }) {
  const { store, clock, log, webhooks, config } = deps;
  const sender = deps.sender ?? webhookSender(config.allowPrivate);
  const fanOutBatch = fanOutStep({ store, clock });
  const heartbeat = leaseHeartbeat({ store, clock, log, serialize: (write) => results.exclusive(write) });
  const claims = claimStep({ store, clock, heartbeat, offsets: deps.offsets });
  const deliver = sendStep({ clock, webhooks, config, userAgent: deps.userAgent, sender });
  const writeResults = recordStep({ store, clock, log, config, offsetOfEndpoint: claims.offsetOfEndpoint });
  const results = recordBuffer({
    log,
    // Written or not, the batch's leases are no longer renewed for it: an outcome that failed to be written is retried when they run out.
    writeResults: (batch) => writeResults(batch).finally(() => heartbeat.release(batch.map((f) => f.delivery.lease_owner!))),
  });
  let wake: (() => void) | undefined;
  const slots = slotScheduler({
    concurrency: config.concurrencyPerEndpoint,
    send: async (delivery, payloads) => results.add(await deliver(delivery, payloads)),
    onDrained: () => wake?.(),
  });
  let fannedSinceAnalyze = 0;
  let running = false;
  let loop: Promise<void> | undefined;
  /** Waiting out a store outage: a kick (a committed write) must not cut the pause short. */
  let outagePause = false;

  /** One round: fan out, then claim and start what the free slots allow. Returns the work found. */
  async function round(): Promise<number> {
    let work = 0;
    for (let fanned = FAN_OUT_BATCH; fanned === FAN_OUT_BATCH; ) {
      const batch = await fanOutBatch();
      fanned = batch.events;
      work += fanned;
      // A new endpoint must not wait for the endpoint list to refresh.
      claims.noticeEndpoints(batch.endpointIds);
    }
    // A burst of new deliveries leaves PostgreSQL's statistics behind until autovacuum runs,
    // and the claim's plan degrades to scanning every pending row: refresh them at once.
    fannedSinceAnalyze += work;
    if (store.dialect === 'postgres' && fannedSinceAnalyze >= 2000) {
      fannedSinceAnalyze = 0;
      await deliveryStore.refreshStatistics(store.db);
    }
    let started = 0;
    for (const endpointId of await claims.endpoints()) {
      // Claim once less than a wave is queued: claims are batches, sends are slot-limited.
      if (!slots.wantsClaim(endpointId)) continue;
      const batch = Math.min(config.concurrencyPerEndpoint * BATCH_WAVES, MAX_IN_FLIGHT - slots.inFlight);
      if (batch <= 0) break;
      const claimed = await claims.claim(endpointId, batch);
      if (claimed.deliveries.length === 0) continue;
      started += claimed.deliveries.length;
      slots.enqueue(endpointId, claimed.deliveries, claimed.payloads);
    }
    return work + started;
  }

  async function run(): Promise<void> {
    const outage = storeOutageBackoff(log, 'webhook dispatcher');
    while (running) {
      let work = 0;
      let pauseMs = IDLE_POLL_MS;
      try {
        work = await round();
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
