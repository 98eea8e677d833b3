/**
 * The signed-in home: who you are; the complaints by state and party, replies due soon, findings
 * awaiting your sign-off, complaints over time, the crossings and the log's latest checkpoint; then
 * the agreement, the talks and the crossings. Panels appear according to the session's
 * `capabilities`, the server's verdicts, never the role.
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
import { AwaitingSignOffWidget } from './awaiting-sign-off-widget.tsx';
import { ComplaintCountsWidget } from './complaint-counts-widget.tsx';
import { CrossingsWidget } from './crossings-widget.tsx';
import { LogWidget } from './log-widget.tsx';
import { ReplyDeadlinesWidget } from './reply-deadlines-widget.tsx';
import { SessionsPanel } from './sessions-panel.tsx';
import { ViolationsChartWidget } from './violations-chart-widget.tsx';

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
      <div className="widget-grid">
        {can('complaint.review') ? <AwaitingSignOffWidget /> : null}
        {/* Deadlines are the workflow's: shown to those who take part in it. */}
        {can('complaint.read') && (can('complaint.reply') || can('complaint.transition')) ? (
          <ReplyDeadlinesWidget />
        ) : null}
        {can('complaint.read') ? <ComplaintCountsWidget /> : null}
        {can('crossing.read') ? <CrossingsWidget /> : null}
        {can('log.read') ? <LogWidget /> : null}
        {can('complaint.read') ? <ViolationsChartWidget /> : null}
      </div>
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
