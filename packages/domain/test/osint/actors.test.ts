import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliasMatcher, DEFAULT_ACTORS, DEFAULT_AGENCIES } from '../../src/osint/index.ts';

const TABLE = [...DEFAULT_ACTORS, ...DEFAULT_AGENCIES];

/** The matcher without its substring pre-test: every name's expression over every text. */
function reference(text: string) {
  const entries = TABLE.flatMap((a) => a.names.map((n) => ({ id: a.id, name: n })));
  entries.sort((x, y) => y.name.length - x.name.length);
  const escape = (s: string) =>
    s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-\s]+/g, '[-\\s]+');
  const acronym = (n: string) => /^[A-Z]{2,5}$/.test(n) || /^[A-Z][a-z][A-Z]$/.test(n);
  const taken: boolean[] = [];
  const out: Array<{ id: string; index: number; length: number }> = [];
  for (const e of entries) {
    const re = new RegExp(
      `(?<![\\p{L}\\p{N}])${escape(e.name)}(?![\\p{L}\\p{N}])`,
      acronym(e.name) ? 'gu' : 'giu',
    );
    for (const m of text.matchAll(re)) {
      const span = Array.from({ length: m[0].length }, (_, i) => m.index + i);
      if (span.some((i) => taken[i])) continue;
      for (const i of span) taken[i] = true;
      out.push({ id: e.id, index: m.index, length: m[0].length });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** A name as news may write it: cases changed, the long s and the Kelvin sign, hyphens or spaces. */
const variant = fc
  .tuple(
    fc.constantFrom(...TABLE.flatMap((a) => a.names)),
    fc.array(fc.constantFrom('lower', 'upper', 'same', 'ſ', 'K', 'space'), { minLength: 1 }),
  )
  .map(([name, edits]) =>
    [...name]
      .map((c, i) => {
        const edit = edits[i % edits.length];
        if (edit === 'lower') return c.toLowerCase();
        if (edit === 'upper') return c.toUpperCase();
        if (edit === 'ſ' && c === 's') return 'ſ';
        if (edit === 'K' && c.toLowerCase() === 'k') return '\u212A';
        if (edit === 'space' && c === '-') return ' ';
        return c;
      })
      .join(''),
  );

describe('alias matcher', () => {
  it('finds what every name expression finds, with its substring pre-test', () => {
    const text = fc
      .array(fc.oneof(variant, fc.constantFrom(' ', ', ', 'the ', 'said ', 'x', 'د ', '-')), {
        maxLength: 12,
      })
      .map((parts) => parts.join(''));
    const matcher = aliasMatcher(TABLE);
    fc.assert(
      fc.property(text, (t) => {
        expect(matcher.find(t)).toEqual(reference(t));
      }),
      { numRuns: 1500 },
    );
  });
});
