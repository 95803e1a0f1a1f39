import type { Store } from '../../db/store.ts';
import type { PaymentRequestRow } from '../../db/tables.ts';
import { Errors } from '../../errors.ts';
import type { AttemptLifecycle } from '../attempts/lifecycle.ts';
import type { OtpCommitHook, OtpRunner, OtpSubject } from '../attempts/otp.ts';
import type { PaymentEngine } from './engine.ts';
import { OPEN_REQUEST_STATUSES, paymentStore } from './store.ts';
import { parseRequestBody, paymentRequestView } from './views.ts';

/**
 * `POST /v3/payment_requests/{id}/validate_otp` and `/resend_otp` (attempts/otp.ts does the
 * rest): a right code pays as the bank's approval does; running out of attempts fails the
 * request with OTP_ATTEMPT_COUNTS_EXCEEDED (Xendit's failure code) and `payment.failure`.
 */
export const OTP_LOCKED_FAILURE = 'OTP_ATTEMPT_COUNTS_EXCEEDED';

export function paymentRequestOtp(deps: { store: Store; engine: PaymentEngine; attempts: AttemptLifecycle; runner: OtpRunner }) {
  const { engine, attempts, runner } = deps;

  function subjectOf(id: string): OtpSubject<PaymentRequestRow> {
    const adapterOf = (row: PaymentRequestRow) => attempts.adapterFor(engine.attemptOf(row).channel);
    return {
      kind: 'payment request',
      read: async (trx) => (await paymentStore.findRequestById(trx, id))!,
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

  /** The business's request, or 404 before anything is judged. */
  async function known(businessId: string, id: string): Promise<OtpSubject<PaymentRequestRow>> {
    if (!(await paymentStore.findRequest(deps.store.db, businessId, id))) throw Errors.paymentRequestNotFound();
    return subjectOf(id);
  }

  return {
    validate: async (businessId: string, id: string, code: string, onCommit?: OtpCommitHook) => runner.validate(await known(businessId, id), code, onCommit),
    resend: async (businessId: string, id: string, onCommit?: OtpCommitHook) => runner.resend(await known(businessId, id), onCommit),
  };
}

export type PaymentRequestOtp = ReturnType<typeof paymentRequestOtp>;
