/**
 * The simulated card acquirer's rules: card validation, Xendit's test-card scenarios and
 * decline amounts (spec §11.1), and the card_details / payment_details it reports (§9.4,
 * §10.2, §10a.1). Pure: time and randomness come from the caller so runs are reproducible.
 */
import { createHash } from 'node:crypto';
import { CURRENCY_EXPONENT, type Currency } from '../../money.ts';
import {
  DECIMAL_DECLINES, INTEGER_DECLINES, ISSUER_BY_NETWORK, ISSUERS_BY_PREFIX, RESPONSE_CODES,
  SMALL_THB_FRICTIONLESS, SMALL_THB_LIMIT_MINOR, TEST_CARDS, VND_DECLINES,
} from './cards-table.ts';

export type CardNetwork = 'VISA' | 'MASTERCARD' | 'JCB' | 'AMEX' | 'BCA';
export type ThreeDsFlow = 'FRICTIONLESS' | 'CHALLENGE';
export interface CardScenario { threeDs: ThreeDsFlow; selectableOutcome: boolean }
export type CardFailureCode = 'EXPIRED_CARD' | 'SUSPECTED_FRAUDULENT' | 'DECLINED_BY_PROCESSOR' | 'INSUFFICIENT_BALANCE'
  | 'STOLEN_CARD' | 'INACTIVE_OR_UNAUTHORIZED_CARD' | 'PROCESSOR_ERROR' | 'INVALID_CVV' | 'DECLINED_BY_ISSUER' | 'INVALID_CARD';
export interface Decline { failureCode: CardFailureCode; networkResponseCode: string; descriptor: string }
export type CardCheck =
  | { ok: true; pan: string; network: CardNetwork }
  | { ok: false; field: 'card_number' | 'expiry_month' | 'expiry_year' | 'cvn'; message: string };

export const ACS_OUTCOMES = [
  'AUTHENTICATED', 'UNAUTHENTICATED', 'CANCELLED_AUTHENTICATION', 'AUTHENTICATION_NOT_AVAILABLE',
  'AUTHENTICATION_REJECTED', 'AUTHENTICATION_SERVER_ERROR', 'API_GW_ASM_POLICY_ERROR',
] as const;
export type AcsOutcome = (typeof ACS_OUTCOMES)[number];
/** The OTP the simulated ACS accepts. */
export const TEST_OTP = '123456';

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

const inRange = (digits: string, length: number, low: number, high: number): boolean => {
  const prefix = Number(digits.slice(0, length));
  return digits.length >= length && prefix >= low && prefix <= high;
};

export function detectNetwork(digits: string): CardNetwork | undefined {
  if (!/^\d+$/.test(digits)) return undefined;
  // BCA's domestic cards start with 1, which no international scheme uses, so check it first.
  if (digits.startsWith('1889')) return 'BCA';
  if (/^3[47]/.test(digits)) return 'AMEX';
  // 3088/3096/3112/3158/3337 are JCB's legacy ranges; Xendit's JCB test card 3337… sits in one.
  if (/^(3088|3096|3112|3158|3337)/.test(digits) || inRange(digits, 4, 3528, 3589)) return 'JCB';
  if (digits.startsWith('4')) return 'VISA';
  if (inRange(digits, 2, 51, 55) || inRange(digits, 4, 2221, 2720)) return 'MASTERCARD';
  return undefined;
}

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

/** Cards outside Xendit's table pass frictionlessly so arbitrary valid numbers just work. */
export function cardScenario(pan: string, amountMinor: number, currency: Currency): CardScenario {
  const rule = TEST_CARDS[pan];
  if (rule === undefined) return { threeDs: 'FRICTIONLESS', selectableOutcome: false };
  if (rule !== SMALL_THB_FRICTIONLESS) return rule;
  // Xendit states the threshold only in THB; without FX rates other currencies always challenge.
  const small = currency === 'THB' && amountMinor < SMALL_THB_LIMIT_MINOR;
  return { threeDs: small ? 'FRICTIONLESS' : 'CHALLENGE', selectableOutcome: false };
}

const declineOf = (failureCode: CardFailureCode): Decline => {
  const [networkResponseCode, descriptor] = RESPONSE_CODES[failureCode];
  return { failureCode, networkResponseCode, descriptor };
};

export function declineForAmount(amountMinor: number, currency: Currency, network: CardNetwork): Decline | undefined {
  if (currency === 'VND') {
    const code = VND_DECLINES[amountMinor];
    return code ? declineOf(code) : undefined;
  }
  const exponent = CURRENCY_EXPONENT[currency];
  if (exponent === 2) {
    const decimal = DECIMAL_DECLINES[amountMinor];
    if (decimal && (!decimal.visaOnly || network === 'VISA')) {
      return { failureCode: decimal.failureCode, networkResponseCode: decimal.code, descriptor: decimal.descriptor };
    }
  }
  // Only whole major amounts match, so PHP 10051.50 is an ordinary payment.
  const scale = 10 ** exponent;
  if (amountMinor % scale !== 0) return undefined;
  const code = INTEGER_DECLINES[amountMinor / scale];
  return code ? declineOf(code) : undefined;
}

export function maskCardNumber(pan: string): string {
  return pan.slice(0, 6) + 'X'.repeat(Math.max(0, pan.length - 10)) + pan.slice(-4);
}

export function cardFacts(pan: string, network: CardNetwork): {
  masked_card_number: string; network: CardNetwork; type: 'CREDIT' | 'DEBIT'; issuer: string; country: string;
} {
  let best: readonly [string, (typeof ISSUER_BY_NETWORK)[CardNetwork]] | undefined;
  for (const entry of ISSUERS_BY_PREFIX) {
    if (pan.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  const facts = best?.[1] ?? ISSUER_BY_NETWORK[network];
  return { masked_card_number: maskCardNumber(pan), network, type: facts.type, issuer: facts.issuer, country: facts.country };
}

/**
 * card_details.fingerprint (24 hex). Scoped (e.g. by business id) so one business's fingerprints
 * cannot be matched against another's, while a card stays recognisable within its scope.
 */
export function cardFingerprint(pan: string, scope: string): string {
  return createHash('sha256').update(`${scope}\u0000${pan}`).digest('hex').slice(0, 24);
}

// Xendit's literal descriptor, typo included, so string comparisons against real payloads hold.
const APPROVED_DESCRIPTOR = 'Approved and completed sucessfully';

const digits = (random: (bytes: number) => Buffer, count: number): string =>
  Array.from(random(count), (byte) => String(byte % 10)).join('');

function uuid(random: (bytes: number) => Buffer): string {
  const b = Buffer.from(random(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * payment_details as Xendit reports it (§9.4). ECI describes the 3DS result, not the
 * authorisation, so a decline after successful 3DS keeps the authenticated ECI; pass
 * `authenticated: false` when the ACS step failed, which also drops authorization_data because
 * no authorisation is attempted then.
 */
export function paymentDetails(input: {
  network: CardNetwork; flow: ThreeDsFlow; decline?: Decline; cvnGiven: boolean;
  authenticated?: boolean; random: (bytes: number) => Buffer;
}): Record<string, unknown> {
  const { network, flow, decline, random } = input;
  const authenticated = input.authenticated ?? true;
  const mastercard = network === 'MASTERCARD';
  const aRes: Record<string, unknown> = {
    eci: authenticated ? (mastercard ? '02' : '05') : (mastercard ? '00' : '07'),
    message_version: '2.2.0',
    ...(authenticated ? { authentication_value: random(20).toString('base64') } : {}),
    directory_server_trans_id: uuid(random),
  };
  const authenticationData = { flow, a_res: aRes };
  if (!authenticated) return { authentication_data: authenticationData };
  const cvnMatched = input.cvnGiven && decline?.failureCode !== 'INVALID_CVV';
  return {
    authorization_data: {
      reconciliation_id: digits(random, 22),
      // Issuers issue an approval code only when they approve.
      ...(decline ? {} : { authorization_code: digits(random, 6) }),
      acquirer_merchant_id: 'xendit_ctv_agg',
      network_response_code: decline?.networkResponseCode ?? '00',
      network_transaction_id: digits(random, 15),
      cvn_verification_result: cvnMatched ? 'M' : 'N',
      retrieval_reference_number: digits(random, 12),
      address_verification_result: 'M',
      network_response_code_descriptor: decline?.descriptor ?? APPROVED_DESCRIPTOR,
    },
    authentication_data: authenticationData,
  };
}
