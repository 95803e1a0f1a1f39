import type { Clock } from '../../clock.ts';
import type { Executor, Store } from '../../db/store.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import { parentsOf } from '../businesses/tree.ts';
import { takeUnfanned, type UnfannedEvent } from '../events/outbox.ts';
import type { Payloads } from './claim.ts';
import { deliveryStore, newDeliveryRow } from './deliveries-store.ts';
import { groupOf, type EventGroup } from './policy.ts';

/**
 * Fan-out, the dispatcher's first step: events waiting in the fan-out queue are taken off it
 * and become one delivery per matching endpoint, in one transaction (taken with SKIP LOCKED on
 * PostgreSQL, so processes split the work).
 *
 * The dispatcher fans out only what it can send now, and leases those deliveries as it makes
 * them (`take`): they go straight to its slots with the payloads read here, with no claim and
 * no second read of the events. That is most of the bookkeeping a delivery used to cost
 * (issue 19). A delivery is made unleased, for a later claim (claim.ts), when its endpoint has
 * no room left in this process, or when an earlier delivery of its endpoint and ordering key
 * (from an earlier batch) still waits for its first attempt: a session's events keep their order.
 */
export const FAN_OUT_BATCH = 500;

/** What the dispatcher can take on now: the lease for what it takes, and room per endpoint. */
export interface Take {
  lease: { id: string; until: string };
  /** Events to read at most (≤ FAN_OUT_BATCH). */
  limit: number;
  /** Deliveries of the endpoint this process can take on now. */
  room(endpointId: string): number;
}

export interface FannedOut {
  events: number;
  /** Endpoints that got deliveries, leased or not. */
  endpointIds: Set<string>;
  /** Leased under `take.lease`, per endpoint, in event order. */
  leased: Map<string, WebhookDeliveryRow[]>;
  /** The events the leased deliveries send, by id. */
  payloads: Payloads;
  /** Endpoints that got deliveries left for a claim. */
  unleasedEndpointIds: Set<string>;
}

type Endpoint = { id: string; business_id: string; event_groups: string };

export function fanOutStep(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  /** Fans out one batch; without `take`, every delivery is left for a claim. */
  return async function fanOut(take?: Take): Promise<FannedOut> {
    const fanned: FannedOut = { events: 0, endpointIds: new Set(), leased: new Map(), payloads: new Map(), unleasedEndpointIds: new Set() };
    return store.db.transaction().execute(async (trx) => {
      const now = clock.now().toISOString();
      const events = await takeUnfanned(trx, store.dialect, take ? Math.min(take.limit, FAN_OUT_BATCH) : FAN_OUT_BATCH, take !== undefined);
      if (events.length === 0) return fanned;
      const targets = await endpointsByEvent(trx, events);
      const rows: WebhookDeliveryRow[] = [];
      for (const event of events) {
        for (const endpoint of targets.get(event.id) ?? []) {
          rows.push(newDeliveryRow({ event_id: event.id, event_seq: event.seq, endpoint_id: endpoint.id, business_id: event.businessId, ordering_key: event.orderingKey }, now));
        }
      }
      if (take) await leaseWhatFits(trx, take, rows, events, fanned);
      await deliveryStore.insert(trx, store.dialect, rows);
      fanned.events = events.length;
      for (const row of rows) {
        fanned.endpointIds.add(row.endpoint_id);
        if (row.lease_owner === null) fanned.unleasedEndpointIds.add(row.endpoint_id);
      }
      return fanned;
    });
  };

  /** The endpoints each event goes to. */
  async function endpointsByEvent(trx: Executor, events: UnfannedEvent[]): Promise<Map<string, Endpoint[]>> {
    const businessIds = [...new Set(events.map((e) => e.businessId))];
    const endpoints = await deliveryStore.endpointsOf(trx, businessIds);
    // Only a business without endpoints of its own needs its parent's (one read fewer otherwise).
    const orphans = businessIds.filter((id) => !endpoints.some((e) => e.business_id === id));
    const parents = orphans.length > 0 ? await parentsOf(trx, orphans) : new Map<string, string | null>();
    const parentIds = [...new Set([...parents.values()].filter((id): id is string => id !== null))];
    const parentEndpoints = await deliveryStore.endpointsOf(trx, parentIds);
    const groupsOf = new Map([...endpoints, ...parentEndpoints].map((e) => [e.id, JSON.parse(e.event_groups) as EventGroup[]]));
    const byEvent = new Map<string, Endpoint[]>();
    for (const event of events) {
      const group = groupOf(event.type);
      if (!group) continue;
      // A sub-account without endpoints of its own reports to its parent's (Xendit's "use the master's URLs").
      let targets = endpoints.filter((e) => e.business_id === event.businessId);
      if (targets.length === 0) {
        const parent = parents.get(event.businessId);
        targets = parentEndpoints.filter((e) => e.business_id === parent);
      }
      byEvent.set(event.id, targets.filter((endpoint) => groupsOf.get(endpoint.id)!.includes(group)));
    }
    return byEvent;
  }

  /**
   * Leases, in event order, the rows whose endpoint has room and whose ordering key waits for
   * nothing; once a row of an endpoint and key is left for a claim, so are its later ones.
   */
  async function leaseWhatFits(trx: Executor, take: Take, rows: WebhookDeliveryRow[], events: UnfannedEvent[], fanned: FannedOut): Promise<void> {
    if (rows.length === 0) return;
    const endpointIds = [...new Set(rows.map((row) => row.endpoint_id))];
    const room = new Map(endpointIds.map((id) => [id, take.room(id)]));
    const held = await deliveryStore.keysAwaitingFirstAttempt(trx, endpointIds.filter((id) => room.get(id)! > 0), [...new Set(rows.map((row) => row.ordering_key))]);
    for (const row of rows) {
      const pair = `${row.endpoint_id}\u0000${row.ordering_key}`;
      const left = room.get(row.endpoint_id)!;
      if (left <= 0 || held.has(pair)) {
        held.add(pair);
        continue;
      }
      room.set(row.endpoint_id, left - 1);
      row.locked_until = take.lease.until;
      row.lease_owner = take.lease.id;
      const leased = fanned.leased.get(row.endpoint_id);
      if (leased) leased.push(row);
      else fanned.leased.set(row.endpoint_id, [row]);
    }
    const payloadOf = new Map(events.map((e) => [e.id, e]));
    for (const row of rows) {
      if (row.lease_owner === null || fanned.payloads.has(row.event_id)) continue;
      const event = payloadOf.get(row.event_id)!;
      fanned.payloads.set(event.id, { id: event.id, type: event.type, business_id: event.businessId, payload: event.payload! });
    }
  }
}
