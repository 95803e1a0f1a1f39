/**
 * Server-rendered pages of the test-mode acquirer: the 3DS ACS challenge, the provider
 * approval page (e-wallets, direct debit, online banking, paylater) and the result page.
 *
 * Merchants drive these from their own browser tests, so the pages are deliberately boring:
 * plain HTML forms that work with JavaScript disabled, stable `data-testid` hooks, and no
 * script or external resource at all, which lets the server send the strict SIMULATOR_CSP.
 * Every render function is pure and escapes every interpolated value.
 */
import { CURRENCY_EXPONENT, isCurrency } from '../../money.ts';
import { SIMULATOR_CSS } from './pages.css.ts';
import { ACTION_COMPLETE_SCRIPT, ACTION_COMPLETE_SCRIPT_HASH } from '../action-complete.ts';

/**
 * Content-Security-Policy for every simulator page.
 * - `default-src 'none'`: the pages load nothing (no script, font, image, frame or fetch).
 * - `style-src 'unsafe-inline'`: the one inline <style>; a nonce would buy nothing as no
 *   untrusted markup can reach the page (everything is escaped) and no script can run.
 * - `form-action 'self' https:`: the forms post to the server itself, which then 303-redirects
 *   to the merchant's return URL; browsers check form-action on those redirects too, and
 *   return URLs are always https (docs/compatibility.md).
 * - `frame-ancestors *`: the pages run inside the Components SDK's action iframe on whatever
 *   origin the merchant configured (including http://localhost), so no X-Frame-Options either.
 * - `base-uri 'none'`: a relative form action can never be re-rooted by an injected <base>.
 * - `script-src '<hash>'`: the one script allowed is the result page's notice to the Components
 *   SDK that an action iframe step is done (action-complete.ts); nothing else can run.
 */
export const SIMULATOR_CSP = `default-src 'none'; script-src '${ACTION_COMPLETE_SCRIPT_HASH}'; style-src 'unsafe-inline'; form-action 'self' https:; frame-ancestors *; base-uri 'none'`;

export interface PageCommon {
  /** BCP 47 language tag for <html lang>; 'en' by default. */
  lang?: string;
}

export type ProviderFamily = 'EWALLET' | 'DIRECT_DEBIT' | 'ONLINE_BANKING' | 'PAYLATER';
export type ResultOutcome = 'success' | 'failure' | 'canceled' | 'info';

/** The ACS outcomes a test card may offer; the first is the default. */
export { ACS_OUTCOMES, type AcsOutcome } from './cards.ts';
import { ACS_OUTCOMES } from './cards.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for both element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const formatters = new Map<number, Intl.NumberFormat>();

/**
 * Formats integer minor units, e.g. (1000000, 'IDR') → 'IDR 1,000,000'. The decimal is built
 * as text and handed to Intl as a string so large amounts never pass through float division.
 */
export function formatAmount(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amountMinor must be a safe integer, got ${amountMinor}`);
  const code = currency.toUpperCase();
  const digits = isCurrency(code) ? CURRENCY_EXPONENT[code] : 2;
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(digits, formatter);
  }
  const magnitude = Math.abs(amountMinor).toString().padStart(digits + 1, '0');
  const decimal = digits === 0 ? magnitude : `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  // Intl.NumberFormat accepts exact decimal strings (ES2023); the lib typings predate that.
  const text = formatter.format((amountMinor < 0 ? `-${decimal}` : decimal) as unknown as number);
  return `${code} ${text}`;
}

// Inline SVG icons: `currentColor` follows the theme; aria-hidden because text always says it too.
const svg = (body: string, size = 20) =>
  `<svg width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ` +
  `stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;
const ICONS = {
  flask: '<path d="M9 3h6M10 3v6L4.5 18.5A1.6 1.6 0 0 0 5.9 21h12.2a1.6 1.6 0 0 0 1.4-2.5L14 9V3"/><path d="M7 15h10"/>',
  shield: '<path d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6z"/><path d="m9 12 2 2 4-4"/>',
  phone: '<rect x="6" y="2" width="12" height="20" rx="2.5"/><path d="M11 18h2"/>',
  alert: '<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.5M12 16.5h.01"/>',
  success: '<path d="m5 12.5 4.5 4.5L19 7.5"/>',
  failure: '<path d="M7 7l10 10M17 7 7 17"/>',
  canceled: '<circle cx="12" cy="12" r="8"/><path d="M6.5 17.5l11-11"/>',
  info: '<circle cx="12" cy="12" r="9"/><path d="M12 11v5.5M12 7.5h.01"/>',
} as const;

// Anything that is not a plausible BCP 47 tag falls back to English rather than being echoed.
const langTag = (lang: string | undefined) => (lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'en');

/**
 * The page shell. `<meta name="referrer" content="same-origin">` keeps the page URL (which may
 * carry a simulation token) out of the Referer sent to the merchant's return URL, while
 * same-origin posts keep their Origin header (`no-referrer` would turn it into "null").
 */
function layout(p: PageCommon & { title: string; body: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(langTag(p.lang))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(p.title)} · Lunas test simulator</title>
<style>${SIMULATOR_CSS}</style>
</head>
<body>
<header class="banner" data-testid="lunas-banner">
<strong>${svg(ICONS.flask, 18)}TEST-MODE SIMULATOR</strong><span>No real payment is made and no money moves.</span>
</header>
<main class="page">
${p.body}
</main>
<footer class="foot">Simulated by Lunas, a self-hosted test acquirer.</footer>
</body>
</html>
`;
}

function summary(rows: Array<[label: string, valueHtml: string, extra?: string]>): string {
  const items = rows.map(([label, value, extra = '']) => `<div${extra}><dt>${escapeHtml(label)}</dt><dd>${value}</dd></div>`);
  return `<dl class="summary">${items.join('')}</dl>`;
}

const alertBox = (error: string | undefined, id: string) =>
  error ? `<p class="alert" role="alert" id="${id}">${svg(ICONS.alert, 18)}<span>${escapeHtml(error)}</span></p>` : '';

/**
 * Approve comes first in the form so that pressing Enter in the OTP field (the implicit
 * submission uses the first submit button) approves, as it would on a real ACS.
 */
function decisionButtons(labels: { approve: string; decline: string; cancel: string }): string {
  return `<div class="actions">
<button type="submit" class="btn btn-primary" name="decision" value="approve" data-testid="lunas-approve">${escapeHtml(labels.approve)}</button>
<button type="submit" class="btn btn-danger" name="decision" value="decline" data-testid="lunas-decline">${escapeHtml(labels.decline)}</button>
<button type="submit" class="btn btn-quiet" name="decision" value="cancel" data-testid="lunas-cancel">${escapeHtml(labels.cancel)}</button>
</div>`;
}

/** 3DS ACS challenge page for a card payment. */
export function renderAcsPage(
  p: PageCommon & {
    formAction: string;
    merchantName: string;
    amount: string;
    maskedCardNumber: string;
    network: string;
    testOtp: string;
    selectableOutcome: boolean;
    error?: string;
  },
): string {
  const described = p.error ? 'lunas-error lunas-otp-hint' : 'lunas-otp-hint';
  const outcome = p.selectableOutcome
    ? `<div class="field">
<label for="lunas-outcome">Authentication result</label>
<select id="lunas-outcome" name="acs_outcome" data-testid="lunas-outcome" aria-describedby="lunas-outcome-hint">
${ACS_OUTCOMES.map((o, i) => `<option value="${o}"${i === 0 ? ' selected' : ''}>${o}</option>`).join('\n')}
</select>
<p class="hint" id="lunas-outcome-hint">This test card lets you pick what the issuer's ACS answers when you approve.</p>
</div>`
    : '';
  // No `required` on the OTP: merchants test the wrong-code path by clearing it, and the
  // server, not the browser, is the one place that judges the code.
  const body = `<div class="card">
<div class="brand"><span class="badge">${svg(ICONS.shield, 22)}</span><p class="eyebrow">${escapeHtml(p.network)} · 3-D Secure</p></div>
<h1>Verify your payment</h1>
<p class="lead">Enter the one-time password your bank sent you to confirm this payment to ${escapeHtml(p.merchantName)}.</p>
${summary([
  ['Merchant', escapeHtml(p.merchantName)],
  ['Card', `<span class="mono">${escapeHtml(p.maskedCardNumber)}</span>`],
  ['Amount', `<span data-testid="lunas-amount">${escapeHtml(p.amount)}</span>`, ' class="total"'],
])}
<form method="post" action="${escapeHtml(p.formAction)}">
${alertBox(p.error, 'lunas-error')}
<div class="field">
<label for="lunas-otp">One-time password</label>
<input class="otp" id="lunas-otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" spellcheck="false"
 value="${escapeHtml(p.testOtp)}" data-testid="lunas-otp" aria-describedby="${described}"${p.error ? ' aria-invalid="true"' : ''}>
<p class="hint" id="lunas-otp-hint">Pre-filled with the test code <code>${escapeHtml(p.testOtp)}</code>. Change it to simulate a wrong code.</p>
</div>
${outcome}
${decisionButtons({ approve: 'Approve', decline: 'Decline', cancel: 'Cancel payment' })}
</form>
</div>`;
  return layout({ lang: p.lang, title: 'Verify your payment', body });
}

const FAMILY: Record<ProviderFamily, { label: string; heading: (c: string) => string; lead: (c: string) => string }> = {
  EWALLET: {
    label: 'E-wallet',
    heading: (c) => `Pay with ${c}`,
    lead: (c) => `Log in to your ${c} wallet and confirm this payment.`,
  },
  DIRECT_DEBIT: {
    label: 'Direct debit',
    heading: (c) => `Authorise a debit from ${c}`,
    lead: (c) => `Allow this payment to be debited from your linked ${c} account.`,
  },
  ONLINE_BANKING: {
    label: 'Online banking',
    heading: (c) => `Pay with ${c} online banking`,
    lead: (c) => `Sign in to ${c} and approve the transfer.`,
  },
  PAYLATER: {
    label: 'PayLater',
    heading: (c) => `Pay later with ${c}`,
    lead: (c) => `Confirm this purchase with your ${c} credit limit.`,
  },
};

/**
 * Provider approval page for e-wallets, direct debit, online banking and paylater. For push
 * channels the real approval happens in the provider's app; this page stands in for the app.
 */
export function renderProviderPage(
  p: PageCommon & {
    formAction: string;
    merchantName: string;
    amount: string;
    channelName: string;
    family: ProviderFamily;
    push: boolean;
    error?: string;
  },
): string {
  const family = FAMILY[p.family];
  const channel = escapeHtml(p.channelName);
  const initial = escapeHtml(Array.from(p.channelName.trim())[0]?.toUpperCase() ?? '?');
  const heading = p.push ? `Approve the payment in the ${channel} app` : family.heading(channel);
  const lead = p.push
    ? `${escapeHtml(p.merchantName)} sent a payment request to your ${channel} app.`
    : family.lead(channel);
  const callout = p.push
    ? `<p class="callout">${svg(ICONS.phone, 20)}<span>This page stands in for the ${channel} app: approving here is the same as approving the push notification on your phone.</span></p>`
    : '';
  const body = `<div class="card">
<div class="brand"><span class="badge" aria-hidden="true">${initial}</span><p class="eyebrow">${channel} · ${family.label}</p></div>
<h1>${heading}</h1>
<p class="lead">${lead}</p>
${summary([
  ['Merchant', escapeHtml(p.merchantName)],
  ['Amount', `<span data-testid="lunas-amount">${escapeHtml(p.amount)}</span>`, ' class="total"'],
])}
${callout}
<form method="post" action="${escapeHtml(p.formAction)}">
${alertBox(p.error, 'lunas-error')}
${decisionButtons({ approve: 'Approve payment', decline: 'Decline', cancel: 'Cancel and go back' })}
</form>
</div>`;
  return layout({ lang: p.lang, title: p.push ? `Approve in ${p.channelName}` : family.heading(p.channelName), body });
}

// Checked at run time too: an untyped caller's unknown outcome must not become a class name.
const RESULT_OUTCOMES: readonly string[] = ['success', 'failure', 'canceled', 'info'] satisfies ResultOutcome[];

// Only http(s) links are rendered: anything else (javascript:, data:) is never a return URL.
const safeHref = (url: string | undefined) => {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Shown after a decision when there is no return URL, on an idempotent revisit of a completed
 * simulation, or for an unknown or expired link.
 */
export function renderResultPage(
  p: PageCommon & { title: string; message: string; outcome: ResultOutcome; returnUrl?: string; notifyEmbedder?: boolean },
): string {
  const href = safeHref(p.returnUrl);
  const outcome: ResultOutcome = RESULT_OUTCOMES.includes(p.outcome) ? p.outcome : 'info';
  const back = href
    ? `<div class="actions"><a class="btn btn-primary" href="${escapeHtml(href)}" data-testid="lunas-return">Return to merchant</a></div>`
    : '';
  const body = `<div class="card result" data-outcome="${outcome}">
<div class="status status-${outcome}">${svg(ICONS[outcome], 28)}</div>
<h1 data-testid="lunas-result">${escapeHtml(p.title)}</h1>
<p class="lead">${escapeHtml(p.message)}</p>
${back}
</div>${p.notifyEmbedder ? `<script>${ACTION_COMPLETE_SCRIPT}</script>` : ''}`;
  return layout({ lang: p.lang, title: p.title, body });
}
