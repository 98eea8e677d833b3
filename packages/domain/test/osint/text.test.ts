import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentWords, STOP_WORDS, words } from '../../src/osint/index.ts';

const content = (s: string) => words(s).filter((w) => !STOP_WORDS.has(w));

describe('stop words', () => {
  it.each([
    [
      'ur',
      'پاکستان اور افغانستان کے درمیان جنگ بندی',
      ['پاکستان', 'افغانستان', 'درمیان', 'جنگ', 'بندی'],
    ],
    ['ps', 'د پاکستان او افغانستان ترمنځ اوربند', ['پاکستان', 'افغانستان', 'ترمنځ', 'اوربند']],
    ['fa', 'پاکستان و افغانستان در دوحه', ['پاکستان', 'افغانستان', 'دوحه']],
    [
      'tr',
      'Pakistan ve Afganistan arasında ateşkes',
      ['pakistan', 'afganistan', 'arasında', 'ateşkes'],
    ],
    ['en', 'The talks in Doha and the ceasefire', ['talks', 'doha', 'ceasefire']],
  ])('drops the function words of %s and keeps the rest', (_lang, text, kept) => {
    expect(content(text)).toEqual(kept);
  });

  it('never drops a word that names the event (places, actors, what happened)', () => {
    for (const w of ['killed', 'ceasefire', 'talks', 'strike', 'torkham', 'chaman', 'ttp', 'ispr'])
      expect(STOP_WORDS.has(w), w).toBe(false);
  });
});

/** What the segmenter alone makes of a whole string: the reference the fast paths must match. */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const reference = (t: string) =>
  [...segmenter.segment(t)].filter((s) => s.isWordLike).map((s) => s.segment);
const stringOver = (chars: string, maxLength: number) =>
  fc.array(fc.constantFrom(...[...chars]), { maxLength }).map((cs) => cs.join(''));

describe('words', () => {
  it('cuts ASCII text exactly as Intl.Segmenter does', () => {
    // Letters, digits and every joiner the word rules know, among other punctuation.
    const ascii = stringOver('abXY09_.:\',; -"!@#$%&()*+/<=>?[]^`{|}~', 40);
    fc.assert(
      fc.property(ascii, (s) => {
        const t = s.toLowerCase().replace(/\s+/g, ' ').trim();
        expect(words(s)).toEqual(reference(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('segments text of any script in pieces exactly as in one piece', () => {
    // Arabic-script letters and a mark, ZWNJ, Latin, digits, spaces and punctuation.
    const mixed = stringOver("پاکستاند\u064E\u200Cab1. ،؟-'", 80);
    fc.assert(
      fc.property(mixed, fc.integer({ min: 1, max: 12 }), (s, piece) => {
        expect(segmentWords(s, piece)).toEqual(reference(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps long non-ASCII text fast (the segmenter is quadratic in one piece)', () => {
    const long = 'د پاکستان او افغانستان ترمنځ اوربند. '.repeat(2000);
    expect(words(long)).toHaveLength(6 * 2000);
  });
});
