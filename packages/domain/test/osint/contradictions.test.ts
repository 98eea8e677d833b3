import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyse, type Article } from '../../src/osint/index.ts';

const art = (id: string, published: string | null, title: string, body: string): Article => ({
  id,
  title,
  url: null,
  outlet: id,
  published,
  body,
});

const flagsOf = (articles: Article[]) =>
  analyse(articles, { storyThreshold: 0 }).stories.flatMap((s) => s.contradictions);

describe('contradictions', () => {
  it('figures from different parties are an attributed dispute, not a conflict', () => {
    const f = flagsOf([
      art(
        'a',
        '2025-03-03',
        'Raid on Kurram post',
        'The ISPR said four soldiers were killed in the Kurram raid.',
      ),
      art(
        'b',
        '2025-03-03',
        'Raid on Kurram post',
        'The Tehreek-i-Taliban Pakistan said nine soldiers were killed in the Kurram raid.',
      ),
    ]);
    expect(f.filter((x) => x.kind === 'figure').map((x) => x.decision)).toEqual([
      'attributed_dispute',
    ]);
  });

  it('conflicting unattributed figures are flagged', () => {
    const f = flagsOf([
      art('a', '2025-03-03', 'Kurram raid', 'Four soldiers were killed in the Kurram raid.'),
      art('b', '2025-03-03', 'Kurram raid', 'Seven soldiers were killed in the Kurram raid.'),
    ]);
    expect(f.some((x) => x.kind === 'figure' && x.decision === 'conflict')).toBe(true);
  });

  it('a later report with a higher toll is an update', () => {
    const f = flagsOf([
      art('a', '2025-03-03', 'Kurram raid', 'Four soldiers were killed in the Kurram raid.'),
      art(
        'b',
        '2025-03-05',
        'Kurram raid toll rises',
        'Six soldiers were killed in the Kurram raid, officials said.',
      ),
    ]);
    expect(f.filter((x) => x.kind === 'figure')).toEqual([]);
  });

  it('a date range containing a single date is not flagged; different days are', () => {
    const ok = flagsOf([
      art('a', '2025-11-08', 'Istanbul talks', 'The talks were held on 6-7 November in Istanbul.'),
      art('b', '2025-11-08', 'Istanbul talks', 'The talks were held on November 7 in Istanbul.'),
    ]);
    expect(ok.filter((x) => x.kind === 'date')).toEqual([]);
    const bad = flagsOf([
      art('a', '2025-11-08', 'Istanbul talks', 'The talks were held on November 5 in Istanbul.'),
      art('b', '2025-11-08', 'Istanbul talks', 'The talks were held on November 7 in Istanbul.'),
    ]);
    expect(bad.some((x) => x.kind === 'date' && x.decision === 'conflict')).toBe(true);
  });

  it('a spelling variant of an actor resolves to one actor (no dispute)', () => {
    const f = flagsOf([
      art('a', '2025-03-03', 'Raid', 'The TTP said nine soldiers were killed in the Kurram raid.'),
      art(
        'b',
        '2025-03-03',
        'Raid',
        'Tehrik-e-Taliban Pakistan said nine soldiers were killed in the Kurram raid.',
      ),
    ]);
    expect(f).toEqual([]);
  });
});

describe('casualty figures', () => {
  it('a figure owns only the nouns up to the next figure', async () => {
    const { extractFacts } = await import('../../src/osint/index.ts');
    const f = extractFacts(
      art('a', '2025-03-03', 'Strikes kill ten, including three cricketers', 'Body.'),
    );
    expect(f.casualties.map((c) => [c.value, c.victims, c.verb])).toEqual([
      [10, 'people', 'killed'],
      [3, 'cricketers', 'killed'],
    ]);
  });
});

describe('contradictions between claims', () => {
  it('a copy that changes a figure or whom an event is blamed on conflicts with its source', () => {
    const body = (n: string, blamed: string) =>
      `Blasts struck the Kurram market on Monday, which the governor blamed on ${blamed}. ` +
      `Officials said ${n} civilians were killed in the blasts and dozens more were hurt. ` +
      'Shops stayed shut across the district as police sealed the roads leading to the market. ' +
      'Residents said the sound of the explosions carried for several kilometres across the valley.';
    const f = flagsOf([
      art('a', '2025-03-03', 'Kurram market blasts', body('12', 'Afghanistan')),
      art('b', '2025-03-03', 'Kurram market blasts', body('7', 'local militant cells')),
    ]);
    expect(f.filter((x) => x.kind === 'figure').map((x) => x.decision)).toEqual(['conflict']);
    expect(f.filter((x) => x.kind === 'blame').map((x) => x.decision)).toEqual(['conflict']);
  });

  it('one toll dated to two days in one report is flagged', () => {
    const f = flagsOf([
      art(
        'a',
        '2025-03-08',
        'Drone strike in Kurram',
        'Four villagers died in a drone strike on Friday, officials said. ' +
          'Police later said 4 civilians were killed in the strike on Wednesday.',
      ),
    ]);
    expect(f.filter((x) => x.kind === 'date').map((x) => x.articles)).toEqual([['a']]);
  });

  it('a night of fighting and a round of talks may be dated by either day; a strike may not', () => {
    const two = (event: string, d1: string, d2: string) =>
      flagsOf([
        art(
          'a',
          '2025-11-10',
          `${event} report`,
          `The ${event} on ${d1} was reported by officials.`,
        ),
        art(
          'b',
          '2025-11-10',
          `${event} report`,
          `Officials reported the ${event} on ${d2} in Kurram.`,
        ),
      ]).filter((x) => x.kind === 'date');
    expect(two('talks', 'November 6', 'November 7')).toEqual([]);
    expect(two('clashes', 'November 6', 'November 7')).toEqual([]);
    expect(two('talks', 'November 6', 'November 8')).toHaveLength(1);
    expect(two('strike', 'November 6', 'November 7')).toHaveLength(1);
  });

  it('an article and its exact copy never contradict each other (any figures)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 500 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('soldiers', 'civilians', 'militants'),
        (values, noun) => {
          const body = values.map((v) => `Officials said ${v} ${noun} were killed.`).join(' ');
          const f = flagsOf([
            art('a', '2025-03-03', 'Kurram raid', body),
            art('b', '2025-03-03', 'Kurram raid', body),
          ]);
          return f.every((x) => x.articles.length === 1);
        },
      ),
      { numRuns: 50 },
    );
  });
});
