/**
 * The signed-in home: who you are, the agreement, the talks and the crossings. Panels appear
 * according to the session's `capabilities`, the server's verdicts, never the role.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { Action, Organisation, SessionInfo } from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { PublicRecordSections } from '../record/public-record.tsx';
import { AccountCard } from './account-card.tsx';
import { AccountsPanel } from './accounts-panel.tsx';
import { SessionsPanel } from './sessions-panel.tsx';

const NO_ORGANISATIONS: Promise<{ items: Organisation[] }> = Promise.resolve({ items: [] });

export function DashboardPage({
  session,
  focusOnMount,
}: {
  session: SessionInfo;
  focusOnMount: boolean;
}) {
  const api = useApi();
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('dashboard.heading'));
  const can = (action: Action) => session.capabilities.includes(action);
  const canListOrganisations = can('organisation.list');
  const organisations = useResource(
    useCallback(
      (s: AbortSignal) => (canListOrganisations ? api.organisations(s) : NO_ORGANISATIONS),
      [api, canListOrganisations],
    ),
  );

  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, [focusOnMount]);

  return (
    <div className="dashboard">
      <h1 ref={headingRef} tabIndex={-1} className="page-title">
        {t('dashboard.heading')}
      </h1>
      <AccountCard session={session} />
      <PublicRecordSections
        level={2}
        organisations={organisations.status === 'ok' ? organisations.data.items : undefined}
      />
      <div className="panel-grid">
        {can('session.own.read') ? <SessionsPanel canRevoke={can('session.own.revoke')} /> : null}
        {can('user.list') ? <AccountsPanel /> : null}
      </div>
    </div>
  );
}
