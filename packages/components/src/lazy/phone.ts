import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/**
 * Loaded when a channel asks for a phone number: the national number typed with a country
 * code becomes E.164 only if libphonenumber says it is a possible number for that country.
 */
export function toE164(country: string, national: string): string | null {
  const parsed = parsePhoneNumberFromString(national, country as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : null;
}
export function isValidE164(value: string): boolean {
  const parsed = parsePhoneNumberFromString(value);
  return parsed !== undefined && parsed.isValid();
}
export function callingCode(country: string): string {
  return getCountryCallingCode(country as CountryCode);
}
export type PhoneModule = { toE164: typeof toE164; isValidE164: typeof isValidE164; callingCode: typeof callingCode };
