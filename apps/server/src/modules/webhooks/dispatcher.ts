import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Agent } from 'undici';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import { send, webhookAgent, type SendResult } from './http.ts';
import { envelope, groupOf, nextAttemptAt, signature, type EventGroup } from './policy.ts';
import type { WebhookService } from './service.ts';

/**
 * The webhook dispatcher (a duty of the worker role). It only ever reads committed outbox
 * events, and it is safe to run in several processes on one PostgreSQL:
 *
 * 1. fan-out: events not yet fanned out become one delivery per matching endpoint, and are
 *    marked, in one transaction (claimed with SKIP LOCKED, so processes split the work);
 * 2. claim: due deliveries are leased (`locked_until`) with a guarded UPDATE; a lease whose
 *    process died runs out and the delivery is claimed again: at least once, never lost;
 * 3. send: at most LUNAS_WEBHOOK_CONCURRENCY requests in flight per endpoint and process
 *    (deliveries are claimed per endpoint, up to its free slots), so a slow or dead receiver
 *    only ever holds its own slots; the rest keep flowing;
 * 4. record: attempts are written in small batches, each with the delivery's next state
 *    (DELIVERED, PENDING with the next retry time, or FAILED).
 *
 * Order: a delivery starts only after every earlier delivery of the same endpoint and
 * ordering key (a session) has had its first attempt, so a session's events are attempted in
 * the order they were committed.
 */
const FAN_OUT_BATCH = 500;
const CLAIM_BATCH = 200;
const MAX_IN_FLIGHT = 256;
const FLUSH_EVERY_MS = 5;
const IDLE_POLL_MS = 50;

interface Finished {
  delivery: WebhookDeliveryRow;
  attemptAt: Date;
  result: SendResult;
}

export function webhookDispatcher(deps: { store: Store; clock: Clock; log: Logger; webhooks: WebhookService; config: Config['webhooks']; userAgent: string; agent?: Agent }) {
  const { store, clock, log, webhooks, config } = deps;
  const agent = deps.agent ?? webhookAgent(config.allowPrivate);
  const inFlightByEndpoint = new Map<string, number>();
  let inFlight = 0;
  let finished: Finished[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function fanOut(): Promise<number> {
    return store.db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('events').select(['id', 'seq', 'business_id', 'type', 'ordering_key', 'subject_id']).where('fanned_out_at', 'is', null).orderBy('seq').limit(FAN_OUT_BATCH);
      if (store.dialect === 'postgres') query = query.forUpdate().skipLocked();
      const events = await query.execute();
      if (events.length === 0) return 0;
      const businessIds = [...new Set(events.map((e) => e.business_id))];
      const endpoints = await trx.selectFrom('webhook_endpoints').select(['id', 'business_id', 'event_groups']).where('business_id', 'in', businessIds).execute();
      const parents = await trx.selectFrom('businesses').select(['id', 'parent_id']).where('id', 'in', businessIds).execute();
      const parentEndpoints = await trx
        .selectFrom('webhook_endpoints')
        .select(['id', 'business_id', 'event_groups'])
        .where('business_id', 'in', [...new Set(parents.map((p) => p.parent_id).filter((id): id is string => id !== null)), '-'])
        .execute();
      const now = clock.now().toISOString();
      const rows: WebhookDeliveryRow[] = [];
      for (const event of events) {
        const group = groupOf(event.type);
        // A sub-account without endpoints of its own reports to its parent's (Xendit's "use the master's URLs").
        let targets = endpoints.filter((e) => e.business_id === event.business_id);
        if (targets.length === 0) {
          const parent = parents.find((p) => p.id === event.business_id)?.parent_id;
          targets = parentEndpoints.filter((e) => e.business_id === parent);
        }
        for (const endpoint of targets) {
          if (!group || !(JSON.parse(endpoint.event_groups) as EventGroup[]).includes(group)) continue;
          rows.push({
            id: `dlv_${randomUUID()}`,
            event_id: event.id,
            event_seq: event.seq,
            endpoint_id: endpoint.id,
            business_id: event.business_id,
            ordering_key: event.ordering_key ?? event.subject_id,
            status: 'PENDING',
            attempts: 0,
            first_attempt_at: null,
            next_attempt_at: now,
            locked_until: null,
            last_status_code: null,
            created: now,
            updated: now,
          });
        }
      }
      for (let i = 0; i < rows.length; i += 100) {
        await trx.insertInto('webhook_deliveries').values(rows.slice(i, i + 100)).onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing()).execute();
      }
      await trx.updateTable('events').set({ fanned_out_at: now }).where('id', 'in', events.map((e) => e.id)).execute();
      return events.length;
    });
  }

  /** Endpoints with deliveries due now, so each can be claimed up to its own free slots. */
  async function dueEndpoints(): Promise<string[]> {
    const nowIso = clock.now().toISOString();
    const rows = await store.db
      .selectFrom('webhook_deliveries')
      .select('endpoint_id')
      .where('status', '=', 'PENDING')
      .where('next_attempt_at', '<=', nowIso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
      .groupBy('endpoint_id')
      .limit(100)
      .execute();
    return rows.map((row) => row.endpoint_id);
  }

  async function claim(endpointId: string, limit: number): Promise<WebhookDeliveryRow[]> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const lease = new Date(now.getTime() + config.timeoutMs + 30_000).toISOString();
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

  async function deliver(delivery: WebhookDeliveryRow, payloads: Map<string, { type: string; business_id: string; payload: string }>): Promise<void> {
    const event = payloads.get(delivery.event_id);
    let result: SendResult;
    const attemptAt = clock.now();
    try {
      const endpoint = await webhooks.endpointForDelivery(delivery.endpoint_id);
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
      result = await send(agent, endpoint.url, headers, body, config.timeoutMs);
    } catch (error) {
      result = { statusCode: null, latencyMs: 0, error: (error as Error).message, responseBody: null };
    }
    finished.push({ delivery, attemptAt, result });
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
    flushing = flushing.then(() => writeResults(batch)).catch((error: unknown) => log.error({ err: error }, 'webhook results not recorded; the leases will expire and the deliveries be retried'));
    return flushing;
  }

  async function writeResults(batch: Finished[]): Promise<void> {
    await store.db.transaction().execute(async (trx) => {
      for (const { delivery, attemptAt, result } of batch) {
        const attempts = delivery.attempts + 1;
        const firstAttemptAt = delivery.first_attempt_at ? new Date(delivery.first_attempt_at) : attemptAt;
        const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
        const next = ok ? undefined : nextAttemptAt({ scheduleMs: config.retryScheduleMs, attemptsMade: attempts, firstAttemptAt, now: attemptAt, retryAfter: result.retryAfter });
        await trx
          .insertInto('webhook_attempts')
          .values({ id: `att_${randomUUID()}`, delivery_id: delivery.id, attempted_at: attemptAt.toISOString(), status_code: result.statusCode, latency_ms: result.latencyMs, error: result.error, response_body: result.responseBody })
          .execute();
        await trx
          .updateTable('webhook_deliveries')
          .set({
            status: ok ? 'DELIVERED' : next ? 'PENDING' : 'FAILED',
            attempts,
            first_attempt_at: firstAttemptAt.toISOString(),
            next_attempt_at: (next ?? attemptAt).toISOString(),
            last_status_code: result.statusCode,
            locked_until: null,
            updated: clock.now().toISOString(),
          })
          .where('id', '=', delivery.id)
          // Only the holder of the lease records the outcome; a process that lost it stays quiet.
          .where('locked_until', '=', delivery.locked_until)
          .execute();
      }
    });
  }

  /** One round: fan out, then claim and start what the free slots allow. Returns the work found. */
  async function round(): Promise<number> {
    let work = 0;
    for (let fanned = FAN_OUT_BATCH; fanned === FAN_OUT_BATCH; ) {
      fanned = await fanOut();
      work += fanned;
    }
    let started = 0;
    for (const endpointId of await dueEndpoints()) {
      // Each chain below holds one of the endpoint's slots: it sends one request at a time.
      const free = Math.min(config.concurrencyPerEndpoint - (inFlightByEndpoint.get(endpointId) ?? 0), MAX_IN_FLIGHT - inFlight, CLAIM_BATCH);
      if (free <= 0) continue;
      const claimed = await claim(endpointId, free);
      if (claimed.length === 0) continue;
      started += claimed.length;
      const events = await store.db.selectFrom('events').select(['id', 'type', 'business_id', 'payload']).where('id', 'in', claimed.map((d) => d.event_id)).execute();
      const payloads = new Map(events.map((e) => [e.id, e]));
      // Deliveries of one ordering key inside this batch go one after another, in event order.
      const chains = new Map<string, WebhookDeliveryRow[]>();
      for (const delivery of claimed) chains.set(delivery.ordering_key, [...(chains.get(delivery.ordering_key) ?? []), delivery]);
      for (const chain of chains.values()) {
        inFlight += chain.length;
        inFlightByEndpoint.set(endpointId, (inFlightByEndpoint.get(endpointId) ?? 0) + 1);
        void (async () => {
          for (const delivery of chain) {
            await deliver(delivery, payloads);
            inFlight--;
          }
          inFlightByEndpoint.set(endpointId, inFlightByEndpoint.get(endpointId)! - 1);
          wake?.();
        })();
      }
    }
    return work + started;
  }

  async function run(): Promise<void> {
    while (running) {
      let work = 0;
      try {
        work = await round();
      } catch (error) {
        log.error({ err: error }, 'webhook dispatch round failed');
      }
      if (work === 0 && running) await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, IDLE_POLL_MS).unref();
      });
      wake = undefined;
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
      wake?.();
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
      await agent.close();
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof webhookDispatcher>;
