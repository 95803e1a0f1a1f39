import type { Kysely, Migration } from 'kysely';

/**
 * Webhook delivery leases with a heartbeat (webhooks/lease-heartbeat.ts): `lease_owner` names
 * the process holding a delivery, so that process renews all its leases with one UPDATE while
 * it lives and records only the outcomes of deliveries it still holds. The index covers the
 * few rows leased at any time (NULL otherwise), for the heartbeat's UPDATE.
 */
export const m0020_delivery_lease_owner = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('webhook_deliveries').addColumn('lease_owner', 'text').execute();
    await db.schema.createIndex('webhook_deliveries_lease_owner').on('webhook_deliveries').column('lease_owner').execute();
  },
});
