import { findChannel, type Channel, type FormField } from '../../channels/catalogue.ts';
import { checkCard } from '../../channels/cards/check.ts';
import { cardFacts } from '../../channels/cards/issuers.ts';
import type { CardNetwork } from '../../channels/cards/network.ts';
import { Errors } from '../../errors.ts';
import { CURRENCY_EXPONENT } from '../../money.ts';
import { Secret } from '../vault/secret.ts';
import { refuseStrayCardData } from '../../channels/cards/stray-fields.ts';

/**
 * Turns what a client sends (the v3 API, or a session attempt) into a checked attempt:
 * channel resolved for country and currency, amount within the channel's limits, the
 * channel's form fields present, card details validated and split into what may be echoed
 * (masked) and what only the vault may hold (PAN, CVN).
 */
export interface NewCard {
  pan: Secret<string>;
  cvn?: Secret<string>;
  expiryMonth: string;
  expiryYear: string;
  network: CardNetwork;
  masked: string;
  facts: { type: string; issuer: string; country: string };
}

export function resolveChannel(code: string, country: string, currency: string): Channel {
  const channel = findChannel(code, country, currency);
  if (!channel) throw Errors.channelNotAvailable(code, country, currency);
  return channel;
}

export function checkAmountForChannel(channel: Channel, amountMinor: number): void {
  const exponent = CURRENCY_EXPONENT[channel.currency];
  const show = (minor: number) => `${channel.currency} ${(minor / 10 ** exponent).toFixed(exponent)}`;
  if (amountMinor < channel.minMinor || (channel.maxMinor !== null && amountMinor > channel.maxMinor)) {
    const range = channel.maxMinor === null ? `at least ${show(channel.minMinor)}` : `between ${show(channel.minMinor)} and ${show(channel.maxMinor)}`;
    throw Errors.invalidValue(`request_amount must be ${range} for ${channel.code}`);
  }
}

const RETURN_URLS = ['success_return_url', 'failure_return_url', 'cancel_return_url', 'pending_return_url'] as const;

/** Checks channel_properties against the channel's form; returns the echo-safe copy and the card, if any. */
export function checkChannelProperties(
  channel: Channel,
  properties: Record<string, unknown> | undefined,
  options: { withToken: boolean; now: Date; linking?: boolean },
): { echo: Record<string, unknown> | undefined; card?: NewCard } {
  refuseStrayCardData(channel, properties);
  const props = { ...(properties ?? {}) };
  for (const key of RETURN_URLS) {
    const url = props[key];
    if (url !== undefined && (typeof url !== 'string' || url.length < 11 || url.length > 255 || !url.startsWith('https://') || !URL.canParse(url))) {
      throw Errors.fieldInvalid(`/body/channel_properties/${key}`, 'must be an HTTPS URL of 11 to 255 characters');
    }
  }
  if (channel.family === 'CARDS') {
    if (options.withToken) {
      delete props.card_details;
      return { echo: Object.keys(props).length ? props : undefined };
    }
    const card = checkCardDetails(props.card_details, options.now);
    const details = props.card_details as Record<string, unknown>;
    const cardholder = Object.fromEntries(Object.entries(details).filter(([key]) => key.startsWith('cardholder_')));
    props.card_details = {
      masked_card_number: card.masked,
      expiry_month: card.expiryMonth,
      expiry_year: card.expiryYear,
      ...cardholder,
      network: card.network,
      type: card.facts.type,
      country: card.facts.country,
      issuer: card.facts.issuer,
    };
    return { echo: props, card };
  }
  // A push channel is linked on the provider's page, where the customer signs in: what the app
  // push needs (OVO's mobile number) is optional then, as in Xendit's OVO token example.
  const optional = options.linking === true && channel.interaction === 'PUSH';
  if (!options.withToken) for (const field of channel.form) checkField(optional ? { ...field, required: false } : field, props[field.name]);
  return { echo: Object.keys(props).length ? props : undefined };
}

function checkField(field: FormField, value: unknown): void {
  const path = `/body/channel_properties/${field.name}`;
  if (value === undefined || value === '') {
    if (field.required) throw Errors.fieldInvalid(path, `is required for this channel (${field.label})`);
    return;
  }
  if (typeof value !== 'string') throw Errors.fieldInvalid(path, 'must be a string');
  if (field.minLength !== undefined && value.length < field.minLength) throw Errors.fieldInvalid(path, `must have at least ${field.minLength} characters`);
  if (field.maxLength !== undefined && value.length > field.maxLength) throw Errors.fieldInvalid(path, `must have at most ${field.maxLength} characters`);
  if (field.pattern !== undefined && !new RegExp(field.pattern).test(value)) throw Errors.fieldInvalid(path, `is not a valid ${field.label.toLowerCase()}`);
  if (field.type === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) throw Errors.fieldInvalid(path, 'must be an email address');
}

function checkCardDetails(value: unknown, now: Date): NewCard {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw Errors.fieldInvalid('/body/channel_properties/card_details', 'is required for CARDS: card_number, expiry_month, expiry_year and cvn');
  }
  const details = value as Record<string, unknown>;
  for (const key of ['card_number', 'expiry_month', 'expiry_year'] as const) {
    if (typeof details[key] !== 'string') throw Errors.fieldInvalid(`/body/channel_properties/card_details/${key}`, 'is required and must be a string');
  }
  if (details.cvn !== undefined && typeof details.cvn !== 'string') throw Errors.fieldInvalid('/body/channel_properties/card_details/cvn', 'must be a string');
  const checked = checkCard(
    { cardNumber: details.card_number as string, expiryMonth: details.expiry_month as string, expiryYear: details.expiry_year as string, cvn: details.cvn as string | undefined },
    now,
  );
  if (!checked.ok) {
    if (checked.field === 'expiry_month' || checked.field === 'expiry_year') {
      if (/expired|past/i.test(checked.message)) throw Errors.cardExpired();
    }
    throw Errors.invalidPaymentDetails(checked.message);
  }
  const facts = cardFacts(checked.pan, checked.network);
  return {
    pan: new Secret(checked.pan),
    cvn: details.cvn === undefined ? undefined : new Secret(details.cvn as string),
    expiryMonth: details.expiry_month as string,
    expiryYear: details.expiry_year as string,
    network: checked.network,
    masked: facts.masked_card_number,
    facts: { type: facts.type, issuer: facts.issuer, country: facts.country },
  };
}
