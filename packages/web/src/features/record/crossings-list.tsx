/** Border crossings, each with its current status and the history of changes, oldest first. */
import type { Crossing } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { below, Heading, type HeadingLevel } from '../../platform/ui/heading.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { LogBadge } from '../log/log-verification.tsx';
import { StatusBadge } from './status-badge.tsx';

export function CrossingsList({
  crossings,
  level,
}: {
  crossings: readonly Crossing[];
  level: HeadingLevel;
}) {
  const { t, formatDate } = useI18n();
  if (crossings.length === 0) return <p className="muted">{t('crossings.none')}</p>;
  return (
    <ul className="crossings">
      {crossings.map((c) => {
        const history = [...c.history].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
        return (
          <li key={c.id} className="crossing">
            <div className="crossing-head">
              <Heading level={level} className="crossing-name">
                <ServerText text={c.name} />
              </Heading>
              <span className="visually-hidden">{t('crossings.current')}: </span>
              <StatusBadge status={c.status} />
            </div>
            <LogBadge type="crossing" id={c.id} record={c} />
            <ServerText as="p" text={c.description} className="muted" />
            {history.length > 0 ? (
              <>
                <Heading level={below(level)} className="subheading">
                  {t('crossings.history')}
                </Heading>
                <ol className="history">
                  {history.map((h, i) => (
                    <li key={`${h.effectiveOn}-${i}`}>
                      <div className="history-when">
                        <time dateTime={h.effectiveOn}>{formatDate(h.effectiveOn)}</time>
                        <StatusBadge status={h.status} />
                      </div>
                      <ServerText as="p" text={h.reason} className="history-reason" />
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
