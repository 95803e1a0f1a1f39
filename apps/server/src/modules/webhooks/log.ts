import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import { webhookErrors } from './service.ts';

/**
 * The delivery log and resend (an extension: Xendit offers these in its dashboard). Every
 * event with its deliveries, and every delivery with its attempts: time, status code,
 * latency and the first kilobyte of the receiver's answer (public receivers only: http.ts).
 */
export interface EventFilter {
  type?: string;
  status?: WebhookDeliveryRow['status'];
  /** Events about exactly this object (session, payment, payment request, token, refund). */
  subject_id?: string;
  /** Like subject_id, and for a session also the events of its payments and tokens. */
  object_id?: string;
  limit?: number;
  after_id?: string;
}

export function webhookLog(deps: { db: Db; clock: Clock; kick: () => void }) {
  const { db, clock } = deps;

  async function deliveriesOf(eventIds: string[]) {
    if (eventIds.length === 0) return [];
    const deliveries = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
      .select(['d.id', 'd.event_id', 'd.endpoint_id', 'w.url', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_status_code', 'd.created', 'd.updated'])
      .where('d.event_id', 'in', eventIds)
      .orderBy('d.created')
      .execute();
    const attempts = deliveries.length
      ? await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveries.map((d) => d.id)).orderBy('attempted_at').execute()
      : [];
    return deliveries.map((d) => ({
      id: d.id,
      event_id: d.event_id,
      endpoint_id: d.endpoint_id,
      url: d.url,
      status: d.status,
      next_attempt_at: d.status === 'PENDING' ? d.next_attempt_at : undefined,
      last_status_code: d.last_status_code ?? undefined,
      attempts: attempts
        .filter((a) => a.delivery_id === d.id)
        .map((a) => ({ attempted_at: a.attempted_at, status_code: a.status_code ?? undefined, latency_ms: a.latency_ms, error: a.error ?? undefined, response_body: a.response_body ?? undefined })),
    }));
  }

  return {
    async list(businessId: string, filter: EventFilter) {
      const limit = filter.limit ?? 20;
      let query = db.selectFrom('events').selectAll().where('business_id', '=', businessId);
      if (filter.type) query = query.where('type', '=', filter.type);
      if (filter.subject_id) query = query.where('subject_id', '=', filter.subject_id);
      if (filter.object_id) query = query.where((eb) => eb.or([eb('subject_id', '=', filter.object_id!), eb('ordering_key', '=', filter.object_id!)]));
      if (filter.status) {
        query = query.where('id', 'in', db.selectFrom('webhook_deliveries').select('event_id').where('business_id', '=', businessId).where('status', '=', filter.status));
      }
      if (filter.after_id) {
        const cursor = await db.selectFrom('events').select('seq').where('id', '=', filter.after_id).where('business_id', '=', businessId).executeTakeFirst();
        if (!cursor) throw webhookErrors.eventNotFound();
        query = query.where('seq', '<', cursor.seq);
      }
      const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const deliveries = await deliveriesOf(page.map((e) => e.id));
      return {
        data: page.map((e) => ({
          id: e.id,
          event: e.type,
          business_id: e.business_id,
          subject_id: e.subject_id,
          created: e.created,
          data: JSON.parse(e.payload) as unknown,
          deliveries: deliveries.filter((d) => d.event_id === e.id),
        })),
        has_more: rows.length > limit,
      };
    },

    async get(businessId: string, eventId: string) {
      const event = await db.selectFrom('events').selectAll().where('id', '=', eventId).where('business_id', '=', businessId).executeTakeFirst();
      if (!event) throw webhookErrors.eventNotFound();
      return { id: event.id, event: event.type, business_id: event.business_id, subject_id: event.subject_id, created: event.created, data: JSON.parse(event.payload) as unknown, deliveries: await deliveriesOf([event.id]) };
    },

    /** Sends an event again now (to one endpoint, or to all it went to), whatever its state. */
    async resend(businessId: string, eventId: string, endpointId?: string): Promise<number> {
      const event = await db.selectFrom('events').select('id').where('id', '=', eventId).where('business_id', '=', businessId).executeTakeFirst();
      if (!event) throw webhookErrors.eventNotFound();
      let query = db
        .updateTable('webhook_deliveries')
        .set({ status: 'PENDING', attempts: 0, first_attempt_at: null, next_attempt_at: clock.now().toISOString(), locked_until: null, updated: clock.now().toISOString() })
        .where('event_id', '=', eventId);
      if (endpointId) query = query.where('endpoint_id', '=', endpointId);
      const result = await query.executeTakeFirst();
      deps.kick();
      return Number(result.numUpdatedRows);
    },

    /** Sends again every FAILED delivery of an endpoint whose event was recorded since `since`. */
    async resendFailed(businessId: string, endpointId: string, since: string): Promise<number> {
      const endpoint = await db.selectFrom('webhook_endpoints').select('id').where('id', '=', endpointId).where('business_id', '=', businessId).executeTakeFirst();
      if (!endpoint) throw webhookErrors.endpointNotFound();
      const now = clock.now().toISOString();
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'PENDING', attempts: 0, first_attempt_at: null, next_attempt_at: now, locked_until: null, updated: now })
        .where('endpoint_id', '=', endpointId)
        .where('status', '=', 'FAILED')
        .where('event_id', 'in', db.selectFrom('events').select('id').where('created', '>=', new Date(since).toISOString()))
        .executeTakeFirst();
      deps.kick();
      return Number(result.numUpdatedRows);
    },
  };
}

export type WebhookLog = ReturnType<typeof webhookLog>;
