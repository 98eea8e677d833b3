/**
 * Replies due soon: complaints awaiting the accused party's reply whose deadline falls within the
 * chosen number of days, soonest first, each linking to the complaint. The ones the user's own
 * organisation must answer are marked.
 */
import { useCallback, useId, useState } from 'react';
import { Link } from 'wouter';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useSession } from '../../platform/session-context.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { Widget } from './widget.tsx';

const DAY_MS = 24 * 60 * 60 * 1000;
const CHOICES = [3, 7, 14, 30] as const;
/** The reply window is ten days: by default, everything still awaiting a reply. */
const DEFAULT_DAYS = 14;

export function ReplyDeadlinesWidget() {
  const api = useApi();
  const { t, formatDateTime, formatRelative, formatDuration } = useI18n();
  const session = useSession();
  const selectId = useId();
  const [days, setDays] = useState<number>(DEFAULT_DAYS);
  const due = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.searchComplaints(
          {
            state: ['awaiting_reply'],
            replyDueBefore: new Date(Date.now() + days * DAY_MS).toISOString(),
            limit: 200,
          },
          signal,
        ),
      [api, days],
    ),
  );
  return (
    <Widget id="reply-deadlines" title={t('dashboard.deadlines.heading')}>
      <p className="inline-field">
        <label htmlFor={selectId}>{t('dashboard.deadlines.within')}</label>{' '}
        <select id={selectId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {CHOICES.map((d) => (
            <option key={d} value={d}>
              {formatDuration(d, 'day')}
            </option>
          ))}
        </select>
      </p>
      <Loadable resource={due}>
        {(page) => {
          const items = page.items
            .flatMap((c) => (c.replyDueAt === null ? [] : [{ c, dueAt: c.replyDueAt }]))
            .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
          if (items.length === 0) {
            return (
              <p className="muted">
                {t('dashboard.deadlines.none', { duration: formatDuration(days, 'day') })}
              </p>
            );
          }
          return (
            <ul className="plain-list widget-list" aria-label={t('dashboard.deadlines.heading')}>
              {items.map(({ c, dueAt }) => (
                <li key={c.id} data-complaint={c.reference}>
                  <Link href={`/complaints/${c.id}`}>
                    <span className="complaint-reference">{c.reference}</span>{' '}
                    <ServerText text={c.title} />
                  </Link>
                  <p className="meta">
                    {t('dashboard.deadlines.due', { relative: formatRelative(dueAt) })} (
                    <time dateTime={dueAt}>{formatDateTime(dueAt)}</time>)
                    {c.accused.organisationId === session?.organisation.id ? (
                      <>
                        {' · '}
                        <strong>{t('dashboard.deadlines.yours')}</strong>
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          );
        }}
      </Loadable>
    </Widget>
  );
}
