/**
 * The language of the interface: a React context with the chosen locale, its messages and
 * formatters. Changing the language updates `<html lang dir>` and is remembered for next time.
 */
import {
  createContext,
  use,
  useCallback,
  useLayoutEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { LocalisedText } from '@truceline/domain';
import {
  applyToDocument,
  directionOf,
  initialLocale,
  isLocale,
  rememberLocale,
  type Locale,
} from './locales.ts';
import { message, type MessageKey } from './messages.ts';

/** Text from the server in the best available language, with that language's tag. */
export interface PickedText {
  readonly text: string;
  readonly lang: string;
}

export interface I18n {
  readonly locale: Locale;
  readonly dir: 'ltr' | 'rtl';
  setLocale(locale: Locale): void;
  t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string;
  /** A calendar date such as `2025-10-19`, shown as a date in the chosen locale. */
  formatDate(isoDate: string): string;
  /** A span of calendar dates, shortened the way the locale does it ("18–19 Oct 2025"). */
  formatDateRange(startIsoDate: string, endIsoDate: string): string;
  /** An instant (ISO 8601 timestamp) in the user's time zone. */
  formatDateTime(timestamp: string): string;
  /** An instant with the full date and time and the time zone, for deadlines. */
  formatDateTimeLong(timestamp: string): string;
  /** An instant relative to now: "in 3 days", "2 hours ago". */
  formatRelative(timestamp: string, now?: number): string;
  /** A number with the locale's digits and grouping. */
  formatNumber(value: number): string;
  /** A duration such as "10 days" or "30 seconds", with the locale's plural rules. */
  formatDuration(amount: number, unit: 'second' | 'minute' | 'hour' | 'day'): string;
  /** Picks the chosen language from localised server text, else English, else any. */
  pick(text: LocalisedText): PickedText;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/** Calendar dates carry no time zone: read them as UTC midnight and format them in UTC. */
function dateOnly(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

// Officers on every side of the mechanism must be able to compare dates, so dates use the
// Gregorian calendar with the locale's month names and digits (fa and ps would otherwise default
// to the Solar Hijri calendar).
const CALENDAR = 'gregory';

/**
 * The tag for Intl formatting: the browser's own tag when it is a variant of the chosen language
 * (so `en-GB` readers get day-month order and a 24-hour clock), else the language itself.
 */
function formattingLocale(locale: Locale): string {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  const regional = preferred.find((tag) => tag.toLowerCase().split(/[-_]/)[0] === locale);
  try {
    return regional && Intl.DateTimeFormat.supportedLocalesOf(regional).length > 0
      ? regional
      : locale;
  } catch {
    return locale;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  // Before the browser paints, so the page never shows one language in the other's direction.
  useLayoutEffect(() => applyToDocument(locale), [locale]);

  const setLocale = useCallback((next: Locale) => {
    if (!isLocale(next)) return;
    rememberLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const intlLocale = formattingLocale(locale);
    const date = new Intl.DateTimeFormat(intlLocale, {
      dateStyle: 'medium',
      timeZone: 'UTC',
      calendar: CALENDAR,
    });
    const dateTime = new Intl.DateTimeFormat(intlLocale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      calendar: CALENDAR,
    });
    const dateTimeLong = new Intl.DateTimeFormat(intlLocale, {
      dateStyle: 'full',
      timeStyle: 'short',
      calendar: CALENDAR,
    });
    const zone = new Intl.DateTimeFormat(intlLocale, { timeZoneName: 'short' });
    const relative = new Intl.RelativeTimeFormat(intlLocale, { numeric: 'auto' });
    const number = new Intl.NumberFormat(intlLocale);
    return {
      locale,
      dir: directionOf(locale),
      setLocale,
      t: (key, values) => message(locale, key, values),
      formatDate: (isoDate) => date.format(dateOnly(isoDate)),
      formatDateRange: (start, end) =>
        start === end
          ? date.format(dateOnly(start))
          : date.formatRange(dateOnly(start), dateOnly(end)),
      formatDateTime: (timestamp) => dateTime.format(new Date(timestamp)),
      formatDateTimeLong: (timestamp) => {
        const when = new Date(timestamp);
        const zoneName = zone.formatToParts(when).find((p) => p.type === 'timeZoneName')?.value;
        return zoneName ? `${dateTimeLong.format(when)} (${zoneName})` : dateTimeLong.format(when);
      },
      formatRelative: (timestamp, now = Date.now()) => {
        const seconds = (Date.parse(timestamp) - now) / 1000;
        const abs = Math.abs(seconds);
        const [amount, unit]: [number, Intl.RelativeTimeFormatUnit] =
          abs < 60
            ? [seconds, 'second']
            : abs < 3600
              ? [seconds / 60, 'minute']
              : abs < 86_400
                ? [seconds / 3600, 'hour']
                : [seconds / 86_400, 'day'];
        return relative.format(Math.round(amount), unit);
      },
      formatNumber: (value) => number.format(value),
      formatDuration: (amount, unit) =>
        new Intl.NumberFormat(intlLocale, { style: 'unit', unit, unitDisplay: 'long' }).format(
          amount,
        ),
      pick: (text) => {
        for (const lang of [locale, 'en']) {
          const found = text[lang];
          if (found) return { text: found, lang };
        }
        const [lang, found] = Object.entries(text)[0] ?? ['en', ''];
        return { text: found, lang };
      },
    };
  }, [locale, setLocale]);

  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const i18n = use(I18nContext);
  if (!i18n) throw new Error('useI18n must be used inside <I18nProvider>');
  return i18n;
}
