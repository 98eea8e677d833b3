/** The agreement being monitored: title, summary, dates and its numbered provisions. */
import type { Agreement, Organisation } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { below, Heading, type HeadingLevel } from '../../platform/ui/heading.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { LogBadge } from '../log/log-verification.tsx';

export function AgreementList({
  agreements,
  level,
  organisations,
}: {
  agreements: readonly Agreement[];
  level: HeadingLevel;
  /** Known only to signed-in members; the public sees the agreement without party names. */
  organisations?: readonly Organisation[] | undefined;
}) {
  const { t } = useI18n();
  if (agreements.length === 0) return <p className="muted">{t('agreement.none')}</p>;
  return (
    <>
      {agreements.map((a) => (
        <AgreementArticle key={a.id} agreement={a} level={level} organisations={organisations} />
      ))}
    </>
  );
}

function AgreementArticle({
  agreement,
  level,
  organisations,
}: {
  agreement: Agreement;
  level: HeadingLevel;
  organisations: readonly Organisation[] | undefined;
}) {
  const { t, formatDate, formatDuration } = useI18n();
  const titleId = `agreement-${agreement.id}`;
  const byId = new Map((organisations ?? []).map((o) => [o.id, o]));
  const parties = agreement.parties.flatMap((p) => {
    const organisation = byId.get(p.organisationId);
    return organisation ? [{ ...p, organisation }] : [];
  });
  return (
    <article className="agreement" aria-labelledby={titleId}>
      <Heading level={level} id={titleId} className="agreement-title">
        <ServerText text={agreement.title} />
        {agreement.demo ? <span className="badge badge-demo">{t('common.demo')}</span> : null}
      </Heading>
      <LogBadge type="agreement" id={agreement.id} record={agreement} />
      <p className="meta">
        {t('agreement.effectiveOn', { date: formatDate(agreement.effectiveOn) })}
        {' · '}
        {t('agreement.replyWindow', {
          duration: formatDuration(agreement.replyWindowDays, 'day'),
        })}
      </p>
      <ServerText as="p" text={agreement.summary} />
      <Heading level={below(level)}>{t('agreement.provisions')}</Heading>
      <ol className="provisions">
        {agreement.provisions.map((p) => (
          <li key={p.id}>
            <span className="provision-number">{p.number}</span>
            <ServerText text={p.text} className="provision-text" />
          </li>
        ))}
      </ol>
      {parties.length > 0 ? (
        <>
          <Heading level={below(level)}>{t('agreement.parties')}</Heading>
          <ul className="parties">
            {parties.map((p) => (
              <li key={p.organisationId}>
                <ServerText text={p.organisation.name} />{' '}
                <span className="muted">({t(`agreement.capacity.${p.capacity}`)})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
