import type { ComponentChildren, JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { pageTranslator } from '@lunas/components/i18n';
import { accentOnWhite, onBrand } from '../../modules/checkout/theme.ts';
import { SIMULATOR_CSS } from './pages.css.ts';

/**
 * The shell every simulator page shares, and the small pieces its pages are built from.
 * Preact escapes every value it renders; the one raw body is the fixed stylesheet.
 */
export interface PageCommon {
  /** BCP 47 language tag for <html lang>; 'en' by default. Its language (en, id, th, vi) picks the words. */
  lang?: string;
  /** The merchant's branding (hosted checkout settings): accent colour and logo (a data: URL). */
  brand?: { color: string; logo?: string };
}

/** The brand colour as the accent, in light mode (dark mode keeps its own readable pair). */
function brandCss(color: string): string {
  return `@media (prefers-color-scheme:light){:root{--accent:${accentOnWhite(color)};--accent-hover:${accentOnWhite(color)};--on-accent:${onBrand(accentOnWhite(color))}}}`;
}

/** The merchant's logo where the page has one, else its badge. */
export function BrandMark({ brand, children }: { brand: PageCommon['brand']; children: ComponentChildren }) {
  if (brand?.logo) return <img class="logo" src={brand.logo} alt="" data-testid="lunas-brand-logo" />;
  return <>{children}</>;
}

/** The page's words in its language (the session's `locale`), from the one translation source. */
export const wordsFor = (lang: string | undefined) => pageTranslator(langTag(lang));
export type PageWords = ReturnType<typeof wordsFor>;

// Inline SVG icons: `currentColor` follows the theme; aria-hidden because text always says it too.
const ICONS = {
  flask: (
    <>
      <path d="M9 3h6M10 3v6L4.5 18.5A1.6 1.6 0 0 0 5.9 21h12.2a1.6 1.6 0 0 0 1.4-2.5L14 9V3" />
      <path d="M7 15h10" />
    </>
  ),
  shield: (
    <>
      <path d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6z" />
      <path d="m9 12 2 2 4-4" />
    </>
  ),
  phone: (
    <>
      <rect x="6" y="2" width="12" height="20" rx="2.5" />
      <path d="M11 18h2" />
    </>
  ),
  alert: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7.5v5.5M12 16.5h.01" />
    </>
  ),
  success: <path d="m5 12.5 4.5 4.5L19 7.5" />,
  failure: <path d="M7 7l10 10M17 7 7 17" />,
  canceled: (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M6.5 17.5l11-11" />
    </>
  ),
  info: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v5.5M12 7.5h.01" />
    </>
  ),
} satisfies Record<string, JSX.Element>;

export function Icon({ name, size = 20 }: { name: keyof typeof ICONS; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {ICONS[name]}
    </svg>
  );
}

// Anything that is not a plausible BCP 47 tag falls back to English rather than being echoed.
const langTag = (lang: string | undefined) => (lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'en');

/**
 * The whole document. `<meta name="referrer" content="same-origin">` keeps the page URL (which
 * may carry a simulation token) out of the Referer sent to the merchant's return URL, while
 * same-origin posts keep their Origin header (`no-referrer` would turn it into "null").
 */
export function renderPage(p: PageCommon & { title: string; children: ComponentChildren }): string {
  const t = wordsFor(p.lang);
  const page = (
    <html lang={langTag(p.lang)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="same-origin" />
        <title>{`${p.title} · ${t('sim.title_suffix')}`}</title>
        <style dangerouslySetInnerHTML={{ __html: SIMULATOR_CSS }} />
        {/* Only a #rrggbb colour (normalised by the branding API) reaches this raw sheet. */}
        {p.brand && /^#[0-9a-f]{6}$/i.test(p.brand.color) && <style dangerouslySetInnerHTML={{ __html: brandCss(p.brand.color) }} />}
      </head>
      <body>
        <header class="banner" data-testid="lunas-banner">
          <strong>
            <Icon name="flask" size={18} />
            {t('sim.banner')}
          </strong>
          <span>{t('sim.banner_note')}</span>
        </header>
        <main class="page">{p.children}</main>
        <footer class="foot">{t('sim.footer')}</footer>
      </body>
    </html>
  );
  return `<!doctype html>\n${renderToString(page)}\n`;
}

/** The page's key facts: label, value, and an optional class for the row (e.g. the total). */
export function Summary({ rows }: { rows: Array<{ label: string; value: ComponentChildren; class?: string }> }) {
  return (
    <dl class="summary">
      {rows.map((row) => (
        <div class={row.class}>
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AlertBox({ error, id }: { error: string | undefined; id: string }) {
  if (!error) return null;
  return (
    <p class="alert" role="alert" id={id}>
      <Icon name="alert" size={18} />
      <span>{error}</span>
    </p>
  );
}

/**
 * Approve comes first in the form so that pressing Enter in the OTP field (the implicit
 * submission uses the first submit button) approves, as it would on a real ACS.
 */
export function DecisionButtons(labels: { approve: string; decline: string; cancel: string }) {
  return (
    <div class="actions">
      <button type="submit" class="btn btn-primary" name="decision" value="approve" data-testid="lunas-approve">
        {labels.approve}
      </button>
      <button type="submit" class="btn btn-danger" name="decision" value="decline" data-testid="lunas-decline">
        {labels.decline}
      </button>
      <button type="submit" class="btn btn-quiet" name="decision" value="cancel" data-testid="lunas-cancel">
        {labels.cancel}
      </button>
    </div>
  );
}
