import { describe, expect, it } from 'vitest';
import { analyse, cosine, storySimilarity, type Article } from '../../src/osint/index.ts';

const art = (id: string, published: string | null, title: string, body: string): Article => ({
  id,
  title,
  url: null,
  outlet: `${id}.example`,
  published,
  body,
});

/** Unrelated news, so that facts shared by two reports stand out against the batch. */
const distractors: Article[] = [
  art(
    'x1',
    '2025-03-02',
    'Flood waters recede in Sindh',
    'Flood waters receded in Sukkur on Sunday after weeks of rain. Engineers from WAPDA inspected the Guddu barrage. ' +
      'Farmers in Larkana said 300 acres of cotton were lost. The provincial minister promised 40 million rupees in relief.',
  ),
  art(
    'x2',
    '2025-03-03',
    'Cricket board names new selectors',
    'The cricket board named Misbah and Wahab as selectors on Monday. The series against Zimbabwe starts in Harare on 20 March. ' +
      'The squad of 16 players will fly out from Lahore. Coaches said fitness tests begin next week at the Gaddafi Stadium.',
  ),
  art(
    'x3',
    '2025-03-01',
    'Wheat prices rise in Punjab',
    'Wheat prices rose to 4,200 rupees per maund in Multan markets. Traders blamed hoarding in Faisalabad and Okara. ' +
      'The food department said 70 tonnes were seized from warehouses. Millers in Gujranwala threatened a strike over quotas.',
  ),
  art(
    'x4',
    '2025-03-04',
    'University admissions open in Quetta',
    'The University of Balochistan opened admissions in Quetta on Tuesday. About 9,000 applications are expected for 45 programmes. ' +
      'The vice-chancellor said hostels at Sariab Road will reopen. Fees for engineering rise by 8 percent this year.',
  ),
];

const original = art(
  'orig',
  '2025-03-03',
  'Border post attacked in Kurram',
  'Militants attacked the Kharlachi border post in Kurram on Monday, officials said. ' +
    'Governor Faisal Kundi said 6 soldiers were killed and 11 wounded in the assault. ' +
    'The ISPR said troops killed 14 attackers near Parachinar after the raid. ' +
    'Traders said the Kharlachi crossing stayed shut to trucks carrying fruit from Afghanistan.',
);
const rewrite = art(
  'rewrite',
  '2025-03-03',
  'Kurram frontier post comes under attack',
  'On Monday fighters stormed the frontier post at Kharlachi in Kurram, according to officials. ' +
    'According to Governor Faisal Kundi, the assault left 6 soldiers dead and 11 injured. ' +
    'Troops then killed 14 of the attackers close to Parachinar, the ISPR stated. ' +
    'The Kharlachi crossing remained closed to fruit lorries coming from Afghanistan, traders reported.',
);
const independent = art(
  'independent',
  '2025-03-03',
  'Kurram clash: Kharlachi crossing closed',
  'Fruit traders in Parachinar counted their losses as the Kharlachi crossing stayed shut for a second day. ' +
    'Local elders called for talks between the tribes and the district administration. ' +
    'Hospital staff in Parachinar received 11 wounded soldiers and 6 bodies from the Kharlachi post on Monday night. ' +
    'The ISPR gave a figure of 14 attackers killed; residents said gunfire went on until dawn.',
);

describe('copies, rewrites and independent reports', () => {
  it('a paraphrase with the same facts in the same order is a rewrite; an independent report is not', () => {
    const s = storySimilarity([...distractors, original, rewrite, independent]);
    const kinds = new Map(
      [...s.relations.values()].map((r) => [[r.a, r.b].sort().join('|'), r.kind]),
    );
    expect(kinds.get('orig|rewrite')).toBe('rewrite');
    expect(kinds.has('independent|orig')).toBe(false);
    expect(kinds.has('independent|rewrite')).toBe(false);
  });

  it('the three reports make one story with two independent origins', () => {
    const a = analyse([...distractors, original, rewrite, independent]);
    const story = a.stories.find((s) => s.articles.includes('orig'));
    expect([...(story?.articles ?? [])].sort()).toEqual(['independent', 'orig', 'rewrite']);
    expect(story?.origins).toHaveLength(2);
    for (const d of distractors) expect(a.storyOf.get(d.id)).not.toBe(a.storyOf.get('orig'));
  });

  it('an undated report resolves "on Monday" against the closest dated report', () => {
    const undated = { ...rewrite, id: 'undated', published: null };
    const s = storySimilarity([...distractors, original, undated]);
    const f = s.facts.get('undated');
    expect(f?.published).toBeNull();
    expect(f?.reference).toBe('2025-03-03');
    expect(f?.dates.map((d) => d.start)).toContain('2025-03-03');
  });
});

describe('the lead-event bonus', () => {
  const strike = (id: string, place: string, dead: string) =>
    art(
      id,
      '2025-03-03',
      `${dead} killed in drone strike in ${place}`,
      `a drone strike hit a house in ${place} on Monday, officials said. ` +
        `the dead were ${dead.toLowerCase()} men, a local elder said. ` +
        `residents said the drones had circled for hours before the strike.`,
    );
  const datta = strike('datta', 'Datta Khel', 'Five');
  const asadabad = strike('asadabad', 'Asadabad', 'Three');
  const dattaAgain = art(
    'datta-again',
    '2025-03-03',
    'Drone attack on Datta Khel house',
    'relatives buried six men in Datta Khel after the strike on Monday night. ' +
      'a shopkeeper said the house belonged to a teacher and his brothers. ' +
      'no group has said who flew the drones, and the army did not comment.',
  );

  it('is given to reports whose leads share the event and its place, not the event alone', () => {
    const s = storySimilarity([...distractors, datta, asadabad, dattaAgain]);
    const cos = (a: string, b: string) =>
      s.candidates.get(a)?.has(b) ? cosineOf(s, a, b) : Number.NaN;
    // Same kind of event, same day, different place: two events, no bonus.
    expect(s.similarity('datta', 'asadabad')).toBeCloseTo(cos('datta', 'asadabad'), 9);
    // The same place in both leads: one event, the bonus.
    expect(s.similarity('datta', 'datta-again')).toBeCloseTo(cos('datta', 'datta-again') + 0.1, 9);
  });
});

/** The plain cosine of two articles' vectors in a batch. */
function cosineOf(s: ReturnType<typeof storySimilarity>, a: string, b: string): number {
  return cosine(s.vectors.get(a) ?? new Map(), s.vectors.get(b) ?? new Map());
}
