import type { Currency } from '../../money.ts';
import type { CardNetwork } from '../cards/network.ts';
import type { Channel, ChannelFamily } from '../catalogue.ts';

/**
 * The acquirer boundary. The payments engine talks only to `Acquirer`; Lunas ships the
 * simulated one (channels/simulator, chosen in app.ts), and another acquirer implements the
 * same interface in its own folder. Adapters are pure: they map an attempt (and later the
 * customer's decision, an incoming payment or a refund) to an outcome. Ids, persistence and
 * events are the engine's job; what an adapter needs to remember about an attempt it returns as
 * its opaque `state`, which the engine stores and hands back.
 */
export interface Action {
  type: 'PRESENT_TO_CUSTOMER' | 'REDIRECT_CUSTOMER' | 'API_POST_REQUEST';
  descriptor: 'CAPTURE_PAYMENT' | 'PAYMENT_CODE' | 'QR_STRING' | 'VIRTUAL_ACCOUNT_NUMBER' | 'WEB_URL' | 'DEEPLINK_URL' | 'VALIDATE_OTP' | 'RESEND_OTP';
  value: string;
}

/**
 * An adapter's own record of one attempt (a payment request or a payment token), e.g. the
 * virtual account number it presented. Stored as JSON beside the attempt, so it must hold no
 * card number or security code.
 */
export type AcquirerState = Record<string, unknown>;

/** What every acquirer is told about a card; the number itself only reaches `start`. */
export interface AttemptCard {
  network: CardNetwork;
  cvnGiven: boolean;
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
  card?: AttemptCard;
  /** The page where the customer acts on this attempt (3DS, the provider's approval page). */
  simulatorUrl: string;
  /** What the adapter returned from `start` (or `linking.start`); empty before. */
  state: AcquirerState;
  random: (bytes: number) => Buffer;
}

/** The first call of an attempt also gets what the engine never stores. */
export interface NewAttempt extends Attempt {
  /** The payment request's or token's id, for references an acquirer prints (e.g. into a QR payload). */
  reference: string;
  /** A new card's number (PAN); it must not end up in the returned state. */
  cardNumber?: string;
  /** The attempt's own API URL (`…/v3/payment_requests/{id}`), which OTP actions point below. */
  apiUrl: string;
  /** When the attempt is made (the business's clock): an OTP's window opens then. */
  now: Date;
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

/** A first call's outcome, with the state the adapter wants back on later calls. */
export type Started<T> = T & { state?: AcquirerState };

export interface RefundAttempt {
  channel: Channel;
  amountMinor: number;
  currency: Currency;
}

/** `PENDING`: the provider has not answered (and will not on its own); the refund stays cancellable. */
export type RefundOutcome = { status: 'SUCCEEDED' } | { status: 'FAILED'; failureCode: string } | { status: 'PENDING' };

/**
 * A one-time password the customer types (direct debit banks text it): the API's validate_otp
 * and resend_otp. `check` judges a code against the attempt's state at `now`: ACCEPTED (the
 * engine then applies the family's approval), REJECTED (the attempt stays open with the new
 * state: a counted wrong code, or an expired one), or LOCKED (the attempt fails).
 */
export type OtpError = 'INVALID_OTP' | 'EXPIRED_OTP' | 'MAX_OTP_ATTEMPTS';
export type OtpCheck =
  | { verdict: 'ACCEPTED' }
  | { verdict: 'REJECTED'; error: OtpError; state: AcquirerState; attemptsLeft: number }
  | { verdict: 'LOCKED' };
export type OtpResend = { verdict: 'RESENT'; state: AcquirerState } | { verdict: 'REFUSED'; error: OtpError };
export interface OtpFlow {
  /** Whether the attempt waits for an OTP (other attempts of the family may not). */
  awaits(attempt: Attempt): boolean;
  check(attempt: Attempt, code: string, now: Date): OtpCheck;
  resend(attempt: Attempt, now: Date): OtpResend;
}

/** Saving the method (payment tokens): the same interactions as paying, ending ACTIVE. */
export interface Linking {
  start(attempt: NewAttempt): Started<LinkOutcome>;
  complete(attempt: Attempt, decision: Decision): LinkOutcome;
  otp?: OtpFlow;
}

/**
 * One channel family's behaviour. Only `start` is required; the other members are capabilities
 * a family may lack, and the engine checks for them before use.
 */
export interface ChannelAdapter {
  /** What happens when an attempt is made. */
  start(attempt: NewAttempt): Started<Outcome>;
  /** The customer's decision on the action page (3DS ACS, provider page, app approval). */
  complete?(attempt: Attempt, decision: Decision): FinalOutcome;
  /** Money arrives for a presented code (VA transfer, QR scan, counter payment). */
  settle?(attempt: Attempt, payerName: string): FinalOutcome;
  linking?: Linking;
  /** Attempts the customer approves with a one-time password (`complete` then applies the approval). */
  otp?: OtpFlow;
  /** The provider's answer to a refund of a captured payment. */
  refund?(refund: RefundAttempt): RefundOutcome;
}

export interface Acquirer {
  adapterFor(family: ChannelFamily): ChannelAdapter;
}
