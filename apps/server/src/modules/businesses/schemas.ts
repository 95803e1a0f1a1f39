import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../../schemas/common.ts';
import { ACCOUNT_EXAMPLES, KEY_EXAMPLES } from '../../schemas/examples.ts';

/** No control characters: names end up in terminals (the CLI) and logs. */
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]+$';

// ---- /keys (Lunas extension; docs/compatibility.md) ----

export const KeyId = Type.Object({ key_id: Type.String({ minLength: 1, maxLength: 100 }) });

/** `POST /keys` with no body at all is `{}` (the route says so): a key named "Secret key". */
export const KeyIn = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: PRINTABLE })) }, { additionalProperties: false, examples: KEY_EXAMPLES });

export const KeyOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it; never the whole key' }),
  created: Type.String(),
  revoked: Nullable(Type.String()),
});
export type KeyView = Static<typeof KeyOut>;

export const NewKeyOut = Type.Object({ ...KeyOut.properties, secret_key: Type.String({ description: 'Shown this once: Lunas keeps only its hash' }) });
export type NewKeyView = Static<typeof NewKeyOut>;

// ---- /v2/accounts (xenPlatform) ----

export const AccountId = Type.Object({ account_id: Type.String({ minLength: 1, maxLength: 100 }) });

export const AccountIn = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    type: StringEnum(['OWNED', 'MANAGED']),
    public_profile: Type.Object({ business_name: Type.String({ minLength: 1, maxLength: 255, pattern: PRINTABLE }) }, { additionalProperties: false }),
  },
  { additionalProperties: false, examples: ACCOUNT_EXAMPLES },
);
export type AccountInput = Static<typeof AccountIn>;

/** Field order of Xendit's Get account answer. */
export const AccountOut = Type.Object({
  id: Type.String({ description: 'Use it in the for-user-id header' }),
  created: Type.String(),
  updated: Type.String(),
  type: Type.String(),
  /** null when the account was made without one (Xendit asks OWNED accounts for none). */
  email: Nullable(Type.String()),
  public_profile: Type.Object({ business_name: Type.String() }),
  status: Type.String(),
});
export type AccountView = Static<typeof AccountOut>;
