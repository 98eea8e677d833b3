/**
 * The complaints the reader may see, newest first, with the search filters in the address bar and
 * cursor paging ("Show more"). The server applies the visibility rule; this page shows its answer.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import type { Complaint } from '@truceline/domain';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { FiltersForm } from './filters-form.tsx';
import { filtersToQuery, filtersToSearch, hasFilters, parseFilters } from './filters.ts';
import { label, StateBadge } from './labels.tsx';

const PAGE_SIZE = 25;

type ListState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: ApiError }
  | {
      readonly status: 'ok';
      readonly items: readonly Complaint[];
      readonly nextCursor: string | null;
      readonly more: 'idle' | 'loading' | ApiError;
    };

export function ComplaintsListPage() {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatDate, formatNumber } = i18n;
  const can = useCan();
  const [searchParams, setSearchParams] = useSearchParams();
  const key = searchParams.toString();
  const filters = useMemo(() => parseFilters(new URLSearchParams(key)), [key]);
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('complaints.heading'));

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    api.searchComplaints({ ...filtersToQuery(filters), limit: PAGE_SIZE }, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted)
          setState({ status: 'ok', items: page.items, nextCursor: page.nextCursor, more: 'idle' });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [api, filters, attempt]);

  const more = useCallback(async () => {
    if (state.status !== 'ok' || !state.nextCursor || state.more === 'loading') return;
    const before = state;
    setState({ ...before, more: 'loading' });
    try {
      const page = await api.searchComplaints({
        ...filtersToQuery(filters),
        limit: PAGE_SIZE,
        ...(before.nextCursor ? { cursor: before.nextCursor } : {}),
      });
      setState({
        status: 'ok',
        items: [...before.items, ...page.items],
        nextCursor: page.nextCursor,
        more: 'idle',
      });
    } catch (error) {
      if (error instanceof ApiError) setState({ ...before, more: error });
    }
  }, [api, filters, state]);

  return (
    <div className="page complaints-page">
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1} className="page-title">
          {t('complaints.heading')}
        </h1>
        {can('complaint.create') ? (
          <Link href="/complaints/new" className="button button-primary">
            {t('nav.file')}
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="filters-heading">
        <h2 id="filters-heading">{t('filters.heading')}</h2>
        <FiltersForm
          filters={filters}
          headingId="filters-heading"
          onApply={(next) => setSearchParams(filtersToSearch(next))}
        />
        <p className="meta">
          <Link className="target-link" href={`/map${key ? `?${key}` : ''}`}>
            {t('complaints.showOnMap')}
          </Link>
        </p>
      </section>
      <section
        className="card"
        aria-labelledby="results-heading"
        aria-busy={state.status === 'loading'}
      >
        <h2 id="results-heading">{t('complaints.results')}</h2>
        {state.status === 'loading' ? (
          <p className="muted" role="status">
            {t('common.loading')}
          </p>
        ) : state.status === 'error' ? (
          <ProblemAlert
            error={state.error}
            action={
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setAttempt((n) => n + 1)}
              >
                {t('common.retry')}
              </button>
            }
          />
        ) : state.items.length === 0 ? (
          <p className="muted" role="status">
            {hasFilters(filters) ? t('complaints.noneMatching') : t('complaints.none')}
          </p>
        ) : (
          <>
            <p className="meta" role="status">
              {t('complaints.shown', { count: formatNumber(state.items.length) })}
            </p>
            <div className="table-scroll">
              <table className="complaints-table">
                <thead>
                  <tr>
                    <th scope="col">{t('complaint.reference')}</th>
                    <th scope="col">{t('complaint.title')}</th>
                    <th scope="col">{t('complaint.state')}</th>
                    <th scope="col">{t('complaint.category')}</th>
                    <th scope="col">{t('complaint.where')}</th>
                    <th scope="col">{t('complaint.when')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.items.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <span dir="ltr">{c.reference}</span>
                      </td>
                      <td>
                        <Link href={`/complaints/${c.id}`}>
                          <ServerText text={c.title} />
                        </Link>
                      </td>
                      <td>
                        <StateBadge state={c.state} />
                      </td>
                      <td>{label(i18n, 'category', c.category)}</td>
                      <td>
                        {c.where.placeName ? (
                          <ServerText text={c.where.placeName} />
                        ) : (
                          <span dir="ltr">
                            {c.where.latitude.toFixed(3)}, {c.where.longitude.toFixed(3)}
                          </span>
                        )}
                      </td>
                      <td>
                        <time dateTime={c.when.from}>{formatDate(c.when.from.slice(0, 10))}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {state.more instanceof ApiError ? <ProblemAlert error={state.more} /> : null}
            {state.nextCursor ? (
              <button
                type="button"
                className="button button-secondary more-button"
                aria-disabled={state.more === 'loading'}
                onClick={() => void more()}
              >
                {state.more === 'loading' ? t('common.loading') : t('complaints.more')}
              </button>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
