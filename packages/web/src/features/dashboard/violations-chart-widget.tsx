/**
 * Alleged violations over time: complaints per month (or week) in which the incident began,
 * stacked by category or by accused party, from `GET /complaints/timeline` (the server counts
 * only what the user may see).
 */
import { useCallback, useId, useState } from 'react';
import type { TimelineBucket } from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { label } from '../complaints/labels.tsx';
import { TimelineChart } from './timeline-chart.tsx';
import { chartData, NO_PARTY, OTHER, type ChartGrouping } from './timeline-data.ts';
import { usePartyName, Widget } from './widget.tsx';

export function ViolationsChartWidget() {
  const api = useApi();
  const i18n = useI18n();
  const { t } = i18n;
  const partyName = usePartyName();
  const id = useId();
  const [grouping, setGrouping] = useState<ChartGrouping>('category');
  const [bucket, setBucket] = useState<TimelineBucket>('month');
  const timeline = useResource(
    useCallback((s: AbortSignal) => api.complaintTimeline({ bucket }, s), [api, bucket]),
  );
  const seriesLabel = (key: string) =>
    key === OTHER
      ? t('dashboard.chart.other')
      : grouping === 'category'
        ? label(i18n, 'category', key)
        : partyName(key === NO_PARTY ? null : key);
  const title =
    grouping === 'category'
      ? t('dashboard.chart.titleByCategory')
      : t('dashboard.chart.titleByParty');

  return (
    <Widget id="violations-chart" title={t('dashboard.chart.heading')} className="widget-wide">
      <div className="chart-controls">
        <fieldset className="choice-row">
          <legend>{t('dashboard.chart.groupBy')}</legend>
          {(['category', 'party'] as const).map((g) => (
            <label key={g} className="choice">
              <input
                type="radio"
                name={`${id}-grouping`}
                value={g}
                checked={grouping === g}
                onChange={() => setGrouping(g)}
              />{' '}
              {g === 'category' ? t('dashboard.chart.byCategory') : t('dashboard.chart.byParty')}
            </label>
          ))}
        </fieldset>
        <p className="inline-field">
          <label htmlFor={`${id}-bucket`}>{t('dashboard.chart.bucket')}</label>{' '}
          <select
            id={`${id}-bucket`}
            value={bucket}
            onChange={(e) => setBucket(e.target.value === 'week' ? 'week' : 'month')}
          >
            <option value="month">{t('dashboard.chart.month')}</option>
            <option value="week">{t('dashboard.chart.week')}</option>
          </select>
        </p>
      </div>
      <Loadable resource={timeline}>
        {(data) => {
          const chart = chartData(data, grouping);
          return chart.total === 0 ? (
            <p className="muted">{t('dashboard.chart.none')}</p>
          ) : (
            <TimelineChart
              data={chart}
              bucket={data.bucket}
              seriesLabel={seriesLabel}
              title={title}
            />
          );
        }}
      </Loadable>
    </Widget>
  );
}
