import type { Customer } from './store.ts';

/**
 * A customer in Xendit's 2020-10-31 shape: every field present, null when unset, and the three
 * lists as arrays (xendit-node's Customer model maps over them unless they are null).
 */
export function customerView(customer: Customer): Record<string, unknown> {
  const d = customer.details;
  return {
    id: customer.id,
    reference_id: customer.reference_id,
    type: customer.type,
    individual_detail: customer.individual_detail,
    business_detail: d.business_detail ?? null,
    email: customer.email,
    mobile_number: customer.mobile_number,
    phone_number: d.phone_number ?? null,
    hashed_phone_number: d.hashed_phone_number ?? null,
    addresses: d.addresses ?? [],
    identity_accounts: d.identity_accounts ?? [],
    kyc_documents: d.kyc_documents ?? [],
    description: d.description ?? null,
    date_of_registration: d.date_of_registration ?? null,
    domicile_of_registration: d.domicile_of_registration ?? null,
    metadata: d.metadata ?? null,
    created: customer.created,
    updated: customer.updated,
  };
}
