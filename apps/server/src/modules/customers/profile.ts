import { Errors } from '../../errors.ts';
import { BusinessDetailIn, IndividualDetailIn, type CustomerCreateInput, type CustomerPatchInput } from './schemas.ts';
import type { Customer, CustomerDetails } from './store.ts';

/**
 * What a Customers API body turns into: the known fields only (unknown ones are ignored, never
 * stored), addresses in the API reference's spelling, and the rules JSON Schema cannot say.
 */
type Mutable = Omit<CustomerPatchInput, 'reference_id' | 'type'>;
type Json = Record<string, unknown>;

const keysOf = (schema: { properties: Json }) => Object.keys(schema.properties);
const INDIVIDUAL_KEYS = keysOf(IndividualDetailIn);
const BUSINESS_KEYS = keysOf(BusinessDetailIn);
const EMPLOYMENT_KEYS = ['employer_name', 'nature_of_business', 'role_description'];

function pick(value: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((key) => value[key] !== undefined).map((key) => [key, value[key]]));
}

function individual(detail: Json): Json {
  const picked = pick(detail, INDIVIDUAL_KEYS);
  if (picked.employment) picked.employment = pick(picked.employment as Json, EMPLOYMENT_KEYS);
  return picked;
}

type AddressInput = NonNullable<Mutable['addresses']>[number];

function address(a: AddressInput, index: number): Json {
  const country = a.country ?? a.country_code;
  if (!country) throw Errors.fieldInvalid(`/body/addresses/${index}/country`, 'is required');
  return {
    country,
    street_line1: a.street_line1 ?? a.line_1 ?? null,
    street_line2: a.street_line2 ?? a.line_2 ?? null,
    city: a.city ?? null,
    province_state: a.province_state ?? null,
    postal_code: a.postal_code ?? null,
    category: a.category ?? null,
    is_primary: a.is_primary ?? null,
    ...(a.suburb ? { suburb: a.suburb } : {}),
  };
}

type IdentityInput = NonNullable<Mutable['identity_accounts']>[number];
const identityAccount = (a: IdentityInput): Json => ({ type: a.type, company: a.company ?? null, description: a.description ?? null, country: a.country ?? null, properties: a.properties ?? null });

type KycInput = NonNullable<Mutable['kyc_documents']>[number];
const kycDocument = (k: KycInput): Json => ({
  country: k.country,
  type: k.type,
  sub_type: k.sub_type ?? null,
  document_name: k.document_name ?? null,
  document_number: k.document_number ?? null,
  expires_at: k.expires_at ?? null,
  holder_name: k.holder_name ?? null,
  document_images: k.document_images ?? [],
});

/** The fields of `input` that it sends (null included: PATCH removes them), normalised. */
function present(input: Mutable): { individual_detail?: Json | null; email?: string | null; mobile_number?: string | null; details: CustomerDetails } {
  const out: ReturnType<typeof present> = { details: {} };
  const d = out.details;
  if (input.individual_detail !== undefined) out.individual_detail = input.individual_detail && individual(input.individual_detail);
  if (input.email !== undefined) out.email = input.email;
  if (input.mobile_number !== undefined) out.mobile_number = input.mobile_number;
  if (input.business_detail !== undefined) d.business_detail = input.business_detail && pick(input.business_detail, BUSINESS_KEYS);
  if (input.addresses !== undefined) d.addresses = input.addresses && input.addresses.map(address);
  if (input.identity_accounts !== undefined) d.identity_accounts = input.identity_accounts && input.identity_accounts.map(identityAccount);
  if (input.kyc_documents !== undefined) d.kyc_documents = input.kyc_documents && input.kyc_documents.map(kycDocument);
  for (const key of ['phone_number', 'hashed_phone_number', 'description', 'date_of_registration', 'domicile_of_registration', 'metadata'] as const) {
    if (input[key] !== undefined) (d as Json)[key] = input[key];
  }
  return out;
}

/** An INDIVIDUAL has an individual_detail and no business_detail; a BUSINESS the other way round. */
function checkType(customer: Customer): void {
  const business = customer.details.business_detail ?? null;
  if (customer.type === 'INDIVIDUAL') {
    if (!customer.individual_detail) throw Errors.fieldInvalid('/body/individual_detail', 'is required for type INDIVIDUAL');
    if (business) throw Errors.fieldInvalid('/body/business_detail', 'is allowed for type BUSINESS only');
  } else {
    if (!business) throw Errors.fieldInvalid('/body/business_detail', 'is required for type BUSINESS');
    if (customer.individual_detail) throw Errors.fieldInvalid('/body/individual_detail', 'is allowed for type INDIVIDUAL only');
  }
}

/** A new customer from a POST /customers body. */
export function newCustomer(id: string, businessId: string, input: CustomerCreateInput, now: string): Customer {
  const fields = present(input);
  const customer: Customer = {
    id,
    business_id: businessId,
    reference_id: input.reference_id,
    type: input.type,
    email: fields.email ?? null,
    mobile_number: fields.mobile_number ?? null,
    individual_detail: (fields.individual_detail ?? null) as Customer['individual_detail'],
    details: fields.details,
    created: now,
    updated: now,
  };
  checkType(customer);
  return customer;
}

/**
 * `current` with a PATCH body applied: each field sent replaces the stored one whole, null
 * removes it (Xendit's "Update Customer"). reference_id and type cannot change: sending them
 * is allowed only with the values they have, so a client may send back what it read.
 */
export function patchedCustomer(current: Customer, input: CustomerPatchInput, now: string): Customer {
  if (input.reference_id !== undefined && input.reference_id !== current.reference_id) throw Errors.fieldInvalid('/body/reference_id', 'cannot be changed');
  if (input.type !== undefined && input.type !== current.type) throw Errors.fieldInvalid('/body/type', 'cannot be changed');
  const fields = present(input);
  const customer: Customer = {
    ...current,
    email: fields.email !== undefined ? fields.email : current.email,
    mobile_number: fields.mobile_number !== undefined ? fields.mobile_number : current.mobile_number,
    individual_detail: (fields.individual_detail !== undefined ? fields.individual_detail : current.individual_detail) as Customer['individual_detail'],
    details: { ...current.details, ...fields.details },
    updated: now,
  };
  checkType(customer);
  return customer;
}
