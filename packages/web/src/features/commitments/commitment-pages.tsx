/**
 * Commitments: the list (filtered by party and status, kept in the address bar) and one
 * commitment's page: its text, indicators with their means of verification, due date, status
 * history with reasons and evidence references, the party's progress reports, the complaint
 * findings that breach it, and its written assurances, each verified in the browser. The
 * mediators' status decision and a party's progress report appear only as the server allows
 * (`allowedStatuses`, `mayReport`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import {
  COMMITMENT_STATUSES,
  CommitmentReportRequestSchema,
  EVIDENCE_REFERENCE_KINDS,
  StatusDecisionRequestSchema,
  type CommitmentDetail,
  type CommitmentPage,
  type CommitmentReportRequest,
  type CommitmentStatus,
  type EvidenceReferenceInput,
  type StatusDecisionRequest,
} from '@truceline/domain';
import { queryString } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { label } from '../complaints/labels.tsx';
import { useDirectory } from '../complaints/directory.tsx';
import { CodeSelect, PartySelect } from '../complaints/fields.tsx';
import { AssuranceItem, GiveAssuranceForm } from './assurance-section.tsx';
import { ActionForm, useFormRun } from './form-kit.tsx';

export function CommitmentStatusBadge({ status }: { status: string }) {
  const i18n = useI18n();
  return (
    <span className="badge badge-state" data-status={status}>
      {label(i18n, 'commitmentStatus', status)}
    </span>
  );
}

function useFocusedHeading() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

export function CommitmentsListPage() {
  const api = useApi();
  const { t, formatDate } = useI18n();
  const directory = useDirectory();
  const [params, setParams] = useSearchParams();
  const party = params.get('party') ?? '';
  const status = params.get('status') ?? '';
  const can = useCan();
  usePageTitle(t('commitments.heading'));
  const heading = useFocusedHeading();
  const list = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<CommitmentPage>(
          'GET',
          `/commitments${queryString({ party, status, limit: 200 })}`,
          { signal },
        ),
      [api, party, status],
    ),
  );
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setParams(next);
  };
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('commitments.heading')}
      </h1>
      <p className="page-actions">
        {can('commitment.create') ? (
          <Link className="button" href="/commitments/new">
            {t('commitments.new')}
          </Link>
        ) : null}{' '}
        <Link href="/party-keys">{t('keys.heading')}</Link>
      </p>
      <form
        className="filters"
        aria-label={t('commitments.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <PartySelect
          label={t('commitments.party')}
          name="party"
          value={party}
          onChange={(id) => setFilter('party', id)}
          blank={t('commitments.anyParty')}
          allParties="all"
          short
        />
        <CodeSelect
          label={t('commitments.status')}
          name="status"
          value={status}
          onChange={(s) => setFilter('status', s)}
          prefix="commitmentStatus"
          codes={COMMITMENT_STATUSES}
          blank={t('commitments.anyStatus')}
        />
      </form>
      <Loadable resource={list}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('commitments.empty')}</p>
          ) : (
            <ul className="card-list" aria-label={t('commitments.heading')}>
              {page.items.map((c) => (
                <li key={c.id} className="card">
                  <Link href={`/commitments/${c.id}`}>
                    {c.reference} · <ServerText text={c.title} />
                  </Link>{' '}
                  <CommitmentStatusBadge status={c.status} />
                  <p className="muted">
                    {c.partyOrganisationId
                      ? (directory.organisation(c.partyOrganisationId)?.shortName ??
                        t('common.anOrganisation'))
                      : t('commitments.allParties')}
                    {c.dueOn ? ` · ${t('commitments.dueOn', { date: formatDate(c.dueOn) })}` : ''}
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

function EvidenceList({ evidence }: { evidence: readonly EvidenceReferenceInput[] }) {
  const i18n = useI18n();
  if (evidence.length === 0) return null;
  return (
    <ul className="evidence-refs" aria-label={i18n.t('commitments.evidence')}>
      {evidence.map((e, i) => (
        <li key={i}>
          <span className="badge">{label(i18n, 'evidenceKind', e.kind)}</span>{' '}
          {e.kind === 'link' && /^https?:\/\//.test(e.ref) ? (
            <a href={e.ref} rel="noreferrer noopener" target="_blank" dir="ltr">
              {e.ref}
            </a>
          ) : (
            <code dir="ltr">{e.ref}</code>
          )}
          {e.note ? (
            <>
              {' '}
              — <ServerText text={e.note} />
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function CommitmentPage({ id }: { id: string }) {
  const api = useApi();
  const { t } = useI18n();
  const detail = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<CommitmentDetail>('GET', `/commitments/${encodeURIComponent(id)}`, { signal }),
      [api, id],
    ),
  );
  usePageTitle(
    detail.status === 'ok' ? detail.data.commitment.reference : t('commitments.heading'),
  );
  return (
    <div className="page">
      <Loadable resource={detail}>
        {(d) => <CommitmentView detail={d} onChanged={detail.reload} />}
      </Loadable>
    </div>
  );
}

function CommitmentView({ detail, onChanged }: { detail: CommitmentDetail; onChanged(): void }) {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const directory = useDirectory();
  const heading = useFocusedHeading();
  const c = detail.commitment;
  const org = (id: string | null) =>
    id ? (directory.organisation(id)?.shortName ?? t('common.anOrganisation')) : '';
  return (
    <>
      <p>
        <Link href="/commitments">{t('commitments.back')}</Link>
      </p>
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {c.reference} · <ServerText text={c.title} />
      </h1>
      <p>
        <CommitmentStatusBadge status={c.status} />{' '}
        <span className="muted">
          {c.partyOrganisationId ? org(c.partyOrganisationId) : t('commitments.allParties')}
          {' · '}
          {c.dueOn ? t('commitments.dueOn', { date: formatDate(c.dueOn) }) : t('commitments.noDue')}
        </span>
      </p>
      <section aria-labelledby="commitment-text">
        <h2 id="commitment-text">{t('commitments.text')}</h2>
        <p lang={c.language} dir="auto" className="prose">
          {c.text}
        </p>
      </section>
      <section aria-labelledby="commitment-indicators">
        <h2 id="commitment-indicators">{t('commitments.indicators')}</h2>
        <ul>
          {c.indicators.map((ind, i) => (
            <li key={i}>
              <ServerText text={ind.description} />
              <br />
              <span className="muted">
                {t('commitments.meansOfVerification')}:{' '}
                <ServerText text={ind.meansOfVerification} />
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="commitment-history">
        <h2 id="commitment-history">{t('commitments.history')}</h2>
        {detail.statusHistory.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <ol className="timeline">
            {detail.statusHistory.map((h) => (
              <li key={h.version}>
                <p>
                  <CommitmentStatusBadge status={h.toStatus} />{' '}
                  <time dateTime={h.at}>{formatDateTime(h.at)}</time>
                  {h.decidedByOrganisationId ? ` · ${org(h.decidedByOrganisationId)}` : ''}
                </p>
                <ServerText as="p" text={h.reason} />
                <EvidenceList evidence={h.evidence as EvidenceReferenceInput[]} />
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="commitment-reports">
        <h2 id="commitment-reports">{t('commitments.reports')}</h2>
        {detail.reports.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <ul>
            {detail.reports.map((r) => (
              <li key={r.id}>
                <p className="muted">
                  {org(r.organisationId)} ·{' '}
                  <time dateTime={r.submittedAt}>{formatDateTime(r.submittedAt)}</time>
                </p>
                <p lang={r.language} dir="auto">
                  {r.text}
                </p>
                <EvidenceList evidence={r.evidence as EvidenceReferenceInput[]} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="commitment-breaches">
        <h2 id="commitment-breaches">{t('commitments.breaches')}</h2>
        {detail.breachingFindings.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <ul>
            {detail.breachingFindings.map((f) => (
              <li key={`${f.complaintId}-${f.draftVersion}`}>
                <Link href={`/complaints/${f.complaintId}`}>{f.complaintReference}</Link> ·{' '}
                {org(f.attributedOrganisationId)} ·{' '}
                <time dateTime={f.issuedAt}>{formatDateTime(f.issuedAt)}</time>
                <ServerText as="p" text={f.summary} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="commitment-assurances">
        <h2 id="commitment-assurances">{t('assurances.heading')}</h2>
        {detail.assurances.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <ul>
            {detail.assurances.map((a) => (
              <AssuranceItem key={a.id} assurance={a} />
            ))}
          </ul>
        )}
      </section>
      {detail.allowedStatuses.length > 0 ? (
        <DecisionForm detail={detail} onDone={onChanged} />
      ) : null}
      {detail.mayReport ? <ReportForm commitmentId={c.id} onDone={onChanged} /> : null}
      {detail.mayGiveAssurance ? <GiveAssuranceForm commitment={c} onDone={onChanged} /> : null}
    </>
  );
}

interface EvidenceRow {
  kind: string;
  ref: string;
  note: string;
}

function EvidenceFields({
  rows,
  setRows,
  fields,
}: {
  rows: EvidenceRow[];
  setRows(rows: EvidenceRow[]): void;
  fields: Readonly<Record<string, { text: string; lang?: string }>>;
}) {
  const { t } = useI18n();
  const update = (i: number, patch: Partial<EvidenceRow>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>{t('commitments.evidence')}</legend>
      {rows.map((r, i) => (
        <div key={i} className="evidence-row">
          <CodeSelect
            label={t('commitments.evidenceKind', { n: i + 1 })}
            name={`evidence.${i}.kind`}
            value={r.kind}
            error={fields[`evidence.${i}.kind`]}
            onChange={(kind) => update(i, { kind })}
            prefix="evidenceKind"
            codes={EVIDENCE_REFERENCE_KINDS}
          />
          <TextInput
            label={t('commitments.evidenceRef', { n: i + 1 })}
            name={`evidence.${i}.ref`}
            value={r.ref}
            dir="ltr"
            error={fields[`evidence.${i}.ref`] ?? (i === 0 ? fields['evidence'] : undefined)}
            onChange={(e) => update(i, { ref: e.target.value })}
          />
          <TextInput
            label={t('commitments.evidenceNote', { n: i + 1 })}
            name={`evidence.${i}.note`}
            value={r.note}
            error={fields[`evidence.${i}.note`]}
            onChange={(e) => update(i, { note: e.target.value })}
          />
        </div>
      ))}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => setRows([...rows, { kind: 'document', ref: '', note: '' }])}
      >
        {t('commitments.addEvidence')}
      </button>
    </fieldset>
  );
}

function evidenceBody(rows: readonly EvidenceRow[]): EvidenceReferenceInput[] {
  return rows
    .filter((r, i) => i === 0 || r.ref.trim() !== '' || r.note.trim() !== '')
    .map((r) => ({
      kind: r.kind as EvidenceReferenceInput['kind'],
      ref: r.ref.trim(),
      ...(r.note.trim() === '' ? {} : { note: r.note.trim() }),
    }));
}

function DecisionForm({ detail, onDone }: { detail: CommitmentDetail; onDone(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const form = useFormRun();
  const [status, setStatus] = useState<CommitmentStatus | ''>('');
  const [reason, setReason] = useState('');
  const [rows, setRows] = useState<EvidenceRow[]>([{ kind: 'document', ref: '', note: '' }]);
  const title = t('commitments.decide');
  const submit = async () => {
    const body = {
      version: detail.commitment.version,
      status,
      reason: reason.trim(),
      evidence: evidenceBody(rows),
    };
    const ok = await form.run(StatusDecisionRequestSchema, body, () =>
      api.request('POST', `/commitments/${encodeURIComponent(detail.commitment.id)}/status`, {
        body: body as StatusDecisionRequest,
      }),
    );
    if (ok) onDone();
  };
  return (
    <ActionForm
      title={title}
      form={form}
      shown={['status', 'reason', 'evidence', 'version']}
      submitLabel={t('commitments.decideSubmit')}
      onSubmit={() => void submit()}
    >
      <CodeSelect
        label={t('commitments.newStatus')}
        name="status"
        value={status}
        error={form.fields['status']}
        onChange={setStatus}
        prefix="commitmentStatus"
        codes={detail.allowedStatuses}
        blank={t('common.choose')}
      />
      <TextArea
        label={t('commitments.reason')}
        name="reason"
        value={reason}
        error={form.fields['reason']}
        onChange={(e) => setReason(e.target.value)}
      />
      <EvidenceFields rows={rows} setRows={setRows} fields={form.fields} />
      {form.fields['version'] ? <p className="field-error">{form.fields['version'].text}</p> : null}
    </ActionForm>
  );
}

function ReportForm({ commitmentId, onDone }: { commitmentId: string; onDone(): void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const form = useFormRun();
  const [text, setText] = useState('');
  const [rows, setRows] = useState<EvidenceRow[]>([{ kind: 'document', ref: '', note: '' }]);
  const submit = async () => {
    const body = { text: text.trim(), language: locale, evidence: evidenceBody(rows) };
    const ok = await form.run(CommitmentReportRequestSchema, body, () =>
      api.request('POST', `/commitments/${encodeURIComponent(commitmentId)}/reports`, {
        body: body as CommitmentReportRequest,
      }),
    );
    if (ok) {
      setText('');
      setRows([{ kind: 'document', ref: '', note: '' }]);
      onDone();
    }
  };
  return (
    <ActionForm
      title={t('commitments.report')}
      form={form}
      shown={['text', 'evidence', 'language']}
      submitLabel={t('commitments.reportSubmit')}
      onSubmit={() => void submit()}
    >
      <TextArea
        label={t('commitments.reportText')}
        name="text"
        value={text}
        error={form.fields['text']}
        onChange={(e) => setText(e.target.value)}
      />
      <EvidenceFields rows={rows} setRows={setRows} fields={form.fields} />
    </ActionForm>
  );
}
