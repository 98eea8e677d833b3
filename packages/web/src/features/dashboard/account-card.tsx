/** Who is signed in: name, role, organisation and when the session ends. */
import type { SessionInfo } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';

export function AccountCard({ session }: { session: SessionInfo }) {
  const { t, formatDateTime } = useI18n();
  const { user, organisation } = session;
  return (
    <section className="card account-card" aria-labelledby="account-heading">
      <h2 id="account-heading">{t('account.heading')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('account.name')}</dt>
          <dd>
            <ServerText text={user.displayName} />
          </dd>
        </div>
        <div>
          <dt>{t('account.role')}</dt>
          <dd data-role={user.role}>{t(`role.${user.role}`)}</dd>
        </div>
        <div>
          <dt>{t('account.organisation')}</dt>
          <dd>
            <ServerText text={organisation.name} />{' '}
            <span className="muted">
              ({organisation.shortName}, {t(`organisationKind.${organisation.kind}`)})
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('account.id')}</dt>
          <dd>
            <code dir="ltr" className="account-id">
              {user.id}
            </code>
          </dd>
        </div>
        {session.csrfToken !== '' ? (
          <div>
            <dt>{t('account.sessionEnds')}</dt>
            <dd>
              <time dateTime={session.expiresAt}>{formatDateTime(session.expiresAt)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
