import type { RefundAttempt, RefundOutcome } from '../acquirer/types.ts';
import { toMajorUnits } from '../../money.ts';

/** Test mode: a refund of exactly 10054 major units fails with INSUFFICIENT_BALANCE. */
export const REFUND_FAILURE_AMOUNT = 10054;
/**
 * Test mode: a refund of exactly 10050 major units is held by the provider: it stays PENDING
 * (no answer ever comes) until it is cancelled, so a test can cancel a refund deterministically.
 */
export const REFUND_HELD_AMOUNT = 10050;

/** Every other refund succeeds. */
export function simulatedRefund(refund: RefundAttempt): RefundOutcome {
  const major = toMajorUnits(refund.amountMinor, refund.currency);
  if (major === REFUND_FAILURE_AMOUNT) return { status: 'FAILED', failureCode: 'INSUFFICIENT_BALANCE' };
  if (major === REFUND_HELD_AMOUNT) return { status: 'PENDING' };
  return { status: 'SUCCEEDED' };
}
