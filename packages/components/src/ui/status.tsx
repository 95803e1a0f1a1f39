import { useEnv } from './context.ts';

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
      ? [state.session!.session_type === 'PAY' ? t('status.completed') : t('status.saved'), t('status.completed.body')]
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
