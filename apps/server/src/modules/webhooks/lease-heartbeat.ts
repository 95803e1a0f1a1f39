import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import { isStoreUnavailable } from '../../db/unavailable.ts';
import { deliveryStore } from './deliveries-store.ts';

/**
 * Webhook delivery leases with a heartbeat. Each batch (a fan-out that leases what it makes,
 * or a claim) leases its deliveries for LEASE_MS under a lease id of its own (`lease_owner`:
 * this process's id and the batch's number); while the process lives, a heartbeat renews the
 * leases it still holds with one UPDATE each HEARTBEAT_MS: those that would otherwise end
 * before the beat after next, so a lease never has less than LEASE_MS - 2 × HEARTBEAT_MS left,
 * and the many that end with their outcome within a beat or two are never rewritten (issue 19:
 * renewing them all was 1,700 rows a beat at full speed). So a live process keeps its
 * deliveries however long a slow receiver takes, and a dead one's are taken over by another
 * process within LEASE_MS of its last beat, instead of after a lease sized for the slowest
 * possible batch.
 *
 * A lease id per batch (not per process) keeps a stale outcome out: a process whose lease ran
 * out (a store outage outlasting LEASE_MS) and that later claims the same delivery again holds
 * it under a new id, so the outcome of its first attempt no longer matches and is not recorded.
 * A lease is held until the outcomes of all its deliveries are written, or failed to be: then
 * the heartbeat lets it run out, and a delivery whose outcome was lost is retried.
 */
export const LEASE_MS = 6_000;
const HEARTBEAT_MS = 1_500;

export function leaseHeartbeat(deps: { store: Store; clock: Clock; log: Logger; leaseMs?: number; everyMs?: number; serialize: (write: () => Promise<void>) => Promise<void> }) {
  const { store, clock, log, leaseMs = LEASE_MS, everyMs = HEARTBEAT_MS } = deps;
  const processId = randomBytes(6).toString('hex');
  let claims = 0;
  /** Lease id → its deliveries whose outcome is not written yet, and when it ends (epoch ms). */
  const held = new Map<string, { deliveries: number; until: number }>();
  let timer: NodeJS.Timeout | undefined;
  /** In a failure streak: the store is unreachable and that was said once. */
  let failing = false;

  /** A beat is queued or running: the next tick is skipped rather than queued behind it. */
  let beating = false;

  async function beat(): Promise<void> {
    if (held.size === 0) return;
    // Serialized with the outcome writes (results.ts): on PostgreSQL the two would otherwise
    // lock the same rows in different orders. The leases and their new end are read when the
    // write runs, not when it was queued behind a batch of outcomes.
    await deps.serialize(async () => {
      // The dispatcher's clock, as the claims': leases compare with it.
      const now = clock.now().getTime();
      const due = [...held].filter(([, lease]) => lease.until - now < leaseMs - everyMs);
      if (due.length === 0) return;
      const until = now + leaseMs;
      await deliveryStore.renewLeases(store.db, due.map(([id]) => id), new Date(until).toISOString());
      for (const [, lease] of due) lease.until = until;
    });
  }

  return {
    /** A new lease: its id and how long it lasts unless renewed. Starts the heartbeat. */
    lease(now: Date): { id: string; until: string } {
      timer ??= setInterval(() => {
        if (beating) return;
        beating = true;
        beat()
          .then(() => (failing = false))
          .catch((error: unknown) => {
            // Missed beats are harmless until the lease runs out; then another process takes over (at
            // least once). A store outage is said once, not every beat (the dispatcher reports it too).
            if (!isStoreUnavailable(error)) log.error({ err: error }, 'webhook lease heartbeat failed');
            else if (!failing) log.warn({ cause: (error as Error).message }, 'webhook lease heartbeat failed; its leases may run out and be taken over');
            failing = true;
          })
          .finally(() => (beating = false));
      }, everyMs).unref();
      return { id: `${processId}:${++claims}`, until: new Date(now.getTime() + leaseMs).toISOString() };
    },

    /** The deliveries now held under a lease. */
    hold(lease: { id: string; until: string }, deliveries: number): void {
      if (deliveries <= 0) return;
      const known = held.get(lease.id);
      if (known) known.deliveries += deliveries;
      else held.set(lease.id, { deliveries, until: Date.parse(lease.until) });
    },

    /** These deliveries' outcomes are written (or failed to be): their leases are no longer renewed for them. */
    release(leaseIds: string[]): void {
      for (const id of leaseIds) {
        const lease = held.get(id);
        if (lease && --lease.deliveries > 0) continue;
        held.delete(id);
      }
    },

    beat,

    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

export type LeaseHeartbeat = ReturnType<typeof leaseHeartbeat>;
