import type { Executor } from '../../db/store.ts';
import type { CustomerRow } from '../../db/tables.ts';

/** A customer as the rest of Lunas sees it: `individual_detail` parsed. */
export type Customer = Omit<CustomerRow, 'individual_detail'> & { individual_detail: { given_names?: string; surname?: string } & Record<string, unknown> };

const toCustomer = (row: CustomerRow | undefined): Customer | undefined => (row ? { ...row, individual_detail: JSON.parse(row.individual_detail) as Customer['individual_detail'] } : undefined);

/** The customers table; only modules/customers calls it. */
export const customerStore = {
  async findById(db: Executor, businessId: string, id: string): Promise<Customer | undefined> {
    return toCustomer(await db.selectFrom('customers').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst());
  },

  async findByReference(db: Executor, businessId: string, referenceId: string): Promise<Customer | undefined> {
    return toCustomer(await db.selectFrom('customers').selectAll().where('business_id', '=', businessId).where('reference_id', '=', referenceId).executeTakeFirst());
  },

  async insertIfAbsent(db: Executor, customer: Customer): Promise<void> {
    const row: CustomerRow = { ...customer, individual_detail: JSON.stringify(customer.individual_detail) };
    await db.insertInto('customers').values(row).onConflict((oc) => oc.columns(['business_id', 'reference_id']).doNothing()).execute();
  },
};
