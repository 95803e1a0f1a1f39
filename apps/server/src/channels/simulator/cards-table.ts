/**
 * Data behind the simulated card acquirer: Xendit's published test cards and decline amounts
 * (spec §11.1). Logic lives in cards.ts.
 */
export type ThreeDsFlow = 'FRICTIONLESS' | 'CHALLENGE';
export interface CardScenario { threeDs: ThreeDsFlow; selectableOutcome: boolean }
export type CardFailureCode = 'EXPIRED_CARD' | 'SUSPECTED_FRAUDULENT' | 'DECLINED_BY_PROCESSOR' | 'INSUFFICIENT_BALANCE'
  | 'STOLEN_CARD' | 'INACTIVE_OR_UNAUTHORIZED_CARD' | 'PROCESSOR_ERROR' | 'INVALID_CVV' | 'DECLINED_BY_ISSUER' | 'INVALID_CARD';

/** A card whose flow depends on the amount: Xendit documents these two as frictionless below THB 20. */
export const SMALL_THB_FRICTIONLESS = 'SMALL_THB_FRICTIONLESS';
export const SMALL_THB_LIMIT_MINOR = 2000;

export const TEST_CARDS: Readonly<Record<string, CardScenario | typeof SMALL_THB_FRICTIONLESS>> = {
  '4000000000002503': { threeDs: 'CHALLENGE', selectableOutcome: false },
  '4000000000001000': { threeDs: 'FRICTIONLESS', selectableOutcome: false },
  '5200000000002151': { threeDs: 'CHALLENGE', selectableOutcome: false },
  // The test-card page lists it as frictionless, but Xendit's token example answers it with a
  // 3DS challenge (REQUIRES_ACTION); the example is what a copied snippet meets (compatibility.md).
  '5200000000001005': { threeDs: 'CHALLENGE', selectableOutcome: false },
  '4440000009900010': { threeDs: 'CHALLENGE', selectableOutcome: true },
  '4440000042200014': { threeDs: 'FRICTIONLESS', selectableOutcome: false },
  '5123450000000008': { threeDs: 'CHALLENGE', selectableOutcome: true },
  '5123456789012346': { threeDs: 'FRICTIONLESS', selectableOutcome: false },
  '4200350000000801': SMALL_THB_FRICTIONLESS,
  '5413530000000501': SMALL_THB_FRICTIONLESS,
  '3337000000000008': { threeDs: 'CHALLENGE', selectableOutcome: false },
  '378282246310005': { threeDs: 'FRICTIONLESS', selectableOutcome: false },
  '340000000002708': { threeDs: 'FRICTIONLESS', selectableOutcome: false },
  '340000000002534': { threeDs: 'CHALLENGE', selectableOutcome: false },
  '1889800000000171': { threeDs: 'CHALLENGE', selectableOutcome: false },
  // Cards from Xendit's own request examples, so copied snippets behave as the docs describe.
  '4000000000001091': { threeDs: 'CHALLENGE', selectableOutcome: false },
  '4000000000001109': { threeDs: 'CHALLENGE', selectableOutcome: false },
  '5200000000001096': { threeDs: 'FRICTIONLESS', selectableOutcome: false },
};

/**
 * ISO 8583 response codes per failure code. Xendit names only the decimal variants' codes, so the
 * integer and VND tables borrow the conventional code for each failure.
 */
export const RESPONSE_CODES: Readonly<Record<CardFailureCode, readonly [code: string, descriptor: string]>> = {
  EXPIRED_CARD: ['54', 'Expired card'],
  SUSPECTED_FRAUDULENT: ['59', 'Suspected fraud'],
  DECLINED_BY_PROCESSOR: ['12', 'Invalid transaction'],
  INSUFFICIENT_BALANCE: ['51', 'Not sufficient funds'],
  STOLEN_CARD: ['43', 'Stolen card, pick up'],
  INACTIVE_OR_UNAUTHORIZED_CARD: ['62', 'Restricted card'],
  PROCESSOR_ERROR: ['96', 'System malfunction'],
  INVALID_CVV: ['N7', 'Decline for CVV2 failure'],
  DECLINED_BY_ISSUER: ['05', 'Do not honor'],
  INVALID_CARD: ['14', 'Invalid card number'],
};

/** Keyed by the amount in major units; applies to every currency except VND. */
export const INTEGER_DECLINES: Readonly<Record<number, CardFailureCode>> = {
  10051: 'EXPIRED_CARD',
  10052: 'SUSPECTED_FRAUDULENT',
  10053: 'DECLINED_BY_PROCESSOR',
  10054: 'INSUFFICIENT_BALANCE',
  10055: 'STOLEN_CARD',
  10056: 'INACTIVE_OR_UNAUTHORIZED_CARD',
  10057: 'PROCESSOR_ERROR',
  10058: 'INVALID_CVV',
  10059: 'DECLINED_BY_ISSUER',
};

/** Keyed by minor units of a two-decimal currency (10.05 → 1005); each carries its own network code. */
export const DECIMAL_DECLINES: Readonly<Record<number, { failureCode: CardFailureCode; code: string; descriptor: string; visaOnly?: true }>> = {
  1005: { failureCode: 'DECLINED_BY_ISSUER', code: '05', descriptor: 'Do not honor' },
  1014: { failureCode: 'INVALID_CARD', code: '14', descriptor: 'Invalid card number' },
  1030: { failureCode: 'PROCESSOR_ERROR', code: '30', descriptor: 'Format error' },
  1051: { failureCode: 'INSUFFICIENT_BALANCE', code: '51', descriptor: 'Not sufficient funds' },
  1065: { failureCode: 'DECLINED_BY_ISSUER', code: '65', descriptor: 'Exceeds withdrawal frequency limit', visaOnly: true },
};

export const VND_DECLINES: Readonly<Record<number, CardFailureCode>> = {
  405400: 'EXPIRED_CARD',
  405900: 'SUSPECTED_FRAUDULENT',
  405100: 'INSUFFICIENT_BALANCE',
  400700: 'STOLEN_CARD',
  405500: 'INACTIVE_OR_UNAUTHORIZED_CARD',
  402500: 'PROCESSOR_ERROR',
  403900: 'INVALID_CVV',
  400300: 'DECLINED_BY_ISSUER',
};
