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

/** The same lookup over any set of dictionaries (the SDK's, or the server pages' in pages.ts). */
export function translatorFor(dictionaries: Record<'en' | 'id' | 'th' | 'vi', Record<string, string>>, locale: string): Translate {
  const lang = (locale || 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  const dict: Record<string, string> = Object.prototype.hasOwnProperty.call(dictionaries, lang) ? dictionaries[lang as keyof typeof dictionaries] : dictionaries.en;
  const fallback: Record<string, string> = dictionaries.en;
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
