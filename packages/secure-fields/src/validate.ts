/**
 * In-iframe validation (components-protocol.md §3.5). The iframe is the only place that sees the
 * plaintext, so it must tell the SDK whether the field is valid; the SDK turns the first error's
 * localeKey into the "-invalid-…" envelope suffix and its own error message. Pure functions, so
 * Node tests can exercise them without a browser.
 *
 * Invariant the SDK relies on: `valid === false` always comes with at least one error code —
 * an invalid field without a code would be submitted as if it were valid.
 */
import cardValidator from 'card-validator';
import { SECURE_FIELD_TYPES, type SecureFieldErrorKey, type SecureFieldType } from '@lunas/protocol';

export type FieldType = SecureFieldType;
export const FIELD_TYPES: readonly FieldType[] = SECURE_FIELD_TYPES;

export interface Validation {
  empty: boolean;
  valid: boolean;
  validationErrorCodes: { localeKey: SecureFieldErrorKey }[];
  /** card-validator's type upper-cased (VISA, MASTERCARD, AMERICAN-EXPRESS, …); number field only. */
  cardBrand: string | null;
}

const result = (empty: boolean, error: SecureFieldErrorKey | null, cardBrand: string | null = null): Validation => ({
  empty,
  valid: error === null,
  validationErrorCodes: error === null ? [] : [{ localeKey: error }],
  cardBrand,
});

export function validateCardNumber(value: string): Validation {
  const digits = value.replace(/\s+/g, '');
  const empty = digits.length === 0;
  const invalid = 'validation.card_number_invalid';
  if (!/^\d*$/.test(digits)) return result(empty, invalid);
  // card-validator only names a brand when exactly one brand matches the prefix.
  const check = cardValidator.number(digits);
  const brand = check.card;
  const cardBrand = brand ? brand.type.toUpperCase() : null;
  if (!brand && digits.length >= 6) return result(empty, invalid); // unknown IIN
  const lengthOk = brand ? brand.lengths.includes(digits.length) : digits.length >= 12 && digits.length <= 19;
  if (!lengthOk) return result(empty, invalid, cardBrand);
  // Only reachable with a brand (12+ digits without one failed above); isValid is its Luhn result
  // (card-validator skips Luhn for UnionPay, whose cards need not pass it).
  return result(empty, check.isValid ? null : invalid, cardBrand);
}

export function validateExpiry(value: string): Validation {
  const trimmed = value.replace(/\s+/g, '');
  // The shape check keeps validity and plaintexts() in step: card-validator alone would also
  // accept e.g. "1230" (left behind by deleting the slash), whose split would not be [MM, YYYY].
  // 99: accept any not-yet-past date up to 99 years ahead, as the official iframe does.
  const ok = /^\d{2}\/(\d{2}|\d{4})$/.test(trimmed) && cardValidator.expirationDate(trimmed, 99).isValid;
  return result(trimmed.length === 0, ok ? null : 'validation.card_expiry_invalid');
}

export function validateCvn(value: string): Validation {
  const empty = value.length === 0;
  if (!/^\d*$/.test(value)) return result(empty, 'validation.card_cvn_invalid');
  if (value.length < 3) return result(empty, 'validation.text_too_short');
  if (value.length > 4) return result(empty, 'validation.text_too_long');
  return result(empty, null);
}

export function validateField(type: FieldType, value: string): Validation {
  switch (type) {
    case 'credit_card_number':
      return validateCardNumber(value);
    case 'credit_card_expiry':
      return validateExpiry(value);
    case 'credit_card_cvn':
      return validateCvn(value);
  }
}

/**
 * The plaintexts that get encrypted: digits of the PAN; ["MM", "20YY"] for expiry (the server
 * wants a 4-digit year, the user types two); the CVN as typed.
 */
export function plaintexts(type: FieldType, value: string): string[] {
  switch (type) {
    case 'credit_card_number':
      return [value.replace(/\s+/g, '')];
    case 'credit_card_expiry': {
      const [month = '', year = ''] = value.replace(/\s+/g, '').split('/');
      return [month, year.length === 2 ? `20${year}` : year];
    }
    case 'credit_card_cvn':
      return [value];
  }
}
