import { channelsFor, type Channel } from '../../channels/catalogue.ts';
import { Errors } from '../../errors.ts';

/**
 * Which channels a session offers (sessions-api.md §3.1 `allowed_payment_channels`): the
 * country's channels in the session currency that can serve the session's configuration —
 * manual capture needs auth-and-capture, saving (SAVE sessions, FORCED) needs a savable
 * channel, a SUBSCRIPTION one that can also be charged merchant-initiated with the saved
 * token (its cycles), and a PAY or SUBSCRIPTION amount must be within the channel's limits. An explicit list must name
 * only such channels; an empty result is an error, never a session nobody can pay.
 */
export interface SessionChannelTerms {
  country: string;
  currency: string;
  amountMinor: number;
  sessionType: string;
  captureMethod: string | null;
  allowSave: string | null;
  allowed?: string[];
}

export function sessionChannels(terms: SessionChannelTerms): Channel[] {
  const all = channelsFor(terms.country, terms.currency);
  const fits = (channel: Channel) =>
    (terms.captureMethod !== 'MANUAL' || channel.authCapture) &&
    ((terms.sessionType === 'PAY' && terms.allowSave !== 'FORCED') || channel.savable) &&
    (terms.sessionType !== 'SUBSCRIPTION' || channel.mit) &&
    (terms.sessionType === 'SAVE' || (terms.amountMinor >= channel.minMinor && (channel.maxMinor === null || terms.amountMinor <= channel.maxMinor)));

  if (terms.allowed && terms.allowed.length > 0) {
    const byCode = new Map(all.map((channel) => [channel.code, channel]));
    const unavailable = [...new Set(terms.allowed)].filter((code) => !byCode.has(code) || !fits(byCode.get(code)!));
    if (unavailable.length > 0) {
      throw Errors.invalidPaymentChannel(`Channel(s) ${unavailable.join(', ')} are not available. Please ensure that you have activated the necessary channels`);
    }
    return [...new Set(terms.allowed)].map((code) => byCode.get(code)!);
  }
  const available = all.filter(fits);
  if (available.length === 0) {
    const why = [
      `country ${terms.country} and currency ${terms.currency}`,
      terms.captureMethod === 'MANUAL' ? 'capture_method MANUAL' : undefined,
      terms.sessionType !== 'PAY' || terms.allowSave === 'FORCED' ? 'saving the payment method' : undefined,
      terms.sessionType === 'SUBSCRIPTION' ? 'merchant-initiated recurring charges' : undefined,
      terms.sessionType === 'SAVE' ? undefined : 'this amount',
    ].filter(Boolean);
    throw Errors.invalidPaymentChannel(`No payment channel is available for ${why.join(', ')}`);
  }
  return available;
}
