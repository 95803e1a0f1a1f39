import { findChannel } from '../channels/catalogue.ts';
import { TEST_OTP } from '../channels/simulator/cards.ts';
import { INTEGER_DECLINES, VND_DECLINES } from '../channels/simulator/cards-table.ts';
import type { LunasClient } from './client.ts';
import { CliError } from './output.ts';

/**
 * The steps `lunas trigger` is made of, each one call a merchant's server or a customer's browser
 * makes against a running Lunas: create a session, attempt a payment on it, answer the
 * simulator's page (3DS, the provider's approval), pay into a VA/QR/OTC request, refund, and wait
 * for the outcome. Nothing here writes to a store: the events come from Lunas's own services.
 */

/** Request fields `--override` may set. */
export interface Overrides {
  amount?: number;
  currency?: string;
  country?: string;
  channel?: string;
}

export interface Created {
  label: string;
  id: string;
  detail: string;
}

type Obj = Record<string, any>;

/** Xendit's documented test cards (spec §11.1): one asks for a 3DS challenge, one is frictionless. */
export const CHALLENGE_CARD = '4000000000001091';
export const FRICTIONLESS_CARD = '5200000000001096';
const WAIT_MS = 15_000;

/** A sample value for each form field a channel can ask for (channels/catalogue.ts). */
const SAMPLE_FIELDS: Readonly<Record<string, string>> = {
  account_mobile_number: '+628123456789',
  cashtag: '$lunastrigger',
  card_last_four: '1234',
  card_expiry: '12/30',
  account_email: 'customer@example.com',
  account_identity_number: '1234567890123',
  payer_name: 'John Doe',
  display_name: 'John Doe',
};

export const cardDetails = (number: string) => ({
  card_details: { card_number: number, expiry_month: '12', expiry_year: String(new Date().getUTCFullYear() + 3), cvn: '123', cardholder_first_name: 'John', cardholder_last_name: 'Doe' },
});

/** The amount (major units) a simulated card declines with INSUFFICIENT_BALANCE in this currency (spec §11.1). */
export function declineAmount(currency: string): number {
  const table: Readonly<Record<number, string>> = currency === 'VND' ? VND_DECLINES : INTEGER_DECLINES;
  return Number(Object.keys(table).find((amount) => table[Number(amount)] === 'INSUFFICIENT_BALANCE'));
}

export function sessionBody(o: Overrides, changes: Obj = {}): Obj {
  const stamp = Date.now().toString(36);
  return {
    reference_id: `lunas-trigger-${stamp}`,
    session_type: 'PAY',
    mode: 'COMPONENTS',
    amount: o.amount ?? 10000,
    currency: o.currency ?? 'IDR',
    country: o.country ?? 'ID',
    customer: {
      reference_id: 'lunas-trigger-customer',
      type: 'INDIVIDUAL',
      email: 'customer@example.com',
      mobile_number: '+628123456789',
      individual_detail: { given_names: 'John', surname: 'Doe' },
    },
    components_configuration: { origins: ['http://localhost:3000'] },
    ...changes,
  };
}

export async function createSession(client: LunasClient, body: Obj): Promise<Obj> {
  return client.request('POST', '/sessions', body);
}

/** What an attempt on `channel` sends: a test card, or a sample of each field the channel's form asks for. */
export function attemptBody(session: Obj, channel: string, card: string): Obj {
  if (channel === 'CARDS') return { channel_code: 'CARDS', channel_properties: cardDetails(card) };
  const known = findChannel(channel, session.country, session.currency);
  const properties: Obj = {};
  for (const field of known?.form ?? []) if (SAMPLE_FIELDS[field.name] !== undefined) properties[field.name] = SAMPLE_FIELDS[field.name];
  return { channel_code: channel, channel_properties: properties };
}

const actionOf = (object: Obj, descriptor: string): string | undefined =>
  (object.actions as { descriptor: string; value: string }[] | undefined)?.find((a) => a.descriptor === descriptor)?.value;

/**
 * Answers the simulator's page as the customer's browser would (approve with the test OTP, or
 * decline). The page is Lunas's own; it needs no key.
 */
export async function answerSimulatorPage(url: string, decision: 'approve' | 'decline'): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision, otp: TEST_OTP }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new CliError(`could not open the simulator page ${url} (${(error as Error).message}): is the public URL of this Lunas (LUNAS_PUBLIC_URL) reachable from here?`);
  }
  if (response.status >= 400) throw new CliError(`the simulator page ${url} answered ${response.status}`);
}

/**
 * Takes an attempt (payment request or token) through what the customer does next: the
 * simulator's page for a redirect, a simulated payment into a VA/QR/OTC code. Returns how.
 */
export async function completeAttempt(client: LunasClient, attempt: Obj, opts: { decline?: boolean; amount?: number }): Promise<string> {
  const page = actionOf(attempt, 'WEB_URL');
  if (attempt.status === 'REQUIRES_ACTION' && page) {
    await answerSimulatorPage(page, opts.decline ? 'decline' : 'approve');
    return opts.decline ? 'declined on the simulator page' : attempt.channel_code === 'CARDS' ? '3DS challenge approved' : 'approved on the provider page';
  }
  // VA, QR and OTC codes, and push channels (the approval happens in the provider's app): the simulated payment stands in for the customer.
  if ((attempt.status === 'REQUIRES_ACTION' || attempt.status === 'ACCEPTING_PAYMENTS') && attempt.payment_request_id) {
    if (opts.decline) throw new CliError(`${attempt.channel_code} offers the customer no page to decline on; trigger payment.failure with a card or a redirect channel such as DANA`);
    await client.request('POST', `/v3/payment_requests/${attempt.payment_request_id}/simulate`, opts.amount === undefined ? {} : { amount: opts.amount });
    return 'paid by simulation';
  }
  return attempt.channel_code === 'CARDS' ? 'frictionless' : 'no customer step';
}

/** Calls `probe` every 200 ms until it gives a value; fails with `failure()` after WAIT_MS. */
async function poll<T>(probe: () => Promise<T | undefined>, failure: () => string): Promise<T> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new CliError(failure());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls `path` until `done` holds. */
export async function waitFor(client: LunasClient, path: string, done: (object: Obj) => boolean, what: string): Promise<Obj> {
  let last: Obj | undefined;
  return poll(
    async () => {
      last = await client.request('GET', path);
      return done(last!) ? last : undefined;
    },
    () => `${what} did not happen within ${WAIT_MS / 1000} s (last status ${last?.status}); is the worker role running?`,
  );
}

/** The events Lunas recorded about these objects, oldest first. */
export async function eventsAbout(client: LunasClient, ids: string[]): Promise<{ id: string; event: string; created: string }[]> {
  // Pages come newest first; events of one millisecond keep that order, reversed.
  const seen = new Map<string, { id: string; event: string; created: string; rank: number }>();
  for (const id of ids) {
    const page = await client.request<{ data: { id: string; event: string; created: string }[] }>('GET', `/events?object_id=${encodeURIComponent(id)}&limit=100`);
    page.data.forEach((event, rank) => seen.set(event.id, { id: event.id, event: event.event, created: event.created, rank }));
  }
  return [...seen.values()].sort((a, b) => a.created.localeCompare(b.created) || b.rank - a.rank);
}

/** Waits until an event of `type` about `id` is recorded. */
export async function waitForEvent(client: LunasClient, type: string, id: string): Promise<void> {
  await poll(
    async () => {
      const page = await client.request<{ data: unknown[] }>('GET', `/events?object_id=${encodeURIComponent(id)}&type=${encodeURIComponent(type)}&limit=1`);
      return page.data.length > 0 ? true : undefined;
    },
    () => `Lunas recorded no ${type} about ${id} within ${WAIT_MS / 1000} s; is the worker role running?`,
  );
}

const FINAL_ATTEMPT = ['SUCCEEDED', 'AUTHORIZED', 'FAILED', 'CANCELED', 'EXPIRED', 'ACTIVE'];

/** Pays (or fails to pay) a session: one attempt, the customer's step, the outcome. */
export async function payOnSession(client: LunasClient, session: Obj, channel: string, card: string, opts: { decline?: boolean } = {}): Promise<{ attempt: Obj; how: string }> {
  const created = await client.request('POST', `/sessions/${session.payment_session_id}/payment_requests`, attemptBody(session, channel, card));
  const how = await completeAttempt(client, created, { decline: opts.decline, amount: session.amount });
  const path = created.payment_token_id && !created.payment_request_id ? `/v3/payment_tokens/${created.payment_token_id}` : `/v3/payment_requests/${created.payment_request_id}`;
  const attempt = await waitFor(client, path, (o) => FINAL_ATTEMPT.includes(o.status), `the ${channel} attempt's outcome`);
  return { attempt, how };
}

export const masked = (attempt: Obj): string => attempt.channel_properties?.card_details?.masked_card_number ?? attempt.channel_code;
