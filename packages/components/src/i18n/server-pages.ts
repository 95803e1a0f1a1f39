import { translatorFor, type Translate } from './index.ts';
import { CHECKOUT_DICTIONARIES, type CheckoutKey } from './checkout.ts';
import { PAGE_DICTIONARIES, type PageKey } from './pages.ts';

/**
 * What Lunas's server imports (`@lunas/components/i18n`): the SDK's dictionaries and the server
 * pages' words, with one lookup. The SDK itself never imports this module.
 */
export { DICTIONARIES, translator, type MessageKey, type Translate } from './index.ts';
export type { CheckoutKey, PageKey };
export { CHECKOUT_DICTIONARIES, PAGE_DICTIONARIES };

export const pageTranslator = (locale: string): ((key: PageKey, params?: Record<string, string | number>) => string) => translatorFor(PAGE_DICTIONARIES, locale) as Translate;

/** The hosted checkout page's own words (checkout.ts), by the same lookup. */
export const checkoutTranslator = (locale: string): ((key: CheckoutKey, params?: Record<string, string | number>) => string) => translatorFor(CHECKOUT_DICTIONARIES, locale) as Translate;
