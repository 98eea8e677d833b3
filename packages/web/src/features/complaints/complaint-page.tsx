/**
 * One complaint as the reader may see it: reference, state, the allegation beside the reply, the
 * reply deadline (relative and absolute, for both sides), evidence with previews, hashes and
 * custody, the investigation, the finding with each mediator's sign-off or dissent, the timeline of
 * transitions (who, when, why), whether the record is in the transparency log as shown, and the
 * forms for exactly the commands the server allows this reader now.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { categoryById, type ComplaintDetail, type EvidenceItem } from '@truceline/domain';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan, useSession } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { LogBadge, LogVerificationProvider } from '../log/log-verification.tsx';
import { ComplaintActions } from './complaint-actions.tsx';
import { provisionNumbers, useDirectory } from './directory.tsx';
import { EvidenceForms } from './evidence-forms.tsx';
import { EvidenceList } from './evidence-section.tsx';
import { OrganisationName } from './filters-form.tsx';
import { label, StateBadge, VisibilityBadge } from './labels.tsx';

type Loaded = {
  readonly detail: ComplaintDetail;
  readonly evidence: readonly EvidenceItem[];
  readonly evidenceError: ApiError | undefined;
};

type PageState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: ApiError }
  | ({ readonly status: 'ok' } & Loaded);

export function ComplaintPage({ id }: { id: string }) {
  const api = useApi();
  const { t } = useI18n();
  const session = useSession();
  const [state, setState] = useState<PageState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [reloading, setReloading] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);
  const userId = session?.user.id;
  usePageTitle(
    state.status === 'ok'
      ? `${state.detail.complaint.reference}: ${state.detail.complaint.title}`
      : t('complaint.reference'),
  );

  const load = useCallback(
    async (signal?: AbortSignal): Promise<Loaded> => {
      void userId; // what the reader may see depends on who it is
      const detail = await api.complaint(id, signal);
      try {
        const evidence = await api.evidenceOf(id, signal);
        return { detail, evidence: evidence.items, evidenceError: undefined };
      } catch (error) {
        if (error instanceof ApiError) return { detail, evidence: [], evidenceError: error };
        throw error;
      }
    },
    [api, id, userId],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (loaded) => {
        if (!controller.signal.aborted) setState({ status: 'ok', ...loaded });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && error instanceof ApiError)
          setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [load, attempt]);

  useEffect(() => {
    if (state.status === 'ok' && !focused.current) {
      focused.current = true;
      headingRef.current?.focus();
    }
  }, [state.status]);

  /** Loads again in place, keeping every form's content (after a conflict, an upload). */
  const refresh = useCallback(async () => {
    setReloading(true);
    try {
      const loaded = await load();
      setState({ status: 'ok', ...loaded });
    } catch (error) {
      if (error instanceof ApiError)
        setState((s) => (s.status === 'ok' ? s : { status: 'error', error }));
    } finally {
      setReloading(false);
    }
  }, [load]);

  if (state.status === 'loading') {
    return (
      <p className="muted page-status" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="page-status">
        <h1 className="page-title">{t('complaint.notFoundTitle')}</h1>
        <ProblemAlert
          error={state.error}
          action={
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setState({ status: 'loading' });
                setAttempt((n) => n + 1);
              }}
            >
              {t('common.retry')}
            </button>
          }
        />
        <p>
          <Link href="/complaints">{t('complaint.backToList')}</Link>
        </p>
      </div>
    );
  }

  const { detail, evidence, evidenceError } = state;
  return (
    <ComplaintView
      detail={detail}
      evidence={evidence}
      evidenceError={evidenceError}
      headingRef={headingRef}
      reloading={reloading}
      onChange={(next) => {
        setState({ ...state, detail: next });
        void refresh();
      }}
      onReload={() => void refresh()}
      onEvidenceAdded={() => void refresh()}
    />
  );
}

function ComplaintView({
  detail,
  evidence,
  evidenceError,
  headingRef,
  reloading,
  onChange,
  onReload,
  onEvidenceAdded,
}: {
  detail: ComplaintDetail;
  evidence: readonly EvidenceItem[];
  evidenceError: ApiError | undefined;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  reloading: boolean;
  onChange(detail: ComplaintDetail): void;
  onReload(): void;
  onEvidenceAdded(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const can = useCan();
  const c = detail.complaint;
  return (
    <article className="page complaint-page" aria-labelledby="complaint-title">
      <p className="breadcrumbs">
        <Link href="/complaints">{t('complaint.backToList')}</Link>
      </p>
      <header className="complaint-head">
        <p className="complaint-reference">
          <span className="label">{t('complaint.reference')}</span>{' '}
          <span dir="ltr" data-testid="reference">
            {c.reference}
          </span>
        </p>
        <h1 id="complaint-title" ref={headingRef} tabIndex={-1} className="page-title">
          <ServerText text={c.title} />
        </h1>
        <p className="complaint-badges">
          <StateBadge state={c.state} /> <VisibilityBadge visibility={c.visibility} />
          {c.demo ? <span className="badge badge-demo">{t('common.demo')}</span> : null}
          {reloading ? (
            <span className="meta" role="status">
              {' '}
              {t('common.refreshing')}
            </span>
          ) : null}
        </p>
        {/* A new source per version, so each change is checked against a fresh checkpoint. */}
        <LogVerificationProvider key={`${c.id}@${c.version}`}>
          <LogBadge type="complaint" id={c.id} record={c} />
        </LogVerificationProvider>
        <Deadline detail={detail} />
      </header>

      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t('complaint.facts')}</h2>
        <Facts detail={detail} />
      </section>

      <div className="side-by-side">
        <section className="card allegation" aria-labelledby="allegation-heading">
          <h2 id="allegation-heading">{t('complaint.allegation')}</h2>
          <p className="meta">
            {t('complaint.filedBy')} <OrganisationName id={c.filer.organisationId} />
          </p>
          <p className="narrative" lang={c.narrative.language} dir="auto">
            {c.narrative.text}
          </p>
        </section>
        <section className="card reply" aria-labelledby="reply-heading">
          <h2 id="reply-heading">{t('complaint.reply')}</h2>
          {detail.reply ? (
            <>
              <p className="meta">
                <OrganisationName id={detail.reply.organisationId} /> ·{' '}
                <time dateTime={detail.reply.submittedAt}>
                  {i18n.formatDateTime(detail.reply.submittedAt)}
                </time>
              </p>
              <p className="narrative" lang={detail.reply.language} dir="auto">
                {detail.reply.text}
              </p>
            </>
          ) : (
            <p className="muted">
              {c.state === 'reply_overdue'
                ? t('complaint.noReplyOverdue')
                : c.replyDueAt
                  ? t('complaint.noReplyYet')
                  : t('complaint.noReplyWindow')}
            </p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">{t('evidence.heading')}</h2>
        {evidenceError ? <ProblemAlert error={evidenceError} /> : <EvidenceList items={evidence} />}
        {can('evidence.add') && c.state !== 'merged' && c.state !== 'withdrawn' ? (
          <EvidenceForms complaintId={c.id} onAdded={onEvidenceAdded} />
        ) : null}
      </section>

      {detail.investigation ? <Investigation detail={detail} /> : null}
      {detail.finding ? <Finding detail={detail} /> : null}

      <ComplaintActions
        detail={detail}
        evidence={evidence}
        onChange={onChange}
        onReload={onReload}
      />

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('complaint.timeline')}</h2>
        <Timeline detail={detail} />
      </section>
    </article>
  );
}

/** The reply deadline, shown to both sides: relative ("in 9 days") and absolute, with time zone. */
function Deadline({ detail }: { detail: ComplaintDetail }) {
  const { t, formatRelative, formatDateTimeLong } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  const due = detail.complaint.replyDueAt;
  const state = detail.complaint.state;
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  if (!due || (state !== 'awaiting_reply' && state !== 'reply_overdue')) return null;
  const past = Date.parse(due) <= now;
  return (
    <p className={past ? 'alert alert-error deadline' : 'alert alert-info deadline'}>
      <span className="label">{t('complaint.replyDue')}</span>{' '}
      <strong>{formatRelative(due, now)}</strong>{' '}
      <time dateTime={due}>({formatDateTimeLong(due)})</time>
    </p>
  );
}

function Facts({ detail }: { detail: ComplaintDetail }) {
  const i18n = useI18n();
  const { t, formatDateTime, formatNumber } = i18n;
  const directory = useDirectory();
  const c = detail.complaint;
  const category = categoryById(c.category);
  const agreement = directory.agreements.find((a) => a.id === c.agreementId);
  const provisions = agreement?.provisions.filter((p) => c.provisionIds.includes(p.id)) ?? [];
  const w = c.where;
  return (
    <>
      <dl className="facts facts-grid">
        <div>
          <dt>{t('complaint.category')}</dt>
          <dd>
            {label(i18n, 'category', c.category)}{' '}
            <span className="muted">({label(i18n, 'categoryKind', category.kind)})</span>
          </dd>
        </div>
        <div>
          <dt>{t('complaint.when')}</dt>
          <dd>
            <time dateTime={c.when.from}>{formatDateTime(c.when.from)}</time>
            {c.when.to !== c.when.from ? (
              <>
                {' – '}
                <time dateTime={c.when.to}>{formatDateTime(c.when.to)}</time>
              </>
            ) : null}{' '}
            <span className="muted">({label(i18n, 'timePrecision', c.when.precision)})</span>
          </dd>
        </div>
        <div>
          <dt>{t('complaint.where')}</dt>
          <dd>
            {w.placeName ? <ServerText text={w.placeName} /> : null}
            {w.district || w.province ? (
              <span className="muted">
                {' '}
                ({[w.district, w.province].filter(Boolean).join(', ')})
              </span>
            ) : null}{' '}
            <span dir="ltr" className="coords">
              {w.latitude.toFixed(4)}, {w.longitude.toFixed(4)}
            </span>{' '}
            <span className="muted">
              ({label(i18n, 'locationPrecision', w.precision)}
              {w.radiusKm ? `, ${t('complaint.radius', { km: formatNumber(w.radiusKm) })}` : ''})
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('complaint.accused')}</dt>
          <dd>
            {c.accused.organisationId ? <OrganisationName id={c.accused.organisationId} /> : null}
            {c.accused.organisationId && c.accused.group ? ' · ' : null}
            {c.accused.group ? <ServerText text={c.accused.group} /> : null}
            {!c.accused.organisationId && !c.accused.group ? t('common.none') : null}
          </dd>
        </div>
        <div>
          <dt>{t('complaint.filed')}</dt>
          <dd>
            <time dateTime={c.filedAt}>{formatDateTime(c.filedAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('complaint.visibility')}</dt>
          <dd>{label(i18n, 'visibility', c.visibility)}</dd>
        </div>
      </dl>
      <h3 className="subheading">{t('complaint.provisions')}</h3>
      {provisions.length > 0 ? (
        <ul className="provisions">
          {provisions.map((p) => (
            <li key={p.id}>
              <span className="provision-number">{p.number}</span>
              <ServerText text={p.text} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{provisionNumbers(directory, c.provisionIds).join(', ')}</p>
      )}
      <h3 className="subheading">{t('complaint.casualties')}</h3>
      {c.casualties.length === 0 ? (
        <p className="muted">{t('complaint.noCasualties')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('casualty.status')}</th>
                <th scope="col">{t('casualty.killed')}</th>
                <th scope="col">{t('casualty.injured')}</th>
                <th scope="col">{t('casualty.reportedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {c.casualties.map((row, i) => (
                <tr key={i}>
                  <td>{label(i18n, 'casualty', row.status)}</td>
                  <td>{formatNumber(row.killed)}</td>
                  <td>{formatNumber(row.injured)}</td>
                  <td>
                    <ServerText text={row.reportedBy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Investigation({ detail }: { detail: ComplaintDetail }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const session = useSession();
  const inv = detail.investigation;
  if (!inv) return null;
  const includesMe = session ? inv.teamUserIds.includes(session.user.id) : false;
  return (
    <section className="card" aria-labelledby="investigation-heading">
      <h2 id="investigation-heading">{t('investigation.heading')}</h2>
      <p className="meta">
        {t('investigation.tasked', { date: formatDateTime(inv.taskedAt) })} ·{' '}
        {t('investigation.teamSize', { count: formatNumber(inv.teamUserIds.length) })}
        {includesMe ? ` · ${t('investigation.includesYou')}` : ''}
      </p>
      <h3 className="subheading">{t('command.instructions')}</h3>
      <p className="narrative" dir="auto">
        {inv.instructions}
      </p>
      <h3 className="subheading">{t('investigation.report')}</h3>
      {inv.report ? (
        <>
          {inv.reportedAt ? (
            <p className="meta">
              <time dateTime={inv.reportedAt}>{formatDateTime(inv.reportedAt)}</time>
            </p>
          ) : null}
          <p className="narrative" dir="auto">
            {inv.report}
          </p>
        </>
      ) : (
        <p className="muted">{t('investigation.noReport')}</p>
      )}
    </section>
  );
}

function Finding({ detail }: { detail: ComplaintDetail }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const directory = useDirectory();
  const f = detail.finding;
  if (!f) return null;
  const agreement = directory.agreements.find((a) => a.id === detail.complaint.agreementId);
  const mediators = agreement?.parties.filter((p) => p.capacity === 'mediator') ?? [];
  const current = detail.reviews.filter((r) => r.draftVersion === f.draftVersion);
  const reviewers = [
    ...mediators.map((m) => m.organisationId),
    ...current
      .map((r) => r.organisationId)
      .filter((id) => !mediators.some((m) => m.organisationId === id)),
  ];
  return (
    <section className="card finding" aria-labelledby="finding-heading">
      <h2 id="finding-heading">{t('finding.heading')}</h2>
      <p className="meta">
        {f.issuedAt
          ? t('finding.issuedAt', { date: formatDateTime(f.issuedAt) })
          : t('finding.draft', { version: String(f.draftVersion) })}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('finding.outcome')}</dt>
          <dd>{label(i18n, 'outcome', f.outcome)}</dd>
        </div>
        {f.attributedOrganisationId || f.attributedGroup ? (
          <div>
            <dt>{t('finding.attributedTo')}</dt>
            <dd>
              {f.attributedOrganisationId ? (
                <OrganisationName id={f.attributedOrganisationId} />
              ) : null}
              {f.attributedOrganisationId && f.attributedGroup ? ' · ' : null}
              {f.attributedGroup ? <ServerText text={f.attributedGroup} /> : null}
            </dd>
          </div>
        ) : null}
        {f.confidence ? (
          <div>
            <dt>{t('finding.confidence')}</dt>
            <dd>{label(i18n, 'confidence', f.confidence)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('finding.provisions')}</dt>
          <dd>{provisionNumbers(directory, f.provisionIds).join(', ') || t('common.none')}</dd>
        </div>
      </dl>
      <h3 className="subheading">{t('finding.summary')}</h3>
      <p className="narrative" dir="auto">
        {f.summary}
      </p>
      {f.penalty ? (
        <>
          <h3 className="subheading">{t('finding.penalty')}</h3>
          <p className="narrative" dir="auto">
            {f.penalty}
          </p>
        </>
      ) : null}
      <h3 className="subheading">{t('finding.reviews')}</h3>
      <ul className="plain-list reviews">
        {reviewers.map((orgId) => {
          const review = current.find((r) => r.organisationId === orgId);
          return (
            <li key={orgId} className="review" data-verdict={review?.verdict ?? 'pending'}>
              <strong>
                <OrganisationName id={orgId} />
              </strong>
              {': '}
              {review ? (
                <>
                  <span
                    className={`badge badge-${review.verdict === 'sign_off' ? 'decided' : 'ended'}`}
                  >
                    {label(i18n, 'verdict', review.verdict)}
                  </span>{' '}
                  <time dateTime={review.at} className="meta">
                    {formatDateTime(review.at)}
                  </time>
                  {review.note ? (
                    <span className="review-note" dir="auto">
                      {' '}
                      “{review.note}”
                    </span>
                  ) : null}
                </>
              ) : (
                <span className="muted">{t('finding.awaitingReview')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Timeline({ detail }: { detail: ComplaintDetail }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const session = useSession();
  return (
    <ol className="timeline transitions">
      {detail.transitions.map((tr) => (
        <li key={tr.version} className="timeline-item">
          <p className="timeline-title">
            <strong>
              {tr.command === 'file' ? t('command.file') : label(i18n, 'command', tr.command)}
            </strong>{' '}
            {tr.fromState ? (
              <span className="meta">
                {label(i18n, 'state', tr.fromState)} → {label(i18n, 'state', tr.toState)}
              </span>
            ) : (
              <span className="meta">→ {label(i18n, 'state', tr.toState)}</span>
            )}
          </p>
          <p className="meta">
            <time dateTime={tr.at}>{formatDateTime(tr.at)}</time> ·{' '}
            {tr.actorUserId && tr.actorUserId === session?.user.id ? (
              t('common.you')
            ) : tr.actorOrganisationId ? (
              <OrganisationName id={tr.actorOrganisationId} />
            ) : (
              t('timeline.system')
            )}
          </p>
          {tr.reason ? (
            <p className="timeline-reason" dir="auto">
              {tr.reason}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
