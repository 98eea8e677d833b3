import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pearson } from '../../src/osint/index.ts';

describe('pearson', () => {
  it('matches worked examples', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // sxy = 6, sxx = 10, syy = 6 → 6 / √60.
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });

  it('is undefined (NaN) for a constant sample or fewer than two pairs, and refuses unequal lengths', () => {
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(/differ in length/);
  });

  const sample = fc
    .array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), {
      minLength: 3,
      maxLength: 40,
    })
    .filter(
      (pairs) =>
        new Set(pairs.map((p) => p[0])).size > 1 && new Set(pairs.map((p) => p[1])).size > 1,
    );

  it('is symmetric, within [-1, 1], and unchanged by positive affine maps (negated by negative ones)', () => {
    fc.assert(
      fc.property(
        sample,
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: -100, max: 100 }),
        (pairs, scale, shift) => {
          const xs = pairs.map((p) => p[0]);
          const ys = pairs.map((p) => p[1]);
          const r = pearson(xs, ys);
          expect(Math.abs(r)).toBeLessThanOrEqual(1);
          expect(pearson(ys, xs)).toBeCloseTo(r, 9);
          expect(
            pearson(
              xs.map((x) => x * scale + shift),
              ys,
            ),
          ).toBeCloseTo(r, 9);
          expect(
            pearson(
              xs.map((x) => -x),
              ys,
            ),
          ).toBeCloseTo(-r, 9);
        },
      ),
    );
  });
});
