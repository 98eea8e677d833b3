/**
 * The frame around every page: a skip link, the banner with the language switcher and the
 * account controls, the main region, and the footer.
 */
import type { ReactNode } from 'react';
import type { SessionInfo } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { LanguageSwitcher } from './language-switcher.tsx';

export function AppFrame({
  session,
  onSignOut,
  children,
}: {
  session: SessionInfo | undefined;
  onSignOut(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className="site-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="header-tools">
          <LanguageSwitcher />
          {session ? (
            <div className="account-menu" role="group" aria-label={t('a11y.accountArea')}>
              <ServerText text={session.user.displayName} className="account-name" />
              {session.capabilities.includes('session.own.revoke') ? (
                <button type="button" className="button button-secondary" onClick={onSignOut}>
                  {t('signOut.button')}
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('footer.licence')}</p>
      </footer>
    </>
  );
}
