import type { Channel } from '../../channels/catalogue.ts';
import type { NewCard } from '../attempts/channel-input.ts';
import type { PaymentToken } from '../tokens/service.ts';

/** What the engine turns into a payment request: an attempt, checked and resolved (channel, customer, token, card). */
export interface PreparedAttempt {
  businessId: string;
  sessionId: string | null;
  referenceId: string;
  type: 'PAY' | 'PAY_AND_SAVE' | 'REUSABLE_PAYMENT_CODE';
  channel: Channel;
  amountMinor: number | null;
  captureMethod: 'AUTOMATIC' | 'MANUAL';
  customerId: string | null;
  token: PaymentToken | null;
  channelProperties: Record<string, unknown> | undefined;
  card?: NewCard;
  description?: string;
  metadata?: unknown;
  items?: unknown;
  shipping?: unknown;
}
