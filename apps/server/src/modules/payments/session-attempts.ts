import type { Tx } from '../../db/store.ts';
import { recordEvent } from '../events/outbox.ts';
import type { CloseSessionAttempts } from '../sessions/lifecycle.ts';
import { paymentStore } from './store.ts';
import { paymentRequestView } from './views.ts';

/**
 * The payment requests still waiting on the customer when their session leaves ACTIVE (see
 * sessions/lifecycle.ts). Expired sessions expire their requests, with `payment_request.expiry`
 * as Xendit sends for a request that lapses; completed and canceled sessions cancel them (no
 * webhook, like Xendit's cancel). The request that completed the session is kept.
 */
export const closeSessionRequests: CloseSessionAttempts = async (trx: Tx, session, status, now, keep) => {
  const requests = await paymentStore.closeOpenRequestsOfSession(trx, session.id, status, now, keep.payment_request_id);
  if (status !== 'EXPIRED') return;
  for (const request of requests) {
    await recordEvent(trx, { businessId: request.business_id, type: 'payment_request.expiry', subjectId: request.id, data: paymentRequestView(request), created: now, orderingKey: session.id });
  }
};
