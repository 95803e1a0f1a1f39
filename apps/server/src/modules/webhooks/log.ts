import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import { eventPosition, findEvent, listEvents } from '../events/views.ts';
import { deliveryStore } from './deliveries-store.ts';
import { endpointStore } from './endpoints-store.ts';
import { webhookErrors } from './service.ts';

/**
 * The delivery log and resend (an extension: Xendit offers these in its dashboard). Every
 * event with its deliveries, and every delivery with its attempts: time, status code,
 * latency and the first kilobyte of the receiver's answer (public receivers only: http.ts).
 */
export interface EventFilter {
  type?: string;
  status?: WebhookDeliveryRow['status'];
  /** Events with a delivery to this endpoint (with `status`: a delivery to it in that status). */
  endpoint_id?: string;
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
    const deliveries = await deliveryStore.deliveriesOfEvents(db, eventIds);
    const attempts = deliveries.length ? await deliveryStore.attemptsOf(db, deliveries.map((d) => d.id)) : [];
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
      let beforeSeq: number | undefined;
      if (filter.after_id) {
        beforeSeq = await eventPosition(db, businessId, filter.after_id);
        if (beforeSeq === undefined) throw webhookErrors.eventNotFound();
      }
      const idsIn = filter.status || filter.endpoint_id ? deliveryStore.eventIdsWithDeliveryIn(db, businessId, { status: filter.status, endpointId: filter.endpoint_id }) : undefined;
      const page = await listEvents(db, businessId, { type: filter.type, subject_id: filter.subject_id, object_id: filter.object_id, idsIn, beforeSeq }, limit);
      const deliveries = await deliveriesOf(page.events.map((e) => e.id));
      return {
        data: page.events.map((e) => ({ ...e, deliveries: deliveries.filter((d) => d.event_id === e.id) })),
        has_more: page.hasMore,
      };
    },

    async get(businessId: string, eventId: string) {
      const event = await findEvent(db, businessId, eventId);
      if (!event) throw webhookErrors.eventNotFound();
      return { ...event, deliveries: await deliveriesOf([event.id]) };
    },

    /** Sends an event again now (to one endpoint, or to all it went to), whatever its state. */
    async resend(businessId: string, eventId: string, endpointId?: string): Promise<number> {
      if ((await eventPosition(db, businessId, eventId)) === undefined) throw webhookErrors.eventNotFound();
      const resent = await deliveryStore.sendEventAgain(db, clock.now().toISOString(), eventId, endpointId);
      deps.kick();
      return resent;
    },

    /** Sends again every FAILED delivery of an endpoint whose event was recorded since `since`. */
    async resendFailed(businessId: string, endpointId: string, since: string): Promise<number> {
      if (!(await endpointStore.findOfBusiness(db, businessId, endpointId))) throw webhookErrors.endpointNotFound();
      const resent = await deliveryStore.sendFailedAgain(db, clock.now().toISOString(), endpointId, new Date(since).toISOString());
      deps.kick();
      return resent;
    },
  };
}

export type WebhookLog = ReturnType<typeof webhookLog>;
