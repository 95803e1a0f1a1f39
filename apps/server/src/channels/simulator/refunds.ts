import type { RefundAttempt, RefundOutcome } from '../acquirer/types.ts';
import { toMajorUnits } from '../../money.ts';

/** Test mode: a refund of exactly 10054 major units fails with INSUFFICIENT_BALANCE; every other refund succeeds. */
export const REFUND_FAILURE_AMOUNT = 10054;

export function simulatedRefund(refund: RefundAttempt): RefundOutcome {
  if (toMajorUnits(refund.amountMinor, refund.currency) === REFUND_FAILURE_AMOUNT) return { status: 'FAILED', failureCode: 'INSUFFICIENT_BALANCE' };
  return { status: 'SUCCEEDED' };
}
