import type { Executor } from '../../db/store.ts';
import type { CustomerRow } from '../../db/tables.ts';

export const customerStore = {
  async findById(db: Executor, businessId: string, id: string): Promise<CustomerRow | undefined> {
    return db.selectFrom('customers').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  },

  async findByReference(db: Executor, businessId: string, referenceId: string): Promise<CustomerRow | undefined> {
    return db.selectFrom('customers').selectAll().where('business_id', '=', businessId).where('reference_id', '=', referenceId).executeTakeFirst();
  },

  async insertIfAbsent(db: Executor, row: CustomerRow): Promise<void> {
    await db.insertInto('customers').values(row).onConflict((oc) => oc.columns(['business_id', 'reference_id']).doNothing()).execute();
  },
};
