import type { Executor } from '../../db/store.ts';
import { newEventId } from '../../ids.ts';

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
}

export async function recordEvent(trx: Executor, event: NewEvent): Promise<string> {
  const id = newEventId();
  await trx
    .insertInto('events')
    .values({
      id,
      business_id: event.businessId,
      type: event.type,
      subject_id: event.subjectId,
      payload: JSON.stringify(event.data),
      created: event.created,
      ordering_key: event.orderingKey ?? event.subjectId,
      fanned_out_at: null,
    })
    .execute();
  return id;
}

export async function eventsFor(db: Executor, subjectId: string) {
  const rows = await db.selectFrom('events').selectAll().where('subject_id', '=', subjectId).orderBy('seq').execute();
  return rows.map((row) => ({ ...row, data: JSON.parse(row.payload) as Record<string, unknown> }));
}
