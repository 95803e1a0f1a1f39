import { CURRENCY_EXPONENT, isCurrency, toMinorUnits, type Currency } from '../../money.ts';
import type { Locale } from './i18n.ts';

/**
 * Amounts and times as a customer in the session's country reads them, in the session's
 * language: `en` + ID → "Rp 10.000", `th` + TH → "฿1,234.50", `vi` + VN → "10.000 ₫".
 * Amounts go to Intl as exact decimal strings, never through float division.
 */
const ZONES: Record<string, string> = {
  ID: 'Asia/Jakarta',
  PH: 'Asia/Manila',
  VN: 'Asia/Ho_Chi_Minh',
  TH: 'Asia/Bangkok',
  MY: 'Asia/Kuala_Lumpur',
  SG: 'Asia/Singapore',
};

/** BCP 47 tag for Intl and <html lang>: the session's language in its country (`id-ID`, `en-PH`). */
export const intlTag = (locale: Locale, country: string): string => (/^[A-Z]{2}$/.test(country) ? `${locale}-${country}` : locale);

export const timeZoneOf = (country: string): string => ZONES[country] ?? 'UTC';

const exponentOf = (currency: string): number => (isCurrency(currency) ? CURRENCY_EXPONENT[currency] : 2);

/** Integer minor units → "Rp 10.000" (the currency's own symbol and digits for the locale). */
export function formatMoney(amountMinor: number, currency: string, locale: Locale, country: string): string {
  const digits = exponentOf(currency);
  const magnitude = Math.abs(amountMinor).toString().padStart(digits + 1, '0');
  const decimal = digits === 0 ? magnitude : `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  const text = (amountMinor < 0 ? `-${decimal}` : decimal) as unknown as number; // Intl takes exact decimal strings (ES2023)
  try {
    return new Intl.NumberFormat(intlTag(locale, country), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(text);
  } catch {
    return `${currency} ${decimal}`;
  }
}

/** A line total from an item's major-unit unit price and quantity, exactly; undefined if it cannot be exact. */
export function lineTotalMinor(netUnitAmount: unknown, quantity: unknown, currency: string): number | undefined {
  if (typeof netUnitAmount !== 'number' || typeof quantity !== 'number' || !isCurrency(currency)) return undefined;
  const unit = toMinorUnits(Math.abs(netUnitAmount), currency as Currency);
  if (!unit.ok) return undefined;
  const total = unit.minor * quantity * Math.sign(netUnitAmount || 1);
  return Number.isSafeInteger(total) ? total : undefined;
}

/** An ISO instant as a date and time in the country's zone, with the zone named ("1 Mar 2026, 16.30 WIB"). */
export function formatDateTime(iso: string, locale: Locale, country: string): string {
  return new Intl.DateTimeFormat(intlTag(locale, country), { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZoneOf(country) }).format(new Date(iso)) + ` (${zoneName(iso, locale, country)})`;
}

function zoneName(iso: string, locale: Locale, country: string): string {
  const parts = new Intl.DateTimeFormat(intlTag(locale, country), { timeZone: timeZoneOf(country), timeZoneName: 'short' }).formatToParts(new Date(iso));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
}
