import { translatorFor, type Translate } from './index.ts';
import { PAGE_DICTIONARIES, type PageKey } from './pages.ts';

/**
 * What Lunas's server imports (`@lunas/components/i18n`): the SDK's dictionaries and the server
 * pages' words, with one lookup. The SDK itself never imports this module.
 */
export { DICTIONARIES, translator, type MessageKey, type Translate } from './index.ts';
export type { PageKey };

export const pageTranslator = (locale: string): ((key: PageKey, params?: Record<string, string | number>) => string) => translatorFor(PAGE_DICTIONARIES, locale) as Translate;
