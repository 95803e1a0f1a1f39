import { translatorFor } from './index.ts';
import { CHECKOUT_DICTIONARIES, type CheckoutKey } from './checkout.ts';
import { INSTRUCTION_DICTIONARIES, type InstructionKey } from './instructions.ts';
import { PAGE_DICTIONARIES, type PageKey } from './pages.ts';

/**
 * What Lunas's server imports (`@lunas/components/i18n`): the SDK's dictionaries, the simulator
 * pages', the hosted checkout's and the gateway's instruction lines, with one lookup. The SDK itself never imports this module.
 */
export { DICTIONARIES, translator, type MessageKey, type Translate } from './index.ts';
export type { CheckoutKey, InstructionKey, PageKey };
export { CHECKOUT_DICTIONARIES, INSTRUCTION_DICTIONARIES, PAGE_DICTIONARIES };

type Lookup<K extends string> = (key: K, params?: Record<string, string | number>) => string;
const lookupIn =
  <K extends string>(dictionaries: Record<'en' | 'id' | 'th' | 'vi', Record<K, string>>) =>
  (locale: string): Lookup<K> =>
    translatorFor(dictionaries, locale) as Lookup<K>;

/** The simulator pages' words (pages.ts). */
export const pageTranslator = lookupIn(PAGE_DICTIONARIES);
/** The hosted checkout page's own words (checkout.ts). */
export const checkoutTranslator = lookupIn(CHECKOUT_DICTIONARIES);
/** The gateway's instruction lines (instructions.ts). */
export const instructionTranslator = lookupIn(INSTRUCTION_DICTIONARIES);
