import type { Logger } from 'pino';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import { isStoreUnavailable } from '../../db/unavailable.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import { newWebhookAttemptId } from '../../ids.ts';
import { describeAttempt } from './attempt-log.ts';
import type { SendResult } from './http.ts';
import { deliveryStore, type AttemptRow, type NextState } from './deliveries-store.ts';
import { afterAttempt } from './policy.ts';

/**
 * Record, the dispatcher's last step: finished attempts and their deliveries' next states
 * (DELIVERED, PENDING with the next retry time, or FAILED), one transaction per batch, then
 * one log line per attempt.
 */
export interface Finished {
  delivery: WebhookDeliveryRow;
  attemptAt: Date;
  result: SendResult;
  /** For the log line only: what was sent where (never the payload or the secrets). */
  eventType: string;
  url: string | undefined;
}

const FLUSH_BATCH = 256;
const FLUSH_EVERY_MS = 20;

/**
 * Finished attempts wait here for their batch: written once 64 are waiting, or 5 ms after the
 * first one, one transaction per batch, batches one after another.
 */
export function recordBuffer(deps: { log: Logger; writeResults: (batch: Finished[]) => Promise<void> }) {
  const { log, writeResults } = deps;
  let finished: Finished[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

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

  return {
    flush,

    add(attempt: Finished): void {
      finished.push(attempt);
      if (finished.length >= FLUSH_BATCH) void flush();
      else flushTimer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS);
    },

    /** Attempts finished and not yet handed to a write. */
    get waiting(): number {
      return finished.length;
    },

    /** Runs `write` after every write started so far and before any started later (the lease heartbeat). */
    exclusive(write: () => Promise<void>): Promise<void> {
      const run = flushing.then(write);
      flushing = run.catch(() => undefined);
      return run;
    },

    /** Settles once every write started so far has. */
    settled(): Promise<void> {
      return flushing;
    },
  };
}

export function recordStep(deps: { store: Store; clock: Clock; log: Logger; config: Config['webhooks']; offsetOfEndpoint?: (endpointId: string) => Promise<number> }) {
  const { store, clock, log, config, offsetOfEndpoint = async () => 0 } = deps;

  /** One line per attempt, once its outcome is recorded: info when delivered, warn otherwise. */
  function logAttempt({ delivery, result, eventType, url }: Finished, next: { status: 'DELIVERED' | 'PENDING' | 'FAILED'; attempts: number; next_attempt_at: string }): void {
    // A line nobody reads is not built (the URL parse and the formatting are per delivery).
    if (!log.isLevelEnabled(next.status === 'DELIVERED' ? 'info' : 'warn')) return;
    const line = describeAttempt(
      { eventId: delivery.event_id, eventType, endpointId: delivery.endpoint_id, deliveryId: delivery.id, url, attempt: next.attempts, maxAttempts: config.retryScheduleMs.length + 1,
        statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error, outcome: next.status, nextAttemptAt: next.status === 'PENDING' ? new Date(next.next_attempt_at) : undefined },
      clock.now(),
    );
    log[line.level](line.fields, line.message);
  }

  return async function writeResults(batch: Finished[]): Promise<void> {
    // Read before the transaction: on SQLite a read outside it would wait for its one connection.
    const offsets = new Map<string, number>();
    for (const f of batch) if (!offsets.has(f.delivery.endpoint_id)) offsets.set(f.delivery.endpoint_id, await offsetOfEndpoint(f.delivery.endpoint_id));
    const updates: NextState[] = batch.map(({ delivery, attemptAt, result }) => {
      // Retries follow the endpoint business's clock (the test clock): an advance past the
      // schedule makes the rest due at once, and, exact while the clock is moved, exhausts it.
      const offset = offsets.get(delivery.endpoint_id) ?? 0;
      const next = afterAttempt({ delivery, attemptAt: new Date(attemptAt.getTime() + offset), result, scheduleMs: config.retryScheduleMs, random: offset > 0 ? () => 0 : undefined });
      return { id: delivery.id, lease: delivery.lease_owner!, ...next, updated: clock.now().toISOString() };
    });
    const kept = await store.db.transaction().execute(async (trx) => {
      // The new states first: the rows they write stay locked (PostgreSQL) until commit.
      const written = await deliveryStore.recordNextStates(trx, store.dialect, updates);
      // A delivery whose state was not written lost its lease (its attempt is still recorded),
      // or was removed with its endpoint while in flight: that one has nowhere to record its
      // attempt, its row would break the attempts' foreign key and fail the whole batch, and the
      // other endpoints' deliveries in it, their results lost, would be sent again when their
      // leases ran out. So only deliveries still there are recorded; on PostgreSQL they are
      // locked (KEY SHARE) until commit, so a removal cannot slip in before the insert.
      const others = batch.filter((f) => !written.has(f.delivery.id)).map((f) => f.delivery.id);
      const present = others.length > 0 ? await deliveryStore.stillPresent(trx, store.dialect, others) : new Set<string>();
      const recordable = batch.flatMap((f, i) => (written.has(f.delivery.id) || present.has(f.delivery.id) ? [[f, updates[i]!] as const] : []));
      const attemptRows: AttemptRow[] = recordable.map(([{ delivery, attemptAt, result }]) => ({
        id: newWebhookAttemptId(),
        delivery_id: delivery.id,
        attempted_at: attemptAt.toISOString(),
        status_code: result.statusCode,
        latency_ms: result.latencyMs,
        error: result.error,
        response_body: result.responseBody,
      }));
      await deliveryStore.insertAttempts(trx, store.dialect, attemptRows);
      return recordable;
    });
    for (const [finishedAttempt, next] of kept) logAttempt(finishedAttempt, next);
    const dropped = batch.length - kept.length;
    if (dropped > 0) log.debug({ deliveries: dropped }, 'webhook results dropped: their endpoints were removed while they were sent');
  };
}
