import { describe, expect, it } from 'vitest';
import { STOP_WORDS, words } from '../../src/osint/index.ts';

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
