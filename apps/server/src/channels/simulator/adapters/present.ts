import type { ChannelAdapter } from '../../acquirer/types.ts';

/**
 * Virtual accounts, QR and over-the-counter: the request presents a number, QR string or
 * payment code, and waits for the money (in test mode, the simulate endpoint). A reusable
 * code accepts payments until it is canceled or expires.
 */
export const presentAdapter: ChannelAdapter = {
  start(attempt) {
    const descriptor = attempt.channel.presents ?? 'PAYMENT_CODE';
    return { status: attempt.reusable ? 'ACCEPTING_PAYMENTS' : 'REQUIRES_ACTION', actions: [{ type: 'PRESENT_TO_CUSTOMER', descriptor, value: attempt.presentValue ?? '' }] };
  },
  complete() {
    throw new Error('presented codes are paid, not approved');
  },
  settle(attempt, payerName) {
    const details: Record<string, unknown> = {
      payer_name: payerName,
      receipt_id: attempt.random(6).toString('hex').toUpperCase(),
      issuer_name: attempt.channel.displayName.replace(/ Virtual Account$/, ''),
    };
    if (attempt.channel.presents === 'VIRTUAL_ACCOUNT_NUMBER') details.payer_account_number = attempt.presentValue;
    return { status: 'SUCCEEDED', paymentDetails: details };
  },
  startLinking() {
    return { status: 'FAILED', failureCode: 'INVALID_MERCHANT_SETTINGS' };
  },
  completeLinking() {
    return { status: 'FAILED', failureCode: 'INVALID_MERCHANT_SETTINGS' };
  },
};
