import type { Kysely, Migration } from 'kysely';

/**
 * Per-business appearance of the hosted checkout page (`payment_link_url`): the name shown to
 * customers, a logo kept as a data: URL (served by Lunas itself, never fetched from elsewhere)
 * and a brand colour. A business without a row looks like its own name on Lunas's defaults.
 */
export const m0006_checkout_branding = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('checkout_branding')
      .addColumn('business_id', 'text', (c) => c.primaryKey().references('businesses.id'))
      .addColumn('display_name', 'text')
      .addColumn('logo', 'text')
      .addColumn('brand_color', 'text')
      .addColumn('updated', 'text', (c) => c.notNull())
      .execute();
  },
});
