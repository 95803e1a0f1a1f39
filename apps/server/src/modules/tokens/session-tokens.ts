import type { CloseSessionAttempts } from '../sessions/lifecycle.ts';
import { tokenStore } from './store.ts';

/**
 * The payment tokens still waiting on the customer when their session leaves ACTIVE (see
 * sessions/lifecycle.ts) lapse with it, without a webhook; the token that completed a SAVE
 * session is kept.
 */
export const closeSessionTokens: CloseSessionAttempts = async (trx, session, status, now, keep) => {
  await tokenStore.closeOpenOfSession(trx, session.id, status, now, keep.payment_token_id);
};
