import type { Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import { parentsOf } from '../businesses/tree.ts';
import { markFannedOut, takeUnfanned } from '../events/outbox.ts';
import { deliveryStore, newDeliveryRow } from './deliveries-store.ts';
import { groupOf, type EventGroup } from './policy.ts';

/**
 * Fan-out, the dispatcher's first step: events not yet fanned out become one delivery per
 * matching endpoint, and are marked, in one transaction (claimed with SKIP LOCKED on
 * PostgreSQL, so processes split the work).
 */
export const FAN_OUT_BATCH = 500;

export function fanOutStep(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  /** Fans out one batch; returns how many events it took and which endpoints got deliveries. */
  return async function fanOut(): Promise<{ events: number; endpointIds: Set<string> }> {
    return store.db.transaction().execute(async (trx) => {
      const events = await takeUnfanned(trx, store.dialect, FAN_OUT_BATCH);
      if (events.length === 0) return { events: 0, endpointIds: new Set<string>() };
      const businessIds = [...new Set(events.map((e) => e.businessId))];
      const endpoints = await deliveryStore.endpointsOf(trx, businessIds);
      const parents = await parentsOf(trx, businessIds);
      const parentEndpoints = await deliveryStore.endpointsOf(trx, [...new Set([...parents.values()].filter((id): id is string => id !== null))]);
      const now = clock.now().toISOString();
      const rows: WebhookDeliveryRow[] = [];
      for (const event of events) {
        const group = groupOf(event.type);
        // A sub-account without endpoints of its own reports to its parent's (Xendit's "use the master's URLs").
        let targets = endpoints.filter((e) => e.business_id === event.businessId);
        if (targets.length === 0) {
          const parent = parents.get(event.businessId);
          targets = parentEndpoints.filter((e) => e.business_id === parent);
        }
        for (const endpoint of targets) {
          if (!group || !(JSON.parse(endpoint.event_groups) as EventGroup[]).includes(group)) continue;
          rows.push(newDeliveryRow({ event_id: event.id, event_seq: event.seq, endpoint_id: endpoint.id, business_id: event.businessId, ordering_key: event.orderingKey }, now));
        }
      }
      await deliveryStore.insert(trx, rows);
      await markFannedOut(trx, events.map((e) => e.id), now);
      return { events: events.length, endpointIds: new Set(rows.map((row) => row.endpoint_id)) };
    });
  };
}
