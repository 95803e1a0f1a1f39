import { Type, type TSchema, type TUnsafe } from 'typebox';
import { OTP_CODES } from '@lunas/protocol/gateway';

/** A string enum as plain JSON Schema `enum`, so AJV's message lists the allowed values. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** `T | null` without anyOf, so validation errors stay readable. */
export const Nullable = <T extends TSchema>(schema: T): TUnsafe<import('typebox').Static<T> | null> => {
  const plain = JSON.parse(JSON.stringify(schema)) as { type?: string | string[] };
  return Type.Unsafe({ ...plain, type: [plain.type as string, 'null'] });
};

/** Any JSON value: serialised as-is (used for echo fields such as metadata). */
export const AnyJson = Type.Unsafe<unknown>({});

/** Xendit's error body (sessions-api.md §1.5). */
export const ErrorOut = Type.Object(
  {
    error_code: Type.String(),
    message: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ message: Type.String(), path: Type.String() }))),
  },
  { $id: 'ErrorOut' },
);

export const errorResponses = (...statuses: number[]): Record<number, TSchema> =>
  Object.fromEntries(statuses.map((status) => [status, Type.Ref('ErrorOut')]));

/** An OTP code (Xendit's Payments_API_OtpCode): 1 to 32 letters and digits; the gateway's OTP endpoint checks the same. */
export const OTP_CODE_PATTERN = '^[0-9A-Za-z]{1,32}$';

/** validate_otp's body: the code the customer typed. */
export const OtpIn = Type.Object(
  { otp_code: Type.String({ minLength: 1, maxLength: 32, pattern: OTP_CODE_PATTERN, description: 'OTP code used to verify the transaction with the payment method provider' }) },
  { examples: [{ otp_code: OTP_CODES.pays }] },
);
