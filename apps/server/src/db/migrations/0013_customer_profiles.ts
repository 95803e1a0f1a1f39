import type { Kysely, Migration } from 'kysely';

/**
 * The Customers API (`POST /customers`, modules/customers): the rest of Xendit's customer object.
 *
 * - `customers.details`: JSON of what a customer has beyond the columns sessions already read
 *   (business_detail, phone_number, hashed_phone_number, addresses, identity_accounts,
 *   kyc_documents, description, date_of_registration, domicile_of_registration, metadata).
 *   Customers made inline by sessions before this migration have NULL: none of those fields.
 *   `individual_detail` stays NOT NULL and holds JSON `null` for BUSINESS customers.
 */
export const m0013_customer_profiles = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('customers').addColumn('details', 'text').execute();
  },
});
