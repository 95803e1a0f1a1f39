/**
 * The hosted checkout's HTML, rendered on the server so that everything but the payment form
 * (merchant, amount, order, expiry, results) reads well before, or without, any script. Pure
 * functions: Preact components rendered to a string (page-shell.tsx, checkout-page.tsx,
 * result-page.tsx), so every value is escaped. The page's one script is a same-origin module
 * (`script-src 'self'`); its settings travel in a non-executable JSON data block.
 */
import type { Locale } from './i18n.ts';

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

export { safeHref } from './page-shell.tsx';
export { renderCheckoutPage } from './checkout-page.tsx';
export { renderResultPage, renderUnavailablePage } from './result-page.tsx';
