/** Rounds of talks as a vertical timeline, oldest first. */
import { Link } from 'wouter';
import type { TalkRound } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Heading, type HeadingLevel } from '../../platform/ui/heading.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { LogBadge } from '../log/log-verification.tsx';

export function TalksTimeline({
  rounds,
  level,
}: {
  rounds: readonly TalkRound[];
  level: HeadingLevel;
}) {
  const { t, formatDateRange } = useI18n();
  if (rounds.length === 0) return <p className="muted">{t('talks.none')}</p>;
  const ordered = [...rounds].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  return (
    <ol className="timeline">
      {ordered.map((round) => (
        <li key={round.id} className="timeline-item">
          <Heading level={level} className="timeline-title">
            <Link href={`/talks/${round.id}`}>
              <ServerText text={round.name} />
            </Link>
          </Heading>
          <p className="meta">
            <time dateTime={round.startsOn}>{formatDateRange(round.startsOn, round.endsOn)}</time>
            {' · '}
            <ServerText text={round.place} />
          </p>
          <div className="outcome">
            <span className="outcome-label">{t('talks.outcome')}</span>
            <ServerText as="p" text={round.outcome} />
          </div>
          <LogBadge type="talk_round" id={round.id} record={round} />
        </li>
      ))}
    </ol>
  );
}
