import type { Currency } from '../../money.ts';
import type { Channel } from '../catalogue.ts';
import { declineForAmount, paymentDetails, TEST_OTP, type CardNetwork, type CardScenario, type ThreeDsFlow } from './cards.ts';

/**
 * The simulated acquirer: one adapter per interaction style behind one small interface, so a
 * real acquirer could be plugged in later. Adapters are pure: they map an attempt (and later
 * the customer's decision) to an outcome. Everything with I/O (ids, VA numbers, persistence,
 * events) is the payments engine's job.
 */
export interface Action {
  type: 'PRESENT_TO_CUSTOMER' | 'REDIRECT_CUSTOMER' | 'API_POST_REQUEST';
  descriptor: 'CAPTURE_PAYMENT' | 'PAYMENT_CODE' | 'QR_STRING' | 'VIRTUAL_ACCOUNT_NUMBER' | 'WEB_URL' | 'DEEPLINK_URL' | 'VALIDATE_OTP' | 'RESEND_OTP';
  value: string;
}

export interface Attempt {
  channel: Channel;
  amountMinor: number | null;
  currency: Currency;
  captureMethod: 'AUTOMATIC' | 'MANUAL';
  /** Paying with a saved token: the customer already approved (card MIT, "SKIP" e-wallets). */
  withToken: boolean;
  /** Reusable codes accept payments until canceled or expired. */
  reusable: boolean;
  card?: { network: CardNetwork; scenario: CardScenario; cvnGiven: boolean };
  /** Where this attempt's simulator page lives, and what a PRESENT channel shows. */
  simulatorUrl: string;
  presentValue?: string;
  random: (bytes: number) => Buffer;
}

export type Decision = { kind: 'approve'; otp?: string; acsOutcome?: string } | { kind: 'decline' } | { kind: 'cancel' };

export type FinalOutcome =
  | { status: 'SUCCEEDED' | 'AUTHORIZED'; paymentDetails: Record<string, unknown> }
  | { status: 'FAILED'; failureCode: string; paymentDetails?: Record<string, unknown> };

export type Outcome = { status: 'REQUIRES_ACTION' | 'ACCEPTING_PAYMENTS'; actions: Action[] } | FinalOutcome;

/** What happens when an attempt is made. */
export function startAttempt(attempt: Attempt): Outcome {
  const { channel } = attempt;
  if (channel.interaction === 'CARD') {
    const card = requireCard(attempt);
    if (attempt.withToken || card.scenario.threeDs === 'FRICTIONLESS') return authorizeCard(attempt, attempt.withToken ? 'FRICTIONLESS' : card.scenario.threeDs);
    return { status: 'REQUIRES_ACTION', actions: [{ type: 'REDIRECT_CUSTOMER', descriptor: 'WEB_URL', value: attempt.simulatorUrl }] };
  }
  if (channel.interaction === 'PRESENT') {
    const descriptor = channel.presents ?? 'PAYMENT_CODE';
    return { status: attempt.reusable ? 'ACCEPTING_PAYMENTS' : 'REQUIRES_ACTION', actions: [{ type: 'PRESENT_TO_CUSTOMER', descriptor, value: attempt.presentValue ?? '' }] };
  }
  if (attempt.withToken && channel.skipApprovalWithToken) return succeed(attempt, { remark: 'Paid with a linked account' });
  if (channel.interaction === 'PUSH') return { status: 'REQUIRES_ACTION', actions: [] };
  const actions: Action[] = [{ type: 'REDIRECT_CUSTOMER', descriptor: 'WEB_URL', value: attempt.simulatorUrl }];
  if (channel.deeplink) actions.push({ type: 'REDIRECT_CUSTOMER', descriptor: 'DEEPLINK_URL', value: `${attempt.simulatorUrl}?via=deeplink` });
  return { status: 'REQUIRES_ACTION', actions };
}

/** The customer's decision on a simulator page (3DS ACS, provider page, push approval). */
export function completeAttempt(attempt: Attempt, decision: Decision): FinalOutcome {
  if (attempt.channel.interaction === 'CARD') {
    const authenticated = decision.kind === 'approve' && decision.otp === TEST_OTP && (decision.acsOutcome === undefined || decision.acsOutcome === 'AUTHENTICATED');
    if (!authenticated) {
      const card = requireCard(attempt);
      // 3DS failed: no authorisation is attempted, so the details carry only the authentication.
      const details = paymentDetails({ network: card.network, flow: 'CHALLENGE', cvnGiven: card.cvnGiven, authenticated: false, random: attempt.random });
      return { status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED', paymentDetails: details };
    }
    return authorizeCard(attempt, 'CHALLENGE');
  }
  if (decision.kind === 'decline') return { status: 'FAILED', failureCode: 'USER_DECLINED_PAYMENT' };
  if (decision.kind === 'cancel') return { status: 'FAILED', failureCode: 'USER_DID_NOT_AUTHORIZE' };
  return succeed(attempt, { remark: `Approved in the ${attempt.channel.displayName} simulator` });
}

/** A PRESENT channel receives the customer's transfer, QR scan or counter payment. */
export function settlePresented(attempt: Attempt, payerName: string): FinalOutcome {
  const reference = attempt.random(6).toString('hex').toUpperCase();
  const details: Record<string, unknown> = { payer_name: payerName, receipt_id: reference, issuer_name: issuerFor(attempt.channel) };
  if (attempt.channel.presents === 'VIRTUAL_ACCOUNT_NUMBER') details.payer_account_number = attempt.presentValue;
  return { status: 'SUCCEEDED', paymentDetails: details };
}

function authorizeCard(attempt: Attempt, flow: ThreeDsFlow): FinalOutcome {
  const card = requireCard(attempt);
  const decline = declineForAmount(attempt.amountMinor ?? 0, attempt.currency, card.network);
  const details = paymentDetails({ network: card.network, flow, decline, cvnGiven: card.cvnGiven, random: attempt.random });
  if (decline) return { status: 'FAILED', failureCode: decline.failureCode, paymentDetails: details };
  return { status: attempt.captureMethod === 'MANUAL' ? 'AUTHORIZED' : 'SUCCEEDED', paymentDetails: details };
}

function succeed(attempt: Attempt, details: Record<string, unknown>): FinalOutcome {
  return { status: attempt.captureMethod === 'MANUAL' ? 'AUTHORIZED' : 'SUCCEEDED', paymentDetails: details };
}

function requireCard(attempt: Attempt): NonNullable<Attempt['card']> {
  if (!attempt.card) throw new Error('a card attempt needs card facts');
  return attempt.card;
}

function issuerFor(channel: Channel): string {
  return channel.displayName.replace(/ Virtual Account$/, '');
}

/** Saving a payment method (payment tokens): the same interactions, ending ACTIVE instead of paid. */
export type LinkOutcome =
  | { status: 'REQUIRES_ACTION'; actions: Action[] }
  | { status: 'ACTIVE'; tokenDetails: Record<string, unknown> }
  | { status: 'FAILED'; failureCode: string };

export function startLinking(attempt: Attempt): LinkOutcome {
  const { channel } = attempt;
  if (channel.interaction === 'CARD') {
    const card = requireCard(attempt);
    if (card.scenario.threeDs === 'FRICTIONLESS') return linked(attempt, 'FRICTIONLESS');
    return { status: 'REQUIRES_ACTION', actions: [{ type: 'REDIRECT_CUSTOMER', descriptor: 'WEB_URL', value: attempt.simulatorUrl }] };
  }
  if (channel.interaction === 'PUSH') return { status: 'REQUIRES_ACTION', actions: [] };
  return { status: 'REQUIRES_ACTION', actions: [{ type: 'REDIRECT_CUSTOMER', descriptor: 'WEB_URL', value: attempt.simulatorUrl }] };
}

export function completeLinking(attempt: Attempt, decision: Decision): LinkOutcome {
  if (attempt.channel.interaction === 'CARD') {
    const authenticated = decision.kind === 'approve' && decision.otp === TEST_OTP && (decision.acsOutcome === undefined || decision.acsOutcome === 'AUTHENTICATED');
    return authenticated ? linked(attempt, 'CHALLENGE') : { status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED' };
  }
  if (decision.kind !== 'approve') return { status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED' };
  return linked(attempt, 'FRICTIONLESS');
}

function linked(attempt: Attempt, flow: ThreeDsFlow): LinkOutcome {
  if (attempt.card) {
    const details = paymentDetails({ network: attempt.card.network, flow, cvnGiven: attempt.card.cvnGiven, random: attempt.random });
    return { status: 'ACTIVE', tokenDetails: details };
  }
  return { status: 'ACTIVE', tokenDetails: { account_name: 'LUNAS TEST ACCOUNT', account_balance: '1000000', account_point_balance: '0', account_number: `XXXX${attempt.random(2).readUInt16BE() % 10000}`.padEnd(8, '0') } };
}
