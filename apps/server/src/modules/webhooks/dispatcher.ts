import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import { isStoreUnavailable, storeOutageBackoff } from '../../db/unavailable.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import { FAN_OUT_BATCH, fanOutStep } from './fan-out.ts';
import { webhookSender, type SendResult, type WebhookSender } from './http.ts';
import { envelope, signature } from './policy.ts';
import { recordStep, type Finished } from './results.ts';
import type { WebhookService } from './service.ts';

/**
 * The webhook dispatcher (a duty of the worker role). It only ever reads committed outbox
 * events, and it is safe to run in several processes on one PostgreSQL:
 *
 * 1. fan-out (fan-out.ts): events not yet fanned out become one delivery per matching endpoint, and are
 *    marked, in one transaction (claimed with SKIP LOCKED, so processes split the work);
 * 2. claim: due deliveries are leased (`locked_until`) with a guarded UPDATE; a lease whose
 *    process died runs out and the delivery is claimed again: at least once, never lost;
 * 3. send: at most LUNAS_WEBHOOK_CONCURRENCY requests in flight per endpoint and process
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
const FLUSH_EVERY_MS = 5;
const IDLE_POLL_MS = 50;

export function webhookDispatcher(deps: { store: Store; clock: Clock; log: Logger; webhooks: WebhookService; config: Config['webhooks']; userAgent: string; sender?: WebhookSender }) {
  const { store, clock, log, webhooks, config } = deps;
  const sender = deps.sender ?? webhookSender(config.allowPrivate);
  const fanOutBatch = fanOutStep({ store, clock });
  const writeResults = recordStep({ store, clock, log, config });
  /** Per endpoint: leased chains waiting for a slot, and chains sending now (one request each). */
  type Payloads = Map<string, { type: string; business_id: string; payload: string }>;
  const queues = new Map<string, { chain: WebhookDeliveryRow[]; payloads: Payloads }[]>();
  const sending = new Map<string, number>();
  /** Leased deliveries of this process not yet recorded (queued or sending). */
  let inFlight = 0;
  let endpointIds: { ids: string[]; until: number } | undefined;
  let fannedSinceAnalyze = 0;
  let finished: Finished[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** Waiting out a store outage: a kick (a committed write) must not cut the pause short. */
  let outagePause = false;

  /** Every endpoint id (a handful), refreshed each second: claims go endpoint by endpoint. */
  async function allEndpoints(): Promise<string[]> {
    if (endpointIds && endpointIds.until > Date.now()) return endpointIds.ids;
    const rows = await store.db.selectFrom('webhook_endpoints').select('id').orderBy('id').execute();
    endpointIds = { ids: rows.map((row) => row.id), until: Date.now() + 1000 };
    return endpointIds.ids;
  }

  async function claim(endpointId: string, limit: number): Promise<WebhookDeliveryRow[]> {
    const now = clock.now();
    const nowIso = now.toISOString();
    // A batch goes out in waves of the endpoint's slots; the lease covers them all.
    const waves = Math.ceil(limit / config.concurrencyPerEndpoint);
    const lease = new Date(now.getTime() + waves * config.timeoutMs + 30_000).toISOString();
    // Select, then update, in one transaction: PostgreSQL may run an `IN (SELECT … LIMIT n FOR
    // UPDATE SKIP LOCKED)` subquery more than once inside an UPDATE and so lease more than n.
    return store.db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('webhook_deliveries as d')
        .select('d.id')
        .where('d.endpoint_id', '=', endpointId)
        .where('d.status', '=', 'PENDING')
        .where('d.next_attempt_at', '<=', nowIso)
        .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<=', nowIso)]))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('webhook_deliveries as e')
                .select('e.id')
                .whereRef('e.endpoint_id', '=', 'd.endpoint_id')
                .whereRef('e.ordering_key', '=', 'd.ordering_key')
                .whereRef('e.event_seq', '<', 'd.event_seq')
                .where('e.status', '=', 'PENDING')
                .where('e.first_attempt_at', 'is', null),
            ),
          ),
        )
        .orderBy('d.next_attempt_at')
        .orderBy('d.event_seq')
        .limit(limit);
      if (store.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const ids = (await due.execute()).map((row) => row.id);
      if (ids.length === 0) return [];
      return trx.updateTable('webhook_deliveries').set({ locked_until: lease }).where('id', 'in', ids).where('status', '=', 'PENDING').returningAll().execute();
    });
  }

  async function deliver(delivery: WebhookDeliveryRow, payloads: Payloads): Promise<void> {
    const event = payloads.get(delivery.event_id);
    let result: SendResult;
    let url: string | undefined;
    const attemptAt = clock.now();
    try {
      const endpoint = await webhooks.endpointForDelivery(delivery.endpoint_id);
      url = endpoint?.url;
      if (!event || !endpoint) throw new Error('event or endpoint vanished');
      const body = envelope(event, attemptAt);
      const timestamp = Math.floor(attemptAt.getTime() / 1000);
      const headers = {
        'content-type': 'application/json',
        'user-agent': deps.userAgent,
        'x-callback-token': await webhooks.callbackToken(endpoint.businessId),
        'webhook-id': delivery.event_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature(endpoint.secret, delivery.event_id, timestamp, body),
      };
      result = await sender.send(endpoint.url, headers, body, config.timeoutMs);
    } catch (error) {
      result = { statusCode: null, latencyMs: 0, error: (error as Error).message, responseBody: null };
    }
    finished.push({ delivery, attemptAt, result, eventType: event?.type ?? 'unknown', url });
    if (finished.length >= 64) void flush();
    else flushTimer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS);
  }

  /** Writes finished attempts and the deliveries' next states, one transaction per batch. */
  function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = finished;
    finished = [];
    if (batch.length === 0) return flushing;
    flushing = flushing.then(() => writeResults(batch)).catch((error: unknown) => {
      const message = 'webhook results not recorded; the leases will expire and the deliveries be retried';
      if (isStoreUnavailable(error)) log.warn({ deliveries: batch.length, cause: (error as Error).message }, message);
      else log.error({ err: error }, message);
    });
    return flushing;
  }

  /** One round: fan out, then claim and start what the free slots allow. Returns the work found. */
  async function round(): Promise<number> {
    let work = 0;
    for (let fanned = FAN_OUT_BATCH; fanned === FAN_OUT_BATCH; ) {
      const batch = await fanOutBatch();
      fanned = batch.events;
      work += fanned;
      // A new endpoint must not wait for the endpoint list to refresh.
      if ([...batch.endpointIds].some((id) => !endpointIds?.ids.includes(id))) endpointIds = undefined;
    }
    // A burst of new deliveries leaves PostgreSQL's statistics behind until autovacuum runs,
    // and the claim's plan degrades to scanning every pending row: refresh them at once.
    fannedSinceAnalyze += work;
    if (store.dialect === 'postgres' && fannedSinceAnalyze >= 2000) {
      fannedSinceAnalyze = 0;
      await sql`ANALYZE webhook_deliveries`.execute(store.db);
    }
    let started = 0;
    for (const endpointId of await allEndpoints()) {
      // Claim only when the local queue has drained: claims are batches, sends are slot-limited.
      if ((queues.get(endpointId)?.length ?? 0) > 0 || (sending.get(endpointId) ?? 0) >= config.concurrencyPerEndpoint) continue;
      const batch = Math.min(config.concurrencyPerEndpoint * BATCH_WAVES, MAX_IN_FLIGHT - inFlight);
      if (batch <= 0) break;
      const claimed = await claim(endpointId, batch);
      if (claimed.length === 0) continue;
      started += claimed.length;
      inFlight += claimed.length;
      const events = await store.db.selectFrom('events').select(['id', 'type', 'business_id', 'payload']).where('id', 'in', claimed.map((d) => d.event_id)).execute();
      const payloads = new Map(events.map((e) => [e.id, e]));
      // Deliveries of one ordering key inside a batch go one after another, in event order.
      const chains = new Map<string, WebhookDeliveryRow[]>();
      for (const delivery of claimed) chains.set(delivery.ordering_key, [...(chains.get(delivery.ordering_key) ?? []), delivery]);
      queues.set(endpointId, [...(queues.get(endpointId) ?? []), ...[...chains.values()].map((chain) => ({ chain, payloads }))]);
      pump(endpointId);
    }
    return work + started;
  }

  /** Starts queued chains while the endpoint has free slots; each chain holds one slot. */
  function pump(endpointId: string): void {
    const queue = queues.get(endpointId) ?? [];
    while (queue.length > 0 && (sending.get(endpointId) ?? 0) < config.concurrencyPerEndpoint) {
      const { chain, payloads } = queue.shift()!;
      sending.set(endpointId, (sending.get(endpointId) ?? 0) + 1);
      void (async () => {
        for (const delivery of chain) {
          await deliver(delivery, payloads);
          inFlight--;
        }
        sending.set(endpointId, sending.get(endpointId)! - 1);
        pump(endpointId);
        // Low-water mark: only an endpoint with nothing left to send needs a new claim.
        if (queue.length === 0) wake?.();
      })();
    }
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
    flush,

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
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await flush();
      await flushing;
    },

    /** Tests: runs rounds until nothing is due, nothing is in flight and every result is recorded. */
    async drain(maxMs = 10_000): Promise<void> {
      const until = Date.now() + maxMs;
      for (;;) {
        if (Date.now() > until) throw new Error('webhook dispatcher did not drain');
        const work = await round();
        if (work > 0 || inFlight > 0) {
          if (work === 0) await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        // Recorded results can make later deliveries of the same session due: look once more.
        await flush();
        await flushing;
        if (finished.length === 0 && inFlight === 0 && (await round()) === 0 && inFlight === 0) return;
      }
    },

    async close(): Promise<void> {
      await sender.close();
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof webhookDispatcher>;
