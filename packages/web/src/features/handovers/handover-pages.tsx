/**
 * Handovers of persons between the parties: the requests the reader may see (the two parties and
 * the mediators' side), one request with its answer and outcome, a party officer's new request,
 * and the answer and outcome forms for exactly the `allowedCommands` the server returns.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import {
  AnswerHandoverRequestSchema,
  CreateHandoverRequestSchema,
  HANDOVER_DECISIONS,
  HANDOVER_OUTCOMES,
  HandoverOutcomeRequestSchema,
  type Crossing,
  type HandoverDetail,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan, useSession } from '../../platform/session-context.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { Select, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { label } from '../complaints/labels.tsx';
import { useDirectory } from '../complaints/directory.tsx';
import { ActionForm, useFormRun } from '../commitments/form-kit.tsx';

function useFocus() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function HandoverStatusBadge({ status }: { status: string }) {
  const i18n = useI18n();
  return (
    <span className="badge badge-state" data-status={status}>
      {label(i18n, 'handoverStatus', status)}
    </span>
  );
}

function useCrossings(): readonly Crossing[] {
  const api = useApi();
  const crossings = useResource(useCallback((s: AbortSignal) => api.crossings(s), [api]));
  return crossings.status === 'ok' ? crossings.data.items : [];
}

export function HandoversListPage() {
  const api = useApi();
  const { t, formatDateTime } = useI18n();
  const can = useCan();
  const directory = useDirectory();
  const heading = useFocus();
  usePageTitle(t('handovers.heading'));
  const session = useSession();
  const list = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<{ items: HandoverDetail[] }>('GET', '/handovers', { signal }),
      [api],
    ),
  );
  const org = (id: string) => directory.organisation(id)?.shortName ?? t('common.anOrganisation');
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('handovers.heading')}
      </h1>
      {can('handover.manage') && session?.user.role === 'party_officer' ? (
        <p>
          <Link href="/handovers/new" className="button">
            {t('handovers.request')}
          </Link>
        </p>
      ) : null}
      <Loadable resource={list}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('handovers.empty')}</p>
          ) : (
            <ul className="card-list" aria-label={t('handovers.heading')}>
              {page.items.map((h) => (
                <li key={h.id} className="card">
                  <Link href={`/handovers/${h.id}`}>
                    {t('handovers.fromTo', {
                      from: org(h.requestingOrganisationId),
                      to: org(h.respondingOrganisationId),
                    })}
                  </Link>{' '}
                  <HandoverStatusBadge status={h.status} />
                  <p className="muted">
                    {t('handovers.persons', { count: h.persons.length })} ·{' '}
                    <time dateTime={h.createdAt}>{formatDateTime(h.createdAt)}</time>
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

export function RequestHandoverPage() {
  const api = useApi();
  const { t } = useI18n();
  const heading = useFocus();
  const [, navigate] = useLocation();
  const session = useSession();
  const directory = useDirectory();
  const crossings = useCrossings();
  usePageTitle(t('handovers.request'));
  const form = useFormRun();
  const [responding, setResponding] = useState('');
  const [crossingId, setCrossingId] = useState('');
  const [reason, setReason] = useState('');
  const [persons, setPersons] = useState([{ name: '', details: '' }]);
  const parties = directory.parties.filter((o) => o.id !== session?.user.organisationId);
  const submit = async () => {
    const body = {
      respondingOrganisationId: responding,
      ...(crossingId ? { crossingId } : {}),
      persons: persons
        .filter((p, i) => i === 0 || p.name.trim() !== '')
        .map((p) => ({ name: p.name.trim(), details: p.details.trim() })),
      reason: reason.trim(),
    };
    let created: HandoverDetail | undefined;
    const ok = await form.run(CreateHandoverRequestSchema, body, async () => {
      created = await api.request<HandoverDetail>('POST', '/handovers', { body });
    });
    if (ok && created) navigate(`/handovers/${created.id}`);
  };
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('handovers.request')}
      </h1>
      <ActionForm
        title={t('handovers.requestForm')}
        form={form}
        shown={['respondingOrganisationId', 'crossingId', 'reason', 'persons']}
        submitLabel={t('handovers.requestSubmit')}
        onSubmit={() => void submit()}
      >
        <Select
          label={t('handovers.responding')}
          name="respondingOrganisationId"
          value={responding}
          error={form.fields['respondingOrganisationId']}
          onChange={(e) => setResponding(e.target.value)}
        >
          <option value="">{t('common.choose')}</option>
          {parties.map((o) => (
            <option key={o.id} value={o.id}>
              {o.shortName}
            </option>
          ))}
        </Select>
        <Select
          label={t('handovers.crossing')}
          name="crossingId"
          value={crossingId}
          error={form.fields['crossingId']}
          onChange={(e) => setCrossingId(e.target.value)}
        >
          <option value="">{t('common.none')}</option>
          {crossings.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <fieldset>
          <legend>{t('handovers.personsLegend')}</legend>
          {persons.map((p, i) => (
            <div key={i}>
              <TextInput
                label={t('handovers.personName', { n: i + 1 })}
                name={`persons.${i}.name`}
                value={p.name}
                error={
                  form.fields[`persons.${i}.name`] ?? (i === 0 ? form.fields['persons'] : undefined)
                }
                onChange={(e) =>
                  setPersons(persons.map((q, j) => (j === i ? { ...q, name: e.target.value } : q)))
                }
              />
              <TextInput
                label={t('handovers.personDetails', { n: i + 1 })}
                name={`persons.${i}.details`}
                value={p.details}
                error={form.fields[`persons.${i}.details`]}
                onChange={(e) =>
                  setPersons(
                    persons.map((q, j) => (j === i ? { ...q, details: e.target.value } : q)),
                  )
                }
              />
            </div>
          ))}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setPersons([...persons, { name: '', details: '' }])}
          >
            {t('handovers.addPerson')}
          </button>
        </fieldset>
        <TextArea
          label={t('handovers.reason')}
          name="reason"
          value={reason}
          error={form.fields['reason']}
          onChange={(e) => setReason(e.target.value)}
        />
      </ActionForm>
    </div>
  );
}

export function HandoverPage({ id }: { id: string }) {
  const api = useApi();
  const { t } = useI18n();
  const detail = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<HandoverDetail>('GET', `/handovers/${encodeURIComponent(id)}`, { signal }),
      [api, id],
    ),
  );
  usePageTitle(t('handovers.heading'));
  return (
    <div className="page">
      <Loadable resource={detail}>
        {(h) => <HandoverView handover={h} onChanged={detail.reload} />}
      </Loadable>
    </div>
  );
}

function HandoverView({ handover, onChanged }: { handover: HandoverDetail; onChanged(): void }) {
  const { t, formatDateTime } = useI18n();
  const directory = useDirectory();
  const crossings = useCrossings();
  const heading = useFocus();
  const org = (id: string) => directory.organisation(id)?.shortName ?? t('common.anOrganisation');
  const crossing = crossings.find((c) => c.id === handover.crossingId);
  return (
    <>
      <p>
        <Link href="/handovers">{t('handovers.back')}</Link>
      </p>
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('handovers.fromTo', {
          from: org(handover.requestingOrganisationId),
          to: org(handover.respondingOrganisationId),
        })}
      </h1>
      <p>
        <HandoverStatusBadge status={handover.status} />{' '}
        <time className="muted" dateTime={handover.createdAt}>
          {formatDateTime(handover.createdAt)}
        </time>
      </p>
      <dl className="facts">
        <dt>{t('handovers.crossing')}</dt>
        <dd>
          {handover.crossingId ? (
            <Link href={`/crossings/${handover.crossingId}`}>
              {crossing?.name ?? t('handovers.aCrossing')}
            </Link>
          ) : (
            t('common.none')
          )}
        </dd>
        <dt>{t('handovers.reason')}</dt>
        <dd>
          <ServerText text={handover.reason} />
        </dd>
        <dt>{t('handovers.answer')}</dt>
        <dd>{handover.answer ? <ServerText text={handover.answer} /> : t('common.none')}</dd>
        <dt>{t('handovers.outcome')}</dt>
        <dd>{handover.outcome ? <ServerText text={handover.outcome} /> : t('common.none')}</dd>
      </dl>
      <section aria-labelledby="handover-persons">
        <h2 id="handover-persons">{t('handovers.personsLegend')}</h2>
        <ul>
          {handover.persons.map((p, i) => (
            <li key={i}>
              <ServerText text={p.name} />
              {p.details ? (
                <>
                  {' '}
                  — <ServerText text={p.details} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {handover.allowedCommands.includes('answer') ? (
        <AnswerForm handover={handover} onDone={onChanged} />
      ) : null}
      {handover.allowedCommands.includes('record_outcome') ? (
        <OutcomeForm handover={handover} onDone={onChanged} />
      ) : null}
    </>
  );
}

function AnswerForm({ handover, onDone }: { handover: HandoverDetail; onDone(): void }) {
  const api = useApi();
  const i18n = useI18n();
  const { t } = i18n;
  const form = useFormRun();
  const [decision, setDecision] = useState('');
  const [text, setText] = useState('');
  const submit = async () => {
    const body = { version: handover.version, decision, text: text.trim() };
    const ok = await form.run(AnswerHandoverRequestSchema, body, () =>
      api.request('POST', `/handovers/${encodeURIComponent(handover.id)}/answer`, { body }),
    );
    if (ok) onDone();
  };
  return (
    <ActionForm
      title={t('handovers.answerForm')}
      form={form}
      shown={['decision', 'text', 'version']}
      submitLabel={t('handovers.answerSubmit')}
      onSubmit={() => void submit()}
    >
      <Select
        label={t('handovers.decision')}
        name="decision"
        value={decision}
        error={form.fields['decision']}
        onChange={(e) => setDecision(e.target.value)}
      >
        <option value="">{t('common.choose')}</option>
        {HANDOVER_DECISIONS.map((d) => (
          <option key={d} value={d}>
            {label(i18n, 'handoverDecision', d)}
          </option>
        ))}
      </Select>
      <TextArea
        label={t('handovers.answerText')}
        name="text"
        value={text}
        error={form.fields['text']}
        onChange={(e) => setText(e.target.value)}
      />
    </ActionForm>
  );
}

function OutcomeForm({ handover, onDone }: { handover: HandoverDetail; onDone(): void }) {
  const api = useApi();
  const i18n = useI18n();
  const { t } = i18n;
  const form = useFormRun();
  const [outcome, setOutcome] = useState('');
  const [text, setText] = useState('');
  const submit = async () => {
    const body = { version: handover.version, outcome, text: text.trim() };
    const ok = await form.run(HandoverOutcomeRequestSchema, body, () =>
      api.request('POST', `/handovers/${encodeURIComponent(handover.id)}/outcome`, { body }),
    );
    if (ok) onDone();
  };
  return (
    <ActionForm
      title={t('handovers.outcomeForm')}
      form={form}
      shown={['outcome', 'text', 'version']}
      submitLabel={t('handovers.outcomeSubmit')}
      onSubmit={() => void submit()}
    >
      <Select
        label={t('handovers.outcome')}
        name="outcome"
        value={outcome}
        error={form.fields['outcome']}
        onChange={(e) => setOutcome(e.target.value)}
      >
        <option value="">{t('common.choose')}</option>
        {HANDOVER_OUTCOMES.map((o) => (
          <option key={o} value={o}>
            {label(i18n, 'handoverStatus', o)}
          </option>
        ))}
      </Select>
      <TextArea
        label={t('handovers.outcomeText')}
        name="text"
        value={text}
        error={form.fields['text']}
        onChange={(e) => setText(e.target.value)}
      />
    </ActionForm>
  );
}
