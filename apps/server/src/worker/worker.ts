import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/store.ts';
import type { SessionService } from '../modules/sessions/service.ts';
import { purgeIdempotencyKeys } from '../plugins/idempotency.ts';

/**
 * The worker role of `lunas start`: background duties on a fixed tick. Each tick is safe to
 * run from several processes on one PostgreSQL (claims are guarded UPDATEs).
 * - expiry sweeper: persists ACTIVE → EXPIRED with its `payment_session.expired` event;
 * - idempotency records older than 24 hours are forgotten.
 */
export interface Worker {
  /** Runs one tick now; resolves when it is done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startWorker(deps: { db: Db; sessions: SessionService; clock: Clock; log: Logger; intervalMs: number }): Worker {
  let running: Promise<void> | undefined;
  let stopped = false;

  async function tick(): Promise<void> {
    const expired = await deps.sessions.sweepExpired();
    if (expired > 0) deps.log.info({ expired }, 'expired sessions');
    await purgeIdempotencyKeys(deps.db, deps.clock.now());
  }

  function guardedTick(): Promise<void> {
    // Never overlap ticks: a slow store must not pile up sweeps.
    running ??= tick()
      .catch((error: unknown) => deps.log.error({ err: error }, 'worker tick failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

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
