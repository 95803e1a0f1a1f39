import { OTP_CODES } from '@lunas/protocol/gateway';
import type { Action, AcquirerState, OtpCheck, OtpResend } from '../acquirer/types.ts';

/**
 * The simulated bank's one-time passwords (direct debit, docs/testing.md "OTP"): Xendit's test
 * codes (OTP_CODES, @lunas/protocol) mean what Xendit documents. The window, the attempt limit
 * and the resend limit are not published: Lunas's choices are below (docs/compatibility.md
 * "OTP flows"). Pure: the caller passes the business's `now`.
 */

/** How long a sent OTP can be used. */
export const OTP_WINDOW_MS = 5 * 60_000;
/** Wrong codes an attempt survives: the last one allowed fails it. */
export const OTP_MAX_ATTEMPTS = 3;
/** New OTPs an attempt may ask for after the first. */
export const OTP_MAX_RESENDS = 3;

/** What the simulator remembers of an attempt's OTP, in its acquirer state. */
export interface OtpState {
  otp_expires_at: string;
  otp_failed_attempts: number;
  otp_resends: number;
}

export const otpState = (state: AcquirerState): OtpState | undefined =>
  typeof state.otp_expires_at === 'string' ? (state as unknown as OtpState) : undefined;

/** A new attempt's first OTP, sent at `now`. */
export const firstOtp = (now: Date): OtpState => ({ otp_expires_at: new Date(now.getTime() + OTP_WINDOW_MS).toISOString(), otp_failed_attempts: 0, otp_resends: 0 });

/** The pair Xendit answers with (its DANA example): where to post the code, and where to ask for a new one. */
export function otpActions(apiUrl: string): Action[] {
  return [
    { type: 'API_POST_REQUEST', descriptor: 'VALIDATE_OTP', value: `${apiUrl}/validate_otp` },
    { type: 'API_POST_REQUEST', descriptor: 'RESEND_OTP', value: `${apiUrl}/resend_otp` },
  ];
}

/** Judges `code`; `accepted` is the code that approves this kind of attempt (pays or links). */
export function checkOtp(state: AcquirerState, code: string, now: Date, accepted: string): OtpCheck {
  const otp = otpState(state);
  if (!otp) return { verdict: 'LOCKED' };
  if (code === OTP_CODES.maxAttempts || otp.otp_failed_attempts >= OTP_MAX_ATTEMPTS) return { verdict: 'LOCKED' };
  const attemptsLeft = OTP_MAX_ATTEMPTS - otp.otp_failed_attempts;
  // An expired code is not a guess: it does not count, and a resend opens a new window.
  if (code === OTP_CODES.expired || now.getTime() >= Date.parse(otp.otp_expires_at)) return { verdict: 'REJECTED', error: 'EXPIRED_OTP', state, attemptsLeft };
  if (code === accepted) return { verdict: 'ACCEPTED' };
  const failed = otp.otp_failed_attempts + 1;
  if (failed >= OTP_MAX_ATTEMPTS) return { verdict: 'LOCKED' };
  return { verdict: 'REJECTED', error: 'INVALID_OTP', state: { ...state, otp_failed_attempts: failed }, attemptsLeft: OTP_MAX_ATTEMPTS - failed };
}

/** A new OTP with a new window; wrong codes already typed still count. */
export function resendOtp(state: AcquirerState, now: Date): OtpResend {
  const otp = otpState(state);
  if (!otp || otp.otp_resends >= OTP_MAX_RESENDS) return { verdict: 'REFUSED', error: 'MAX_OTP_ATTEMPTS' };
  return { verdict: 'RESENT', state: { ...state, otp_expires_at: firstOtp(now).otp_expires_at, otp_resends: otp.otp_resends + 1 } };
}
