import type { Executor } from '../../db/store.ts';
import { paymentStore } from './store.ts';

/**
 * What refunds ask of payments: the captured payment of a request and the request's channel,
 * and the reservation of refunded amounts on the payment (a guarded UPDATE, so concurrent
 * refunds never exceed the capture).
 */
export interface RefundablePayment {
  request: { id: string; status: string; channelCode: string; country: string; currency: string };
  /** The request's latest captured payment; undefined when nothing was captured. */
  payment?: { id: string; capturedMinor: number; refundedMinor: number };
}

export async function findRefundable(db: Executor, businessId: string, paymentRequestId: string): Promise<RefundablePayment | undefined> {
  const request = await paymentStore.findRequest(db, businessId, paymentRequestId);
  if (!request) return undefined;
  const payment = await paymentStore.latestSucceededPayment(db, request.id);
  return {
    request: { id: request.id, status: request.status, channelCode: request.channel_code, country: request.country, currency: request.currency },
    payment: payment ? { id: payment.id, capturedMinor: payment.captured_minor, refundedMinor: payment.refunded_minor } : undefined,
  };
}

/** The channel a payment request was made on (country and currency select the catalogue entry). */
export async function channelOfRequest(db: Executor, paymentRequestId: string): Promise<{ channelCode: string; country: string; currency: string } | undefined> {
  const request = await paymentStore.findRequestById(db, paymentRequestId);
  return request ? { channelCode: request.channel_code, country: request.country, currency: request.currency } : undefined;
}

/** Reserves `amountMinor` of the payment's capture for a refund; false when less than that is left. */
export const reserveRefund = (trx: Executor, paymentId: string, amountMinor: number): Promise<boolean> => paymentStore.reserveRefund(trx, paymentId, amountMinor);

/** Gives a failed refund's reservation back. */
export const releaseRefund = (trx: Executor, paymentId: string, amountMinor: number): Promise<void> => paymentStore.releaseRefund(trx, paymentId, amountMinor);
