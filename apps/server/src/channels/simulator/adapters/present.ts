import type { Action, ChannelAdapter } from '../../acquirer/types.ts';
import type { Channel } from '../../catalogue.ts';
import { CURRENCY_EXPONENT } from '../../../money.ts';
import { presentValue, vietQr } from '../present.ts';
import { simulatedRefund } from '../refunds.ts';
import { simulatorState, type SimulatorState } from '../state.ts';

/** Xendit's VN virtual accounts carry a VietQR beside the account number. */
const vietnameseVa = (channel: Channel): boolean => channel.country === 'VN' && channel.presents === 'VIRTUAL_ACCOUNT_NUMBER';

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
    const actions: Action[] = [{ type: 'PRESENT_TO_CUSTOMER', descriptor: channel.presents ?? 'PAYMENT_CODE', value }];
    // Xendit's only VN example (REUSABLE_PAYMENT_CODE_VA_VietCapital) answers REQUIRES_ACTION with the
    // account number and its VietQR; other reusable codes sit in ACCEPTING_PAYMENTS, as the guides say.
    if (vietnameseVa(channel)) {
      actions.push({ type: 'PRESENT_TO_CUSTOMER', descriptor: 'QR_STRING', value: vietQr(value, attempt.amountMinor) });
      return { status: 'REQUIRES_ACTION', actions, state };
    }
    return { status: attempt.reusable ? 'ACCEPTING_PAYMENTS' : 'REQUIRES_ACTION', actions, state };
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
