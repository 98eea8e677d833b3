import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aliasMatcher,
  blamesOf,
  casualtiesOf,
  DEFAULT_ACTORS,
  extractFacts,
  sameVictims,
  type Article,
  type Casualty,
} from '../../src/osint/index.ts';

const figures = (sentence: string, index = 1) =>
  casualtiesOf(sentence, index, null).map((c) => [c.value, c.victims, c.verb, c.side]);

const art = (title: string, body: string): Article => ({
  id: 'a',
  title,
  url: null,
  outlet: 'example.org',
  published: '2025-03-03',
  body,
});

describe('casualty figures', () => {
  it('the verb right before a figure governs it, not the next verb', () => {
    expect(
      figures('Officials said shelling had killed 9 of them and wounded more than 40.'),
    ).toEqual([]);
    expect(
      figures('Officials said shelling had killed 9 civilians and wounded more than 40.'),
    ).toEqual([[9, 'people', 'killed', null]]);
    expect(figures('The army said it repelled the raid, killing about 14 militants.')).toEqual([
      [14, 'militants', 'killed', null],
    ]);
  });

  it('coordinated figures share the verb after them', () => {
    expect(
      figures('The police said 5 of its officers and more than 30 insurgents died in the raid.'),
    ).toEqual([
      [5, 'security', 'killed', null],
      [30, 'militants', 'killed', null],
    ]);
  });

  it('a death toll names its figure after the noun', () => {
    expect(figures('The governor put the civilian death toll at 11 on Monday.')).toEqual([
      [11, 'people', 'killed', null],
    ]);
  });

  it('a bare figure with its verb counts people in a headline only', () => {
    expect(figures('Nine killed in Kurram shelling', 0)).toEqual([[9, 'people', 'killed', null]]);
    expect(figures('The statement put losses at 9 killed and 4 wounded.')).toEqual([]);
  });

  it('the Taliban are one side; the Pakistani Taliban are not', () => {
    expect(figures('The ministry said 40 Taliban fighters were killed.')).toEqual([
      [40, 'militants', 'killed', 'afghan'],
    ]);
    expect(figures('The ministry said 40 Pakistani Taliban fighters were killed.')).toEqual([
      [40, 'militants', 'killed', 'pakistani'],
    ]);
  });

  it('a pronoun speaks for whoever the sentence before named', () => {
    const f = extractFacts(
      art(
        'Border fighting',
        'The ISPR said 7 soldiers were killed in the fighting. He said 3 more soldiers were injured.',
      ),
    );
    expect(f.casualties.map((c) => [c.value, c.verb, c.by])).toEqual([
      [7, 'killed', 'ISPR'],
      [3, 'injured', 'ISPR'],
    ]);
  });

  it('soldiers and fighters of one side are the same victims; different sides never are', () => {
    const c = (
      victims: string,
      side: string | null,
      verb: Casualty['verb'] = 'killed',
    ): Casualty => ({
      value: 1,
      verb,
      victims,
      side,
      by: null,
      sentence: 1,
    });
    expect(sameVictims(c('security', 'afghan'), c('militants', 'afghan'))).toBe(true);
    expect(sameVictims(c('security', null), c('militants', 'afghan'))).toBe(false);
    expect(sameVictims(c('security', 'afghan'), c('security', 'pakistani'))).toBe(false);
    expect(sameVictims(c('people', null), c('people', null, 'injured'))).toBe(false);
    fc.assert(
      fc.property(
        fc.constantFrom('security', 'militants', 'people', 'cricketers'),
        fc.constantFrom('security', 'militants', 'people', 'cricketers'),
        fc.constantFrom(null, 'afghan', 'pakistani'),
        fc.constantFrom(null, 'afghan', 'pakistani'),
        (v1, v2, s1, s2) => sameVictims(c(v1, s1), c(v2, s2)) === sameVictims(c(v2, s2), c(v1, s1)),
      ),
    );
  });

  it('never reads a year or a number without a victim as a toll (any sentence)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.nat({ max: 5000 }), (year, n) => {
        const found = casualtiesOf(`In ${year} the budget rose to ${n} and prices fell.`, 1, null);
        return found.length === 0;
      }),
    );
  });
});

describe('blame', () => {
  const actors = aliasMatcher(DEFAULT_ACTORS);
  it('reads whom an event is blamed on and who blames', () => {
    expect(blamesOf('Blasts hit the market, which Kabul blamed on Islamabad.', 1, actors)).toEqual([
      { event: 'blast', target: 'PAKISTAN', by: 'kabul', sentence: 1 },
    ]);
    expect(blamesOf('The explosions were blamed on militant cells.', 2, actors)).toEqual([
      { event: 'blast', target: 'militant', by: null, sentence: 2 },
    ]);
    expect(blamesOf('Each side blamed the other.', 1, actors)).toEqual([]);
  });
});
