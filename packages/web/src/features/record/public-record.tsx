/**
 * The public record: the agreement, the rounds of talks and the crossings, readable by anyone.
 * Used beside the sign-in form and, with party names, on the dashboard. Each record carries a
 * badge saying whether this browser found it in the transparency log, as shown.
 */
import { useCallback } from 'react';
import type { Organisation } from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { LogKeyNotice, LogVerificationProvider } from '../log/log-verification.tsx';
import { below, Heading, type HeadingLevel } from '../../platform/ui/heading.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { AgreementList } from './agreement-panel.tsx';
import { CrossingsList } from './crossings-list.tsx';
import { TalksTimeline } from './talks-timeline.tsx';

export function PublicRecordSections({
  level,
  organisations,
}: {
  /** Heading level of each section ("Agreement", "Rounds of talks", "Border crossings"). */
  level: HeadingLevel;
  organisations?: readonly Organisation[] | undefined;
}) {
  const api = useApi();
  const { t } = useI18n();
  const agreements = useResource(useCallback((s: AbortSignal) => api.agreements(s), [api]));
  const talks = useResource(useCallback((s: AbortSignal) => api.talks(s), [api]));
  const crossings = useResource(useCallback((s: AbortSignal) => api.crossings(s), [api]));
  return (
    <LogVerificationProvider>
      <LogKeyNotice />
      <div className="record-grid">
        <section className="card record-agreement" aria-labelledby="agreement-heading">
          <Heading level={level} id="agreement-heading">
            {t('agreement.heading')}
          </Heading>
          <Loadable resource={agreements}>
            {(page) => (
              <AgreementList
                agreements={page.items}
                level={below(level)}
                organisations={organisations}
              />
            )}
          </Loadable>
        </section>
        <section className="card record-talks" aria-labelledby="talks-heading">
          <Heading level={level} id="talks-heading">
            {t('talks.heading')}
          </Heading>
          <Loadable resource={talks}>
            {(page) => <TalksTimeline rounds={page.items} level={below(level)} />}
          </Loadable>
        </section>
        <section className="card record-crossings" aria-labelledby="crossings-heading">
          <Heading level={level} id="crossings-heading">
            {t('crossings.heading')}
          </Heading>
          <Loadable resource={crossings}>
            {(page) => <CrossingsList crossings={page.items} level={below(level)} />}
          </Loadable>
        </section>
      </div>
    </LogVerificationProvider>
  );
}
