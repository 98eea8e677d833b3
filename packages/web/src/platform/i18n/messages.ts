/**
 * The message catalogues, one translator-editable JSON file per language with the same keys.
 * Keys starting with `_` are notes for translators (such as `_review`), never shown.
 */
import type { Locale } from './locales.ts';
import en from './messages/en.json';
import ur from './messages/ur.json';
import ps from './messages/ps.json';
import fa from './messages/fa.json';
import tr from './messages/tr.json';
import ar from './messages/ar.json';

export type MessageKey = Exclude<keyof typeof en, `_${string}`>;
type Catalogue = Readonly<Record<string, unknown>>;

const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, ur, ps, fa, tr, ar };

/** True when `key` names a message (used for keys built from server codes). */
export function isMessageKey(key: string): key is MessageKey {
  return !key.startsWith('_') && typeof (en as Catalogue)[key] === 'string';
}

/**
 * The message for `key` in `locale`, falling back to English when a translation is missing or
 * empty, with `{name}` placeholders replaced from `values`.
 */
export function message(
  locale: Locale,
  key: MessageKey,
  values: Readonly<Record<string, string | number>> = {},
): string {
  const translated = CATALOGUES[locale][key];
  const text = typeof translated === 'string' && translated !== '' ? translated : en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
