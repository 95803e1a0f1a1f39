import type { Attempt, ChannelAdapter, NewAttempt, OtpFlow } from '../../acquirer/types.ts';
import { OTP_CODES } from '@lunas/protocol/gateway';
import { checkOtp, firstOtp, otpActions, otpState, resendOtp } from '../otp.ts';
import { redirectAdapter } from './redirect.ts';

/**
 * Direct debit: the banks of Xendit's "Payment Authentication" table (BPI, UnionBank, China
 * Bank, RCBC, BRI) approve a payment with an OTP they text to the customer, which the merchant
 * collects and posts to validate_otp (sessions-api.md §10a.3); BRI asks for none below
 * IDR 1,000,000 and links its debit cards with an OTP too. The other direct-debit channels (TH
 * banks, the SKIP recurring variants) log the customer in on the bank's page, as redirectAdapter.
 */
const OTP_PAYMENT_CHANNELS = new Set(['BPI_DIRECT_DEBIT', 'UBP_DIRECT_DEBIT', 'CHINABANK_DIRECT_DEBIT', 'RCBC_DIRECT_DEBIT', 'BRI_DIRECT_DEBIT']);
/** Below this BRI pays without an OTP (minor units of IDR). */
const OTP_FREE_BELOW: Readonly<Record<string, number>> = { BRI_DIRECT_DEBIT: 1_000_000 };
const OTP_LINKING_CHANNELS = new Set(['BRI_DIRECT_DEBIT']);

function paysWithOtp(attempt: Attempt): boolean {
  const { channel } = attempt;
  if (!OTP_PAYMENT_CHANNELS.has(channel.code)) return false;
  if (attempt.withToken && channel.skipApprovalWithToken) return false;
  return (attempt.amountMinor ?? 0) >= (OTP_FREE_BELOW[channel.code] ?? 0);
}

const otpStart = (attempt: NewAttempt) => ({ status: 'REQUIRES_ACTION' as const, actions: otpActions(attempt.apiUrl), state: { ...firstOtp(attempt.now) } });

/** The OTP capability for attempts whose start sent one; `accepted` approves them. */
const otpFlow = (accepted: string): OtpFlow => ({
  awaits: (attempt) => otpState(attempt.state) !== undefined,
  check: (attempt, code, now) => checkOtp(attempt.state, code, now, accepted),
  resend: (attempt, now) => resendOtp(attempt.state, now),
});

export const directDebitAdapter: ChannelAdapter = {
  ...redirectAdapter,
  start(attempt) {
    return paysWithOtp(attempt) ? otpStart(attempt) : redirectAdapter.start(attempt);
  },
  otp: otpFlow(OTP_CODES.pays),
  linking: {
    ...redirectAdapter.linking!,
    start(attempt) {
      return OTP_LINKING_CHANNELS.has(attempt.channel.code) ? otpStart(attempt) : redirectAdapter.linking!.start(attempt);
    },
    otp: otpFlow(OTP_CODES.links),
  },
};
