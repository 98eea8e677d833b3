/** The border crossings and what each lets through now, since when, linking to each crossing. */
import { useCallback } from 'react';
import { Link } from 'wouter';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { label } from '../complaints/labels.tsx';
import { Widget } from './widget.tsx';

export function CrossingsWidget() {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const crossings = useResource(useCallback((s: AbortSignal) => api.crossings(s), [api]));
  return (
    <Widget
      id="crossings-now"
      title={t('dashboard.crossings.heading')}
      more={{ href: '/crossings', label: t('dashboard.crossings.all') }}
    >
      <Loadable resource={crossings}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">{t('crossings.none')}</p>
          ) : (
            <ul className="plain-list widget-list" aria-label={t('dashboard.crossings.heading')}>
              {page.items.map((c) => {
                const since = c.history
                  .map((h) => h.effectiveOn)
                  .sort()
                  .at(-1);
                return (
                  <li key={c.id} className="crossing-row" data-crossing={c.name}>
                    <Link href={`/crossings/${c.id}`} dir="auto">
                      {c.name}
                    </Link>{' '}
                    <span className="badge badge-state" data-status={c.status}>
                      {label(i18n, 'crossingStatus', c.status)}
                    </span>
                    {since ? (
                      <span className="meta">
                        {' '}
                        {t('dashboard.crossings.since', { date: formatDate(since) })}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )
        }
      </Loadable>
    </Widget>
  );
}
