import type { Currency } from '../../money.ts';
import type { Channel, ChannelFamily } from '../catalogue.ts';
import type { CardNetwork, CardScenario } from '../simulator/cards.ts';

/**
 * The acquirer boundary. The payments engine talks only to `Acquirer`; Lunas ships the
 * simulated one (channels/simulator), and a real acquirer would implement the same
 * interface. Adapters are pure: they map an attempt (and later the customer's decision) to an
 * outcome. Ids, VA numbers, persistence and events are the engine's job.
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
  /** Where this attempt's customer-facing page lives, and what a PRESENT channel shows. */
  simulatorUrl: string;
  presentValue?: string;
  random: (bytes: number) => Buffer;
}

export type Decision = { kind: 'approve'; otp?: string; acsOutcome?: string } | { kind: 'decline' } | { kind: 'cancel' };

export type FinalOutcome =
  | { status: 'SUCCEEDED' | 'AUTHORIZED'; paymentDetails: Record<string, unknown> }
  | { status: 'FAILED'; failureCode: string; paymentDetails?: Record<string, unknown> };

export type Outcome = { status: 'REQUIRES_ACTION' | 'ACCEPTING_PAYMENTS'; actions: Action[] } | FinalOutcome;

export type LinkOutcome =
  | { status: 'REQUIRES_ACTION'; actions: Action[] }
  | { status: 'ACTIVE'; tokenDetails: Record<string, unknown> }
  | { status: 'FAILED'; failureCode: string };

/** One channel family's behaviour. */
export interface ChannelAdapter {
  /** What happens when an attempt is made. */
  start(attempt: Attempt): Outcome;
  /** The customer's decision on the action page (3DS ACS, provider page, app approval). */
  complete(attempt: Attempt, decision: Decision): FinalOutcome;
  /** Money arrives for a presented code (VA transfer, QR scan, counter payment). */
  settle(attempt: Attempt, payerName: string): FinalOutcome;
  /** Saving the method (payment tokens): the same interactions, ending ACTIVE. */
  startLinking(attempt: Attempt): LinkOutcome;
  completeLinking(attempt: Attempt, decision: Decision): LinkOutcome;
}

export interface Acquirer {
  adapterFor(family: ChannelFamily): ChannelAdapter;
}
