/**
 * The simulated card acquirer's rules: Xendit's test-card scenarios and decline amounts
 * (spec §11.1), and the payment_details it reports (§9.4, §10.2, §10a.1). Card validation is
 * not the acquirer's (channels/cards). Pure: randomness comes from the caller so runs are
 * reproducible.
 */
import type { CardNetwork } from '../cards/network.ts';
import { CURRENCY_EXPONENT, type Currency } from '../../money.ts';
import {
  DECIMAL_DECLINES, INTEGER_DECLINES, RESPONSE_CODES, SMALL_THB_FRICTIONLESS, SMALL_THB_LIMIT_MINOR, TEST_CARDS, VND_DECLINES,
  type CardFailureCode, type CardScenario, type ThreeDsFlow,
} from './cards-table.ts';

export type { CardFailureCode, CardScenario, ThreeDsFlow } from './cards-table.ts';
export interface Decline { failureCode: CardFailureCode; networkResponseCode: string; descriptor: string }

export const ACS_OUTCOMES = [
  'AUTHENTICATED', 'UNAUTHENTICATED', 'CANCELLED_AUTHENTICATION', 'AUTHENTICATION_NOT_AVAILABLE',
  'AUTHENTICATION_REJECTED', 'AUTHENTICATION_SERVER_ERROR', 'API_GW_ASM_POLICY_ERROR',
] as const;
export type AcsOutcome = (typeof ACS_OUTCOMES)[number];
/** The OTP the simulated ACS accepts. */
export const TEST_OTP = '123456';

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

// Xendit's literal descriptor, typo included, so string comparisons against real payloads hold.
const APPROVED_DESCRIPTOR = 'Approved and completed sucessfully';

const digits = (random: (bytes: number) => Buffer, count: number): string =>
  Array.from(random(count), (byte) => String(byte % 10)).join('');

/** A 3DS Server / DS transaction id: a UUID, as EMV 3DS has it. */
export function uuid(random: (bytes: number) => Buffer): string {
  const b = Buffer.from(random(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The published `authentication_data.flow`: a challenge is Xendit's `FULL_AUTH`. */
const PUBLISHED_FLOW: Readonly<Record<ThreeDsFlow, 'FULL_AUTH' | 'FRICTIONLESS'>> = { CHALLENGE: 'FULL_AUTH', FRICTIONLESS: 'FRICTIONLESS' };

/** The 3DS that ran on an attempt: its flow, and the DS transaction id it was given when it began. */
export interface Authentication { flow: ThreeDsFlow; dsTransId: string; authenticated: boolean }

/**
 * payment_details as Xendit reports it (§9.4, Payments_API_PaymentDetails). ECI describes the 3DS
 * result, not the authorisation, so a decline after successful 3DS keeps the authenticated ECI.
 * `authentication` is absent when no 3DS ran (a merchant-initiated payment with a saved card), and
 * then so is `authentication_data`; when the ACS step failed no authorisation is attempted, so
 * `authorization_data` is dropped instead.
 */
export function paymentDetails(input: {
  network: CardNetwork; authentication?: Authentication; decline?: Decline; cvnGiven: boolean; random: (bytes: number) => Buffer;
}): Record<string, unknown> {
  const { network, authentication, decline, random } = input;
  const authenticated = authentication?.authenticated ?? true;
  const mastercard = network === 'MASTERCARD';
  const authenticationData = authentication && {
    flow: PUBLISHED_FLOW[authentication.flow],
    a_res: {
      eci: authenticated ? (mastercard ? '02' : '05') : (mastercard ? '00' : '07'),
      message_version: '2.2.0',
      ...(authenticated ? { authentication_value: random(20).toString('base64') } : {}),
      ds_trans_id: authentication.dsTransId,
    },
  };
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
    ...(authenticationData ? { authentication_data: authenticationData } : {}),
  };
}
