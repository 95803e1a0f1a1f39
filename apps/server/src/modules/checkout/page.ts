/**
 * The hosted checkout's HTML, rendered on the server so that everything but the payment form
 * (merchant, amount, order, expiry, results) reads well before, or without, any script. Pure
 * functions; every interpolated value is escaped. The page's one script is a same-origin
 * module (`script-src 'self'`); its settings travel in a non-executable JSON data block.
 */
import { WORDS, type Locale } from './i18n.ts';

export interface MerchantLook {
  name: string;
  /** A data: URL image, or undefined for a monogram. */
  logo?: string;
}

export interface PageAssets {
  css: string;
  theme: string;
  /** The page script; result pages have none. */
  js?: string;
}

export interface CheckoutPageInput {
  lang: string;
  locale: Locale;
  merchant: MerchantLook;
  sessionType: string;
  amount: string;
  description?: string;
  items: { name: string; quantity: number; amount?: string }[];
  expiresAt: string;
  expiresText: string;
  cancelAction: string;
  assets: PageAssets & { js: string; sdk: string };
  /** Settings for the page script (sdk key, locale, where to go next, its words). */
  config: Record<string, unknown>;
}

export type ResultStatus = 'COMPLETED' | 'EXPIRED' | 'CANCELED' | 'NOT_FOUND';

export interface ResultPageInput {
  lang: string;
  locale: Locale;
  status: ResultStatus;
  merchant?: MerchantLook;
  sessionType?: string;
  amount?: string;
  reference?: string;
  returnUrl?: string;
  assets: PageAssets;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** JSON for a `<script type="application/json">` block: `<` escaped so nothing can close the element. */
export const jsonDataBlock = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const svg = (body: string) => `<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;
const ICONS: Record<ResultStatus, string> = {
  COMPLETED: svg('<path d="m5 12.5 4.5 4.5L19 7.5"/>'),
  EXPIRED: svg('<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>'),
  CANCELED: svg('<circle cx="12" cy="12" r="8"/><path d="M6.5 17.5l11-11"/>'),
  NOT_FOUND: svg('<circle cx="12" cy="12" r="9"/><path d="M12 11v5.5M12 7.5h.01"/>'),
};

/** Only https (and http, for local development) links are ever rendered. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

function shell(p: { lang: string; locale: Locale; title: string; assets: PageAssets; head?: string; body: string; tail?: string }): string {
  const words = WORDS[p.locale];
  const script = p.assets.js ? `\n<script type="module" src="${escapeHtml(p.assets.js)}"></script>` : '';
  return `<!doctype html>
<html lang="${escapeHtml(p.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(p.title)}</title>
<link rel="stylesheet" href="${escapeHtml(p.assets.css)}">
<link rel="stylesheet" href="${escapeHtml(p.assets.theme)}">${p.head ?? ''}${script}
</head>
<body>
<div class="test-banner" role="note" data-testid="checkout-test-mode"><strong>${escapeHtml(words.testMode)}</strong><span>${escapeHtml(words.testModeNote)}</span></div>
${p.body}
<footer class="foot">${escapeHtml(words.securedBy)}</footer>${p.tail ?? ''}
</body>
</html>
`;
}

function merchantHeader(merchant: MerchantLook): string {
  const mark = merchant.logo
    ? `<img class="logo" src="${escapeHtml(merchant.logo)}" alt="" data-testid="checkout-logo">`
    : `<span class="monogram" aria-hidden="true">${escapeHtml(Array.from(merchant.name.trim())[0]?.toUpperCase() ?? '?')}</span>`;
  return `<header class="merchant">${mark}<span class="merchant-name" data-testid="checkout-merchant">${escapeHtml(merchant.name)}</span></header>`;
}

export function renderCheckoutPage(p: CheckoutPageInput): string {
  const words = WORDS[p.locale];
  const saving = p.sessionType === 'SAVE';
  const heading = saving ? words.saveFor(p.merchant.name) : words.payTo(p.merchant.name);
  const items = p.items.length
    ? `<h2 class="visually-hidden">${escapeHtml(words.orderSummary)}</h2>
<ul class="items" data-testid="checkout-items">${p.items
        .map(
          (item) =>
            `<li class="item"><span class="item-name">${escapeHtml(item.name)}</span><span class="item-qty">${escapeHtml(words.quantity(item.quantity))}</span><span class="item-amount">${escapeHtml(item.amount ?? '')}</span></li>`,
        )
        .join('')}</ul>
<p class="total"><span>${escapeHtml(words.total)}</span><span>${escapeHtml(p.amount)}</span></p>`
    : '';
  const body = `<a class="skip" href="#payment">${escapeHtml(words.choosePayment)}</a>
${merchantHeader(p.merchant)}
<main class="layout">
<section class="panel summary" aria-labelledby="summary-title">
<h1 id="summary-title"><span class="eyebrow">${escapeHtml(heading)}</span>${saving ? '' : `<span class="amount" data-testid="checkout-amount">${escapeHtml(p.amount)}</span>`}</h1>
${p.description ? `<p class="description" data-testid="checkout-description">${escapeHtml(p.description)}</p>` : ''}
${items}
<p class="expires" data-testid="checkout-expires">${escapeHtml(words.expires('{time}')).replace('{time}', () => `<time datetime="${escapeHtml(p.expiresAt)}">${escapeHtml(p.expiresText)}</time>`)}</p>
</section>
<section class="panel payment" id="payment" tabindex="-1" aria-labelledby="payment-title">
<h2 id="payment-title">${escapeHtml(words.choosePayment)}</h2>
<div id="checkout-form" class="form" data-testid="checkout-form" aria-busy="true"><p class="loading">${escapeHtml(words.loading)}</p></div>
<noscript><p class="error">${escapeHtml(words.noScript)}</p></noscript>
<div id="checkout-error" class="error" role="alert" data-testid="checkout-error" hidden></div>
<button id="checkout-pay" class="pay" type="button" data-testid="checkout-pay" disabled>${escapeHtml(saving ? words.save : words.pay(p.amount))}</button>
<p id="checkout-status" class="status" role="status" aria-live="polite" data-testid="checkout-status"></p>
<form class="cancel-form" method="post" action="${escapeHtml(p.cancelAction)}"><button class="cancel" type="submit" data-testid="checkout-cancel">${escapeHtml(words.cancel)}</button></form>
</section>
</main>`;
  return shell({
    lang: p.lang,
    locale: p.locale,
    title: `${heading} · ${words.checkout}`,
    assets: p.assets,
    head: `\n<link rel="modulepreload" href="${escapeHtml(p.assets.sdk)}">`,
    body,
    tail: `\n<script type="application/json" id="checkout-config">${jsonDataBlock(p.config)}</script>`,
  });
}

/** What a finished (or unknown) link shows: its state, and the way back to the merchant. */
export function renderResultPage(p: ResultPageInput): string {
  const words = WORDS[p.locale];
  const merchant = p.merchant?.name ?? '';
  const copy: Record<ResultStatus, [string, string]> = {
    COMPLETED: p.sessionType === 'SAVE' ? [words.savedTitle, words.savedMessage(merchant)] : [words.completedTitle, words.completedMessage(merchant)],
    EXPIRED: [words.expiredTitle, words.expiredMessage(merchant)],
    CANCELED: [words.canceledTitle, words.canceledMessage],
    NOT_FOUND: [words.notFoundTitle, words.notFoundMessage],
  };
  const [title, message] = copy[p.status];
  const href = safeHref(p.returnUrl);
  const facts =
    p.amount && p.sessionType !== 'SAVE'
      ? `<dl><dt>${escapeHtml(words.total)}</dt><dd data-testid="checkout-amount">${escapeHtml(p.amount)}</dd></dl>`
      : '';
  const back = href && p.merchant ? `<a class="pay" href="${escapeHtml(href)}" data-testid="checkout-return">${escapeHtml(words.returnTo(merchant))}</a>` : '';
  const body = `${p.merchant ? merchantHeader(p.merchant) : ''}
<main class="result result-${p.status}" data-testid="checkout-result" data-status="${p.status}">
<div class="panel">
<div class="result-icon">${ICONS[p.status]}</div>
<h1 data-testid="checkout-result-title">${escapeHtml(title)}</h1>
<p data-testid="checkout-result-message">${escapeHtml(message)}</p>
${facts}
${back}
</div>
</main>`;
  return shell({ lang: p.lang, locale: p.locale, title: merchant ? `${title} · ${merchant}` : title, assets: p.assets, body });
}
