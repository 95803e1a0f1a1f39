import { detectNetwork, luhnValid, type CardNetwork } from './network.ts';

/** Validation of what a checkout sends for a card, before any acquirer sees it. */
export type CardCheck =
  | { ok: true; pan: string; network: CardNetwork }
  | { ok: false; field: 'card_number' | 'expiry_month' | 'expiry_year' | 'cvn'; message: string };

/** Validates what a checkout sends; the card is valid through the last instant of its expiry month (UTC). */
export function checkCard(
  input: { cardNumber: string; expiryMonth: string; expiryYear: string; cvn?: string },
  now: Date,
): CardCheck {
  const pan = input.cardNumber.replace(/ /g, '');
  const fail = (field: Extract<CardCheck, { ok: false }>['field'], message: string): CardCheck => ({ ok: false, field, message });
  if (!/^\d+$/.test(pan)) return fail('card_number', 'card_number must contain only digits and spaces');
  if (pan.length < 12 || pan.length > 19) return fail('card_number', 'card_number must have between 12 and 19 digits');
  if (!luhnValid(pan)) return fail('card_number', 'card_number fails the Luhn check');
  const network = detectNetwork(pan);
  if (!network) return fail('card_number', 'card_number belongs to a card network that is not supported');
  if (!/^(0[1-9]|1[0-2])$/.test(input.expiryMonth)) return fail('expiry_month', 'expiry_month must be two digits from 01 to 12');
  if (!/^\d{4}$/.test(input.expiryYear)) return fail('expiry_year', 'expiry_year must be four digits');
  const year = Number(input.expiryYear);
  const month = Number(input.expiryMonth);
  // Date.UTC's month is 0-based, so `month` here is the first instant of the following month.
  if (now.getTime() >= Date.UTC(year, month, 1)) {
    const field = year < now.getUTCFullYear() ? 'expiry_year' : 'expiry_month';
    return fail(field, `card expired at the end of ${input.expiryMonth}/${input.expiryYear}`);
  }
  if (input.cvn !== undefined) {
    const length = network === 'AMEX' ? 4 : 3;
    if (!new RegExp(`^\\d{${length}}$`).test(input.cvn)) {
      return fail('cvn', network === 'AMEX' ? 'cvn must be 4 digits for AMEX cards' : 'cvn must be 3 digits');
    }
  }
  return { ok: true, pan, network };
}
