/**
 * A stacked bar chart of complaints per period, drawn as inline SVG (lengths are SVG attributes:
 * the Content-Security-Policy allows no inline style). Time runs in the reading direction, so it
 * is mirrored in right-to-left languages. The picture is one image with a name and a summary; the
 * same figures are in a legend with totals and in a table, so nothing depends on colour alone.
 */
import { useId, useMemo } from 'react';
import type { TimelineBucket } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { valueAxis, type ChartData } from './timeline-data.ts';

const WIDTH = 640;
const HEIGHT = 260;
const AXIS = 40;
const EDGE = 8;
const TOP = 12;
const BOTTOM = 40;
/** Most period labels under the axis; the others are skipped (all are in the table). */
const MAX_LABELS = 12;

/** How the chart names periods: "Oct 2025" for months, "20 Oct" for weeks (their Monday). */
function usePeriodFormat(bucket: TimelineBucket) {
  const { locale } = useI18n();
  return useMemo(() => {
    const options: Intl.DateTimeFormatOptions =
      bucket === 'week'
        ? { day: 'numeric', month: 'short', year: 'numeric' }
        : { month: 'short', year: 'numeric' };
    const format = new Intl.DateTimeFormat(locale, {
      ...options,
      timeZone: 'UTC',
      calendar: 'gregory',
    });
    return (period: string) => format.format(new Date(`${period}T00:00:00Z`));
  }, [locale, bucket]);
}

export function TimelineChart({
  data,
  bucket,
  seriesLabel,
  title,
}: {
  data: ChartData;
  bucket: TimelineBucket;
  /** The words for a series key. */
  seriesLabel: (key: string) => string;
  title: string;
}) {
  const { t, dir, formatNumber } = useI18n();
  const id = useId();
  const periodName = usePeriodFormat(bucket);
  const { periods, series, values, totals } = data;
  const { top, ticks } = valueAxis(Math.max(0, ...totals));
  const rtl = dir === 'rtl';
  const plotLeft = rtl ? EDGE : AXIS;
  const plotWidth = WIDTH - AXIS - EDGE;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / Math.max(1, periods.length);
  const barWidth = Math.min(48, slot * 0.7);
  // The i-th period's slot, counted from the start of the reading direction.
  const slotX = (i: number) => (rtl ? plotLeft + plotWidth - (i + 1) * slot : plotLeft + i * slot);
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.ceil(periods.length / MAX_LABELS);

  const peak = totals.reduce((best, v, i) => (v > (totals[best] ?? 0) ? i : best), 0);
  const first = periods[0];
  const last = periods[periods.length - 1];
  const summary =
    first !== undefined && last !== undefined
      ? t('dashboard.chart.summary', {
          total: formatNumber(data.total),
          first: periodName(first),
          last: periodName(last),
          peak: periodName(periods[peak] ?? first),
          peakCount: formatNumber(totals[peak] ?? 0),
        })
      : '';
  const seriesClass = (i: number) =>
    series[i]?.key === 'other' ? 'chart-other' : `chart-s${i % 6}`;

  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="meta">
        {summary}
        {data.truncated ? ` ${t('dashboard.chart.latest', { count: periods.length })}` : null}
      </figcaption>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        direction="ltr"
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              className="chart-grid"
              x1={plotLeft}
              x2={plotLeft + plotWidth}
              y1={y(tick)}
              y2={y(tick)}
            />
            <text
              className="chart-axis"
              x={rtl ? plotLeft + plotWidth + 6 : plotLeft - 6}
              y={y(tick) + 4}
              textAnchor={rtl ? 'start' : 'end'}
            >
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {periods.map((period, p) => {
          const x = slotX(p) + (slot - barWidth) / 2;
          let stacked = 0;
          return (
            <g key={period} data-period={period}>
              {series.map((s, i) => {
                const value = values[p]?.[i] ?? 0;
                if (value === 0) return null;
                const rect = (
                  <rect
                    key={s.key}
                    className={seriesClass(i)}
                    x={x}
                    y={y(stacked + value)}
                    width={barWidth}
                    height={(value / top) * plotHeight}
                  >
                    <title>{`${periodName(period)} · ${seriesLabel(s.key)}: ${formatNumber(value)}`}</title>
                  </rect>
                );
                stacked += value;
                return rect;
              })}
              {p % labelEvery === 0 ? (
                <text
                  className="chart-axis"
                  x={slotX(p) + slot / 2}
                  y={HEIGHT - BOTTOM + 18}
                  textAnchor="middle"
                >
                  {periodName(period)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line
          className="chart-baseline"
          x1={plotLeft}
          x2={plotLeft + plotWidth}
          y1={y(0)}
          y2={y(0)}
        />
      </svg>
      <ul className="chart-legend" aria-label={t('dashboard.chart.legend')}>
        {series.map((s, i) => (
          <li key={s.key}>
            <svg className="chart-swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
              <rect className={seriesClass(i)} width="10" height="10" />
            </svg>
            <span dir="auto">{seriesLabel(s.key)}</span>{' '}
            <span className="meta">({formatNumber(s.total)})</span>
          </li>
        ))}
      </ul>
      <details className="chart-table">
        <summary>{t('dashboard.chart.table')}</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.chart.period')}</th>
                {series.map((s) => (
                  <th scope="col" key={s.key}>
                    {seriesLabel(s.key)}
                  </th>
                ))}
                <th scope="col">{t('dashboard.chart.total')}</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((period, p) => (
                <tr key={period}>
                  <th scope="row">
                    <time dateTime={period}>{periodName(period)}</time>
                  </th>
                  {series.map((s, i) => (
                    <td key={s.key}>{formatNumber(values[p]?.[i] ?? 0)}</td>
                  ))}
                  <td>{formatNumber(totals[p] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
