/**
 * The languages Truceline speaks, which of them are written right to left, and how the first
 * choice is made: a remembered choice, else the browser's languages, else English.
 */
export const LOCALES = ['en', 'ur', 'ps', 'fa', 'tr', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in that language, for the switcher. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  ur: 'اردو',
  ps: 'پښتو',
  fa: 'فارسی',
  tr: 'Türkçe',
  ar: 'العربية',
};

const RTL: ReadonlySet<Locale> = new Set<Locale>(['ur', 'ps', 'fa', 'ar']);

export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALE_STORAGE_KEY = 'truceline.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

/** The first of `tags` (such as `navigator.languages`) that Truceline speaks, by primary subtag. */
export function matchLocale(tags: readonly string[]): Locale | undefined {
  for (const tag of tags) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return undefined;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    // Storage can be disabled by the browser's privacy settings; the choice then lasts the visit.
    return undefined;
  }
}

export function rememberedLocale(): Locale | undefined {
  try {
    const stored = storage()?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    storage()?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Quota or privacy mode: not remembering is harmless.
  }
}

/** The language for this visit: remembered choice, then the browser's preference, then English. */
export function initialLocale(): Locale {
  const preferred =
    typeof navigator === 'undefined'
      ? []
      : navigator.languages.length > 0
        ? navigator.languages
        : [navigator.language];
  return rememberedLocale() ?? matchLocale(preferred) ?? DEFAULT_LOCALE;
}

/** Sets `<html lang dir>` so the browser, assistive technology and CSS all follow the language. */
export function applyToDocument(locale: Locale): void {
  const root = document.documentElement;
  root.lang = locale;
  root.dir = directionOf(locale);
}
