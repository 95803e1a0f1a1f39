import type { Executor } from '../../db/store.ts';
import { recordEvent } from '../events/outbox.ts';
import { tokenStore } from '../tokens/store.ts';
import { paymentStore } from './store.ts';
import { paymentRequestView } from './views.ts';

/**
 * When a session expires or is canceled, the attempts still waiting on the customer can no
 * longer pay it: a late 3DS answer or VA transfer must not complete a closed session.
 * Expired sessions expire their requests (with `payment_request.expiry`, as Xendit sends for a
 * request that lapses); canceled sessions cancel them (no webhook, like Xendit's cancel).
 */
export async function closeSessionAttempts(trx: Executor, sessionId: string, sessionStatus: 'EXPIRED' | 'CANCELED', now: string): Promise<void> {
  const requests = await paymentStore.closeOpenRequestsOfSession(trx, sessionId, sessionStatus, now);
  if (sessionStatus === 'EXPIRED') {
    for (const request of requests) {
      await recordEvent(trx, { businessId: request.business_id, type: 'payment_request.expiry', subjectId: request.id, data: paymentRequestView(request), created: now, orderingKey: sessionId });
    }
  }
  await tokenStore.closeOpenOfSession(trx, sessionId, sessionStatus, now);
}
