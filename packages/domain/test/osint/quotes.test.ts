import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliasMatcher, DEFAULT_ACTORS, extractFacts, quotesOf } from '../../src/osint/index.ts';

const actors = aliasMatcher(DEFAULT_ACTORS);

describe('quotes', () => {
  it('a direct quote takes the speaker named after it (alias-resolved), else the sentence speaker', () => {
    expect(
      quotesOf(
        '"We will not allow our soil to be used," said Zabihullah Mujahid.',
        2,
        null,
        actors,
      ),
    ).toEqual([
      {
        kind: 'direct',
        text: 'We will not allow our soil to be used',
        speaker: 'IEA',
        sentence: 2,
      },
    ]);
    expect(
      quotesOf('The ISPR called the raid “a blatant act of aggression”.', 3, 'ISPR', actors),
    ).toEqual([
      { kind: 'direct', text: 'a blatant act of aggression', speaker: 'ISPR', sentence: 3 },
    ]);
  });

  it('reported speech needs a named speaker; short quotes are not quotes', () => {
    expect(
      quotesOf('The Foreign Office said the crossing would reopen on Monday.', 1, 'FO', actors),
    ).toEqual([
      { kind: 'reported', text: 'the crossing would reopen on Monday', speaker: 'FO', sentence: 1 },
    ]);
    expect(
      quotesOf('Residents said the crossing would reopen on Monday.', 1, null, actors),
    ).toEqual([]);
    expect(quotesOf('He called it "a lie".', 1, null, actors)).toEqual([]);
  });

  it('extractFacts carries a pronoun speaker into the next sentence', () => {
    const f = extractFacts({
      id: 'a',
      title: 'Talks resume',
      url: null,
      outlet: 'example.org',
      published: '2025-11-06',
      body: 'Tahir Andrabi told reporters the talks would resume in Istanbul. He said "Pakistan wants written guarantees" before the round.',
    });
    expect(f.quotes.map((q) => [q.kind, q.speaker])).toEqual([
      ['reported', 'tahir andrabi'],
      ['direct', 'tahir andrabi'],
    ]);
  });

  it('every quote found is a substring of its sentence (any text)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.option(fc.constantFrom('FO', 'ISPR')),
        (s, who) => quotesOf(s, 1, who, actors).every((q) => s.includes(q.text)),
      ),
    );
  });
});
