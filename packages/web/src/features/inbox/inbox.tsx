/**
 * The signed-in user's notifications: an unread count in the frame (checked every minute and on
 * every page change) and the inbox page, where each one links to its complaint and can be marked
 * read.
 */
import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, type Inbox, type InboxItem } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { label, StateBadge } from '../complaints/labels.tsx';

interface InboxState {
  readonly inbox: Inbox | undefined;
  readonly error: ApiError | undefined;
  reload(): void;
  markRead(ids: readonly string[] | 'all'): Promise<void>;
}

const InboxContext = createContext<InboxState | undefined>(undefined);
const POLL_MS = 60_000;

export function InboxProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const can = useCan();
  const enabled = can('notification.own.read');
  const [inbox, setInbox] = useState<Inbox | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [location] = useLocation();
  const controllerRef = useRef<AbortController | undefined>(undefined);

  const reload = useCallback(() => {
    if (!enabled) return;
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    api.inbox(controller.signal).then(
      (next) => {
        setInbox(next);
        setError(undefined);
      },
      (e: unknown) => {
        if (!controller.signal.aborted && e instanceof ApiError) setError(e);
      },
    );
  }, [api, enabled]);

  useEffect(() => {
    reload();
  }, [reload, location]);

  useEffect(() => {
    if (!enabled) return;
    const timer = window.setInterval(reload, POLL_MS);
    return () => {
      window.clearInterval(timer);
      controllerRef.current?.abort();
    };
  }, [enabled, reload]);

  const markRead = useCallback(
    async (ids: readonly string[] | 'all') => {
      await api.markRead(ids);
      reload();
    },
    [api, reload],
  );

  const value = useMemo(
    () => ({ inbox: enabled ? inbox : undefined, error, reload, markRead }),
    [enabled, inbox, error, reload, markRead],
  );
  return <InboxContext value={value}>{children}</InboxContext>;
}

export function useInbox(): InboxState | undefined {
  return use(InboxContext);
}

function eventText(i18n: ReturnType<typeof useI18n>, item: InboxItem): string {
  return label(i18n, 'event', item.event);
}

export function InboxPage() {
  const i18n = useI18n();
  const { t, formatDateTime, formatNumber } = i18n;
  const state = useInbox();
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('inbox.heading'));
  const [problem, setProblem] = useState<ApiError | undefined>();
  useEffect(() => headingRef.current?.focus(), []);

  const mark = async (ids: readonly string[] | 'all') => {
    setProblem(undefined);
    try {
      await state?.markRead(ids);
    } catch (error) {
      if (error instanceof ApiError) setProblem(error);
      else throw error;
    }
  };

  const inbox = state?.inbox;
  return (
    <div className="page inbox-page">
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1} className="page-title">
          {t('inbox.heading')}
        </h1>
        {inbox && inbox.unread > 0 ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void mark('all')}
          >
            {t('inbox.markAllRead')}
          </button>
        ) : null}
      </div>
      {problem ? <ProblemAlert error={problem} /> : null}
      {state?.error ? <ProblemAlert error={state.error} /> : null}
      {!inbox ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : (
        <section className="card" aria-labelledby="inbox-list-heading">
          <h2 id="inbox-list-heading">
            {t('inbox.unreadCount', { count: formatNumber(inbox.unread) })}
          </h2>
          {inbox.items.length === 0 ? (
            <p className="muted">{t('inbox.none')}</p>
          ) : (
            <ul className="plain-list inbox-list">
              {inbox.items.map((item) => {
                const reference = item.params['reference'];
                const title = item.params['title'];
                const state = item.params['state'];
                return (
                  <li
                    key={item.id}
                    className={item.readAt ? 'inbox-item' : 'inbox-item inbox-unread'}
                    data-unread={item.readAt ? undefined : 'true'}
                  >
                    <div>
                      <p className="inbox-event">
                        {item.readAt ? null : (
                          <span className="badge badge-unread">{t('inbox.new')}</span>
                        )}{' '}
                        <strong>{eventText(i18n, item)}</strong>
                        {typeof state === 'string' ? (
                          <>
                            {' '}
                            <StateBadge state={state} />
                          </>
                        ) : null}
                      </p>
                      {item.complaintId ? (
                        <p>
                          <Link href={`/complaints/${item.complaintId}`}>
                            {typeof reference === 'string' ? (
                              <span dir="ltr">{reference}</span>
                            ) : null}
                            {typeof reference === 'string' && typeof title === 'string'
                              ? ': '
                              : null}
                            {typeof title === 'string' ? <ServerText text={title} /> : null}
                          </Link>
                        </p>
                      ) : null}
                      <p className="meta">
                        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                        {typeof item.params['replyDueAt'] === 'string' ? (
                          <>
                            {' · '}
                            {t('inbox.replyDue', {
                              date: formatDateTime(item.params['replyDueAt']),
                            })}
                          </>
                        ) : null}
                      </p>
                    </div>
                    {item.readAt ? null : (
                      <button
                        type="button"
                        className="button button-secondary"
                        onClick={() => void mark([item.id])}
                      >
                        {t('inbox.markRead')}
                        <span className="visually-hidden">
                          : {eventText(i18n, item)}
                          {typeof reference === 'string' ? ` ${reference}` : ''}
                        </span>
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
