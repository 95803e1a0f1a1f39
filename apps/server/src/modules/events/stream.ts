import type { Dialect } from '../../db/dialect.ts';
import type { Executor } from '../../db/store.ts';
import { eventStore, type StreamPosition } from './store.ts';

/**
 * The reads behind the event stream (`GET /events/stream`, webhooks/stream-route.ts): a
 * business's events in commit order, after a cursor. On PostgreSQL the order is
 * (tx_order, seq) over finished transactions only (see store.ts streamAfter and migration
 * 0012), so a cursor never passes an event that commits later; on SQLite it is seq.
 */
export type { StreamPosition } from './store.ts';

/** One event as the stream sends it: `payload` is the webhook `data` as recorded (JSON text). */
export interface StreamedEvent {
  id: string;
  type: string;
  business_id: string;
  payload: string;
  position: StreamPosition;
}

export async function eventsAfter(db: Executor, dialect: Dialect, businessId: string, after: StreamPosition, types: string[] | undefined, limit: number): Promise<StreamedEvent[]> {
  const rows = await eventStore.streamAfter(db, dialect, businessId, after, types, limit);
  return rows.map((row) => ({ id: row.id, type: row.type, business_id: row.business_id, payload: row.payload, position: { tx_order: row.tx_order, seq: row.seq } }));
}

/**
 * The cursor of a stream that starts now, and the events after it that had already committed
 * (PostgreSQL: above the xmin horizon, yet visible): skip those, and only events committed from
 * here on follow.
 */
export const streamHead = (db: Executor, dialect: Dialect, businessId: string): Promise<{ position: StreamPosition; seen: string[] }> => eventStore.streamHead(db, dialect, businessId);

/** The cursor just after one of the business's events; undefined when it has no such event. */
export const positionOf = (db: Executor, businessId: string, eventId: string): Promise<StreamPosition | undefined> => eventStore.streamPosition(db, businessId, eventId);

/**
 * Wakes the streams of this process when it has committed a write, so they read at once
 * instead of at their next poll (events committed by other processes wait for the poll).
 */
export function commitSignal() {
  const waiters = new Set<() => void>();
  return {
    notify(): void {
      for (const wake of [...waiters]) wake();
    },
    /** Resolves at the next notify or after `ms`, whichever comes first. */
    wait(ms: number, abort?: AbortSignal): Promise<void> {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          abort?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiters.add(done);
        abort?.addEventListener('abort', done, { once: true });
      });
    },
  };
}
export type CommitSignal = ReturnType<typeof commitSignal>;
