import type { Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import { newPaymentId, newPaymentRequestId, newSessionId } from '../../ids.ts';
import { recordEvent } from '../events/outbox.ts';
import { deliveryStore, newDeliveryRow } from './deliveries-store.ts';
import { endpointStore } from './endpoints-store.ts';
import { webhookErrors } from './service.ts';

/** The marker a test event's session carries in its metadata (docs/compatibility.md, "Dashboard"). */
export const TEST_EVENT_MARKER = 'lunas_test_event';

/**
 * "Send a test event" (the dashboard's webhook page): a `payment_session.completed` built from a
 * sample session that exists nowhere (fresh ids, never stored, so no real session changes),
 * marked as a test by `reference_id` and `metadata.lunas_test_event`, and delivered to the one
 * endpoint chosen, signed like every delivery. It is logged like any event (GET /events), so its
 * attempts show and it can be resent; fan-out never sees it, so no other endpoint gets it.
 */
export function testEvents(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  function sampleSession(businessId: string, now: Date) {
    const at = now.toISOString();
    return {
      payment_session_id: newSessionId(),
      created: at,
      updated: at,
      status: 'COMPLETED',
      reference_id: TEST_EVENT_MARKER,
      currency: 'IDR',
      amount: 10000,
      country: 'ID',
      expires_at: new Date(now.getTime() + 30 * 60 * 1000).toISOString(),
      session_type: 'PAY',
      capture_method: 'AUTOMATIC',
      mode: 'PAYMENT_LINK',
      locale: 'en',
      business_id: businessId,
      description: 'A test event sent from the Lunas dashboard: no real session changed',
      metadata: { [TEST_EVENT_MARKER]: 'true' },
      payment_request_id: newPaymentRequestId(),
      payment_id: newPaymentId(),
    };
  }

  return {
    /** Records the test event with its one delivery; answers the event id. */
    async send(businessId: string, endpointId: string): Promise<{ event_id: string }> {
      const endpoint = await endpointStore.findOfBusiness(store.db, businessId, endpointId);
      if (!endpoint) throw webhookErrors.endpointNotFound();
      const now = clock.now();
      const at = now.toISOString();
      const data = sampleSession(businessId, now);
      const eventId = await store.db.transaction().execute(async (trx) => {
        const event = await recordEvent(trx, { businessId, type: 'payment_session.completed', subjectId: data.payment_session_id, data, created: at, fanOut: false });
        await deliveryStore.insert(trx, store.dialect, [newDeliveryRow({ event_id: event.id, event_seq: event.seq, endpoint_id: endpoint.id, business_id: businessId, ordering_key: data.payment_session_id }, at)]);
        return event.id;
      });
      // Recorded from the dashboard's request: the API's onSend hook wakes the dispatcher (app.ts).
      return { event_id: eventId };
    },
  };
}

export type TestEvents = ReturnType<typeof testEvents>;
