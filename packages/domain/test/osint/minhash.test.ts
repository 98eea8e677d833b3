import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyse,
  estimateJaccard,
  jaccard,
  lshCandidates,
  minhash,
  shingles,
  words,
} from '../../src/osint/index.ts';

const word = fc.stringMatching(/^[a-z]{2,8}$/);
const text = fc.array(word, { minLength: 6, maxLength: 80 }).map((ws) => ws.join(' '));

describe('shingles and MinHash', () => {
  it('a text and its exact copy always pair', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 4 }), (t, others) => {
        const sets = [t, ...others, t].map((x) => shingles(words(x)));
        const pairs = lshCandidates(sets.map((s) => minhash(s)));
        const last = sets.length - 1;
        expect(pairs.some(([i, j]) => i === 0 && j === last)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('estimates Jaccard within tolerance', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 20, maxLength: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (vocab, share) => {
          // Two texts overlapping in a chosen share of their words.
          const cut = Math.floor(vocab.length * share);
          const a = new Set(
            vocab.slice(0, Math.max(cut, 1) + Math.floor((vocab.length - cut) / 2)),
          );
          const b = new Set(vocab.slice(Math.max(0, cut - Math.floor(cut / 2))));
          const est = estimateJaccard(minhash(a), minhash(b));
          expect(Math.abs(est - jaccard(a, b))).toBeLessThan(0.2);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('shingles are five words; a short text is one shingle', () => {
    expect([...shingles(['a', 'b', 'c'])]).toEqual(['a b c']);
    expect(shingles('a b c d e f g'.split(' ')).size).toBe(3);
  });

  it('tokenises across scripts with Intl.Segmenter', () => {
    expect(words('Ｔｏｒｋｈａｍ, border—crossing!')).toEqual(['torkham', 'border', 'crossing']);
    expect(words('طورخم کی سرحد')).toEqual(['طورخم', 'کی', 'سرحد']);
  });

  it('finds an exact copy and a truncated copy in a batch', () => {
    const body = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const mk = (id: string, b: string) => ({
      id,
      title: id,
      url: null,
      outlet: id,
      published: null,
      body: b,
    });
    const prefix = body.split(' ').slice(0, 30).join(' ');
    const r = analyse([
      mk('x', body),
      mk('y', body),
      mk('z', prefix),
      mk('w', 'something else entirely here'),
    ]);
    const kinds = Object.fromEntries(r.relations.map((x) => [`${x.a}-${x.b}`, x.kind]));
    expect(kinds['x-y']).toBe('exact_copy');
    expect(kinds['x-z'] ?? kinds['z-x']).toBe('truncated_copy');
    expect(r.relations.some((x) => x.a === 'w' || x.b === 'w')).toBe(false);
  });
});
