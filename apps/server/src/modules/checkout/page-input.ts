/**
 * What the hosted checkout's pages are rendered from: pure data, so the page components and
 * page.ts (which re-exports them with the renderers) depend on it and not on each other.
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

