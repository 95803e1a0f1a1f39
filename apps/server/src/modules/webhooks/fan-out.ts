import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
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
      let query = trx.selectFrom('events').select(['id', 'seq', 'business_id', 'type', 'ordering_key', 'subject_id']).where('fanned_out_at', 'is', null).orderBy('seq').limit(FAN_OUT_BATCH);
      if (store.dialect === 'postgres') query = query.forUpdate().skipLocked();
      const events = await query.execute();
      if (events.length === 0) return { events: 0, endpointIds: new Set<string>() };
      const businessIds = [...new Set(events.map((e) => e.business_id))];
      const endpoints = await trx.selectFrom('webhook_endpoints').select(['id', 'business_id', 'event_groups']).where('business_id', 'in', businessIds).execute();
      const parents = await trx.selectFrom('businesses').select(['id', 'parent_id']).where('id', 'in', businessIds).execute();
      const parentEndpoints = await trx
        .selectFrom('webhook_endpoints')
        .select(['id', 'business_id', 'event_groups'])
        .where('business_id', 'in', [...new Set(parents.map((p) => p.parent_id).filter((id): id is string => id !== null)), '-'])
        .execute();
      const now = clock.now().toISOString();
      const rows: WebhookDeliveryRow[] = [];
      for (const event of events) {
        const group = groupOf(event.type);
        // A sub-account without endpoints of its own reports to its parent's (Xendit's "use the master's URLs").
        let targets = endpoints.filter((e) => e.business_id === event.business_id);
        if (targets.length === 0) {
          const parent = parents.find((p) => p.id === event.business_id)?.parent_id;
          targets = parentEndpoints.filter((e) => e.business_id === parent);
        }
        for (const endpoint of targets) {
          if (!group || !(JSON.parse(endpoint.event_groups) as EventGroup[]).includes(group)) continue;
          rows.push({
            id: `dlv_${randomUUID()}`,
            event_id: event.id,
            event_seq: event.seq,
            endpoint_id: endpoint.id,
            business_id: event.business_id,
            ordering_key: event.ordering_key ?? event.subject_id,
            status: 'PENDING',
            attempts: 0,
            first_attempt_at: null,
            next_attempt_at: now,
            locked_until: null,
            last_status_code: null,
            created: now,
            updated: now,
          });
        }
      }
      for (let i = 0; i < rows.length; i += 100) {
        await trx.insertInto('webhook_deliveries').values(rows.slice(i, i + 100)).onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing()).execute();
      }
      await trx.updateTable('events').set({ fanned_out_at: now }).where('id', 'in', events.map((e) => e.id)).execute();
      return { events: events.length, endpointIds: new Set(rows.map((row) => row.endpoint_id)) };
    });
  };
}
