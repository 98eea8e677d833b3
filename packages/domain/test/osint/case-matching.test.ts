import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actorsNamedIn,
  placesNamedIn,
  scoreMatch,
  storyClues,
  type CaseClues,
  type StoryClues,
} from '../../src/osint/index.ts';
import { placeById } from '../../src/geo/border-gazetteer.ts';

const torkham = placeById('pk-torkham');
if (!torkham) throw new Error('gazetteer without Torkham');

const story: StoryClues = storyClues([
  {
    id: 'a',
    title: 'Firing at Torkham leaves two soldiers injured',
    url: null,
    outlet: 'Dawn',
    published: '2025-03-05',
    body: 'TORKHAM: Two Pakistani soldiers were injured when the Afghan Taliban opened fire at the Torkham crossing on Tuesday, officials said.',
  },
]);

const near: CaseClues = {
  from: '2025-03-04T06:00:00Z',
  to: '2025-03-04T08:00:00Z',
  point: torkham,
  placeId: 'pk-torkham',
  actors: ['IEA'],
};

describe('case matching', () => {
  it('finds the places, actors and days an article names', () => {
    expect(placesNamedIn('Shelling near Torkham and Chaman').map((p) => p.id)).toEqual(
      expect.arrayContaining(['pk-torkham']),
    );
    expect(actorsNamedIn('The Afghan Taliban and the TTP')).toEqual(['IEA', 'TTP']);
    expect(story.days).toEqual(
      expect.arrayContaining([
        { start: '2025-03-04', end: '2025-03-04' },
        { start: '2025-03-05', end: '2025-03-05' },
      ]),
    );
    expect(story.places.map((p) => p.id)).toContain('pk-torkham');
    expect(story.actors).toContain('IEA');
  });

  it('scores a case on the same day, place and accused highest, with reasons', () => {
    const m = scoreMatch(story, near);
    expect(m.time).toBe(1);
    expect(m.place).toBe(1);
    expect(m.actor).toBe(1);
    expect(m.score).toBeCloseTo(1);
    expect(m.reasons.map((r) => r.kind)).toEqual(['time', 'place', 'actor']);
    const far = scoreMatch(story, {
      from: '2025-01-01T00:00:00Z',
      to: '2025-01-01T00:00:00Z',
      point: { latitude: 25, longitude: 62 },
      placeId: null,
      actors: ['TTP'],
    });
    expect(far.score).toBeLessThan(0.1);
    expect(far.reasons.some((r) => r.kind === 'actor')).toBe(false);
  });

  it('is unchanged by the order of the clues and never rises as the case moves away in time', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => {
      const d = new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
      return { start: d, end: d };
    });
    const clues = fc.record({
      days: fc.array(day, { maxLength: 5 }),
      places: fc.constant(story.places),
      actors: fc.subarray(['IEA', 'TTP', 'PAKISTAN', 'AFGHANISTAN', 'BLA']),
    });
    fc.assert(
      fc.property(
        clues,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 60 }),
        (s, start, length, shift) => {
          const at = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString();
          const c: CaseClues = { ...near, from: at(start), to: at(start + length) };
          const reversed: StoryClues = {
            days: [...s.days].reverse(),
            places: [...s.places].reverse(),
            actors: [...s.actors].reverse(),
          };
          const a = scoreMatch(s, c);
          expect(scoreMatch(reversed, c).score).toBeCloseTo(a.score, 12);
          expect(a.score).toBeGreaterThanOrEqual(0);
          expect(a.score).toBeLessThanOrEqual(1);
          // Shifted later than every story day (all before day 400 + 1): no closer in time.
          const later: CaseClues = { ...c, from: at(500 + shift), to: at(500 + shift + length) };
          const latest: CaseClues = { ...c, from: at(560 + shift), to: at(560 + shift + length) };
          expect(scoreMatch(s, latest).time).toBeLessThanOrEqual(scoreMatch(s, later).time);
          expect(scoreMatch(s, later).time).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
