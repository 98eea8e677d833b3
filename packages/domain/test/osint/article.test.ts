import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatArticle, parseArticle } from '../../src/osint/index.ts';

const line = fc
  .string({
    unit: fc.constantFrom(...'abcdefgh ĳklmnoطورخمé,.:-'.split('')),
    minLength: 1,
    maxLength: 60,
  })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const host = fc.stringMatching(/^[a-z]{3,10}\.(com|pk|af)$/);
const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('article files', () => {
  it('round-trip: title, source, published line and body', () => {
    fc.assert(
      fc.property(
        line,
        fc.oneof(
          host.map((h) => ({ url: `https://www.${h}/a/b?c=1`, outlet: h })),
          line.filter((s) => !s.includes('|')).map((o) => ({ url: null, outlet: o })),
        ),
        fc.option(date, { nil: null }),
        fc.array(line, { minLength: 1, maxLength: 5 }).map((ps) => ps.join('\n\n')),
        (title, source, published, body) => {
          const a = { title, ...source, published, body };
          expect(parseArticle('f.txt', formatArticle(a))).toEqual({ id: 'f.txt', ...a });
        },
      ),
    );
  });

  it('reads "unknown" and month-only dates, CRLF and a BOM', () => {
    const a = parseArticle(
      'x',
      '\uFEFFTitle\r\nsource: Dawn | published: unknown\r\n\r\nBody.\r\n',
    );
    expect(a).toMatchObject({ title: 'Title', outlet: 'Dawn', published: null, body: 'Body.' });
    expect(parseArticle('y', 'T\nhttps://x.pk/ | published: 2025-10\n\nB').published).toBe(
      '2025-10',
    );
  });
});
