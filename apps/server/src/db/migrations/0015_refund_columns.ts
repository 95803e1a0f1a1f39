import { sql, type Kysely, type Migration } from 'kysely';

/**
 * `GET /refunds` filters by channel and payment method type, and refunds carry their payment
 * request's country (docs/compatibility.md, "Refunds"). Those were inside the JSON `body` (or not
 * stored at all), which SQL cannot filter on in both dialects alike, so they become columns:
 * `channel_code`, `payment_method_type`, `country`. Rows written before are filled in: channel
 * and method type from their body, country from their payment request. The list reads a
 * business's refunds newest first, hence the index.
 *
 * Self-contained on purpose (released migrations never change, so they import nothing that might).
 */
export async function fillRefundColumns(db: Kysely<any>): Promise<void> {
  const rows = await db.selectFrom('refunds').select(['id', 'body']).where('channel_code', '=', '').execute();
  for (const row of rows) {
    const body = JSON.parse(row.body as string) as { channel_code?: string; payment_method_type?: string };
    await db
      .updateTable('refunds')
      .set({ channel_code: body.channel_code ?? '', payment_method_type: body.payment_method_type ?? '' })
      .where('id', '=', row.id)
      .execute();
  }
  await sql`UPDATE refunds SET country = (SELECT r.country FROM payment_requests r WHERE r.id = refunds.payment_request_id) WHERE country = ''`.execute(db);
}

export const m0015_refund_columns = (): Migration => ({
  async up(db: Kysely<any>) {
    for (const column of ['channel_code', 'payment_method_type', 'country']) {
      await db.schema.alterTable('refunds').addColumn(column, 'text', (c) => c.notNull().defaultTo('')).execute();
    }
    await fillRefundColumns(db);
    await db.schema.createIndex('refunds_business_created').on('refunds').columns(['business_id', 'created', 'id']).execute();
  },
});
