import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { ACTION_COMPLETE } from '@lunas/protocol/messages';
import type { ActionView } from '../state.ts';
import { TestButtons, Waiting } from './action-parts.tsx';
import { useEnv } from './context.ts';
import { OtpView } from './otp.tsx';
import { PresentView } from './present.tsx';

/**
 * The step the customer takes after submitting: the 3DS or provider page in an iframe, the
 * provider's app on a phone, a push approval, a code to present, or an OTP to type. Rendered in the merchant's
 * action container, or in a modal dialog when the page has none.
 */
export function ActionPanel({ modal }: { modal: boolean }) {
  const { checkout } = useEnv();
  const submission = checkout.state.submission;
  const action = submission?.stage === 'entity' ? submission.action : null;
  if (!action) return null;
  const content = <ActionContent action={action} />;
  return modal ? <Modal frame={action.kind === 'iframe'}>{content}</Modal> : <div class="lunas-action-container" data-testid="lunas-action">{content}</div>;
}

/** A page in a frame (3DS, provider) gets the whole dialog height, and the whole screen on a phone, so its buttons show. */
function Modal({ children, frame }: { children: preact.ComponentChildren; frame: boolean }) {
  const { checkout, t } = useEnv();
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const node = dialog.current;
    node?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && checkout.closeAction();
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.();
      // The button that opened it may be disabled while the payment is processed: keep focus in the form, not lost on <body>.
      const lost = !document.activeElement || document.activeElement === document.body || Boolean(node?.contains(document.activeElement));
      if (lost) document.querySelector<HTMLElement>('[data-lunas-focus-return]')?.focus();
    };
  }, []);
  return (
    <div class="lunas-root lunas-modal" data-testid="lunas-action">
      <div class="lunas-dialog" role="dialog" aria-modal="true" aria-labelledby="lunas-action-title" tabIndex={-1} ref={dialog} data-frame={frame}>
        <button type="button" class="lunas-btn lunas-dialog-close" aria-label={t('action.close')} data-testid="lunas-action-close" onClick={() => checkout.closeAction()}>
          ×
        </button>
        {children}
      </div>
    </div>
  );
}

function ActionContent({ action }: { action: ActionView }) {
  const { checkout, t } = useEnv();
  const channel = checkout.state.current ? checkout.channelFor(checkout.state.current) : null;
  const app = channel?.brand_name ?? '';
  switch (action.kind) {
    case 'iframe':
      return (
        <div class="lunas-action">
          <h2 id="lunas-action-title">{t(action.purpose === 'card' ? 'action.title.card' : 'action.title.redirect')}</h2>
          <ActionFrame url={action.url} />
        </div>
      );
    case 'deeplink':
      return (
        <div class="lunas-action">
          <h2 id="lunas-action-title">{t('action.deeplink.title', { app })}</h2>
          <a class="lunas-btn lunas-btn-primary" href={action.url} data-testid="lunas-deeplink">
            {t('action.deeplink.open', { app })}
          </a>
          {action.webUrl && (
            <a class="lunas-btn" href={action.webUrl} target="_blank" rel="noopener">
              {t('action.deeplink.web')}
            </a>
          )}
          <Waiting />
        </div>
      );
    case 'push':
      return (
        <div class="lunas-action" data-testid="lunas-push-wait">
          <h2 id="lunas-action-title">{t('action.push.title', { app })}</h2>
          <p>{t('action.push.body', { app })}</p>
          <Waiting />
          <TestButtons />
        </div>
      );
    case 'present':
      return <PresentView action={action.action} app={app} />;
    case 'otp':
      return <OtpView action={action} />;
  }
}

/** The action page runs on Lunas (or a provider) and says it is done with the action-complete message. */
function ActionFrame({ url }: { url: string }) {
  const { checkout, t } = useEnv();
  const frame = useRef<HTMLIFrameElement>(null);
  // Listening from the commit on, so even an action page that finishes at once is heard.
  useLayoutEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown } | null;
      if (frame.current && event.source === frame.current.contentWindow && data?.type === ACTION_COMPLETE) checkout.actionComplete();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  return <iframe ref={frame} class="lunas-action-frame" src={url} title={t('action.iframe_title')} data-testid="lunas-action-iframe" />;
}
