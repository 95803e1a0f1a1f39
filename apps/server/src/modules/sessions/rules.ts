import { Errors } from '../../errors.ts';
import { isCurrency, toMinorUnits, type Currency } from '../../money.ts';
import { refuseCardKeys } from '../../channels/cards/stray-fields.ts';
import { COUNTRIES } from '../../channels/catalogue.ts';
import { SESSION_TYPES, type SessionInput } from './schemas.ts';

/**
 * The create rules of sessions-api.md §3.1–§3.3 that JSON Schema cannot express, as one pure
 * function: it reads the validated body and the current time and either throws the
 * catalogue's error or returns what the service stores. The order of checks follows §3.3.
 */
export const DEFAULT_EXPIRY_MS = 30 * 60 * 1000;
export const MIN_EXPIRY_MS = 10 * 60 * 1000;
/** Xendit documents a maximum without its value; Lunas takes the 30 days of Xendit's SDK mock. */
export const MAX_EXPIRY_MS = 30 * 24 * 60 * 60 * 1000;

const METADATA_MAX_KEYS = 20;
const METADATA_MAX_KEY_LENGTH = 40;
const METADATA_MAX_VALUE_LENGTH = 80;

export type SessionType = (typeof SESSION_TYPES)[number];
const isSessionType = (value: string): value is SessionType => (SESSION_TYPES as readonly string[]).includes(value);

export interface CreatePlan {
  sessionType: SessionType;
  mode: 'PAYMENT_LINK' | 'COMPONENTS';
  currency: Currency;
  amountMinor: number;
  captureMethod: 'AUTOMATIC' | 'MANUAL' | null;
  expiresAt: string;
  locale: string;
  /** SUBSCRIPTION: the `subscription` echo, with Xendit's two additions defaulted (RESUME, no immediate payment). */
  subscription?: NonNullable<SessionInput['subscription']> & { failed_cycle_action: 'RESUME' | 'STOP'; immediate_payment: boolean };
}

export function checkCreate(input: SessionInput & Record<string, unknown>, now: Date): CreatePlan {
  checkSchemaExtras(input);

  const sessionType = input.session_type;
  if (!isSessionType(sessionType)) throw Errors.sessionTypeNotSupported(sessionType);
  const mode = input.mode;
  if (mode === 'CARDS_SESSION_JS') throw Errors.modeNotSupported(mode, 'is not supported by Lunas yet');
  if (mode !== 'PAYMENT_LINK' && mode !== 'COMPONENTS') throw Errors.modeNotSupported(mode);
  if (mode === 'COMPONENTS') checkComponentsConfiguration(input);

  if (!isCurrency(input.currency)) throw Errors.invalidCurrency(input.currency);
  if (!(COUNTRIES as readonly string[]).includes(input.country)) throw Errors.invalidCountry(input.country);
  const amountMinor = checkAmount(sessionType, input.amount, input.currency);

  if (sessionType !== 'PAY' && input.capture_method !== undefined) throw Errors.disallowedCaptureMethod(sessionType);
  // Xendit's own demo sends `allow_save_payment_method: "DISABLED"` and an empty cart
  // (`amount: 0`, `items: []`) on SAVE sessions, and Xendit creates them: a SAVE session always
  // saves, so the option is accepted, echoed and changes nothing; an empty item list is no items.
  if (sessionType === 'SAVE' && input.items != null && input.items.length > 0) throw Errors.itemsNotSupported();
  checkSubscription(input, sessionType);

  checkCustomer(input, sessionType);
  for (const field of ['success_return_url', 'cancel_return_url'] as const) {
    const url = input[field];
    if (url !== undefined && !isHttpsUrl(url)) throw Errors.invalidUrl(field);
  }
  const returnUrl = input.components_configuration?.return_url;
  if (mode === 'COMPONENTS' && returnUrl != null && !isHttpsUrl(returnUrl)) throw Errors.invalidUrl('components_configuration.return_url');

  const expiresAt = checkExpiry(input.expires_at, now);
  if (input.metadata != null) checkMetadata(input.metadata, Errors.invalidMetadata);
  for (const item of input.items ?? []) if (item.metadata != null) checkMetadata(item.metadata, Errors.invalidItemMetadata);
  checkPrimaryChannels(input);

  return {
    sessionType,
    mode,
    currency: input.currency,
    amountMinor,
    captureMethod: sessionType === 'PAY' ? (input.capture_method ?? 'AUTOMATIC') : null,
    expiresAt,
    locale: input.locale ?? 'en',
    subscription: input.subscription
      ? { ...input.subscription, failed_cycle_action: input.subscription.failed_cycle_action ?? 'RESUME', immediate_payment: input.subscription.immediate_payment ?? false }
      : undefined,
  };
}

/** Rules Xendit reports as API_VALIDATION_ERROR although a plain schema cannot state them. */
function checkSchemaExtras(input: SessionInput & Record<string, unknown>): void {
  if (input.internal_metadata !== undefined) throw Errors.fieldInvalid('/body/internal_metadata', 'is not allowed');
  const cards = input.channel_properties?.cards as (Record<string, unknown> & { card_on_file_type?: string }) | undefined;
  if (cards?.card_details !== undefined) throw Errors.fieldInvalid('/body/channel_properties/cards/card_details', 'is not allowed');
  // A session's channel_properties are stored and echoed as sent: no card field may ride in them.
  refuseCardKeys(input.channel_properties, '/body/channel_properties');
  if ((cards?.card_on_file_type === 'RECURRING' || cards?.card_on_file_type === 'MERCHANT_UNSCHEDULED') && cards.recurring_configuration === undefined) {
    throw Errors.fieldInvalid(
      '/body/channel_properties/cards/recurring_configuration',
      `is required when card_on_file_type is ${cards.card_on_file_type}`,
    );
  }
}

function checkComponentsConfiguration(input: SessionInput): void {
  const configuration = input.components_configuration;
  if (!configuration) throw Errors.fieldInvalid('/body/components_configuration', 'is required when mode is COMPONENTS');
  configuration.origins.forEach((origin, index) => {
    if (!isAllowedOrigin(origin)) {
      throw Errors.fieldInvalid(
        `/body/components_configuration/origins/${index}`,
        'must be an origin such as https://shop.example.com (https, or http on localhost; no path)',
      );
    }
  });
}

/** An origin exactly as a browser sends it: scheme://host[:port], https unless on loopback. */
export function isAllowedOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function checkAmount(sessionType: SessionType, amount: number, currency: Currency): number {
  if (sessionType === 'SAVE' && amount !== 0) throw Errors.invalidAmount('Amount must be 0 for session type SAVE');
  if (sessionType !== 'SAVE' && amount <= 0) throw Errors.invalidAmount('Amount must be greater than zero');
  const minor = toMinorUnits(amount, currency);
  if (!minor.ok) {
    throw Errors.invalidAmount(
      minor.reason === 'too_many_decimals' ? `Amount has more decimal places than ${currency} allows` : 'Amount is too large',
    );
  }
  return minor.minor;
}

function checkCustomer(input: SessionInput, sessionType: SessionType): void {
  if (input.customer !== undefined && input.customer_id !== undefined) {
    throw Errors.fieldInvalid('/body/customer_id', 'must not be sent together with customer');
  }
  // A recurring plan belongs to a customer, as a saved token does.
  const needsCustomer = sessionType !== 'PAY' || input.allow_save_payment_method === 'OPTIONAL' || input.allow_save_payment_method === 'FORCED';
  if (needsCustomer && input.customer === undefined && input.customer_id === undefined) throw Errors.missingCustomer();
  if (input.customer_id !== undefined && !input.customer_id.startsWith('cust-')) throw Errors.invalidCustomerId();
}

/**
 * `subscription` belongs to SUBSCRIPTION sessions and is required there (Xendit: missing
 * schedule fields are API_VALIDATION_ERROR); failure notifications name retries that exist.
 */
function checkSubscription(input: SessionInput, sessionType: SessionType): void {
  const subscription = input.subscription;
  if (sessionType !== 'SUBSCRIPTION') {
    if (subscription != null) throw Errors.fieldInvalid('/body/subscription', 'is allowed for session type SUBSCRIPTION only');
    return;
  }
  if (subscription == null) throw Errors.fieldInvalid('/body/subscription', 'is required for session type SUBSCRIPTION');
  const { total_retry: totalRetry, failed_attempt_notifications: notifications = [] } = subscription.schedule;
  if (new Set(notifications).size !== notifications.length || notifications.some((n) => n > (totalRetry ?? 0))) {
    throw Errors.fieldInvalid('/body/subscription/schedule/failed_attempt_notifications', 'must be unique retry numbers no greater than total_retry');
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function checkExpiry(expiresAt: string | undefined, now: Date): string {
  if (expiresAt === undefined) return new Date(now.getTime() + DEFAULT_EXPIRY_MS).toISOString();
  const at = new Date(expiresAt);
  if (Number.isNaN(at.getTime())) throw Errors.invalidExpiryDate('expires_at must be a valid date-time');
  if (at.getTime() < now.getTime() + MIN_EXPIRY_MS) throw Errors.invalidExpiryDate('expires_at must be at least 10 minutes in the future');
  if (at.getTime() > now.getTime() + MAX_EXPIRY_MS) throw Errors.invalidExpiryDate('expires_at must be at most 30 days in the future');
  return at.toISOString();
}

function checkMetadata(metadata: Record<string, unknown>, error: (message: string) => Error): void {
  const entries = Object.entries(metadata);
  if (entries.length > METADATA_MAX_KEYS) throw error(`Metadata can have at most ${METADATA_MAX_KEYS} keys`);
  for (const [key, value] of entries) {
    if (key.length > METADATA_MAX_KEY_LENGTH) throw error(`Metadata key must have at most ${METADATA_MAX_KEY_LENGTH} characters`);
    if (typeof value !== 'string') throw error(`Metadata value of "${key.slice(0, METADATA_MAX_KEY_LENGTH)}" must be a string`);
    if (value.length > METADATA_MAX_VALUE_LENGTH) throw error(`Metadata value must have at most ${METADATA_MAX_VALUE_LENGTH} characters`);
  }
}

function checkPrimaryChannels(input: SessionInput): void {
  const primary = input.payment_link_configuration?.primary_payment_channels ?? [];
  const allowed = input.allowed_payment_channels;
  if (!allowed || allowed.length === 0) return;
  for (const channel of primary) if (!allowed.includes(channel)) throw Errors.invalidPrimaryPaymentChannel(channel);
}
