import { en, type Dictionary, type MessageKey } from './en.ts';
import { id } from './id.ts';
import { th } from './th.ts';
import { vi } from './vi.ts';

export type { MessageKey };

export const DICTIONARIES: Record<'en' | 'id' | 'th' | 'vi', Dictionary> = { en, id, th, vi };

export type Translate = (key: MessageKey | string, params?: Record<string, string | number>) => string;

/** Looks a key up in the locale (falling back to English, then to the key itself) and fills {params}. */
export function translator(locale: string): Translate {
  return translatorFor(DICTIONARIES, locale);
}

type DictionarySet = Record<'en' | 'id' | 'th' | 'vi', Record<string, string>>;

/** Each set's translators by resolved language (at most four a set): the gateway asks for one per field and action. */
const translators = new WeakMap<DictionarySet, Map<string, Translate>>();

/** The same lookup over any set of dictionaries (the SDK's, or the server pages' in pages.ts). */
export function translatorFor(dictionaries: DictionarySet, locale: string): Translate {
  const asked = (locale || 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  const lang = Object.prototype.hasOwnProperty.call(dictionaries, asked) ? (asked as keyof DictionarySet) : 'en';
  let made = translators.get(dictionaries);
  if (!made) translators.set(dictionaries, (made = new Map()));
  let t = made.get(lang);
  if (!t) made.set(lang, (t = lookup(dictionaries[lang], dictionaries.en)));
  return t;
}

function lookup(dict: Record<string, string>, fallback: Record<string, string>): Translate {
  return (key, params) => {
    const template = Object.prototype.hasOwnProperty.call(dict, key)
      ? dict[key]!
      : Object.prototype.hasOwnProperty.call(fallback, key)
        ? fallback[key]!
        : key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
    );
  };
}
