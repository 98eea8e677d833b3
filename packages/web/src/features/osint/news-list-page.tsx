/**
 * News stories: the stories grouped from the news followed, the most recently active first, with
 * how many outlets and independent origins carry each and whether their reports contradict;
 * further pages on request. Those who manage the news (mediators, monitors) may upload a saved
 * article here.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { OsintStoryPage, OsintStorySummary } from '@truceline/domain';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';

function StoryCard({ story }: { story: OsintStorySummary }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  return (
    <li className="card">
      <Link href={`/news/${story.id}`}>{story.label}</Link>{' '}
      {story.contradictionCount > 0 ? (
        <span className="badge badge-state" data-status="contradiction">
          {t('news.contradictions')}
        </span>
      ) : null}
      <p className="muted">
        {t('news.articles', { count: formatNumber(story.articleCount) })} ·{' '}
        {t('news.outlets', { count: formatNumber(story.outletCount) })} ·{' '}
        {t('news.origins', { count: formatNumber(story.originCount) })} ·{' '}
        <time dateTime={story.lastSeenAt}>{formatDateTime(story.lastSeenAt)}</time>
      </p>
    </li>
  );
}

function UploadArticle({ onUploaded }: { onUploaded: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [file, setFile] = useState<File | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [done, setDone] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    setDone('');
    try {
      const res = await api.uploadNewsArticle(file);
      setDone(
        res.created ? t('news.uploaded', { title: res.article.title }) : t('news.uploadDuplicate'),
      );
      onUploaded();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="news-upload">
      <h2 id="news-upload">{t('news.upload')}</h2>
      {problem ? <ProblemAlert error={problem} /> : null}
      <p>
        <label htmlFor="news-file">{t('news.uploadFile')}</label>
        <br />
        <input
          id="news-file"
          name="article"
          type="file"
          accept=".html,.htm,.txt,text/html,text/plain"
          aria-describedby="news-file-hint"
          onChange={(e) => setFile(e.target.files?.[0])}
        />
        <br />
        <span id="news-file-hint" className="muted">
          {t('news.uploadHint')}
        </span>
      </p>
      <button type="submit" className="button" disabled={!file || busy}>
        {busy ? t('common.loading') : t('news.uploadButton')}
      </button>
      <p role="status">{done}</p>
    </form>
  );
}

export function NewsListPage() {
  const api = useApi();
  const { t } = useI18n();
  const can = useCan();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  usePageTitle(t('news.heading'));
  const first = useResource(
    useCallback(
      (signal: AbortSignal) => api.request<OsintStoryPage>('GET', '/osint/stories', { signal }),
      [api],
    ),
  );
  // Further pages, appended as asked for; cleared when the first page loads again.
  const [more, setMore] = useState<{ items: OsintStorySummary[]; cursor: string | null }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreProblem, setMoreProblem] = useState<ApiError | undefined>();
  const reload = () => {
    setMore(undefined);
    first.reload();
  };
  const loadMore = async (cursor: string) => {
    setLoadingMore(true);
    setMoreProblem(undefined);
    try {
      const page = await api.request<OsintStoryPage>(
        'GET',
        `/osint/stories?cursor=${encodeURIComponent(cursor)}`,
      );
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setMoreProblem(error);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('news.heading')}
      </h1>
      <p>{t('news.intro')}</p>
      {can('osint.manage') ? <UploadArticle onUploaded={reload} /> : null}
      <Loadable resource={first}>
        {(page) => {
          const items = [...page.items, ...(more?.items ?? [])];
          const cursor = more ? more.cursor : page.nextCursor;
          return items.length === 0 ? (
            <p>{t('news.empty')}</p>
          ) : (
            <>
              <ul className="card-list" aria-label={t('news.heading')}>
                {items.map((s) => (
                  <StoryCard key={s.id} story={s} />
                ))}
              </ul>
              {moreProblem ? <ProblemAlert error={moreProblem} /> : null}
              {cursor ? (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={loadingMore}
                  onClick={() => void loadMore(cursor)}
                >
                  {t('news.more')}
                </button>
              ) : null}
            </>
          );
        }}
      </Loadable>
    </div>
  );
}
