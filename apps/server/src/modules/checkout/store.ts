import type { Executor } from '../../db/store.ts';
import type { CheckoutBrandingTable } from '../../db/tables.ts';

export type BrandingRow = CheckoutBrandingTable;
export type BrandingChanges = Partial<Pick<BrandingRow, 'display_name' | 'logo' | 'brand_color'>>;

/** The only code that touches the checkout_branding table. */
export const brandingStore = {
  async find(db: Executor, businessId: string): Promise<BrandingRow | undefined> {
    return db.selectFrom('checkout_branding').selectAll().where('business_id', '=', businessId).executeTakeFirst();
  },

  /** Sets exactly the given columns in one statement, so concurrent changes of different fields both stay. */
  async upsert(db: Executor, businessId: string, changes: BrandingChanges, now: string): Promise<BrandingRow> {
    return db
      .insertInto('checkout_branding')
      .values({ business_id: businessId, display_name: null, logo: null, brand_color: null, ...changes, updated: now })
      .onConflict((oc) => oc.column('business_id').doUpdateSet({ ...changes, updated: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },
};
