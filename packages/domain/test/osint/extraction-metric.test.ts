import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  extractionTokens,
  scoreExtraction,
  shingleCounts,
  summariseExtraction,
} from '../../src/osint/index.ts';

describe('extraction tokens and shingles', () => {
  it('splits like Unicode \\w+: letters, digits and underscores in any script', () => {
    expect(extractionTokens("Don't stop—2019's_best Ünïcode, 東京 ok.")).toEqual([
      'Don',
      't',
      'stop',
      '2019',
      's_best',
      'Ünïcode',
      '東京',
      'ok',
    ]);
    expect(extractionTokens('  … — ')).toEqual([]);
  });

  it('counts 4-token shingles as a multiset; a short text is one shingle, an empty one none', () => {
    const counts = shingleCounts(extractionTokens('a b c d a b c d'));
    expect([...counts.values()].sort()).toEqual([1, 1, 1, 2]);
    expect(shingleCounts(['x', 'y']).size).toBe(1);
    expect(shingleCounts([]).size).toBe(0);
  });
});

describe('scoreExtraction', () => {
  it('matches worked examples', () => {
    // truth shingles {abcd, bcde}; prediction {abcd}: tp 1, fn 1 → normalised ½, ½.
    const missing = scoreExtraction('a b c d', 'a b c d e');
    expect(missing).toMatchObject({ tp: 0.5, fp: 0, fn: 0.5, precision: 1, recall: 0.5 });
    expect(missing.exact).toBe(false);
    // prediction {xabc, abcd, bcde}: tp 2, fp 1.
    const extra = scoreExtraction('x a b c d e', 'a b c d e');
    expect(extra.precision).toBeCloseTo(2 / 3);
    expect(extra.recall).toBe(1);
    // Multiset: the truth has abcd twice, the prediction once (tp 1, fn 4).
    expect(scoreExtraction('a b c d', 'a b c d a b c d').recall).toBeCloseTo(1 / 5);
    // Punctuation and spacing do not matter; token lists are equal.
    expect(scoreExtraction('A, b.\n\nc d!', 'A b c d')).toMatchObject({
      precision: 1,
      recall: 1,
      exact: true,
    });
    // Both empty: nothing to find and nothing found.
    expect(scoreExtraction('', '')).toMatchObject({ precision: 1, recall: 1, exact: true });
  });

  it('summarises as means of precision and recall, F1 of the means, accuracy of exact matches', () => {
    const s = summariseExtraction([
      scoreExtraction('a b c d', 'a b c d e'),
      scoreExtraction('x a b c d e', 'a b c d e'),
      scoreExtraction('p q r s t', 'p q r s t'),
    ]);
    const p = (1 + 2 / 3 + 1) / 3;
    const r = (0.5 + 1 + 1) / 3;
    expect(s.precision).toBeCloseTo(p);
    expect(s.recall).toBeCloseTo(r);
    expect(s.f1).toBeCloseTo((2 * p * r) / (p + r));
    expect(s.accuracy).toBeCloseTo(1 / 3);
    expect(s.documents).toBe(3);
    expect(summariseExtraction([])).toMatchObject({ f1: 0, documents: 0 });
  });

  const word = fc.stringMatching(/^[a-z0-9]{1,6}$/);
  const text = fc.array(word, { minLength: 1, maxLength: 40 }).map((w) => w.join(' '));

  it('scores identical texts 1, whatever the punctuation between words', () => {
    fc.assert(
      fc.property(text, (t) => {
        const s = scoreExtraction(t.replace(/ /g, ', '), t);
        expect(s).toMatchObject({ precision: 1, recall: 1, exact: true });
      }),
    );
  });

  it('gives an empty prediction recall 0', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(scoreExtraction('', t)).toMatchObject({ precision: 0, recall: 0, exact: false });
      }),
    );
  });

  it('swaps precision and recall when prediction and truth swap; tp+fp+fn is 1', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ab = scoreExtraction(a, b);
        const ba = scoreExtraction(b, a);
        expect(ab.precision).toBeCloseTo(ba.recall, 12);
        expect(ab.recall).toBeCloseTo(ba.precision, 12);
        expect(ab.tp + ab.fp + ab.fn).toBeCloseTo(1, 12);
        for (const v of [ab.precision, ab.recall]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
