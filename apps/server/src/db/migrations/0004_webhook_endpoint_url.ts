import type { Kysely, Migration } from 'kysely';

/**
 * One endpoint per URL and business: processes starting together with LUNAS_WEBHOOK_URL could
 * otherwise both add it, and every event would go to that URL twice.
 */
export const m0004_webhook_endpoint_url = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('webhook_endpoints_business_url').on('webhook_endpoints').columns(['business_id', 'url']).unique().execute();
  },
});
