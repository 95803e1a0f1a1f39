import type { Logger } from 'pino';
import { inBusinessTime, inRealTime, type Clock } from '../clock.ts';
import type { Db } from '../db/store.ts';
import type { Services } from '../app.ts';
import { purgeIdempotencyKeys } from '../plugins/idempotency.ts';
import { isStoreUnavailable, storeOutageBackoff } from '../db/unavailable.ts';

/**
 * The worker role of `lunas start`: background duties on a fixed tick. Each tick is safe to
 * run from several processes on one PostgreSQL (claims are guarded UPDATEs).
 * - expiry sweepers, by each business's clock (the test clock) then real time: sessions (`payment_session.expired`), payment requests
 *   (`payment_request.expiry`), 7-day authorisations (`payment.expiry`), tokens never
 *   authenticated (`payment_token.expiry`);
 * - recurring cycles due by each business's clock, then real time (modules/recurring/cycles.ts:
 *   each attempt is guarded, so processes sharing a store charge a cycle once);
 * - due tasks (simulated payments, refunds), also run at once when this process enqueues one;
 * - idempotency records older than 24 hours are forgotten.
 * While the store is unreachable, ticks pause with a growing back-off (one warning, one
 * "reachable again" line) instead of failing every interval.
 */
export interface Worker {
  /** Runs one tick now; resolves when it is done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startWorker(deps: { db: Db; services: Services; clock: Clock; log: Logger; intervalMs: number }): Worker {
  let running: Promise<void> | undefined;
  let stopped = false;

  /** Expires what is due by one business's clock (the test clock), or by real time for all. */
  async function sweep(businessId?: string): Promise<[number, number]> {
    const { sessions, payments, tokens, cycles } = deps.services;
    const expired = await sessions.sweepExpired(businessId);
    const lapsed = (await payments.sweepExpired(businessId)) + (await tokens.sweepExpired(businessId));
    await cycles.runDue(businessId);
    return [expired, lapsed];
  }

  async function tick(): Promise<void> {
    const { tasks, testClock } = deps.services;
    let [expired, lapsed] = [0, 0];
    // Businesses whose clock moved first, each on its own time, then everyone on real time.
    for (const { businessId, offsetMs } of await testClock.advanced()) {
      const [s, p] = await inBusinessTime({ businessId, offsetMs }, () => sweep(businessId));
      [expired, lapsed] = [expired + s, lapsed + p];
    }
    const [s, p] = await sweep();
    [expired, lapsed] = [expired + s, lapsed + p];
    if (expired + lapsed > 0) deps.log.info({ expired_sessions: expired, lapsed_payments: lapsed }, 'expired');
    await tasks.runDue();
    await purgeIdempotencyKeys(deps.db, deps.clock.now());
  }

  const outage = storeOutageBackoff(deps.log, 'worker');
  let pausedUntil = 0;

  let again = false;
  function guardedTick(): Promise<void> {
    if (Date.now() < pausedUntil) return running ?? Promise.resolve();
    // Never overlap ticks (a slow store must not pile up sweeps), but never drop a kick either:
    // work enqueued during a tick runs in the tick right after it.
    if (running) {
      again = true;
      return running;
    }
    // A kick may come from inside a business's request: the worker serves every business, on real time.
    running = inRealTime(tick)
      .then(() => outage.succeeded())
      .catch((error: unknown) => {
        if (isStoreUnavailable(error)) pausedUntil = Date.now() + outage.failed(error);
        else deps.log.error({ err: error }, 'worker tick failed');
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void guardedTick();
        }
      });
    return running;
  }

  deps.services.tasks.onKick(() => void guardedTick());
  const timer = setInterval(() => {
    if (!stopped) void guardedTick();
  }, deps.intervalMs);
  timer.unref();

  return {
    tick: guardedTick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
