import type { Logger } from 'pino';
import { currentBusinessTime, realTimeOnly, type BusinessOffsets, type Clock } from '../clock.ts';
import { leaseDue } from '../db/lease.ts';
import type { Executor, Store } from '../db/store.ts';
import { isStoreUnavailable } from '../db/unavailable.ts';
import { newTaskId } from '../ids.ts';

/**
 * Durable deferred work ("the outcome arrives asynchronously": simulated payments, refunds).
 * A task is enqueued in the transaction of the request that causes it, so an acknowledged
 * request never loses its follow-up, and a crash only delays it: a claimed task whose process
 * died is claimed again after its lease. Handlers must be idempotent (they are: every one
 * ends in a guarded state transition).
 */
export type TaskHandler = (subjectId: string, payload: Record<string, unknown>) => Promise<void>;

const LEASE_MS = 30_000;
const MAX_ATTEMPTS = 10;
const BATCH = 50;

export function taskQueue(store: Store, clock: Clock, log: Logger, offsets: BusinessOffsets = realTimeOnly) {
  const handlers = new Map<string, TaskHandler>();
  let kickHint: (() => void) | undefined;

  async function claimDue(): Promise<{ id: string; kind: string; subject_id: string; payload: string; attempts: number }[]> {
    const now = clock.now();
    const nowIso = now.toISOString();
    // Leased like webhook deliveries: due ids first, then a guarded UPDATE (db/lease.ts).
    return leaseDue(
      store,
      (trx) =>
        trx
          .selectFrom('tasks')
          .select('id')
          .where('done_at', 'is', null)
          .where('run_at', '<=', nowIso)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
          .orderBy('run_at')
          .limit(BATCH),
      (trx, ids) =>
        trx
          .updateTable('tasks')
          .set((eb) => ({ locked_until: new Date(now.getTime() + LEASE_MS).toISOString(), attempts: eb('attempts', '+', 1) }))
          .where('id', 'in', ids)
          .where('done_at', 'is', null)
          .returning(['id', 'kind', 'subject_id', 'payload', 'attempts'])
          .execute(),
    );
  }

  return {
    register(kind: string, handler: TaskHandler): void {
      handlers.set(kind, handler);
    },

    /** Records a task with the caller's transaction. */
    async enqueue(trx: Executor, kind: string, subjectId: string, payload: Record<string, unknown> = {}, delayMs = 0): Promise<void> {
      const businessId = currentBusinessTime()?.businessId;
      await trx
        .insertInto('tasks')
        .values({
          id: newTaskId(),
          kind,
          subject_id: subjectId,
          // A task a business's work enqueued runs on that business's clock (the test clock).
          payload: JSON.stringify({ ...payload, ...(businessId ? { business_id: businessId } : {}) }),
          run_at: new Date(clock.now().getTime() + delayMs).toISOString(),
          locked_until: null,
          last_error: null,
          done_at: null,
        })
        .execute();
    },

    /** A hint, after commit, that work is waiting: a worker in this process runs it at once. */
    kick(): void {
      kickHint?.();
    },

    onKick(listener: () => void): void {
      kickHint = listener;
    },

    /** Runs every due task once; returns how many ran. */
    async runDue(): Promise<number> {
      let ran = 0;
      for (;;) {
        const claimed = await claimDue();
        for (const task of claimed) {
          const handler = handlers.get(task.kind);
          try {
            if (!handler) throw new Error(`no handler for task kind ${task.kind}`);
            const payload = JSON.parse(task.payload) as Record<string, unknown>;
            const businessId = typeof payload.business_id === 'string' ? payload.business_id : undefined;
            const run = () => handler(task.subject_id, payload);
            await (businessId ? offsets.runAs(businessId, run) : run());
            await store.db.updateTable('tasks').set({ done_at: clock.now().toISOString(), locked_until: null }).where('id', '=', task.id).execute();
          } catch (error) {
            // The store went away: recording the failure would fail too. The lease runs out
            // and the task is claimed again once the store is back; the worker backs off.
            if (isStoreUnavailable(error)) throw error;
            const giveUp = task.attempts >= MAX_ATTEMPTS;
            log.error({ err: error, task: task.id, kind: task.kind, attempts: task.attempts }, giveUp ? 'task failed for good' : 'task failed, will retry');
            const retryAt = new Date(clock.now().getTime() + 1000 * 2 ** Math.min(task.attempts, 10)).toISOString();
            await store.db
              .updateTable('tasks')
              .set({ last_error: String((error as Error).message ?? error).slice(0, 500), locked_until: null, run_at: retryAt, ...(giveUp ? { done_at: clock.now().toISOString() } : {}) })
              .where('id', '=', task.id)
              .execute();
          }
          ran++;
        }
        if (claimed.length < BATCH) return ran;
      }
    },
  };
}

export type TaskQueue = ReturnType<typeof taskQueue>;
