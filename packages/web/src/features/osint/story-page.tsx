/**
 * One news story: its articles in time order (with the original address and the stored copy),
 * which articles share an origin and which are independent, the casualty claims with who makes
 * them and how many independent origins carry each, contradictions (a conflict between reports
 * kept apart from a dispute between parties each giving its own figure), and the complaints and
 * observations it may concern, with scores and reasons. A filer may open a complaint from it.
 */
import { useCallback, useEffect, useRef } from 'react';
import { Link, useLocation } from 'wouter';
import type { OsintStoryDetail, OsintStoryMatch, OsintStoryMatches } from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n, type I18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { prefillState, type ComplaintPrefill } from './complaint-prefill.ts';
import { StoryClues } from './story-clues.tsx';

type Article = OsintStoryDetail['timeline'][number];

function published(i18n: I18n, a: Article): string {
  if (!a.publishedAt) return i18n.t('story.unknownDate');
  return /^\d{4}-\d{2}-\d{2}$/.test(a.publishedAt) ? i18n.formatDate(a.publishedAt) : a.publishedAt;
}

function Timeline({ story }: { story: OsintStoryDetail }) {
  const i18n = useI18n();
  const { t } = i18n;
  const byId = new Map(story.timeline.map((a) => [a.id, a]));
  return (
    <ol className="card-list" aria-label={t('story.timeline')}>
      {story.timeline.map((a) => {
        const origin = a.originId !== a.id ? byId.get(a.originId) : undefined;
        return (
          <li key={a.id} className="card">
            <strong>{a.title}</strong>
            <p className="muted">
              {a.outlet ?? t('story.unknownOutlet')} ·{' '}
              <time dateTime={a.publishedAt ?? a.fetchedAt}>{published(i18n, a)}</time>
              {a.language ? <> · {t('story.language', { language: a.language })}</> : null}
            </p>
            {origin ? <p>{t('story.copies', { title: origin.title })}</p> : null}
            <p>
              {a.originalUrl && /^https?:\/\//.test(a.originalUrl) ? (
                <>
                  {t('story.original')}{' '}
                  <a href={a.originalUrl} rel="noopener noreferrer" target="_blank">
                    {a.originalUrl}
                  </a>{' '}
                  ·{' '}
                </>
              ) : null}
              <a href={`/api/v1/osint/articles/${a.id}/raw`} download>
                {t('story.raw')}
              </a>
            </p>
          </li>
        );
      })}
    </ol>
  );
}

function Origins({ story }: { story: OsintStoryDetail }) {
  const { t, formatNumber } = useI18n();
  const title = new Map(story.timeline.map((a) => [a.id, a.title]));
  return (
    <ul>
      {story.origins.map((o) => (
        <li key={o.articleIds[0] ?? ''}>
          {t('story.originLine', {
            count: formatNumber(o.articleIds.length),
            outlets: o.outlets.join(', ') || '—',
          })}
          <ul>
            {o.articleIds.map((id) => (
              <li key={id}>{title.get(id) ?? id}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function Claims({ story }: { story: OsintStoryDetail }) {
  const { t, formatNumber } = useI18n();
  const originOf = new Map(story.timeline.map((a) => [a.id, a.originId]));
  const groups = new Map<
    string,
    { claim: OsintStoryDetail['claims'][number]; origins: Set<string>; outlets: Set<string> }
  >();
  for (const c of story.claims) {
    const key = JSON.stringify([c.value, c.verb, c.victims, c.side, c.by]);
    const g = groups.get(key) ?? { claim: c, origins: new Set(), outlets: new Set() };
    g.origins.add(originOf.get(c.articleId) ?? c.articleId);
    if (c.outlet) g.outlets.add(c.outlet);
    groups.set(key, g);
  }
  if (groups.size === 0) return <p>{t('story.noClaims')}</p>;
  return (
    <ul>
      {[...groups.entries()].map(([key, g]) => (
        <li key={key}>
          {t('story.claimLine', {
            value: formatNumber(g.claim.value),
            victims: [g.claim.side, g.claim.victims].filter(Boolean).join(' '),
            verb: g.claim.verb,
          })}{' '}
          — {g.claim.by ? t('story.claimedBy', { by: g.claim.by }) : t('story.unattributed')} ·{' '}
          {t('story.claimOrigins', { count: formatNumber(g.origins.size) })}
          {g.outlets.size > 0 ? (
            <span className="muted"> ({[...g.outlets].join(', ')})</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * Who said what: quotes grouped by speaker, each with the outlets carrying it and how many
 * independent origins (a quote copied by five outlets from one wire is one origin).
 */
function Quotes({ story }: { story: OsintStoryDetail }) {
  const { t, formatNumber } = useI18n();
  const originOf = new Map(story.timeline.map((a) => [a.id, a.originId]));
  const bySpeaker = new Map<
    string,
    Map<
      string,
      { quote: OsintStoryDetail['quotes'][number]; origins: Set<string>; outlets: Set<string> }
    >
  >();
  for (const q of story.quotes) {
    const speaker = q.speaker ?? '';
    const quotes = bySpeaker.get(speaker) ?? new Map();
    const key = `${q.kind}|${q.text.toLowerCase()}`;
    const g = quotes.get(key) ?? {
      quote: q,
      origins: new Set<string>(),
      outlets: new Set<string>(),
    };
    g.origins.add(originOf.get(q.articleId) ?? q.articleId);
    if (q.outlet) g.outlets.add(q.outlet);
    quotes.set(key, g);
    bySpeaker.set(speaker, quotes);
  }
  if (bySpeaker.size === 0) return <p>{t('story.noQuotes')}</p>;
  // Named speakers first, alphabetically; unnamed last.
  const speakers = [...bySpeaker.keys()].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : a.localeCompare(b),
  );
  return (
    <dl className="quotes">
      {speakers.map((speaker) => (
        <div key={speaker}>
          <dt>{speaker === '' ? t('story.unknownSpeaker') : speaker}</dt>
          {[...(bySpeaker.get(speaker)?.entries() ?? [])].map(([key, g]) => (
            <dd key={key} data-kind={g.quote.kind}>
              {g.quote.kind === 'direct'
                ? t('story.quoteDirect', { text: g.quote.text })
                : t('story.quoteReported', { text: g.quote.text })}{' '}
              <span className="muted">
                · {t('story.claimOrigins', { count: formatNumber(g.origins.size) })}
                {g.outlets.size > 0 ? ` (${[...g.outlets].join(', ')})` : ''}
              </span>
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}

function Contradictions({ story }: { story: OsintStoryDetail }) {
  const { t } = useI18n();
  if (story.contradictions.length === 0) return <p>{t('story.noContradictions')}</p>;
  return (
    <ul className="card-list">
      {story.contradictions.map((c, i) => {
        const dispute = c.decision === 'attributed_dispute';
        return (
          <li key={i} className="card" data-decision={c.decision}>
            <span className="badge badge-state" data-status={dispute ? 'dispute' : 'conflict'}>
              {dispute ? t('story.dispute') : t('story.conflict')}
            </span>
            <p>{dispute ? t('story.disputeHint') : t('story.conflictHint')}</p>
            <p className="muted">{c.detail}</p>
          </li>
        );
      })}
    </ul>
  );
}

function reasonText(i18n: I18n, r: OsintStoryMatch['reasons'][number]): string {
  switch (r.kind) {
    case 'time':
      return r.gapDays === 0
        ? i18n.t('story.reasonSameTime')
        : i18n.t('story.reasonTime', { days: i18n.formatNumber(r.gapDays) });
    case 'place':
      return i18n.t('story.reasonPlace', {
        place: r.placeName,
        km: i18n.formatNumber(r.distanceKm),
      });
    case 'actor':
      return i18n.t('story.reasonActor', { actors: r.actors.join(', ') });
  }
}

function Matches({ matches }: { matches: OsintStoryMatches }) {
  const i18n = useI18n();
  const { t, formatNumber } = i18n;
  if (matches.items.length === 0) return <p>{t('story.noMatches')}</p>;
  return (
    <ol className="card-list" aria-label={t('story.matches')}>
      {matches.items.map((m) => (
        <li key={m.id} className="card">
          {m.kind === 'complaint' ? (
            <Link href={`/complaints/${m.id}`}>
              {m.reference}: {m.title}
            </Link>
          ) : (
            <span>{t('story.observation', { type: m.reference, title: m.title })}</span>
          )}{' '}
          <span className="badge">
            {t('story.score', { score: formatNumber(Math.round(m.score * 100)) })}
          </span>
          <p className="muted">{m.reasons.map((r) => reasonText(i18n, r)).join(' · ')}</p>
        </li>
      ))}
    </ol>
  );
}

function prefillOf(
  i18n: I18n,
  story: OsintStoryDetail,
  matches?: OsintStoryMatches,
): ComplaintPrefill {
  const published = story.timeline.flatMap((a) =>
    a.publishedAt && /^\d{4}-\d{2}-\d{2}$/.test(a.publishedAt) ? [a.publishedAt] : [],
  );
  const day = matches?.clues.days.map((d) => d.start).sort()[0] ?? published.sort()[0];
  const lines = story.timeline.map((a) => `- ${a.title}${a.outlet ? ` (${a.outlet})` : ''}`);
  return {
    title: story.label.slice(0, 200),
    from: day ? `${day}T00:00` : '',
    to: day ? `${day}T23:59` : '',
    placeId: matches?.clues.places[0]?.id ?? null,
    narrative: [
      i18n.t('story.narrative', { title: story.label, count: story.timeline.length }),
      ...lines,
    ].join('\n'),
    links: story.timeline.flatMap((a) =>
      a.originalUrl && /^https?:\/\//.test(a.originalUrl)
        ? [{ url: a.originalUrl, title: a.title }]
        : [],
    ),
  };
}

export function StoryPage({ id }: { id: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatNumber } = i18n;
  const can = useCan();
  const [, navigate] = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  const story = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<OsintStoryDetail>('GET', `/osint/stories/${encodeURIComponent(id)}`, {
          signal,
        }),
      [api, id],
    ),
  );
  const matches = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<OsintStoryMatches>('GET', `/osint/stories/${encodeURIComponent(id)}/matches`, {
          signal,
        }),
      [api, id],
    ),
  );
  usePageTitle(story.status === 'ok' ? story.data.label : t('news.heading'));
  const loaded = story.status === 'ok';
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);
  return (
    <div className="page">
      <p>
        <Link href="/news">{t('story.back')}</Link>
      </p>
      <Loadable resource={story}>
        {(s) => (
          <>
            <h1 className="page-title" tabIndex={-1} ref={heading}>
              {s.label}
            </h1>
            <p className="muted">
              {t('news.articles', { count: formatNumber(s.articleCount) })} ·{' '}
              {t('news.outlets', { count: formatNumber(s.outletCount) })}: {s.outlets.join(', ')} ·{' '}
              {t('news.origins', { count: formatNumber(s.originCount) })}
            </p>
            {can('complaint.create') ? (
              <p>
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    navigate('/complaints/new', {
                      state: prefillState(
                        prefillOf(i18n, s, matches.status === 'ok' ? matches.data : undefined),
                      ),
                    })
                  }
                >
                  {t('story.openComplaint')}
                </button>
              </p>
            ) : null}
            <section aria-labelledby="story-timeline">
              <h2 id="story-timeline">{t('story.timeline')}</h2>
              <Timeline story={s} />
            </section>
            <section aria-labelledby="story-origins">
              <h2 id="story-origins">{t('story.origins')}</h2>
              <Origins story={s} />
            </section>
            <section aria-labelledby="story-claims">
              <h2 id="story-claims">{t('story.claims')}</h2>
              <Claims story={s} />
            </section>
            <section aria-labelledby="story-quotes">
              <h2 id="story-quotes">{t('story.quotes')}</h2>
              <Quotes story={s} />
            </section>
            <section aria-labelledby="story-contradictions">
              <h2 id="story-contradictions">{t('story.contradictions')}</h2>
              <Contradictions story={s} />
            </section>
            <section aria-labelledby="story-clues">
              <h2 id="story-clues">{t('story.clues')}</h2>
              <Loadable resource={matches}>{(m) => <StoryClues clues={m.clues} />}</Loadable>
            </section>
            <section aria-labelledby="story-matches">
              <h2 id="story-matches">{t('story.matches')}</h2>
              <Loadable resource={matches}>{(m) => <Matches matches={m} />}</Loadable>
            </section>
          </>
        )}
      </Loadable>
    </div>
  );
}
