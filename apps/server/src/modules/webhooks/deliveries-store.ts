import { sql } from 'kysely';
import { leaseDue } from '../../db/lease.ts';
import type { Executor, Store } from '../../db/store.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';

/** The dispatcher's SQL on the webhooks tables: endpoints to fan out to, deliveries to claim. */
export const deliveryStore = {
  /** Every endpoint id, in id order. */
  async endpointIds(db: Executor): Promise<string[]> {
    const rows = await db.selectFrom('webhook_endpoints').select('id').orderBy('id').execute();
    return rows.map((row) => row.id);
  },

  /** The endpoints of these businesses, with their subscribed event groups (JSON). */
  async endpointsOf(trx: Executor, businessIds: string[]): Promise<{ id: string; business_id: string; event_groups: string }[]> {
    if (businessIds.length === 0) return [];
    return trx.selectFrom('webhook_endpoints').select(['id', 'business_id', 'event_groups']).where('business_id', 'in', businessIds).execute();
  },

  /** New deliveries; one of an event and endpoint that already exists is left alone. */
  async insert(trx: Executor, rows: WebhookDeliveryRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 100) {
      await trx.insertInto('webhook_deliveries').values(rows.slice(i, i + 100)).onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing()).execute();
    }
  },

  /**
   * Leases up to `limit` due deliveries of an endpoint until `lease` (db/lease.ts). A delivery
   * is due once every earlier delivery of its endpoint and ordering key has had its first
   * attempt, so a session's events are attempted in the order they were committed.
   */
  async claimDue(store: Store, endpointId: string, limit: number, now: string, lease: string): Promise<WebhookDeliveryRow[]> {
    return leaseDue(
      store,
      (trx) =>
        trx
          .selectFrom('webhook_deliveries as d')
          .select('d.id')
          .where('d.endpoint_id', '=', endpointId)
          .where('d.status', '=', 'PENDING')
          .where('d.next_attempt_at', '<=', now)
          .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<=', now)]))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('webhook_deliveries as e')
                  .select('e.id')
                  .whereRef('e.endpoint_id', '=', 'd.endpoint_id')
                  .whereRef('e.ordering_key', '=', 'd.ordering_key')
                  .whereRef('e.event_seq', '<', 'd.event_seq')
                  .where('e.status', '=', 'PENDING')
                  .where('e.first_attempt_at', 'is', null),
              ),
            ),
          )
          .orderBy('d.next_attempt_at')
          .orderBy('d.event_seq')
          .limit(limit),
      (trx, ids) => trx.updateTable('webhook_deliveries').set({ locked_until: lease }).where('id', 'in', ids).where('status', '=', 'PENDING').returningAll().execute(),
    );
  },

  /**
   * A burst of new deliveries leaves PostgreSQL's statistics behind until autovacuum runs,
   * and the claim's plan degrades to scanning every pending row: this refreshes them.
   */
  async refreshStatistics(db: Executor): Promise<void> {
    await sql`ANALYZE webhook_deliveries`.execute(db);
  },
};
