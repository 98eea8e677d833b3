import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  extractHtml,
  HtmlExtractionError,
  MAX_HTML_BYTES,
} from '../../src/features/osint/extract-html.ts';

const page = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'html', 'article.html'));

describe('HTML extraction', () => {
  it('keeps the article text and drops navigation, sidebar and footer', () => {
    const a = extractHtml(page);
    expect(a.title).toMatch(/Chaman crossing reopens/);
    expect(a.text).toMatch(/^QUETTA: The Chaman border crossing reopened/);
    expect(a.text).toMatch(/without notice\.$/);
    expect(a.text).not.toMatch(/Most read|Cricket scores|All rights reserved|Privacy/);
    expect(a.published).toBe('2025-04-09');
    expect(a.siteName).toBe('Frontier Ledger');
    expect(a.language).toBe('en');
  });

  it('keeps paragraphs and <br> lines apart and drops captions, credits and link lists', () => {
    const prose =
      'The gate reopened on Wednesday morning after talks between the district officers of both sides.';
    const html = `<html><head><title>Gate reopens</title></head><body><article>
      <h1>Gate reopens</h1>
      <figure><img src="g.jpg" alt=""><figcaption>Trucks wait at the gate.</figcaption></figure>
      <p>${prose}<br>Traders said ${prose.toLowerCase()}</p>
      <span class="photo-credit">Photo: Frontier Ledger</span>
      <p>A second paragraph: ${prose}</p>
      <ul><li><a href="/1">Related: earlier closure</a></li><li><a href="/2">Weather</a></li></ul>
      </article></body></html>`;
    expect(extractHtml(html).text.split('\n')).toEqual([
      prose,
      `Traders said ${prose.toLowerCase()}`,
      `A second paragraph: ${prose}`,
    ]);
  });

  it('keeps an element named like a caption when it holds most of the text', () => {
    const prose =
      'The commission agreed a schedule for the reservoir releases during the dry months on Thursday.';
    const html = `<html><head><title>Schedule agreed</title></head><body><article>
      <div class="body-with-captions"><p>${prose}</p><p>Both sides said ${prose.toLowerCase()}</p></div>
      <p class="caption">Engineers at the gauge station.</p>
      </article></body></html>`;
    expect(extractHtml(html).text.split('\n')).toEqual([
      prose,
      `Both sides said ${prose.toLowerCase()}`,
    ]);
  });

  it('takes the date from a dateline when the metadata has none', () => {
    const html = page
      .toString('utf8')
      .replace(/<meta property="article:published_time"[^>]*>/, '')
      .replace('QUETTA:', 'QUETTA, April 8, 2025 -');
    expect(extractHtml(html).published).toBe('2025-04-08');
  });

  it('refuses empty, binary, oversized and text-less input with a clear reason', () => {
    expect(() => extractHtml('   ')).toThrow(/empty/);
    expect(() => extractHtml(new Uint8Array([0xff, 0xfe, 0xfd]))).toThrow(/not valid UTF-8/);
    expect(() => extractHtml('<p>a\u0000b</p>')).toThrow(/binary/);
    expect(() => extractHtml(new Uint8Array(MAX_HTML_BYTES + 1))).toThrow(HtmlExtractionError);
    expect(() => extractHtml('<html><body><div></div></body></html>')).toThrow(
      /no readable article text/,
    );
  });

  it('detects the languages news arrives in', () => {
    expect(
      detectLanguage(
        'The crossing reopened on Wednesday after a three-day closure, officials said.',
      ),
    ).toBe('en');
    expect(
      detectLanguage(
        'سرحدی گزرگاہ تین دن کی بندش کے بعد بدھ کو دوبارہ کھول دی گئی، حکام نے بتایا کہ تاجر خوش ہیں۔',
      ),
    ).toBe('ur');
    expect(
      detectLanguage(
        'Sınır kapısı üç günlük kapanmanın ardından çarşamba günü yeniden açıldı, yetkililer söyledi.',
      ),
    ).toBe('tr');
    expect(detectLanguage('ok')).toBeNull();
  });
});
