/** The small pieces the action steps share (action.tsx, present.tsx): waiting, test buttons, the amount. */
import { formatMajorAmount } from '@lunas/protocol/format';
import { useEnv } from './context.ts';

export function Waiting() {
  const { t } = useEnv();
  return (
    <div class="lunas-row" role="status" style={{ alignItems: 'center' }}>
      <span class="lunas-spinner" aria-hidden="true" />
      <span>{t('action.waiting')}</span>
    </div>
  );
}

/** "I have paid" asks Lunas now; in test mode "Simulate payment" pays it (gateway endpoint 7). */
export function TestButtons({ paidButton = false }: { paidButton?: boolean }) {
  const { checkout, t, testMode } = useEnv();
  const session = checkout.state.session!;
  return (
    <div class="lunas-row">
      {testMode && session.session_type === 'PAY' && (
        <button type="button" class="lunas-btn lunas-btn-primary" data-testid="lunas-simulate" onClick={() => void checkout.simulatePayment().catch(() => undefined)}>
          {t('action.simulate')}
        </button>
      )}
      {paidButton && (
        <button type="button" class="lunas-btn" data-testid="lunas-paid" onClick={() => checkout.pollImmediately()}>
          {t('action.paid')}
        </button>
      )}
      {testMode && <p class="lunas-test" style={{ flexBasis: '100%' }}>{t('action.test_mode')}</p>}
    </div>
  );
}

export function AmountLine() {
  const { checkout, t, locale } = useEnv();
  const session = checkout.state.session!;
  return (
    <p>
      {t('action.amount')}: <span class="lunas-amount" data-testid="lunas-amount">{formatMajorAmount(session.amount, session.currency, locale, session.country)}</span>
    </p>
  );
}
