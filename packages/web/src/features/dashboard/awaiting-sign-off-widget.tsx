/**
 * Draft findings the user's mediator organisation has not yet reviewed (the server's
 * `awaitingReviewBy=me`), each linking to the complaint where the sign-off or dissent is given.
 */
import { useCallback } from 'react';
import { Link } from 'wouter';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { label } from '../complaints/labels.tsx';
import { Widget } from './widget.tsx';

export function AwaitingSignOffWidget() {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatDateTime, formatNumber } = i18n;
  const awaiting = useResource(
    useCallback(
      (signal: AbortSignal) => api.searchComplaints({ awaitingReviewBy: 'me', limit: 200 }, signal),
      [api],
    ),
  );
  return (
    <Widget id="awaiting-sign-off" title={t('dashboard.signOff.heading')}>
      <p className="meta">{t('dashboard.signOff.intro')}</p>
      <Loadable resource={awaiting}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">{t('dashboard.signOff.none')}</p>
          ) : (
            <ul className="plain-list widget-list" aria-label={t('dashboard.signOff.heading')}>
              {page.items.map((c) => (
                <li key={c.id} data-complaint={c.reference}>
                  <Link href={`/complaints/${c.id}`}>
                    <span className="complaint-reference">{c.reference}</span>{' '}
                    <ServerText text={c.title} />
                  </Link>
                  <p className="meta">
                    {t('dashboard.signOff.draft', { number: formatNumber(c.draftVersion) })} ·{' '}
                    {label(i18n, 'category', c.category)} ·{' '}
                    <time dateTime={c.updatedAt}>{formatDateTime(c.updatedAt)}</time>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
    </Widget>
  );
}
