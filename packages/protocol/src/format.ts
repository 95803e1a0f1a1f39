/**
 * The one money and date formatter of everything a customer reads: the hosted checkout, the SDK's
 * views and modals, and the simulator pages. Amounts and times as a customer in the session's
 * country reads them, in the session's language: `en` + ID → "Rp 10.000", `th` + TH →
 * "฿1,234.50", `vi` + VN → "10.000 ₫". Amounts go to Intl as exact decimal strings, never
 * through float division.
 */

/** Digits after the decimal point, as Xendit counts them (IDR and VND have none, unlike ISO 4217's IDR). */
export const CURRENCY_EXPONENT = { IDR: 0, VND: 0, PHP: 2, THB: 2, MYR: 2, SGD: 2, USD: 2 } as const;
export type Currency = keyof typeof CURRENCY_EXPONENT;

export const isCurrency = (value: string): value is Currency => Object.hasOwn(CURRENCY_EXPONENT, value);

const ZONES: Record<string, string> = {
  ID: 'Asia/Jakarta',
  PH: 'Asia/Manila',
  VN: 'Asia/Ho_Chi_Minh',
  TH: 'Asia/Bangkok',
  MY: 'Asia/Kuala_Lumpur',
  SG: 'Asia/Singapore',
};

/** BCP 47 tag for Intl and <html lang>: the session's language in its country (`id-ID`, `en-PH`). */
export const intlTag = (locale: string, country: string | null | undefined): string => (country && /^[A-Z]{2}$/.test(country) ? `${locale}-${country}` : locale);

export const timeZoneOf = (country: string | null | undefined): string => (country && ZONES[country]) || 'UTC';

const exponentOf = (currency: string): number => (isCurrency(currency) ? CURRENCY_EXPONENT[currency] : 2);

/** An exact decimal string ("10000", "1234.5") in the currency's own symbol and digits for the locale. */
function formatDecimal(decimal: string, currency: string, locale: string, country: string | null | undefined): string {
  const digits = exponentOf(currency);
  try {
    // Intl.NumberFormat takes exact decimal strings (ES2023); the lib typings predate that.
    return new Intl.NumberFormat(intlTag(locale, country), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(decimal as unknown as number);
  } catch {
    return `${currency} ${decimal}`;
  }
}

/** Integer minor units → "Rp 10.000". */
export function formatMoney(amountMinor: number, currency: string, locale: string, country: string | null | undefined): string {
  const digits = exponentOf(currency);
  const magnitude = Math.abs(amountMinor).toString().padStart(digits + 1, '0');
  const decimal = digits === 0 ? magnitude : `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  return formatDecimal(amountMinor < 0 ? `-${decimal}` : decimal, currency, locale, country);
}

/**
 * A major-unit JSON amount (what the gateway sends the SDK) → "Rp 10.000". A JSON number's
 * shortest decimal form is what the server wrote, so it is formatted from its text.
 */
export function formatMajorAmount(amount: number, currency: string, locale: string, country: string | null | undefined): string {
  return formatDecimal(String(amount), currency, locale, country);
}

/** An ISO instant as a date and time in the country's zone, with the zone named ("1 Mar 2026, 16.30 (WIB)"). */
export function formatDateTime(iso: string, locale: string, country: string | null | undefined): string {
  const tag = intlTag(locale, country);
  const timeZone = timeZoneOf(country);
  const at = new Date(iso);
  const zone = new Intl.DateTimeFormat(tag, { timeZone, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  return `${new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at)} (${zone})`;
}
