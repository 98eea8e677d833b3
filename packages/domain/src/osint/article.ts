/**
 * The plain-text article file: line 1 the title, line 2 `<source URL or "source: outlet"> |
 * published: <YYYY-MM-DD | YYYY-MM | unknown>`, line 3 blank, then the body.
 */
export interface Article {
  /** The file's name (or any stable identifier). */
  readonly id: string;
  readonly title: string;
  /** The source URL when line 2 gives one. */
  readonly url: string | null;
  /** The outlet: the `source:` name, else the URL's host without `www.`. */
  readonly outlet: string | null;
  /** As written on the published line: `YYYY-MM-DD`, `YYYY-MM`, or null when unknown. */
  readonly published: string | null;
  readonly body: string;
}

const PUBLISHED = /\|\s*published:\s*(\S+)\s*$/i;
const DATE_VALUE = /^\d{4}-\d{2}(-\d{2})?$/;

function outletOf(source: string): { url: string | null; outlet: string | null } {
  const s = source.trim();
  const named = /^source:\s*(.+)$/i.exec(s);
  if (named?.[1]) return { url: null, outlet: named[1].trim() };
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(s);
  if (host?.[1]) return { url: s, outlet: host[1].toLowerCase().replace(/^www\./, '') };
  return { url: null, outlet: s.length > 0 ? s : null };
}

/** Parses one article file. Tolerates a missing source line and CRLF line ends. */
export function parseArticle(id: string, text: string): Article {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const title = (lines[0] ?? '').trim();
  const second = lines[1] ?? '';
  const match = PUBLISHED.exec(second);
  if (!match && second.trim() !== '') {
    // No source line: everything after the title is the body.
    return {
      id,
      title,
      url: null,
      outlet: null,
      published: null,
      body: lines.slice(1).join('\n').trim(),
    };
  }
  const value = match?.[1] ?? 'unknown';
  const source = match ? second.slice(0, match.index) : '';
  const { url, outlet } = outletOf(source);
  return {
    id,
    title,
    url,
    outlet,
    published: DATE_VALUE.test(value) ? value : null,
    body: lines.slice(2).join('\n').trim(),
  };
}

/** Writes an article in the file format (the inverse of `parseArticle`). */
export function formatArticle(a: Omit<Article, 'id'>): string {
  const source = a.url ?? (a.outlet !== null ? `source: ${a.outlet}` : 'source: unknown');
  return `${a.title}\n${source} | published: ${a.published ?? 'unknown'}\n\n${a.body}\n`;
}
