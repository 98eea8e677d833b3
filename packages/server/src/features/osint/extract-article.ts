/**
 * The article in a decoded document: title, main text, outlet, author, publication date and
 * language. HTML goes through the extractor (`extract-html.ts`); plain text is read in the
 * article file format of the domain (`parseArticle`: title line, source line, body), which also
 * takes any text whose first line is its title. What the document does not say may come from where
 * it was found (a feed entry's title and date, the page's address).
 */
import { parseArticle } from '@truceline/domain/osint/index';
import { detectLanguage, extractHtml, HtmlExtractionError } from './extract-html.ts';
import { IngestError, type DecodedContent } from './read-content.ts';

export interface ArticleHints {
  readonly title?: string | null;
  /** `YYYY-MM-DD`. */
  readonly published?: string | null;
  readonly url?: string | null;
}

export interface ExtractedArticle {
  readonly title: string;
  readonly text: string;
  readonly outlet: string | null;
  readonly author: string | null;
  /** `YYYY-MM-DD`, or `YYYY-MM` when a text file states only the month. */
  readonly publishedAt: string | null;
  readonly language: string | null;
  /** The address the document names for itself (a text file's source line), if any. */
  readonly url: string | null;
}

const MAX_TITLE = 500;

/** The host of an address without `www.`, as the domain's article format names outlets. */
export function outletOfUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '').toLowerCase() || null;
  } catch {
    return null;
  }
}

const clip = (s: string) => (s.length > MAX_TITLE ? `${s.slice(0, MAX_TITLE - 1)}…` : s);

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

/** Throws {@link IngestError} when the document holds no readable article. */
export function extractArticle(
  content: DecodedContent,
  hints: ArticleHints = {},
): ExtractedArticle {
  if (content.kind === 'html') {
    let page;
    try {
      page = extractHtml(content.text);
    } catch (error) {
      if (error instanceof HtmlExtractionError) throw new IngestError(error.message, 'unreadable');
      throw error;
    }
    return {
      title: clip(page.title || hints.title?.trim() || firstLine(page.text)),
      text: page.text,
      outlet: page.siteName ?? outletOfUrl(hints.url),
      author: page.byline,
      publishedAt: page.published ?? hints.published ?? null,
      language: page.language,
      url: null,
    };
  }
  const article = parseArticle('upload', content.text);
  const text = article.body || article.title;
  if (text.trim() === '') throw new IngestError('the text holds no article', 'unreadable');
  return {
    title: clip(article.title || hints.title?.trim() || firstLine(text)),
    text,
    outlet: article.outlet ?? outletOfUrl(hints.url),
    author: null,
    publishedAt: article.published ?? hints.published ?? null,
    language: detectLanguage(text),
    url: article.url,
  };
}
