import type { Dialect } from '../../db/dialect.ts';
import type { Executor } from '../../db/store.ts';
import { newEventId } from '../../ids.ts';
import { eventStore } from './store.ts';

/**
 * The transactional outbox. A state change records its events with the same transaction
 * handle, so both commit or neither does; the dispatcher (webhooks) only ever reads
 * committed rows.
 */
export interface NewEvent {
  businessId: string;
  type: string;
  /** The object the event is about (session, payment, …): events of one subject keep their order. */
  subjectId: string;
  /** The webhook `data` object. */
  data: unknown;
  created: string;
  /** Events sharing a key are delivered in order; defaults to the subject. Sessions use their id. */
  orderingKey?: string;
  /** False for an event whose deliveries the caller makes itself (a test event for one endpoint): fan-out skips it. */
  fanOut?: false;
}

/**
 * How many events this process has recorded. The API wakes the dispatcher and the event
 * streams as a request answers only when it moved (eventsRecorded): a write that records no event
 * (creating a session) must not cost a dispatcher round on the store it shares with the API.
 * Counted when the insert runs, before the commit: a rolled-back one only wakes them for nothing,
 * as does another app's event when one process runs two (tests, the benchmarks).
 */
let recorded = 0;
export const eventsRecorded = (): number => recorded;

/** Records the event; answers its id and its `seq` (its place in the outbox's order). */
export async function recordEvent(trx: Executor, event: NewEvent): Promise<{ id: string; seq: number }> {
  const id = newEventId();
  recorded++;
  const seq = await eventStore.insert(trx, {
    id,
    business_id: event.businessId,
    type: event.type,
    subject_id: event.subjectId,
    payload: JSON.stringify(event.data),
    created: event.created,
    ordering_key: event.orderingKey ?? event.subjectId,
  });
  // Every event is queued for fan-out as it is inserted (a trigger, migration 0023).
  if (event.fanOut === false) await eventStore.unqueue(trx, seq);
  return { id, seq };
}

export async function eventsFor(db: Executor, subjectId: string) {
  const rows = await eventStore.forSubject(db, subjectId);
  return rows.map((row) => ({ ...row, data: JSON.parse(row.payload) as Record<string, unknown> }));
}

/** An event waiting to be fanned out into deliveries. */
export interface UnfannedEvent {
  id: string;
  seq: number;
  businessId: string;
  type: string;
  /** Deliveries of one key go out in order: the event's ordering key, else its subject. */
  orderingKey: string;
  /** The webhook `data` as recorded (JSON): read only when asked for. */
  payload?: string;
}

/**
 * The dispatcher's fan-out: takes up to `limit` events off the fan-out queue, oldest first (with
 * their payloads when `withPayload`: the dispatcher sends them at once), in the caller's
 * transaction: they leave the queue when it commits. On PostgreSQL they stay locked (SKIP
 * LOCKED) until it ends, so processes split the work.
 */
export async function takeUnfanned(trx: Executor, dialect: Dialect, limit: number, withPayload = false): Promise<UnfannedEvent[]> {
  const rows = await eventStore.takeUnfanned(trx, dialect, limit, withPayload);
  return rows.map((e) => ({ id: e.id, seq: Number(e.seq), businessId: e.business_id, type: e.type, orderingKey: e.ordering_key ?? e.subject_id, payload: e.payload }));
}

/** What a delivery sends: `payload` is the webhook `data` as recorded (JSON), sent as is. */
export interface SendableEvent {
  id: string;
  type: string;
  business_id: string;
  payload: string;
}

/** How many events wait for fan-out (the benchmark's ledger, tests). */
export const eventsAwaitingFanOut = (db: Executor): Promise<number> => eventStore.queued(db);

export const eventsToSend = (db: Executor, eventIds: string[]): Promise<SendableEvent[]> => eventStore.forSending(db, eventIds);
