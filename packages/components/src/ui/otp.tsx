import { OTP_CODES } from '@lunas/protocol/gateway';
import { useEffect, useRef } from 'preact/hooks';
import type { ActionView } from '../state.ts';
import { AmountLine } from './action-parts.tsx';
import { useEnv } from './context.ts';

/**
 * The bank texted a one-time password: the customer types it here and Lunas's gateway checks it
 * (validate_otp); a wrong or expired code shows the gateway's message and the field stays for
 * another try, and "Send a new code" asks for a fresh one (resend_otp).
 */
export function OtpView({ action }: { action: Extract<ActionView, { kind: 'otp' }> }) {
  const { checkout, t, testMode } = useEnv();
  const input = useRef<HTMLInputElement>(null);
  // The customer came here to type the code: the field has the focus (and again after an error).
  useEffect(() => input.current?.focus(), [action.error]);
  const submit = (event: Event) => {
    event.preventDefault();
    const code = input.current?.value ?? '';
    if (code.trim() !== '') void checkout.submitOtp(code);
  };
  return (
    <form class="lunas-action" data-testid="lunas-otp" onSubmit={submit} noValidate>
      <h2 id="lunas-action-title">{action.title || t('action.otp.title')}</h2>
      {action.instructions && <p>{action.instructions}</p>}
      <AmountLine />
      <label class="lunas-label" for="lunas-otp-input">{t('action.otp.label')}</label>
      <input
        ref={input}
        id="lunas-otp-input"
        class="lunas-input"
        data-testid="lunas-otp-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={32}
        aria-invalid={action.error ? 'true' : undefined}
        aria-describedby={action.error ? 'lunas-otp-error' : undefined}
      />
      {action.error && (
        <p class="lunas-error" id="lunas-otp-error" role="alert" data-testid="lunas-otp-error">
          {action.error}
        </p>
      )}
      {action.resent && <p role="status">{t('action.otp.resent')}</p>}
      <div class="lunas-row">
        <button type="submit" class="lunas-btn lunas-btn-primary" data-testid="lunas-otp-submit" disabled={action.busy}>
          {t('action.otp.submit')}
        </button>
        {action.resendUrl && (
          <button type="button" class="lunas-btn" data-testid="lunas-otp-resend" disabled={action.busy} onClick={() => void checkout.resendOtp()}>
            {t('action.otp.resend')}
          </button>
        )}
      </div>
      {testMode && <p class="lunas-test">{t('action.otp.test', OTP_CODES)}</p>}
    </form>
  );
}
