import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bcubed, pairKey, pairScores } from '../../src/osint/index.ts';

describe('BCubed', () => {
  it('is 1.0 for a perfect clustering, whatever the labels are called', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }),
        (classes) => {
          const gold = new Map(classes.map((c, i) => [`i${i}`, `g${c}`]));
          const pred = new Map(classes.map((c, i) => [`i${i}`, `p${c * 7}`]));
          const r = bcubed(gold, pred);
          expect(r.precision).toBeCloseTo(1);
          expect(r.recall).toBeCloseTo(1);
          expect(r.f1).toBeCloseTo(1);
        },
      ),
    );
  });

  it('matches a worked example', () => {
    // gold: {a,b,c} {d}; predicted: {a,b} {c,d}
    const gold = new Map([
      ['a', 'X'],
      ['b', 'X'],
      ['c', 'X'],
      ['d', 'Y'],
    ]);
    const pred = new Map([
      ['a', '1'],
      ['b', '1'],
      ['c', '2'],
      ['d', '2'],
    ]);
    const r = bcubed(gold, pred);
    // precision: a 1, b 1, c 1/2, d 1/2 → 0.75; recall: a 2/3, b 2/3, c 1/3, d 1 → 2/3
    expect(r.precision).toBeCloseTo(0.75);
    expect(r.recall).toBeCloseTo(2 / 3);
    expect(r.f1).toBeCloseTo((2 * 0.75 * (2 / 3)) / (0.75 + 2 / 3));
  });

  it('all in one cluster has recall 1 and low precision; all apart the reverse', () => {
    const gold = new Map([
      ['a', 'X'],
      ['b', 'X'],
      ['c', 'Y'],
      ['d', 'Y'],
    ]);
    const one = bcubed(gold, new Map([...gold.keys()].map((k) => [k, 'z'])));
    expect(one.recall).toBe(1);
    expect(one.precision).toBeCloseTo(0.5);
    const apart = bcubed(gold, new Map());
    expect(apart.precision).toBe(1);
    expect(apart.recall).toBeCloseTo(0.5);
  });
});

describe('pair scores', () => {
  it('counts unordered pairs', () => {
    const gold = new Set([pairKey('a', 'b'), pairKey('c', 'd')]);
    const pred = new Set([pairKey('b', 'a'), pairKey('a', 'c')]);
    const r = pairScores(gold, pred);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBe(0.5);
    expect(r.truePositives).toBe(1);
  });
});
