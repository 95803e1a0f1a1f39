import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { WORDS, type Locale } from './i18n.ts';
import type { MerchantLook, PageAssets } from './page-input.ts';

/** Only https (and http, for local development) links are ever rendered. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

/**
 * The page script's settings as a `<script type="application/json">` block. A script element's
 * text is not HTML-decoded, so Preact's escaping would corrupt the JSON: the block is rendered
 * raw, as JSON with `<` (and the JS line separators) escaped, so nothing in it can close the element.
 */
export function JsonDataBlock({ id, value }: { id: string; value: unknown }) {
  const json = JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return <script type="application/json" id={id} dangerouslySetInnerHTML={{ __html: json }} />;
}

/** The whole document: head, test-mode banner, the page's body, footer. */
export function renderDocument(p: {
  lang: string;
  locale: Locale;
  title: string;
  assets: PageAssets;
  head?: ComponentChildren;
  children: ComponentChildren;
  tail?: ComponentChildren;
}): string {
  const words = WORDS[p.locale];
  const page = (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{p.title}</title>
        <link rel="stylesheet" href={p.assets.css} />
        <link rel="stylesheet" href={p.assets.theme} />
        {p.head}
        {p.assets.js && <script type="module" src={p.assets.js} />}
      </head>
      <body>
        <div class="test-banner" role="note" data-testid="checkout-test-mode">
          <strong>{words.testMode}</strong>
          <span>{words.testModeNote}</span>
        </div>
        {p.children}
        <footer class="foot">{words.securedBy}</footer>
        {p.tail}
      </body>
    </html>
  );
  return `<!doctype html>\n${renderToString(page)}\n`;
}

export function MerchantHeader({ merchant }: { merchant: MerchantLook }) {
  return (
    <header class="merchant">
      {merchant.logo ? (
        <img class="logo" src={merchant.logo} alt="" data-testid="checkout-logo" />
      ) : (
        <span class="monogram" aria-hidden="true">
          {Array.from(merchant.name.trim())[0]?.toUpperCase() ?? '?'}
        </span>
      )}
      <span class="merchant-name" data-testid="checkout-merchant">
        {merchant.name}
      </span>
    </header>
  );
}
