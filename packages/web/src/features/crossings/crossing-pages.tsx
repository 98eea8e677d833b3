/**
 * Border crossings: the list, and one crossing's page with its status history (each change with
 * its reason), the conditions for reopening with what is still missing for each, and the latest
 * daily figures. Mediators record a status change; a reopening "on conditions met" that the server
 * refuses (409: a condition is unmet) is shown at the form, which keeps what was typed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import {
  CROSSING_STATUSES,
  CrossingStatusChangeRequestSchema,
  type CrossingDetail,
  type CrossingStatus,
  type CrossingStatusChangeRequest,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { CodeSelect } from '../complaints/fields.tsx';
import { label } from '../complaints/labels.tsx';
import { CommitmentStatusBadge } from '../commitments/commitment-pages.tsx';
import { ActionForm, today, useFormRun } from '../commitments/form-kit.tsx';
import { AddConditionForm, ConditionMetForm } from './condition-forms.tsx';

function CrossingStatusBadge({ status }: { status: string }) {
  const i18n = useI18n();
  return (
    <span className="badge badge-state" data-status={status}>
      {label(i18n, 'crossingStatus', status)}
    </span>
  );
}

export function CrossingsListPage() {
  const api = useApi();
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  usePageTitle(t('crossings.heading'));
  const list = useResource(useCallback((s: AbortSignal) => api.crossings(s), [api]));
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('crossings.heading')}
      </h1>
      <Loadable resource={list}>
        {(page) => (
          <ul className="card-list" aria-label={t('crossings.heading')}>
            {page.items.map((c) => (
              <li key={c.id} className="card">
                <Link href={`/crossings/${c.id}`}>{c.name}</Link>{' '}
                <CrossingStatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        )}
      </Loadable>
    </div>
  );
}

export function CrossingPage({ id }: { id: string }) {
  const api = useApi();
  const { t } = useI18n();
  const detail = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<CrossingDetail>('GET', `/crossings/${encodeURIComponent(id)}`, { signal }),
      [api, id],
    ),
  );
  usePageTitle(detail.status === 'ok' ? detail.data.name : t('crossings.heading'));
  return (
    <div className="page">
      <Loadable resource={detail}>
        {(d) => <CrossingView crossing={d} onChanged={detail.reload} />}
      </Loadable>
    </div>
  );
}

function CrossingView({ crossing, onChanged }: { crossing: CrossingDetail; onChanged(): void }) {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime, formatNumber } = i18n;
  const can = useCan();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <p>
        <Link href="/crossings">{t('crossings.back')}</Link>
      </p>
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {crossing.name}
      </h1>
      <p>
        <CrossingStatusBadge status={crossing.status} />
      </p>
      <ServerText as="p" text={crossing.description} />
      <section aria-labelledby="crossing-figures">
        <h2 id="crossing-figures">{t('crossings.figures')}</h2>
        {crossing.latestFigures.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <ul>
            {crossing.latestFigures.map((f) => (
              <li key={f.type}>
                {label(i18n, 'figure', f.type)}: <strong>{formatNumber(f.count)}</strong>{' '}
                <span className="muted">
                  (<time dateTime={f.observedAt}>{formatDateTime(f.observedAt)}</time> ·{' '}
                  <ServerText text={f.source} />)
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="crossing-conditions">
        <h2 id="crossing-conditions">{t('crossings.conditions')}</h2>
        {crossing.conditions.length === 0 ? (
          <p>{t('crossings.noConditions')}</p>
        ) : (
          <ul aria-label={t('crossings.conditions')}>
            {crossing.conditions.map((c) => (
              <li key={c.id} className="card" data-met={c.met}>
                <p>
                  <span className="badge">
                    {c.met ? t('crossings.conditionMet') : t('crossings.conditionUnmet')}
                  </span>{' '}
                  <ServerText text={c.description} />
                </p>
                {c.commitments.length > 0 ? (
                  <ul>
                    {c.commitments.map((k) => (
                      <li key={k.id}>
                        <Link href={`/commitments/${k.id}`}>
                          {k.number !== null ? `K-${k.number}` : t('crossings.aCommitment')}
                          {k.title ? ` · ${k.title}` : ''}
                        </Link>{' '}
                        {k.status ? <CommitmentStatusBadge status={k.status} /> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {c.findings.length > 0 ? (
                  <ul>
                    {c.findings.map((f) => (
                      <li key={f.complaintId}>
                        <Link href={`/complaints/${f.complaintId}`}>
                          {f.reference ?? t('crossings.aComplaint')}
                        </Link>
                        {f.met ? ` · ${t('crossings.findingIssued')}` : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {c.missing.length > 0 ? (
                  <div>
                    <p>{t('crossings.missing')}</p>
                    <ul lang="en" dir="ltr">
                      {c.missing.map((m, i) => (
                        <li key={i}>{m}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {!c.met && can('crossing.manage') ? (
                  <ConditionMetForm
                    crossingId={crossing.id}
                    conditionId={c.id}
                    onDone={onChanged}
                  />
                ) : null}
                {c.met && c.metAt ? (
                  <p className="muted">
                    {t('crossings.metOn', { date: formatDateTime(c.metAt) })}
                    {c.metReason ? (
                      <>
                        {' '}
                        — <ServerText text={c.metReason} />
                      </>
                    ) : null}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="crossing-history">
        <h2 id="crossing-history">{t('crossings.history')}</h2>
        <ol className="timeline">
          {[...crossing.history].reverse().map((h) => (
            <li key={h.id}>
              <p>
                <CrossingStatusBadge status={h.status} />{' '}
                {t('crossings.effectiveOn', { date: formatDate(h.effectiveOn) })}
                {h.onConditionsMet ? ` · ${t('crossings.onConditionsMet')}` : ''}
              </p>
              <ServerText as="p" text={h.reason} />
            </li>
          ))}
        </ol>
      </section>
      {can('crossing.manage') ? (
        <>
          <AddConditionForm crossing={crossing} onDone={onChanged} />
          <CrossingStatusForm crossing={crossing} onDone={onChanged} />
        </>
      ) : null}
    </>
  );
}

function CrossingStatusForm({ crossing, onDone }: { crossing: CrossingDetail; onDone(): void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const form = useFormRun();
  const [status, setStatus] = useState<CrossingStatus | ''>('');
  const [reason, setReason] = useState('');
  const [effectiveOn, setEffectiveOn] = useState(today());
  const [onConditionsMet, setOnConditionsMet] = useState(false);
  const submit = async () => {
    const body = {
      status,
      reason: reason.trim(),
      language: locale,
      effectiveOn,
      ...(onConditionsMet ? { onConditionsMet: true } : {}),
    };
    const ok = await form.run(CrossingStatusChangeRequestSchema, body, () =>
      api.request('POST', `/crossings/${encodeURIComponent(crossing.id)}/status`, {
        body: body as CrossingStatusChangeRequest,
      }),
    );
    if (ok) onDone();
  };
  return (
    <ActionForm
      title={t('crossings.recordStatus')}
      form={form}
      shown={['status', 'reason', 'effectiveOn', 'onConditionsMet', 'language']}
      submitLabel={t('crossings.recordSubmit')}
      onSubmit={() => void submit()}
    >
      <CodeSelect
        label={t('crossings.newStatus')}
        name="status"
        value={status}
        error={form.fields['status']}
        onChange={setStatus}
        prefix="crossingStatus"
        codes={CROSSING_STATUSES}
        blank={t('common.choose')}
      />
      <TextArea
        label={t('crossings.reason')}
        name="reason"
        value={reason}
        error={form.fields['reason']}
        onChange={(e) => setReason(e.target.value)}
      />
      <TextInput
        label={t('crossings.effectiveOnLabel')}
        name="effectiveOn"
        type="date"
        value={effectiveOn}
        error={form.fields['effectiveOn']}
        onChange={(e) => setEffectiveOn(e.target.value)}
      />
      <div
        className={form.fields['onConditionsMet'] ? 'field field-invalid' : 'field field-checkbox'}
      >
        <label>
          <input
            type="checkbox"
            name="onConditionsMet"
            checked={onConditionsMet}
            aria-invalid={form.fields['onConditionsMet'] ? true : undefined}
            aria-describedby={
              form.fields['onConditionsMet'] ? 'on-conditions-met-error' : undefined
            }
            onChange={(e) => setOnConditionsMet(e.target.checked)}
          />{' '}
          {t('crossings.onConditionsMetLabel')}
        </label>
        {form.fields['onConditionsMet'] ? (
          <p
            className="field-error"
            id="on-conditions-met-error"
            lang={form.fields['onConditionsMet'].lang}
          >
            {form.fields['onConditionsMet'].text}
          </p>
        ) : null}
      </div>
    </ActionForm>
  );
}
