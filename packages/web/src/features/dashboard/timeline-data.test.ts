import { describe, expect, it } from 'vitest';
import type { ComplaintTimeline } from '@truceline/domain';
import { chartData, nextPeriod, NO_PARTY, OTHER, valueAxis } from './timeline-data.ts';

const AFG = '00000000-0000-4000-8000-00000000000a';
const PAK = '00000000-0000-4000-8000-00000000000b';

const TIMELINE: ComplaintTimeline = {
  bucket: 'month',
  items: [
    { period: '2025-12-01', category: 'ied', accused: PAK, count: 1 },
    { period: '2025-10-01', category: 'shelling_artillery', accused: AFG, count: 2 },
    { period: '2025-10-01', category: 'air_drone_strike', accused: PAK, count: 1 },
    { period: '2025-10-01', category: 'troop_buildup', accused: null, count: 1 },
  ],
};

describe('chart data from the timeline', () => {
  it('fills the months without complaints and stacks by category, largest first', () => {
    const data = chartData(TIMELINE, 'category');
    expect(data.periods).toEqual(['2025-10-01', '2025-11-01', '2025-12-01']);
    expect(data.series.map((s) => s.key)).toEqual([
      'shelling_artillery',
      'air_drone_strike',
      'ied',
      'troop_buildup',
    ]);
    expect(data.values).toEqual([
      [2, 1, 0, 1],
      [0, 0, 0, 0],
      [0, 0, 1, 0],
    ]);
    expect(data.totals).toEqual([4, 0, 1]);
    expect(data.total).toBe(5);
    expect(data.truncated).toBe(false);
  });

  it('groups by accused party, with a series for complaints against a group only', () => {
    const data = chartData(TIMELINE, 'party');
    expect(data.series).toEqual([
      { key: AFG, total: 2 },
      { key: PAK, total: 2 },
      { key: NO_PARTY, total: 1 },
    ]);
  });

  it('folds the smallest series into "other" and keeps the latest periods', () => {
    const data = chartData(TIMELINE, 'category', { maxSeries: 2, maxPeriods: 2 });
    expect(data.periods).toEqual(['2025-11-01', '2025-12-01']);
    expect(data.truncated).toBe(true);
    expect(data.series).toEqual([{ key: 'ied', total: 1 }]);
    const wide = chartData(TIMELINE, 'category', { maxSeries: 2 });
    expect(wide.series).toEqual([
      { key: 'shelling_artillery', total: 2 },
      { key: OTHER, total: 3 },
    ]);
    expect(wide.values[0]).toEqual([2, 2]);
  });

  it('is empty without complaints', () => {
    expect(chartData({ bucket: 'week', items: [] }, 'category')).toMatchObject({
      periods: [],
      total: 0,
    });
  });

  it('steps months by the calendar and weeks by seven days', () => {
    expect(nextPeriod('2025-12-01', 'month')).toBe('2026-01-01');
    expect(nextPeriod('2025-01-01', 'month')).toBe('2025-02-01');
    expect(nextPeriod('2025-12-29', 'week')).toBe('2026-01-05');
  });

  it('rounds the value axis up to 1, 2 or 5 times a power of ten', () => {
    expect(valueAxis(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(valueAxis(3)).toEqual({ top: 5, ticks: [0, 1, 2, 3, 4, 5] });
    expect(valueAxis(12)).toEqual({ top: 20, ticks: [0, 5, 10, 15, 20] });
    expect(valueAxis(37)).toEqual({ top: 50, ticks: [0, 10, 20, 30, 40, 50] });
  });
});
