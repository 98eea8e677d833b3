/**
 * Main text, title, author, outlet, publication date and language of an HTML page: Mozilla
 * Readability on a linkedom DOM, the date from metadata or the dateline, language by franc-min.
 * Bad input (empty, binary, huge, no readable text) raises `HtmlExtractionError` with a clear reason.
 */
import { Readability } from '@mozilla/readability';
import { franc } from 'franc-min';
import { parseHTML } from 'linkedom';
import { datelineDate } from '@truceline/domain/osint/index';
import { mainText, type TextElement } from './main-text.ts';

export const MAX_HTML_BYTES = 5 * 1024 * 1024;

export class HtmlExtractionError extends Error {
  override readonly name = 'HtmlExtractionError';
}

export interface ExtractedHtml {
  readonly title: string;
  readonly text: string;
  readonly byline: string | null;
  readonly siteName: string | null;
  /** `YYYY-MM-DD` from metadata, else from a dateline; null when neither gives one. */
  readonly published: string | null;
  /** ISO 639-1 where there is one (else ISO 639-3), or null when undetermined. */
  readonly language: string | null;
}

/** franc's ISO 639-3 codes for the languages news arrives in, as ISO 639-1. */
const ISO1: Readonly<Record<string, string>> = {
  eng: 'en',
  urd: 'ur',
  pbu: 'ps',
  pbt: 'ps',
  pes: 'fa',
  prs: 'fa',
  arb: 'ar',
  tur: 'tr',
  deu: 'de',
  ita: 'it',
  hin: 'hi',
  fra: 'fr',
  spa: 'es',
  rus: 'ru',
  cmn: 'zh',
  por: 'pt',
  ben: 'bn',
  uzn: 'uz',
};

/** The language of a text, or null when too short or undetermined. */
export function detectLanguage(text: string): string | null {
  const code = franc(text, { minLength: 20 });
  return code === 'und' ? null : (ISO1[code] ?? code);
}

const DATE_META = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
  'meta[name="date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
];

function isoDay(value: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value?.trim() ?? '');
  return m?.[1] ?? null;
}

interface Queryable {
  querySelector(
    s: string,
  ): { getAttribute(n: string): string | null; textContent: string | null } | null;
  querySelectorAll(s: string): ArrayLike<{ textContent: string | null }>;
}

function metadataDate(doc: Queryable): string | null {
  for (const sel of DATE_META) {
    const d = isoDay(doc.querySelector(sel)?.getAttribute('content'));
    if (d) return d;
  }
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
    const m = /"datePublished"\s*:\s*"([^"]+)"/.exec(scripts[i]?.textContent ?? '');
    const d = isoDay(m?.[1]);
    if (d) return d;
  }
  return isoDay(doc.querySelector('time[datetime]')?.getAttribute('datetime'));
}

export function extractHtml(input: string | Uint8Array): ExtractedHtml {
  const bytes = typeof input === 'string' ? null : input;
  if (bytes && bytes.byteLength > MAX_HTML_BYTES)
    throw new HtmlExtractionError(`the page is larger than ${MAX_HTML_BYTES} bytes`);
  let html: string;
  try {
    html =
      typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new HtmlExtractionError('the page is not valid UTF-8 text');
  }
  if (html.length > MAX_HTML_BYTES)
    throw new HtmlExtractionError(`the page is larger than ${MAX_HTML_BYTES} characters`);
  if (html.trim() === '') throw new HtmlExtractionError('the page is empty');
  if (html.includes('\u0000')) throw new HtmlExtractionError('the page is binary, not HTML');
  const { document } = parseHTML(html);
  const published = metadataDate(document as unknown as Queryable);
  // The serializer hands back Readability's article element itself, to be read as text here.
  const parsed = new Readability(
    document as unknown as ConstructorParameters<typeof Readability>[0],
    { keepClasses: true, serializer: (node) => node as unknown as TextElement },
  ).parse();
  const byline = parsed?.byline?.trim() || null;
  const text = (parsed?.content ? mainText(parsed.content) : '')
    .split('\n')
    // The byline is metadata, not article text.
    .filter((l) => !(byline && l.toLowerCase() === `by ${byline.toLowerCase()}`))
    .join('\n');
  if (!parsed || text === '') throw new HtmlExtractionError('no readable article text was found');
  return {
    title: (parsed.title ?? '').trim(),
    text,
    byline,
    siteName: parsed.siteName?.trim() || null,
    published: published ?? datelineDate(text),
    language: detectLanguage(text),
  };
}
