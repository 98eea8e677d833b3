/**
 * The app shell: asks the server who is signed in, then routes the address to its page (wouter):
 * the sign-in page with the public record or the dashboard at `/`, the complaints, one complaint,
 * filing a complaint, the map and the news stories (each loaded only when opened), the inbox and
 * the log explorer. Losing the session on any call, at its expiry time, or when the tab comes back
 * into view, shows the sign-in page with a message in place, so signing in again returns to the
 * same page.
 */
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Route, Switch, useLocation } from 'wouter';
import type { SessionInfo } from '@truceline/domain';
import { ApiClient, ApiError } from './platform/api-client.ts';
import { ApiContext } from './platform/api-context.tsx';
import { I18nProvider, useI18n } from './platform/i18n/i18n.tsx';
import { SessionContext } from './platform/session-context.tsx';
import { ProblemAlert } from './platform/ui/problem-alert.tsx';
import { SignInPage, type SignInNotice } from './features/auth/sign-in-page.tsx';
import { DashboardPage } from './features/dashboard/dashboard-page.tsx';
import { AppFrame } from './features/layout/app-frame.tsx';
import { ComplaintPage } from './features/complaints/complaint-page.tsx';
import { ComplaintsListPage } from './features/complaints/complaints-list-page.tsx';
import { DirectoryProvider } from './features/complaints/directory.tsx';
import { FileComplaintPage } from './features/complaints/file-complaint-page.tsx';
import { InboxPage, InboxProvider } from './features/inbox/inbox.tsx';
import { LogExplorerPage } from './features/log/log-explorer-page.tsx';

// The map and its basemap are large: loaded only when the map is opened.
const MapPage = lazy(() => import('./features/map/map-page.tsx'));
// Commitments, crossings, intelligence and handovers: one chunk, loaded when first opened.
const mechanism = () => import('./features/mechanism-pages.ts');
const CommitmentsListPage = lazy(() =>
  mechanism().then((m) => ({ default: m.CommitmentsListPage })),
);
const CommitmentPage = lazy(() => mechanism().then((m) => ({ default: m.CommitmentPage })));
const NewCommitmentPage = lazy(() => mechanism().then((m) => ({ default: m.NewCommitmentPage })));
const PartyKeysPage = lazy(() => mechanism().then((m) => ({ default: m.PartyKeysPage })));
const TalkRoundPage = lazy(() => mechanism().then((m) => ({ default: m.TalkRoundPage })));
const CrossingsListPage = lazy(() => mechanism().then((m) => ({ default: m.CrossingsListPage })));
const CrossingPage = lazy(() => mechanism().then((m) => ({ default: m.CrossingPage })));
const IntelListPage = lazy(() => mechanism().then((m) => ({ default: m.IntelListPage })));
const IntelReportPage = lazy(() => mechanism().then((m) => ({ default: m.IntelReportPage })));
const ShareIntelPage = lazy(() => mechanism().then((m) => ({ default: m.ShareIntelPage })));
const HandoversListPage = lazy(() => mechanism().then((m) => ({ default: m.HandoversListPage })));
const HandoverPage = lazy(() => mechanism().then((m) => ({ default: m.HandoverPage })));
const RequestHandoverPage = lazy(() =>
  mechanism().then((m) => ({ default: m.RequestHandoverPage })),
);

// The news pages: their own chunk, loaded when first opened.
const news = () => import('./features/osint/news-pages.ts');
const NewsListPage = lazy(() => news().then((m) => ({ default: m.NewsListPage })));
const StoryPage = lazy(() => news().then((m) => ({ default: m.StoryPage })));

type AuthState =
  | { readonly status: 'checking' }
  | { readonly status: 'failed'; readonly error: ApiError }
  | {
      readonly status: 'signedOut';
      readonly notice: SignInNotice | undefined;
      /** False on the first page load; true after a change, so focus moves to the new page. */
      readonly moved: boolean;
    }
  | { readonly status: 'signedIn'; readonly session: SessionInfo; readonly moved: boolean };

// setTimeout fires at once for delays beyond 2^31-1 ms; longer sessions are re-checked sooner.
const MAX_TIMER_MS = 2_147_483_647;

export function App() {
  return (
    <I18nProvider>
      <Shell />
    </I18nProvider>
  );
}

function Shell() {
  const { t } = useI18n();
  const [auth, setAuth] = useState<AuthState>({ status: 'checking' });
  // Callbacks (the API client's session-lost handler, timers) read the latest state from here.
  const authRef = useRef(auth);
  useLayoutEffect(() => {
    authRef.current = auth;
  }, [auth]);

  const sessionLost = useCallback(() => {
    if (authRef.current.status === 'signedIn') {
      setAuth({ status: 'signedOut', notice: 'sessionExpired', moved: true });
    }
  }, []);
  const [api] = useState(() => new ApiClient({ onSessionLost: () => sessionLost() }));

  const check = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const result = await api.session(signal ? { signal } : {});
        if (signal?.aborted) return;
        const before = authRef.current;
        if (result.session) {
          setAuth({
            status: 'signedIn',
            session: result.session,
            moved: before.status === 'signedIn' ? before.moved : false,
          });
        } else if (before.status === 'signedIn' || result.code === 'session_expired') {
          setAuth({
            status: 'signedOut',
            notice: 'sessionExpired',
            moved: before.status !== 'checking',
          });
        } else if (before.status !== 'signedOut') {
          setAuth({ status: 'signedOut', notice: undefined, moved: false });
        }
      } catch (error) {
        if (signal?.aborted) return;
        if (error instanceof ApiError && authRef.current.status === 'checking') {
          setAuth({ status: 'failed', error });
        }
      }
    },
    [api],
  );

  // Who is signed in, on load.
  useEffect(() => {
    const controller = new AbortController();
    void check(controller.signal);
    return () => controller.abort();
  }, [check]);

  // Ask again when the session should have ended, and whenever the tab is shown again (the
  // server may have ended it meanwhile: idle timeout, signed out elsewhere, account disabled).
  const signedInUntil = auth.status === 'signedIn' ? auth.session.expiresAt : undefined;
  useEffect(() => {
    if (signedInUntil === undefined) return;
    const delay = Math.min(
      Math.max(0, Date.parse(signedInUntil) - Date.now()) + 1000,
      MAX_TIMER_MS,
    );
    const timer = window.setTimeout(() => void check(), delay);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void check();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [signedInUntil, check]);

  const [, navigate] = useLocation();
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // Whatever the server says (already expired, unreachable), this page forgets the session;
      // the cookie is HttpOnly and ends with the server-side session.
    }
    setAuth({ status: 'signedOut', notice: 'signedOut', moved: true });
    navigate('/');
  }, [api, navigate]);

  const session = auth.status === 'signedIn' ? auth.session : undefined;
  const signIn = (notice: SignInNotice | undefined, focus: boolean) => (
    <SignInPage
      notice={notice}
      focusOnMount={focus}
      onSignedIn={(s) => setAuth({ status: 'signedIn', session: s, moved: true })}
    />
  );
  let page;
  switch (auth.status) {
    case 'checking':
      page = (
        <p className="muted page-status" role="status">
          {t('common.loading')}
        </p>
      );
      break;
    case 'failed':
      page = (
        <div className="page-status">
          <ProblemAlert
            error={auth.error}
            action={
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setAuth({ status: 'checking' });
                  void check();
                }}
              >
                {t('common.retry')}
              </button>
            }
          />
        </div>
      );
      break;
    case 'signedOut':
    case 'signedIn': {
      const signedIn = auth.status === 'signedIn';
      // A session that ended while reading any page: sign in again right here.
      if (auth.status === 'signedOut' && auth.notice === 'sessionExpired') {
        page = signIn(auth.notice, auth.moved);
        break;
      }
      const membersOnly = (content: React.ReactNode) =>
        signedIn ? content : signIn(undefined, false);
      const lazyPage = (content: React.ReactNode) => (
        <Suspense
          fallback={
            <p className="muted page-status" role="status">
              {t('common.loading')}
            </p>
          }
        >
          {content}
        </Suspense>
      );
      page = (
        <Switch>
          <Route path="/">
            {auth.status === 'signedIn' ? (
              <DashboardPage session={auth.session} focusOnMount={auth.moved} />
            ) : (
              signIn(auth.notice, auth.moved)
            )}
          </Route>
          <Route path="/complaints">
            <ComplaintsListPage />
          </Route>
          <Route path="/complaints/new">
            {membersOnly(
              session?.capabilities.includes('complaint.create') ? (
                <FileComplaintPage />
              ) : (
                <NotAllowed />
              ),
            )}
          </Route>
          <Route path="/complaints/:id">
            {(params) => <ComplaintPage key={params.id} id={params.id} />}
          </Route>
          <Route path="/map">{lazyPage(<MapPage />)}</Route>
          <Route path="/commitments">{lazyPage(<CommitmentsListPage />)}</Route>
          <Route path="/commitments/new">
            {membersOnly(
              session?.capabilities.includes('commitment.create') ? (
                lazyPage(<NewCommitmentPage />)
              ) : (
                <NotAllowed />
              ),
            )}
          </Route>
          <Route path="/party-keys">{lazyPage(<PartyKeysPage />)}</Route>
          <Route path="/commitments/:id">
            {(params) => lazyPage(<CommitmentPage key={params.id} id={params.id} />)}
          </Route>
          <Route path="/talks/:id">
            {(params) => lazyPage(<TalkRoundPage key={params.id} id={params.id} />)}
          </Route>
          <Route path="/crossings">{lazyPage(<CrossingsListPage />)}</Route>
          <Route path="/crossings/:id">
            {(params) => lazyPage(<CrossingPage key={params.id} id={params.id} />)}
          </Route>
          <Route path="/intel">{membersOnly(lazyPage(<IntelListPage />))}</Route>
          <Route path="/intel/new">
            {membersOnly(
              session?.capabilities.includes('intel.share') ? (
                lazyPage(<ShareIntelPage />)
              ) : (
                <NotAllowed />
              ),
            )}
          </Route>
          <Route path="/intel/:id">
            {(params) => membersOnly(lazyPage(<IntelReportPage key={params.id} id={params.id} />))}
          </Route>
          <Route path="/handovers">{membersOnly(lazyPage(<HandoversListPage />))}</Route>
          <Route path="/handovers/new">
            {membersOnly(
              session?.capabilities.includes('handover.manage') ? (
                lazyPage(<RequestHandoverPage />)
              ) : (
                <NotAllowed />
              ),
            )}
          </Route>
          <Route path="/handovers/:id">
            {(params) => membersOnly(lazyPage(<HandoverPage key={params.id} id={params.id} />))}
          </Route>
          <Route path="/news">
            {membersOnly(
              session?.capabilities.includes('osint.read') ? (
                lazyPage(<NewsListPage />)
              ) : (
                <NotAllowed />
              ),
            )}
          </Route>
          <Route path="/news/:id">
            {(params) =>
              membersOnly(
                session?.capabilities.includes('osint.read') ? (
                  lazyPage(<StoryPage key={params.id} id={params.id} />)
                ) : (
                  <NotAllowed />
                ),
              )
            }
          </Route>
          <Route path="/inbox">{membersOnly(<InboxPage />)}</Route>
          <Route path="/log">
            {!session || session.capabilities.includes('log.read') ? (
              <LogExplorerPage />
            ) : (
              <NotAllowed />
            )}
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      );
      break;
    }
  }

  return (
    <ApiContext value={api}>
      <SessionContext value={session}>
        <DirectoryProvider>
          <InboxProvider>
            <AppFrame session={session} onSignOut={() => void signOut()}>
              {page}
            </AppFrame>
          </InboxProvider>
        </DirectoryProvider>
      </SessionContext>
    </ApiContext>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page-status">
      <h1 className="page-title">{t('page.notFound')}</h1>
      <p>{t('page.notFoundBody')}</p>
    </div>
  );
}

function NotAllowed() {
  const { t } = useI18n();
  return (
    <div className="page-status">
      <h1 className="page-title">{t('page.notAllowed')}</h1>
      <p>{t('error.forbidden')}</p>
    </div>
  );
}
