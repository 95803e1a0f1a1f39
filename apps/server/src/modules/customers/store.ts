import type { Dialect } from '../../db/dialect.ts';
import { keysetPage } from '../../db/keyset.ts';
import type { Executor } from '../../db/store.ts';
import type { CustomerRow } from '../../db/tables.ts';

/** What a customer has beyond the columns sessions read; every field optional (older rows have none). */
export interface CustomerDetails {
  business_detail?: Record<string, unknown> | null;
  phone_number?: string | null;
  hashed_phone_number?: string | null;
  addresses?: Record<string, unknown>[] | null;
  identity_accounts?: Record<string, unknown>[] | null;
  kyc_documents?: Record<string, unknown>[] | null;
  description?: string | null;
  date_of_registration?: string | null;
  domicile_of_registration?: string | null;
  metadata?: Record<string, unknown> | null;
}

/** A customer as the rest of Lunas sees it: `individual_detail` (null for BUSINESS) and `details` parsed. */
export type Customer = Omit<CustomerRow, 'individual_detail' | 'details'> & {
  individual_detail: ({ given_names?: string; surname?: string | null } & Record<string, unknown>) | null;
  details: CustomerDetails;
};

const toCustomer = (row: CustomerRow | undefined): Customer | undefined =>
  row ? { ...row, individual_detail: JSON.parse(row.individual_detail) as Customer['individual_detail'], details: row.details ? (JSON.parse(row.details) as CustomerDetails) : {} } : undefined;

const toRow = (customer: Customer): CustomerRow => ({ ...customer, individual_detail: JSON.stringify(customer.individual_detail), details: JSON.stringify(customer.details) });

/** The customers table; only modules/customers calls it. */
export const customerStore = {
  async findById(db: Executor, businessId: string, id: string): Promise<Customer | undefined> {
    return toCustomer(await db.selectFrom('customers').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst());
  },

  /** findById for a read-modify-write: on PostgreSQL the row stays locked until the transaction ends. */
  async findForUpdate(db: Executor, dialect: Dialect, businessId: string, id: string): Promise<Customer | undefined> {
    let query = db.selectFrom('customers').selectAll().where('business_id', '=', businessId).where('id', '=', id);
    if (dialect === 'postgres') query = query.forUpdate();
    return toCustomer(await query.executeTakeFirst());
  },

  async findByReference(db: Executor, businessId: string, referenceId: string): Promise<Customer | undefined> {
    return toCustomer(await db.selectFrom('customers').selectAll().where('business_id', '=', businessId).where('reference_id', '=', referenceId).executeTakeFirst());
  },

  /** The business's customers, newest first (the dashboard's list); one extra row tells has_more. */
  async list(db: Executor, businessId: string, after: Customer | undefined, limit: number): Promise<Customer[]> {
    const query = db.selectFrom('customers').selectAll().where('business_id', '=', businessId);
    return (await keysetPage(query, after, limit).execute()).map((row) => toCustomer(row)!);
  },

  /** Inserts unless the business already has a customer with this reference_id; true when inserted. */
  async insertIfAbsent(db: Executor, customer: Customer): Promise<boolean> {
    const inserted = await db
      .insertInto('customers')
      .values(toRow(customer))
      .onConflict((oc) => oc.columns(['business_id', 'reference_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  /** Replaces what PATCH may change; id, business, reference_id, type and created never change. */
  async update(db: Executor, customer: Customer): Promise<void> {
    const { individual_detail, details, email, mobile_number, updated } = toRow(customer);
    await db
      .updateTable('customers')
      .set({ individual_detail, details, email, mobile_number, updated })
      .where('business_id', '=', customer.business_id)
      .where('id', '=', customer.id)
      .execute();
  },
};
