/**
 * Dates in news text: explicit dates ("Saturday, October 17", "17 Oct 2025", "2025-10-12"), ranges
 * ("6-7 November", "6 and 7 November"), datelines, and relative dates ("on Sunday", "yesterday",
 * "last month") resolved against a reference (publication) date with date-fns.
 */
import {
  addDays,
  endOfMonth,
  format,
  getDay,
  isValid,
  parseISO,
  previousDay,
  startOfMonth,
  subDays,
  subMonths,
  subWeeks,
  type Day,
} from 'date-fns';

export interface DateMention {
  /** First day, ISO `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day (= start for a single day; the month's last day for a month). */
  readonly end: string;
  readonly kind: 'explicit' | 'range' | 'relative' | 'month';
  /** Offset in the text. */
  readonly index: number;
  /** A stated weekday that does not fall on the stated date (an internal contradiction). */
  readonly weekdayMismatch?: true;
}

const MONTHS: Record<string, number> = {
  jan: 0,
  january: 0,
  feb: 1,
  february: 1,
  mar: 2,
  march: 2,
  apr: 3,
  april: 3,
  may: 4,
  jun: 5,
  june: 5,
  jul: 6,
  july: 6,
  aug: 7,
  august: 7,
  sep: 8,
  sept: 8,
  september: 8,
  oct: 9,
  october: 9,
  nov: 10,
  november: 10,
  dec: 11,
  december: 11,
};
const WEEKDAYS: Record<string, Day> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(sunday|monday|tuesday|wednesday|thursday|friday|saturday)';

/** A day as `YYYY-MM-DD` (local calendar, as `parseIsoDay` reads it). */
export const isoDay = (d: Date) => format(d, 'yyyy-MM-dd');

function makeDate(year: number, month: number, day: number): Date | null {
  const d = new Date(year, month, day);
  return isValid(d) && d.getMonth() === month && d.getDate() === day ? d : null;
}

/** The reference year for a date written without one: the year of the reference date. */
function yearFor(ref: Date | null): number | null {
  return ref ? ref.getFullYear() : null;
}

export function parseIsoDay(s: string | null): Date | null {
  if (!s) return null;
  const d = parseISO(s.length === 7 ? `${s}-01` : s);
  return isValid(d) ? d : null;
}

/** Explicit dates and ranges in the text; those without a year take the reference's year. */
export function explicitDates(text: string, ref: Date | null): DateMention[] {
  const out: DateMention[] = [];
  const taken: Array<[number, number]> = [];
  const free = (i: number, n: number) => taken.every(([a, b]) => i + n <= a || i >= b);
  const push = (m: RegExpMatchArray, mention: Omit<DateMention, 'index'>) => {
    const index = m.index ?? 0;
    if (!free(index, m[0].length)) return;
    taken.push([index, index + m[0].length]);
    out.push({ ...mention, index });
  };
  const withYear = (y: string | undefined) => (y ? Number(y) : yearFor(ref));
  // Ranges first: "6-7 November 2025", "6 and 7 November", "November 6-7", "from 6 to 7 November".
  const r1 = new RegExp(
    `\\b(\\d{1,2})\\s*(?:-|–|and|to|until)\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}(?:,?\\s+(\\d{4}))?`,
    'giu',
  );
  for (const m of text.matchAll(r1)) {
    const month = MONTHS[(m[3] ?? '').toLowerCase()];
    const y = withYear(m[4]);
    if (month === undefined || y === null) continue;
    const a = makeDate(y, month, Number(m[1]));
    const b = makeDate(y, month, Number(m[2]));
    if (a && b && a <= b) push(m, { start: isoDay(a), end: isoDay(b), kind: 'range' });
  }
  const r2 = new RegExp(
    `\\b${MONTH}\\s+(\\d{1,2})\\s*(?:-|–|and|to)\\s*(\\d{1,2})\\b(?:,?\\s+(\\d{4}))?`,
    'giu',
  );
  for (const m of text.matchAll(r2)) {
    const month = MONTHS[(m[1] ?? '').toLowerCase()];
    const y = withYear(m[4]);
    if (month === undefined || y === null) continue;
    const a = makeDate(y, month, Number(m[2]));
    const b = makeDate(y, month, Number(m[3]));
    if (a && b && a <= b) push(m, { start: isoDay(a), end: isoDay(b), kind: 'range' });
  }
  // ISO dates.
  for (const m of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const d = makeDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (d) push(m, { start: isoDay(d), end: isoDay(d), kind: 'explicit' });
  }
  // Single dates, with an optional weekday: "Saturday, October 17", "17 October 2025".
  const singles = [
    new RegExp(
      `(?:\\b${WEEKDAY},?\\s+)?\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`,
      'giu',
    ),
    new RegExp(
      `(?:\\b${WEEKDAY},?\\s+)?\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}(?:,?\\s+(\\d{4}))?`,
      'giu',
    ),
  ];
  singles.forEach((re, form) => {
    for (const m of text.matchAll(re)) {
      const weekday = m[1]?.toLowerCase();
      const monthName = (form === 0 ? m[2] : m[3]) ?? '';
      const dayText = (form === 0 ? m[3] : m[2]) ?? '';
      const month = MONTHS[monthName.toLowerCase()];
      const y = withYear(m[4]);
      if (month === undefined || y === null) continue;
      const d = makeDate(y, month, Number(dayText));
      if (!d) continue;
      const expected = weekday !== undefined ? WEEKDAYS[weekday] : undefined;
      push(m, {
        start: isoDay(d),
        end: isoDay(d),
        kind: 'explicit',
        ...(expected !== undefined && getDay(d) !== expected
          ? { weekdayMismatch: true as const }
          : {}),
      });
    }
  });
  // Months with a year: "in October 2025".
  for (const m of text.matchAll(new RegExp(`\\b${MONTH}\\s+(\\d{4})\\b`, 'giu'))) {
    const month = MONTHS[(m[1] ?? '').toLowerCase()];
    if (month === undefined) continue;
    const d = new Date(Number(m[2]), month, 1);
    push(m, { start: isoDay(startOfMonth(d)), end: isoDay(endOfMonth(d)), kind: 'month' });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The most recent given weekday on or before the reference (news convention: "on Sunday" is past). */
export function lastWeekday(ref: Date, day: Day): Date {
  return getDay(ref) === day ? ref : previousDay(ref, day);
}

/** Relative dates resolved against the reference date; none without a reference. */
export function relativeDates(text: string, ref: Date | null): DateMention[] {
  if (!ref) return [];
  const out: DateMention[] = [];
  const single = (m: RegExpMatchArray, d: Date) =>
    out.push({ start: isoDay(d), end: isoDay(d), kind: 'relative', index: m.index ?? 0 });
  // A weekday not followed by a date (those are explicit).
  const wd = new RegExp(`\\b${WEEKDAY}\\b(?!,?\\s+(?:\\d|${MONTH}\\s+\\d))`, 'giu');
  for (const m of text.matchAll(wd)) {
    const day = WEEKDAYS[(m[1] ?? '').toLowerCase()];
    if (day !== undefined) single(m, lastWeekday(ref, day));
  }
  for (const m of text.matchAll(/\byesterday\b/giu)) single(m, subDays(ref, 1));
  for (const m of text.matchAll(/\b(today|this morning|tonight)\b/giu)) single(m, ref);
  for (const m of text.matchAll(/\btomorrow\b/giu)) single(m, addDays(ref, 1));
  for (const m of text.matchAll(/\blast week\b/giu)) {
    const d = subWeeks(ref, 1);
    out.push({
      start: isoDay(subDays(d, getDay(d))),
      end: isoDay(addDays(subDays(d, getDay(d)), 6)),
      kind: 'relative',
      index: m.index ?? 0,
    });
  }
  for (const m of text.matchAll(/\blast month\b/giu)) {
    const d = subMonths(ref, 1);
    out.push({
      start: isoDay(startOfMonth(d)),
      end: isoDay(endOfMonth(d)),
      kind: 'relative',
      index: m.index ?? 0,
    });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * A dateline at the start of the body ("KABUL, Oct. 10 -", "Kabul / Islamabad - October 15, 2025"):
 * the publication date when the file does not state one. Needs a year in the dateline or the text.
 */
export function datelineDate(body: string): string | null {
  const head = body.slice(0, 120);
  const m = new RegExp(
    `^[\\p{Lu}][\\p{L} /'.-]{1,40}?[,:\\-–]\\s*${MONTH}\\s+(\\d{1,2})(?:,?\\s+(\\d{4}))?`,
    'iu',
  ).exec(head.replace(/\s+/g, ' '));
  if (!m) return null;
  const month = MONTHS[(m[1] ?? '').toLowerCase()];
  const yearInText = /\b(20\d{2})\b/.exec(body)?.[1];
  const year = m[3] ?? yearInText;
  if (month === undefined || !year) return null;
  const d = makeDate(Number(year), month, Number(m[2]));
  return d ? isoDay(d) : null;
}

/** Whether range `a` contains range `b`. */
export const contains = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  a.start <= b.start && b.end <= a.end;
