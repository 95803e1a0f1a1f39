import { Errors } from '../../errors.ts';
import type { AttemptLifecycle } from '../attempts/lifecycle.ts';
import { calledRow, type OtpCall, type OtpRunner, type OtpSubject } from '../attempts/otp.ts';
import type { TokenLinking } from './linking.ts';
import type { PaymentToken } from './model.ts';
import { OPEN_TOKEN_STATUSES, tokenStore } from './store.ts';
import { tokenView } from './views.ts';

/**
 * `POST /v3/payment_tokens/{id}/validate_otp` and `/resend_otp` (attempts/otp.ts does the
 * rest): a right code links the account (ACTIVE, `payment_token.activation`, a SAVE session's
 * completion); running out of attempts fails the token with AUTHENTICATION_FAILED, the token
 * failure code Xendit lists for a customer who could not authenticate.
 */
const OTP_LOCKED_FAILURE = 'AUTHENTICATION_FAILED';

export function paymentTokenOtp(deps: { linking: TokenLinking; attempts: AttemptLifecycle; runner: OtpRunner }) {
  const { linking, attempts, runner } = deps;
  const linkingOf = (token: PaymentToken) => attempts.adapterFor(attempts.channelOf({ channelCode: token.channel_code, country: token.country, currency: token.currency })).linking;

  function subjectOf(businessId: string, id: string, call: OtpCall): OtpSubject<PaymentToken> {
    return {
      kind: 'payment token',
      read: async (trx) => calledRow(await tokenStore.find(trx, businessId, id), call, Errors.paymentTokenNotFound),
      status: (token) => token.status,
      isOpen: (token) => OPEN_TOKEN_STATUSES.includes(token.status),
      lockedOut: (token) => token.status === 'FAILED' && token.failure_code === OTP_LOCKED_FAILURE,
      attempt: (token) => linking.attemptOf(token),
      flow: (token) => linkingOf(token)?.otp,
      saveState: (trx, token, state, now) =>
        tokenStore.replaceOpenBody(trx, id, token.body, { ...token.body, internal: { ...token.body.internal, acquirer_state: state } }, now),
      approve: (trx, token, now) => linking.applyLink(trx, token, linkingOf(token)!.complete(linking.attemptOf(token), { kind: 'approve' }), now),
      lock: (trx, token, now) => linking.applyLink(trx, token, { status: 'FAILED', failureCode: OTP_LOCKED_FAILURE }, now),
      cancel: (trx, now) => tokenStore.transition(trx, id, OPEN_TOKEN_STATUSES, { status: 'CANCELED', updated: now }),
      view: tokenView,
    };
  }

  return {
    validate: (businessId: string, id: string, code: string, call: OtpCall = {}) => runner.validate(subjectOf(businessId, id, call), code, call.onCommit),
    resend: (businessId: string, id: string, call: OtpCall = {}) => runner.resend(subjectOf(businessId, id, call), call.onCommit),
  };
}
