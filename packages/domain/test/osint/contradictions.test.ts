import { describe, expect, it } from 'vitest';
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
