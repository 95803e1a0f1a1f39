import { useEnv } from './context.ts';
import type { Translate } from '../i18n/index.ts';

/** What the picker shows when there is no form to fill: loading, done, pending, ended, broken. */
export function StatusView() {
  const { checkout, t } = useEnv();
  const { state } = checkout;
  if (state.phase === 'loading') {
    return (
      <div class="lunas-status" role="status" aria-busy="true">
        <p>{t('picker.loading')}</p>
      </div>
    );
  }
  if (state.phase === 'fatal') {
    return (
      <div class="lunas-status" role="alert" data-testid="lunas-status-fatal">
        <h2>{t('fatal.title')}</h2>
        <p>{state.fatalMessage}</p>
      </div>
    );
  }
  const status = state.session!.status;
  const [title, body] =
    status === 'COMPLETED'
      ? [completedTitle(state.session!.session_type, t), t('status.completed.body')]
      : status === 'PENDING'
        ? [t('status.pending'), t('status.pending.body')]
        : status === 'EXPIRED'
          ? [t('status.expired'), t('status.closed.body')]
          : [t('status.canceled'), t('status.closed.body')];
  return (
    <div class="lunas-status" role="status" data-testid={`lunas-status-${status.toLowerCase()}`}>
      <h2>{title}</h2>
      <p>{body}</p>
    </div>
  );
}

/** The heading of a completed session: a payment, a saved method, or a subscription set up. */
function completedTitle(sessionType: string, t: Translate): string {
  if (sessionType === 'PAY') return t('status.completed');
  return sessionType === 'SUBSCRIPTION' ? t('status.subscribed') : t('status.saved');
}
