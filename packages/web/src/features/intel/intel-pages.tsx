/**
 * Intelligence shared under its originator's control: the reports the reader may see (the server
 * applies the release rules), one report (opening it is recorded as a view), and for the
 * originator's officers sharing a new report, widening its release, withdrawing it and seeing who
 * viewed it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import {
  ReleaseIntelRequestSchema,
  ShareIntelRequestSchema,
  WithdrawIntelRequestSchema,
  type IntelPage,
  type IntelReport,
  type IntelSummary,
  type Organisation,
  type ShareIntelRequest,
} from '@truceline/domain';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan, useSession } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { ChoiceGroup, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { label } from '../complaints/labels.tsx';
import { useDirectory } from '../complaints/directory.tsx';
import { ActionForm, useFormRun } from '../commitments/form-kit.tsx';

interface IntelView {
  readonly userId: string;
  readonly userName: string;
  readonly role: string;
  readonly organisationShortName: string;
  readonly via: string;
  readonly at: string;
}

function useFocus() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function StateBadge({ state }: { state: string }) {
  const i18n = useI18n();
  return (
    <span className="badge badge-state" data-state={state}>
      {label(i18n, 'intelState', state)}
    </span>
  );
}

/** The other parties a report may be released to (not the reader's own organisation). */
function useReleaseChoices(): readonly Organisation[] {
  const directory = useDirectory();
  const session = useSession();
  return directory.parties.filter((o) => o.id !== session?.user.organisationId);
}

/** A local `datetime-local` value as an RFC 3339 instant; undefined when empty or invalid. */
function toInstant(local: string): string | undefined {
  if (local === '') return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? local : time.toISOString();
}

export function IntelListPage() {
  const api = useApi();
  const { t, formatDateTime } = useI18n();
  const can = useCan();
  const directory = useDirectory();
  const heading = useFocus();
  usePageTitle(t('intel.heading'));
  const list = useResource(
    useCallback(
      (signal: AbortSignal) => api.request<IntelPage>('GET', '/intel?limit=200', { signal }),
      [api],
    ),
  );
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('intel.heading')}
      </h1>
      {can('intel.share') ? (
        <p>
          <Link href="/intel/new" className="button">
            {t('intel.share')}
          </Link>
        </p>
      ) : null}
      <Loadable resource={list}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('intel.empty')}</p>
          ) : (
            <ul className="card-list" aria-label={t('intel.heading')}>
              {page.items.map((r: IntelSummary) => (
                <li key={r.id} className="card">
                  <Link href={`/intel/${r.id}`}>
                    <span lang={r.language} dir="auto">
                      {r.title}
                    </span>
                  </Link>{' '}
                  <StateBadge state={r.state} />
                  <p className="muted">
                    {directory.organisation(r.originatorOrganisationId)?.shortName ??
                      t('common.anOrganisation')}{' '}
                    · <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
    </div>
  );
}

export function ShareIntelPage() {
  const api = useApi();
  const { t, locale } = useI18n();
  const heading = useFocus();
  const [, navigate] = useLocation();
  usePageTitle(t('intel.share'));
  const choices = useReleaseChoices();
  const form = useFormRun();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [releasedTo, setReleasedTo] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const submit = async () => {
    const instant = toInstant(expires);
    const request = {
      title: title.trim(),
      body: body.trim(),
      language: locale,
      releasedTo,
      ...(instant ? { releaseExpiresAt: instant } : {}),
    };
    let created: IntelReport | undefined;
    const ok = await form.run(ShareIntelRequestSchema, request, async () => {
      created = await api.request<IntelReport>('POST', '/intel', {
        body: request as ShareIntelRequest,
      });
    });
    if (ok && created) navigate(`/intel/${created.id}`);
  };
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('intel.share')}
      </h1>
      <ActionForm
        title={t('intel.shareForm')}
        form={form}
        shown={['title', 'body', 'releasedTo', 'releaseExpiresAt', 'language']}
        submitLabel={t('intel.shareSubmit')}
        onSubmit={() => void submit()}
      >
        <TextInput
          label={t('intel.title')}
          name="title"
          value={title}
          error={form.fields['title']}
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextArea
          label={t('intel.body')}
          name="body"
          value={body}
          rows={8}
          error={form.fields['body']}
          onChange={(e) => setBody(e.target.value)}
        />
        <p className="field-hint">{t('intel.releasedToHint')}</p>
        <ChoiceGroup
          type="checkbox"
          legend={t('intel.releasedTo')}
          name="releasedTo"
          choices={choices.map((o) => ({ value: o.id, label: o.shortName }))}
          selected={releasedTo}
          error={form.fields['releasedTo']}
          onChange={setReleasedTo}
        />
        <TextInput
          label={t('intel.expiresAt')}
          hint={t('intel.expiresAtHint')}
          name="releaseExpiresAt"
          type="datetime-local"
          value={expires}
          error={form.fields['releaseExpiresAt']}
          onChange={(e) => setExpires(e.target.value)}
        />
      </ActionForm>
    </div>
  );
}

export function IntelReportPage({ id }: { id: string }) {
  const api = useApi();
  const { t } = useI18n();
  const report = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<IntelReport>('GET', `/intel/${encodeURIComponent(id)}`, { signal }),
      [api, id],
    ),
  );
  usePageTitle(report.status === 'ok' ? report.data.title : t('intel.heading'));
  return (
    <div className="page">
      <Loadable resource={report}>
        {(r) => <IntelView report={r} onChanged={report.reload} />}
      </Loadable>
    </div>
  );
}

function IntelView({ report, onChanged }: { report: IntelReport; onChanged(): void }) {
  const { t, formatDateTime } = useI18n();
  const directory = useDirectory();
  const session = useSession();
  const can = useCan();
  const heading = useFocus();
  const mine = session?.user.organisationId === report.originatorOrganisationId;
  const manage = mine && can('intel.share') && report.state === 'released';
  const mayViewLog = mine || session?.user.role === 'mediator';
  const org = (id: string) => directory.organisation(id)?.shortName ?? t('common.anOrganisation');
  return (
    <>
      <p>
        <Link href="/intel">{t('intel.back')}</Link>
      </p>
      <h1 className="page-title" tabIndex={-1} ref={heading} lang={report.language} dir="auto">
        {report.title}
      </h1>
      <p>
        <StateBadge state={report.state} />{' '}
        <span className="muted">
          {org(report.originatorOrganisationId)} ·{' '}
          <time dateTime={report.createdAt}>{formatDateTime(report.createdAt)}</time>
        </span>
      </p>
      <p lang={report.language} dir="auto" className="prose">
        {report.body}
      </p>
      <dl className="facts">
        <dt>{t('intel.releasedTo')}</dt>
        <dd>
          {report.releasedTo.length === 0
            ? t('intel.mediatorsOnly')
            : report.releasedTo.map(org).join(', ')}
        </dd>
        <dt>{t('intel.expiresAt')}</dt>
        <dd>
          {report.releaseExpiresAt ? formatDateTime(report.releaseExpiresAt) : t('intel.noExpiry')}
        </dd>
        {report.withdrawnAt ? (
          <>
            <dt>{t('intel.withdrawnAt')}</dt>
            <dd>{formatDateTime(report.withdrawnAt)}</dd>
          </>
        ) : null}
      </dl>
      {manage ? <ReleaseForm report={report} onDone={onChanged} /> : null}
      {manage ? <WithdrawForm report={report} onDone={onChanged} /> : null}
      {mayViewLog ? <ViewsSection id={report.id} /> : null}
    </>
  );
}

function ReleaseForm({ report, onDone }: { report: IntelReport; onDone(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const choices = useReleaseChoices();
  const form = useFormRun();
  const [releasedTo, setReleasedTo] = useState<string[]>([...report.releasedTo]);
  const [expires, setExpires] = useState('');
  const submit = async () => {
    const body = {
      version: report.version,
      releasedTo,
      releaseExpiresAt: toInstant(expires) ?? null,
    };
    const ok = await form.run(ReleaseIntelRequestSchema, body, () =>
      api.request('POST', `/intel/${encodeURIComponent(report.id)}/release`, { body }),
    );
    if (ok) onDone();
  };
  return (
    <ActionForm
      title={t('intel.widen')}
      form={form}
      shown={['releasedTo', 'releaseExpiresAt', 'version']}
      submitLabel={t('intel.widenSubmit')}
      onSubmit={() => void submit()}
    >
      <ChoiceGroup
        type="checkbox"
        legend={t('intel.releasedTo')}
        name="releasedTo"
        choices={choices.map((o) => ({ value: o.id, label: o.shortName }))}
        selected={releasedTo}
        error={form.fields['releasedTo']}
        onChange={(v) => setReleasedTo([...new Set([...report.releasedTo, ...v])])}
      />
      <TextInput
        label={t('intel.expiresAt')}
        hint={t('intel.expiresAtWidenHint')}
        name="releaseExpiresAt"
        type="datetime-local"
        value={expires}
        error={form.fields['releaseExpiresAt']}
        onChange={(e) => setExpires(e.target.value)}
      />
    </ActionForm>
  );
}

function WithdrawForm({ report, onDone }: { report: IntelReport; onDone(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const form = useFormRun();
  const submit = async () => {
    const body = { version: report.version };
    const ok = await form.run(WithdrawIntelRequestSchema, body, () =>
      api.request('POST', `/intel/${encodeURIComponent(report.id)}/withdraw`, { body }),
    );
    if (ok) onDone();
  };
  return (
    <ActionForm
      title={t('intel.withdraw')}
      form={form}
      shown={['version']}
      submitLabel={t('intel.withdrawSubmit')}
      onSubmit={() => void submit()}
    >
      <p>{t('intel.withdrawHint')}</p>
    </ActionForm>
  );
}

function ViewsSection({ id }: { id: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const views = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api
          .request<{ items: IntelView[] }>('GET', `/intel/${encodeURIComponent(id)}/views`, {
            signal,
          })
          .catch((e: unknown) => {
            // Not the originator's side nor a mediator: there is nothing to show.
            if (e instanceof ApiError && e.status === 403) return { items: [] as IntelView[] };
            throw e;
          }),
      [api, id],
    ),
  );
  return (
    <section aria-labelledby="intel-views">
      <h2 id="intel-views">{t('intel.views')}</h2>
      <Loadable resource={views}>
        {(v) =>
          v.items.length === 0 ? (
            <p>{t('common.none')}</p>
          ) : (
            <ul>
              {v.items.map((view, i) => (
                <li key={i}>
                  <ServerText text={view.userName} /> ({view.organisationShortName},{' '}
                  {label(i18n, 'role', view.role)}) · {label(i18n, 'intelView', view.via)} ·{' '}
                  <time dateTime={view.at}>{formatDateTime(view.at)}</time>
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
    </section>
  );
}
