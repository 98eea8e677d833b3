/**
 * How many complaints the user may see, by state and by accused party, as bars. The server counts
 * under its visibility rules; each state links to the complaints in that state.
 */
import { useCallback } from 'react';
import { Link } from 'wouter';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { label } from '../complaints/labels.tsx';
import { BarList, usePartyName, Widget } from './widget.tsx';

export function ComplaintCountsWidget() {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatNumber } = i18n;
  const partyName = usePartyName();
  const counts = useResource(useCallback((s: AbortSignal) => api.complaintCounts({}, s), [api]));
  return (
    <Widget
      id="complaint-counts"
      title={t('dashboard.counts.heading')}
      more={{ href: '/complaints', label: t('dashboard.counts.all') }}
    >
      <Loadable resource={counts}>
        {(data) => {
          const total = data.byState.reduce((sum, r) => sum + r.count, 0);
          if (total === 0) return <p className="muted">{t('complaints.none')}</p>;
          const byCount = <T extends { count: number }>(rows: readonly T[]) =>
            [...rows].sort((a, b) => b.count - a.count);
          return (
            <>
              <p className="meta">{t('dashboard.counts.total', { count: formatNumber(total) })}</p>
              <h3 className="subheading">{t('dashboard.counts.byState')}</h3>
              <BarList
                label={t('dashboard.counts.byState')}
                rows={byCount(data.byState).map((r) => ({
                  key: r.key ?? '',
                  count: r.count,
                  countText: formatNumber(r.count),
                  label: (
                    <Link href={`/complaints?state=${encodeURIComponent(r.key ?? '')}`}>
                      {label(i18n, 'state', r.key ?? '')}
                    </Link>
                  ),
                }))}
              />
              <h3 className="subheading">{t('dashboard.counts.byAccused')}</h3>
              <BarList
                label={t('dashboard.counts.byAccused')}
                rows={byCount(data.byAccused).map((r) => ({
                  key: r.key ?? 'none',
                  count: r.count,
                  countText: formatNumber(r.count),
                  label: <span dir="auto">{partyName(r.key)}</span>,
                }))}
              />
            </>
          );
        }}
      </Loadable>
    </Widget>
  );
}
