/**
 * The dashboard chart's data from `GET /complaints/timeline`: a continuous run of periods (months
 * or weeks with no complaint included), the largest series (categories or accused parties) with
 * the rest folded into one, and the counts per period and series. Pure, for tests.
 */
import type { ComplaintTimeline, TimelineBucket } from '@truceline/domain';

export type ChartGrouping = 'category' | 'party';

/** The series key of complaints that accuse only a group, no party. */
export const NO_PARTY = 'none';
/** The series key of everything beyond the largest series. */
export const OTHER = 'other';

export interface ChartSeries {
  /** A category id, an organisation id, {@link NO_PARTY} or {@link OTHER}. */
  readonly key: string;
  readonly total: number;
}

export interface ChartData {
  /** First days of the periods (YYYY-MM-DD), oldest first, with no gap. */
  readonly periods: readonly string[];
  /** Largest first; {@link OTHER} last when present. */
  readonly series: readonly ChartSeries[];
  /** `values[p][s]`: complaints in period `p` and series `s`. */
  readonly values: readonly (readonly number[])[];
  /** Complaints per period. */
  readonly totals: readonly number[];
  readonly total: number;
  /** True when older periods were left out to keep the chart readable. */
  readonly truncated: boolean;
}

export const MAX_SERIES = 6;
export const MAX_PERIODS = 24;

/** The first day of the period after `period` (months by calendar, weeks by seven days). */
export function nextPeriod(period: string, bucket: TimelineBucket): string {
  const date = new Date(`${period}T00:00:00Z`);
  if (bucket === 'week') date.setUTCDate(date.getUTCDate() + 7);
  else date.setUTCMonth(date.getUTCMonth() + 1, 1);
  return date.toISOString().slice(0, 10);
}

/** Every period from `first` to `last`, both included (at most `limit`, the latest kept). */
function periodsBetween(first: string, last: string, bucket: TimelineBucket): string[] {
  const out: string[] = [];
  // A bound on the walk in case the server sends a period this function would never reach.
  for (let p = first; p <= last && out.length < 10_000; p = nextPeriod(p, bucket)) out.push(p);
  return out;
}

export function chartData(
  timeline: ComplaintTimeline,
  grouping: ChartGrouping,
  options: { maxSeries?: number; maxPeriods?: number } = {},
): ChartData {
  const maxSeries = options.maxSeries ?? MAX_SERIES;
  const maxPeriods = options.maxPeriods ?? MAX_PERIODS;
  const keyOf = (item: ComplaintTimeline['items'][number]) =>
    grouping === 'category' ? item.category : (item.accused ?? NO_PARTY);
  const sorted = [...timeline.items].sort((a, b) => a.period.localeCompare(b.period));
  const first = sorted[0]?.period;
  const last = sorted[sorted.length - 1]?.period;
  if (first === undefined || last === undefined) {
    return { periods: [], series: [], values: [], totals: [], total: 0, truncated: false };
  }
  const all = periodsBetween(first, last, timeline.bucket);
  const periods = all.slice(-maxPeriods);
  const shown = new Set(periods);
  const items = sorted.filter((i) => shown.has(i.period));

  const totals = new Map<string, number>();
  for (const item of items) totals.set(keyOf(item), (totals.get(keyOf(item)) ?? 0) + item.count);
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, total]) => ({ key, total }));
  // Fold the tail into "other" only when that saves at least one series.
  const series =
    ranked.length > maxSeries
      ? [
          ...ranked.slice(0, maxSeries - 1),
          {
            key: OTHER,
            total: ranked.slice(maxSeries - 1).reduce((sum, s) => sum + s.total, 0),
          },
        ]
      : ranked;
  const seriesIndex = new Map(series.map((s, i) => [s.key, i]));
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const values = periods.map(() => series.map(() => 0));
  for (const item of items) {
    const p = periodIndex.get(item.period);
    const s = seriesIndex.get(keyOf(item)) ?? seriesIndex.get(OTHER);
    const row = p === undefined ? undefined : values[p];
    if (row && s !== undefined) row[s] = (row[s] ?? 0) + item.count;
  }
  const periodTotals = values.map((row) => row.reduce((sum, v) => sum + v, 0));
  return {
    periods,
    series,
    values,
    totals: periodTotals,
    total: periodTotals.reduce((sum, v) => sum + v, 0),
    truncated: all.length > periods.length,
  };
}

/** A round top for the value axis (1, 2 or 5 times a power of ten) and its tick values. */
export function valueAxis(max: number): { top: number; ticks: number[] } {
  if (max <= 0) return { top: 1, ticks: [0, 1] };
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const top = [1, 2, 5, 10].map((f) => f * magnitude).find((v) => v >= max) ?? 10 * magnitude;
  const steps = top <= 5 ? top : top / magnitude === 2 ? 4 : 5;
  const step = top / steps;
  return { top, ticks: Array.from({ length: steps + 1 }, (_, i) => i * step) };
}
