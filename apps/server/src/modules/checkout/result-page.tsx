import type { JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { WORDS } from './i18n.ts';
import type { ResultPageInput, ResultStatus } from './page-input.ts';
import { MerchantHeader, renderDocument, safeHref } from './page-shell.tsx';

const Icon = ({ children }: { children: JSX.Element | JSX.Element[] }) => (
  <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
    {children}
  </svg>
);
const ICONS: Record<ResultStatus, JSX.Element> = {
  COMPLETED: (
    <Icon>
      <path d="m5 12.5 4.5 4.5L19 7.5" />
    </Icon>
  ),
  EXPIRED: (
    <Icon>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </Icon>
  ),
  CANCELED: (
    <Icon>
      <circle cx="12" cy="12" r="8" />
      <path d="M6.5 17.5l11-11" />
    </Icon>
  ),
  NOT_FOUND: (
    <Icon>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v5.5M12 7.5h.01" />
    </Icon>
  ),
};

/** What a finished (or unknown) link shows: its state, and the way back to the merchant. */
export function renderResultPage(p: ResultPageInput): string {
  const words = WORDS[p.locale];
  const merchant = p.merchant?.name ?? '';
  const copy: Record<ResultStatus, [string, string]> = {
    COMPLETED:
      p.sessionType === 'SAVE'
        ? [words.savedTitle, words.savedMessage(merchant)]
        : p.sessionType === 'SUBSCRIPTION'
          ? [words.subscribedTitle, words.subscribedMessage(merchant)]
          : [words.completedTitle, words.completedMessage(merchant)],
    EXPIRED: [words.expiredTitle, words.expiredMessage(merchant)],
    CANCELED: [words.canceledTitle, words.canceledMessage],
    NOT_FOUND: [words.notFoundTitle, words.notFoundMessage],
  };
  const [title, message] = copy[p.status];
  const href = safeHref(p.returnUrl);
  return renderDocument({
    lang: p.lang,
    locale: p.locale,
    title: merchant ? `${title} · ${merchant}` : title,
    assets: p.assets,
    children: (
      <>
        {p.merchant && <MerchantHeader merchant={p.merchant} />}
        <main class={`result result-${p.status}`} data-testid="checkout-result" data-status={p.status}>
          <div class="panel">
            <div class="result-icon">{ICONS[p.status]}</div>
            <h1 data-testid="checkout-result-title">{title}</h1>
            <p data-testid="checkout-result-message">{message}</p>
            {p.amount && p.sessionType !== 'SAVE' && (
              <dl>
                <dt>{words.total}</dt>
                <dd data-testid="checkout-amount">{p.amount}</dd>
              </dl>
            )}
            {href && p.merchant && (
              <a class="pay" href={href} data-testid="checkout-return">
                {words.returnTo(merchant)}
              </a>
            )}
          </div>
        </main>
      </>
    ),
  });
}

/** When the store is down or the page failed: no link, no merchant, nothing but the notice. */
export function renderUnavailablePage(): string {
  return `<!doctype html>${renderToString(
    <html lang="en">
      <meta charset="utf-8" />
      <title>Checkout unavailable</title>
      <p>The checkout is unavailable right now. Please try again in a moment.</p>
    </html>,
  )}`;
}
