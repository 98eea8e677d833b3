import { describe, expect, it } from 'vitest';
import {
  contains,
  datelineDate,
  explicitDates,
  parseIsoDay,
  relativeDates,
} from '../../src/osint/index.ts';

const ref = parseIsoDay('2025-03-05'); // a Wednesday

describe('dates', () => {
  it('resolves weekdays, yesterday and last month against the publication date', () => {
    const r = relativeDates(
      'The attack on Monday; talks yesterday; prices rose last month; on Wednesday.',
      ref,
    );
    expect(r.map((d) => [d.start, d.end])).toEqual([
      ['2025-03-03', '2025-03-03'],
      ['2025-03-04', '2025-03-04'],
      ['2025-02-01', '2025-02-28'],
      ['2025-03-05', '2025-03-05'],
    ]);
    expect(relativeDates('on Monday', null)).toEqual([]);
  });

  it('reads explicit dates and ranges, taking the year from the reference', () => {
    const d = explicitDates(
      'Talks ran on 6-7 November; the truce began October 15, 2024 and 2025-01-02.',
      ref,
    );
    expect(d.map((x) => [x.kind, x.start, x.end])).toEqual([
      ['range', '2025-11-06', '2025-11-07'],
      ['explicit', '2024-10-15', '2024-10-15'],
      ['explicit', '2025-01-02', '2025-01-02'],
    ]);
    expect(contains(d[0]!, { start: '2025-11-07', end: '2025-11-07' })).toBe(true);
  });

  it('flags a weekday that does not fall on the stated date', () => {
    const [wrong] = explicitDates('on Saturday, March 7', ref); // 7 March 2025 was a Friday
    expect(wrong?.weekdayMismatch).toBe(true);
    const [right] = explicitDates('on Friday, March 7', ref);
    expect(right?.weekdayMismatch).toBeUndefined();
  });

  it('reads a dateline', () => {
    expect(datelineDate('QUETTA, March 4, 2025 - Officials said')).toBe('2025-03-04');
    expect(datelineDate('No dateline here at all.')).toBeNull();
  });
});
