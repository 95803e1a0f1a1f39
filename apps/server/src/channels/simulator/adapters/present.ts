import type { ChannelAdapter } from '../../acquirer/types.ts';
import { CURRENCY_EXPONENT } from '../../../money.ts';
import { presentValue } from '../present.ts';
import { simulatedRefund } from '../refunds.ts';
import { simulatorState, type SimulatorState } from '../state.ts';

/**
 * Virtual accounts, QR and over-the-counter: the request presents a number, QR string or
 * payment code, and waits for the money (in test mode, the simulate endpoint). A reusable
 * code accepts payments until it is canceled or expires. Nothing to approve and nothing to
 * save, so no `complete` and no `linking`.
 */
export const presentAdapter: ChannelAdapter = {
  start(attempt) {
    const { channel } = attempt;
    const value = presentValue(channel, attempt.amountMinor, CURRENCY_EXPONENT[channel.currency], attempt.reference, attempt.random);
    const state: SimulatorState = { present_value: value };
    const descriptor = channel.presents ?? 'PAYMENT_CODE';
    return { status: attempt.reusable ? 'ACCEPTING_PAYMENTS' : 'REQUIRES_ACTION', actions: [{ type: 'PRESENT_TO_CUSTOMER', descriptor, value }], state };
  },
  settle(attempt, payerName) {
    const details: Record<string, unknown> = {
      payer_name: payerName,
      receipt_id: attempt.random(6).toString('hex').toUpperCase(),
      issuer_name: attempt.channel.displayName.replace(/ Virtual Account$/, ''),
    };
    if (attempt.channel.presents === 'VIRTUAL_ACCOUNT_NUMBER') details.payer_account_number = simulatorState(attempt.state).present_value;
    return { status: 'SUCCEEDED', paymentDetails: details };
  },
  refund: simulatedRefund,
};
