import type { PaymentRequestRow } from '../../db/tables.ts';
import { Errors } from '../../errors.ts';
import type { AttemptLifecycle } from '../attempts/lifecycle.ts';
import { calledRow, type OtpCall, type OtpRunner, type OtpSubject } from '../attempts/otp.ts';
import type { PaymentEngine } from './engine.ts';
import { OPEN_REQUEST_STATUSES, paymentStore } from './store.ts';
import { parseRequestBody, paymentRequestView } from './views.ts';

/**
 * `POST /v3/payment_requests/{id}/validate_otp` and `/resend_otp` (attempts/otp.ts does the
 * rest): a right code pays as the bank's approval does; running out of attempts fails the
 * request with OTP_ATTEMPT_COUNTS_EXCEEDED (Xendit's failure code) and `payment.failure`.
 */
export const OTP_LOCKED_FAILURE = 'OTP_ATTEMPT_COUNTS_EXCEEDED';

export function paymentRequestOtp(deps: { engine: PaymentEngine; attempts: AttemptLifecycle; runner: OtpRunner }) {
  const { engine, attempts, runner } = deps;

  function subjectOf(businessId: string, id: string, call: OtpCall): OtpSubject<PaymentRequestRow> {
    const adapterOf = (row: PaymentRequestRow) => attempts.adapterFor(engine.attemptOf(row).channel);
    return {
      kind: 'payment request',
      read: async (trx) => calledRow(await paymentStore.findRequest(trx, businessId, id), call, Errors.paymentRequestNotFound),
      status: (row) => row.status,
      isOpen: (row) => OPEN_REQUEST_STATUSES.includes(row.status),
      lockedOut: (row) => row.status === 'FAILED' && row.failure_code === OTP_LOCKED_FAILURE,
      attempt: (row) => engine.attemptOf(row),
      flow: (row) => adapterOf(row).otp,
      saveState(trx, row, state, now) {
        const body = parseRequestBody(row);
        body.internal.acquirer_state = state;
        return paymentStore.replaceOpenBody(trx, row.id, row.body, JSON.stringify(body), now);
      },
      approve(trx, row, now) {
        const adapter = adapterOf(row);
        if (!adapter.complete) throw new Error(`${row.channel_code} has no approval to apply`);
        return engine.applyFinal(trx, row, adapter.complete(engine.attemptOf(row), { kind: 'approve' }), now);
      },
      lock: (trx, row, now) => engine.applyFinal(trx, row, { status: 'FAILED', failureCode: OTP_LOCKED_FAILURE }, now),
      cancel: (trx, now) => paymentStore.transitionRequest(trx, id, OPEN_REQUEST_STATUSES, { status: 'CANCELED', updated: now }),
      view: paymentRequestView,
    };
  }

  return {
    validate: (businessId: string, id: string, code: string, call: OtpCall = {}) => runner.validate(subjectOf(businessId, id, call), code, call.onCommit),
    resend: (businessId: string, id: string, call: OtpCall = {}) => runner.resend(subjectOf(businessId, id, call), call.onCommit),
  };
}

export type PaymentRequestOtp = ReturnType<typeof paymentRequestOtp>;
