/** The user's live sessions, with a way to end the ones on other devices. */
import { useCallback, useState } from 'react';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { useResource } from '../../platform/use-resource.ts';

export function SessionsPanel({ canRevoke }: { canRevoke: boolean }) {
  const api = useApi();
  const { t, formatDateTime } = useI18n();
  const sessions = useResource(useCallback((s: AbortSignal) => api.mySessions(s), [api]));
  const [problem, setProblem] = useState<ApiError | undefined>();

  async function revoke(id: string) {
    setProblem(undefined);
    try {
      await api.revokeSession(id);
      sessions.reload();
    } catch (error) {
      if (error instanceof ApiError) setProblem(error);
      else throw error;
    }
  }

  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('sessions.heading')}</h2>
      {problem ? <ProblemAlert error={problem} /> : null}
      <Loadable resource={sessions}>
        {(page) => (
          <ul className="plain-list">
            {page.items.map((s) => (
              <li key={s.id} className="session-row">
                <span>
                  {s.current ? (
                    <strong>{t('sessions.current')}</strong>
                  ) : (
                    <ServerText text={s.userAgent ?? '—'} />
                  )}{' '}
                  <span className="muted">
                    {t('sessions.lastSeen', { date: formatDateTime(s.lastSeenAt) })}
                  </span>
                </span>
                {s.current || !canRevoke ? null : (
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => void revoke(s.id)}
                  >
                    {t('sessions.revoke')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loadable>
    </section>
  );
}
