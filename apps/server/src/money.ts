/**
 * Money is exact: amounts live as integer minor units with the currency's exponent; the API
 * speaks Xendit's decimal numbers in major units. Xendit publishes no decimal table; Lunas
 * uses the conventional one (docs/compatibility.md).
 */
import { CURRENCY_EXPONENT, type Currency } from '@lunas/protocol/format';

// One table of currencies and their digits, shared with the formatter every customer-facing page uses.
export { CURRENCY_EXPONENT, isCurrency, type Currency } from '@lunas/protocol/format';

export type MinorResult = { ok: true; minor: number } | { ok: false; reason: 'too_many_decimals' | 'too_large' };

/**
 * Converts a JSON number to minor units without floating-point arithmetic: the number's
 * shortest decimal form is what the client wrote, so its digits are read as text.
 */
export function toMinorUnits(amount: number, currency: Currency): MinorResult {
  const exponent = CURRENCY_EXPONENT[currency];
  if (!Number.isFinite(amount)) return { ok: false, reason: 'too_large' };
  const text = decimalText(amount);
  const [whole = '0', fraction = ''] = text.split('.');
  const trimmedFraction = fraction.replace(/0+$/, '');
  if (trimmedFraction.length > exponent) return { ok: false, reason: 'too_many_decimals' };
  const minorText = whole + trimmedFraction.padEnd(exponent, '0');
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'too_large' };
  return { ok: true, minor };
}

/** Minor units back to the API's major-unit number; exact for every safe integer amount. */
export function toMajorUnits(minor: number, currency: Currency): number {
  const exponent = CURRENCY_EXPONENT[currency];
  return exponent === 0 ? minor : minor / 10 ** exponent;
}

/** Plain decimal text of a non-negative number, expanding exponent notation (1e21, 1e-7). */
function decimalText(value: number): string {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const digits = match[1]! + (match[2] ?? '');
  const point = match[1]!.length + Number(match[3]);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}
