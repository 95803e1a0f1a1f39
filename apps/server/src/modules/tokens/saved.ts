import type { Tx } from '../../db/store.ts';
import { recordEvent } from '../events/outbox.ts';
import type { PaymentToken } from './model.ts';
import { tokenStore } from './store.ts';
import { tokenView } from './views.ts';

/** What a PAY_AND_SAVE payment that just succeeded tells about the method it saves. */
export interface PaidMethod {
  tokenId: string;
  businessId: string;
  sessionId: string | null;
  customerId: string | null;
  referenceId: string;
  channelCode: string;
  country: string;
  currency: string;
  vaultCardId: string | null;
  channelProperties: Record<string, unknown> | undefined;
  network: string | undefined;
  /** The payment's 3DS result (cards that ran 3DS only). */
  authenticationData?: Record<string, unknown>;
}

/**
 * The token a PAY_AND_SAVE success creates, in the payment's transaction: ACTIVE at once (the
 * customer just paid with it), with `payment_token.activation` in the session's order.
 */
export async function saveTokenFromPayment(trx: Tx, paid: PaidMethod, now: string): Promise<void> {
  const token: PaymentToken = {
    id: paid.tokenId,
    business_id: paid.businessId,
    session_id: paid.sessionId,
    customer_id: paid.customerId,
    reference_id: paid.referenceId,
    channel_code: paid.channelCode,
    country: paid.country,
    currency: paid.currency,
    status: 'ACTIVE',
    failure_code: null,
    vault_card_id: paid.vaultCardId,
    sim_token: null,
    expires_at: null,
    body: {
      channel_properties: paid.channelProperties,
      actions: [],
      ...(paid.authenticationData ? { token_details: { authentication_data: paid.authenticationData } } : {}),
      internal: { network: paid.network },
    },
    created: now,
    updated: now,
  };
  await tokenStore.insert(trx, token);
  await recordEvent(trx, { businessId: token.business_id, type: 'payment_token.activation', subjectId: token.id, data: tokenView(token), created: now, orderingKey: paid.sessionId ?? undefined });
}
