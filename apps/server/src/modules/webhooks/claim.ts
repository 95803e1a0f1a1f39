import { realTimeOnly, type BusinessOffsets, type Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import { eventsToSend, type SendableEvent } from '../events/outbox.ts';
import { deliveryStore } from './deliveries-store.ts';
import type { LeaseHeartbeat } from './lease-heartbeat.ts';

/**
 * Claim, the dispatcher's second step: due deliveries are leased (`locked_until`, `lease_owner`)
 * with a guarded UPDATE (deliveries-store.ts, db/lease.ts); the process renews its leases while
 * it lives (lease-heartbeat.ts), and a lease whose process died runs out within seconds and the
 * delivery is claimed again: at least once, never lost. Claims go endpoint by endpoint,
 * so each endpoint's free slots decide how much of its work is leased.
 */
export type Payloads = Map<string, SendableEvent>;

export interface Claimed {
  deliveries: WebhookDeliveryRow[];
  /** The events the deliveries send, by id. */
  payloads: Payloads;
}

export function claimStep(deps: { store: Store; clock: Clock; heartbeat: LeaseHeartbeat; offsets?: BusinessOffsets }) {
  const { store, clock, heartbeat, offsets = realTimeOnly } = deps;
  let endpointIds: { ids: string[]; owners: Map<string, string>; until: number } | undefined;

  /** How far the endpoint's business clock is ahead (the test clock): its deliveries fall due by that time. */
  async function offsetOfEndpoint(endpointId: string): Promise<number> {
    const owner = endpointIds?.owners.get(endpointId);
    return owner ? offsets.offsetMs(owner) : 0;
  }

  return {
    offsetOfEndpoint,

    /** Every endpoint id (a handful), refreshed each second: claims go endpoint by endpoint. */
    async endpoints(): Promise<string[]> {
      if (endpointIds && endpointIds.until > Date.now()) return endpointIds.ids;
      const rows = await deliveryStore.endpointIds(store.db);
      endpointIds = { ids: rows.map((row) => row.id), owners: new Map(rows.map((row) => [row.id, row.business_id])), until: Date.now() + 1000 };
      return endpointIds.ids;
    },

    /** A new endpoint must not wait for the endpoint list to refresh: drop it when one is unknown. */
    noticeEndpoints(ids: Iterable<string>): void {
      if ([...ids].some((id) => !endpointIds?.ids.includes(id))) endpointIds = undefined;
    },

    /** Leases up to `limit` due deliveries of the endpoint, with the events they send. */
    async claim(endpointId: string, limit: number): Promise<Claimed> {
      const now = clock.now();
      // Short, and renewed by the heartbeat however long the batch's waves take.
      const lease = heartbeat.lease(now);
      const dueBy = new Date(now.getTime() + (await offsetOfEndpoint(endpointId))).toISOString();
      const deliveries = await deliveryStore.claimDue(store, endpointId, limit, now.toISOString(), lease, dueBy);
      if (deliveries.length === 0) return { deliveries, payloads: new Map() };
      const events = await eventsToSend(store.db, deliveries.map((d) => d.event_id));
      // Held (renewed) only once they are sure to be sent: if that read fails, they are neither
      // queued nor released, and their lease must run out for a later claim to retry them.
      heartbeat.hold(lease, deliveries.length);
      return { deliveries, payloads: new Map(events.map((e) => [e.id, e])) };
    },
  };
}

export type ClaimStep = ReturnType<typeof claimStep>;
