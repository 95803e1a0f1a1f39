import { sql, type Kysely, type Migration } from 'kysely';

/** Claims read pending deliveries of one endpoint in due order: this index makes that O(batch). */
export const m0005_delivery_claim_index = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('webhook_deliveries_claim')
      .on('webhook_deliveries')
      .columns(['endpoint_id', 'next_attempt_at', 'event_seq'])
      .where(sql.ref('status'), '=', 'PENDING')
      .execute();
  },
});
