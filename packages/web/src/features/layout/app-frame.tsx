/**
 * The frame around every page: a skip link, the banner with the main navigation, the language
 * switcher and the account controls, the main region, and the footer. Links appear according to
 * the session's capabilities (the server's verdicts); the inbox link carries the unread count.
 */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { SessionInfo } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { useInbox } from '../inbox/inbox.tsx';
import { LanguageSwitcher } from './language-switcher.tsx';

function NavLink({
  href,
  children,
  exact,
}: {
  href: string;
  children: ReactNode;
  exact?: boolean;
}) {
  const [location] = useLocation();
  const current = exact
    ? location === href
    : location === href ||
      (location.startsWith(`${href}/`) && !location.startsWith('/complaints/new'));
  return (
    <Link href={href} className="nav-link" aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

export function AppFrame({
  session,
  onSignOut,
  children,
}: {
  session: SessionInfo | undefined;
  onSignOut(): void;
  children: ReactNode;
}) {
  const { t, formatNumber } = useI18n();
  const inbox = useInbox();
  const can = (action: SessionInfo['capabilities'][number]) =>
    session?.capabilities.includes(action) ?? false;
  const unread = inbox?.inbox?.unread ?? 0;
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
        <nav className="main-nav" aria-label={t('nav.label')}>
          <ul>
            <li>
              <NavLink href="/" exact>
                {session ? t('nav.dashboard') : t('nav.publicRecord')}
              </NavLink>
            </li>
            {can('complaint.read') || !session ? (
              <li>
                <NavLink href="/complaints">{t('nav.complaints')}</NavLink>
              </li>
            ) : null}
            {can('complaint.create') ? (
              <li>
                <NavLink href="/complaints/new" exact>
                  {t('nav.file')}
                </NavLink>
              </li>
            ) : null}
            {can('complaint.read') || !session ? (
              <li>
                <NavLink href="/map">{t('nav.map')}</NavLink>
              </li>
            ) : null}
            {can('commitment.read') || !session ? (
              <li>
                <NavLink href="/commitments">{t('nav.commitments')}</NavLink>
              </li>
            ) : null}
            {can('crossing.read') || !session ? (
              <li>
                <NavLink href="/crossings">{t('nav.crossings')}</NavLink>
              </li>
            ) : null}
            {can('intel.read') ? (
              <li>
                <NavLink href="/intel">{t('nav.intel')}</NavLink>
              </li>
            ) : null}
            {can('handover.read') ? (
              <li>
                <NavLink href="/handovers">{t('nav.handovers')}</NavLink>
              </li>
            ) : null}
            {can('osint.read') ? (
              <li>
                <NavLink href="/news">{t('nav.news')}</NavLink>
              </li>
            ) : null}
            {can('log.read') || !session ? (
              <li>
                <NavLink href="/log">{t('nav.log')}</NavLink>
              </li>
            ) : null}
            {can('notification.own.read') ? (
              <li>
                <NavLink href="/inbox">
                  {t('nav.inbox')}
                  {unread > 0 ? (
                    <span className="nav-count" data-testid="unread-count">
                      <span aria-hidden="true"> {formatNumber(unread)}</span>
                      <span className="visually-hidden">
                        {' '}
                        ({t('inbox.unreadCount', { count: formatNumber(unread) })})
                      </span>
                    </span>
                  ) : null}
                </NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
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
