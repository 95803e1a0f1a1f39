import type { Executor } from '../../db/store.ts';
import { eventStore, type EventPageFilter } from './store.ts';

/**
 * Events as the delivery log (GET /events, webhooks/log.ts) shows them: parsed, without their
 * deliveries, which the webhooks module adds.
 */
export interface EventView {
  id: string;
  event: string;
  business_id: string;
  subject_id: string;
  created: string;
  data: unknown;
}

export type { EventPageFilter } from './store.ts';

const view = (row: { id: string; type: string; business_id: string; subject_id: string; created: string; payload: string }): EventView => ({
  id: row.id,
  event: row.type,
  business_id: row.business_id,
  subject_id: row.subject_id,
  created: row.created,
  data: JSON.parse(row.payload) as unknown,
});

/** Up to `limit` events, newest first, and whether there are more. */
export async function listEvents(db: Executor, businessId: string, filter: EventPageFilter, limit: number): Promise<{ events: EventView[]; hasMore: boolean }> {
  const rows = await eventStore.page(db, businessId, filter, limit + 1);
  return { events: rows.slice(0, limit).map(view), hasMore: rows.length > limit };
}

export async function findEvent(db: Executor, businessId: string, eventId: string): Promise<EventView | undefined> {
  const row = await eventStore.find(db, businessId, eventId);
  return row && view(row);
}

/** The position of an event in the log (for `after_id`); undefined when the business has no such event. */
export const eventPosition = (db: Executor, businessId: string, eventId: string): Promise<number | undefined> => eventStore.findSeq(db, businessId, eventId);

/** A subquery (not run here): the ids of events recorded at or after `since`. */
export const eventIdsSince = (db: Executor, since: string) => eventStore.idsCreatedSince(db, since);
