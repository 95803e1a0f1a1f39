import { Type, type Static, type TSchema } from 'typebox';
import { CUSTOMER_EXAMPLES, CUSTOMER_PATCH_EXAMPLES } from '../../schemas/examples.ts';
import { AnyJson, Nullable, StringEnum } from '../../schemas/common.ts';

/**
 * Xendit's Customers API, version 2020-10-31 (`POST /customers`, `GET /customers/{id}`,
 * `GET /customers?reference_id=`, `PATCH /customers/{id}`), as the official clients model it
 * (xendit-node `customer/models`). Unknown properties are accepted and ignored, as elsewhere.
 */
export const CUSTOMER_TYPES = ['INDIVIDUAL', 'BUSINESS'] as const;
const Country = Type.String({ pattern: '^[A-Z]{2}$' });
const E164 = Type.String({ minLength: 1, maxLength: 50, pattern: '^\\+[1-9][0-9]{3,14}$' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Opt = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));
/** An enum that also takes null: Nullable alone would widen `type` but keep null out of `enum`. */
const OptEnum = <const T extends readonly string[]>(values: T) => Type.Optional(Type.Unsafe<T[number] | null>({ type: ['string', 'null'], enum: [...values, null] }));

export const IndividualDetailIn = Type.Object({
  given_names: Text(50),
  given_names_non_roman: Opt(Text(50)),
  middle_name: Opt(Text(50)),
  surname: Opt(Text(50)),
  surname_non_roman: Opt(Text(50)),
  mother_maiden_name: Opt(Text(50)),
  nationality: Opt(Country),
  place_of_birth: Opt(Text(60)),
  date_of_birth: Opt(Type.String({ format: 'date' })),
  gender: OptEnum(['MALE', 'FEMALE', 'OTHER']),
  employment: Opt(
    Type.Object({
      employer_name: Opt(Text(255)),
      nature_of_business: Opt(Text(255)),
      role_description: Opt(Text(255)),
    }),
  ),
});

export const BusinessDetailIn = Type.Object({
  business_name: Text(255),
  business_type: OptEnum(['CORPORATION', 'SOLE_PROPRIETOR', 'PARTNERSHIP', 'COOPERATIVE', 'TRUST', 'NON_PROFIT', 'GOVERNMENT']),
  nature_of_business: Opt(Text(255)),
  business_domicile: Opt(Country),
  date_of_registration: Opt(Type.String({ format: 'date' })),
});

/**
 * An address as Xendit's API reference spells it (`country`, `street_line1`, `street_line2`)
 * or as xendit-node sends it (`country_code`, `line_1`, `line_2`): one of the two country
 * fields is required (service.ts), and both spellings are stored as the reference's.
 */
export const AddressIn = Type.Object({
  country: Opt(Country),
  country_code: Opt(Country),
  street_line1: Opt(Text(255)),
  street_line2: Opt(Text(255)),
  line_1: Opt(Text(255)),
  line_2: Opt(Text(255)),
  city: Opt(Text(255)),
  suburb: Opt(Text(255)),
  province_state: Opt(Text(255)),
  postal_code: Opt(Text(255)),
  category: Opt(Text(255)),
  is_primary: Opt(Type.Boolean()),
});

export const IdentityAccountIn = Type.Object({
  type: StringEnum(['BANK_ACCOUNT', 'EWALLET', 'CREDIT_CARD', 'PAY_LATER', 'OTC', 'QR_CODE']),
  company: Opt(Text(255)),
  description: Opt(Text(255)),
  country: Opt(Country),
  properties: Opt(Type.Unsafe<Record<string, unknown>>({ type: 'object' })),
});

export const KycDocumentIn = Type.Object({
  country: Country,
  type: StringEnum(['BIRTH_CERTIFICATE', 'BANK_STATEMENT', 'DRIVING_LICENSE', 'IDENTITY_CARD', 'PASSPORT', 'VISA', 'BUSINESS_REGISTRATION', 'BUSINESS_LICENSE']),
  sub_type: OptEnum(['NATIONAL_ID', 'CONSULAR_ID', 'VOTER_ID', 'POSTAL_ID', 'RESIDENCE_PERMIT', 'TAX_ID', 'STUDENT_ID', 'MILITARY_ID', 'MEDICAL_ID', 'OTHERS']),
  document_name: Opt(Text(255)),
  document_number: Opt(Text(255)),
  expires_at: Opt(Type.String({ format: 'date' })),
  holder_name: Opt(Text(255)),
  document_images: Opt(Type.Array(Text(2048), { maxItems: 10 })),
});

const Metadata = Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'] });

/** What POST and PATCH share: everything but reference_id and type, which PATCH cannot change. */
const mutable = {
  individual_detail: Opt(IndividualDetailIn),
  business_detail: Opt(BusinessDetailIn),
  email: Opt(Type.String({ format: 'email', minLength: 4, maxLength: 255 })),
  mobile_number: Opt(E164),
  phone_number: Opt(E164),
  hashed_phone_number: Opt(Text(255)),
  addresses: Opt(Type.Array(AddressIn, { maxItems: 10 })),
  identity_accounts: Opt(Type.Array(IdentityAccountIn, { maxItems: 10 })),
  kyc_documents: Opt(Type.Array(KycDocumentIn, { maxItems: 10 })),
  description: Opt(Type.String({ maxLength: 1000 })),
  date_of_registration: Opt(Type.String({ format: 'date' })),
  domicile_of_registration: Opt(Country),
  metadata: Type.Optional(Metadata),
};

export const CustomerCreateIn = Type.Object({ reference_id: Text(255), type: StringEnum(CUSTOMER_TYPES), ...mutable }, { examples: CUSTOMER_EXAMPLES });
export type CustomerCreateInput = Static<typeof CustomerCreateIn>;

/** reference_id and type are accepted only unchanged (service.ts), so a client may send the object back. */
export const CustomerPatchIn = Type.Object({ reference_id: Opt(Text(255)), type: OptEnum(CUSTOMER_TYPES), ...mutable }, { examples: CUSTOMER_PATCH_EXAMPLES });
export type CustomerPatchInput = Static<typeof CustomerPatchIn>;

export const CustomerOut = Type.Object(
  {
    id: Type.String(),
    reference_id: Type.String(),
    type: Type.String(),
    individual_detail: AnyJson,
    business_detail: AnyJson,
    email: Nullable(Type.String()),
    mobile_number: Nullable(Type.String()),
    phone_number: Nullable(Type.String()),
    hashed_phone_number: Nullable(Type.String()),
    addresses: AnyJson,
    identity_accounts: AnyJson,
    kyc_documents: AnyJson,
    description: Nullable(Type.String()),
    date_of_registration: Nullable(Type.String()),
    domicile_of_registration: Nullable(Type.String()),
    metadata: AnyJson,
    created: Type.String(),
    updated: Type.String(),
  },
  { $id: 'CustomerOut' },
);

export const CustomerListOut = Type.Object({ data: Type.Array(Type.Ref('CustomerOut')), has_more: Type.Boolean() });
export const CustomerIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });
export const CustomerListQuery = Type.Object({ reference_id: Text(255) });
