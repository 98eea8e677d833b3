/**
 * Recording a commitment (mediators): the party that undertook it (or all parties), the round of
 * talks where it was made, its text, the provisions it serves, measurable indicators each with its
 * means of verification, a due date and who may see it. Validated with the API's own schema; the
 * server's errors are shown at their fields and what was typed is kept.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import {
  CreateCommitmentRequestSchema,
  type Commitment,
  type CreateCommitmentRequest,
  type MaterialVisibility,
  type UserLanguage,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { ChoiceGroup, Select, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { useDirectory } from '../complaints/directory.tsx';
import { AgreementSelect, PartySelect, VisibilitySelect } from '../complaints/fields.tsx';
import { LanguageSelect } from '../complaints/writing-language.tsx';
import { ActionForm, useFormRun } from './form-kit.tsx';

interface IndicatorRow {
  description: string;
  meansOfVerification: string;
}

const ALL_PARTIES = 'all';

export function NewCommitmentPage() {
  const api = useApi();
  const i18n = useI18n();
  const { t, locale, pick } = i18n;
  const directory = useDirectory();
  const [, navigate] = useLocation();
  usePageTitle(t('commitments.new'));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const rounds = useResource(useCallback((signal: AbortSignal) => api.talks(signal), [api]));
  const form = useFormRun();

  const [agreementId, setAgreementId] = useState('');
  const agreement =
    directory.agreements.find((a) => a.id === agreementId) ?? directory.agreements[0];
  const [party, setParty] = useState('');
  const [roundId, setRoundId] = useState('');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [language, setLanguage] = useState<UserLanguage>(locale);
  const [provisionIds, setProvisionIds] = useState<string[]>([]);
  const [indicators, setIndicators] = useState<IndicatorRow[]>([
    { description: '', meansOfVerification: '' },
  ]);
  const [dueOn, setDueOn] = useState('');
  const [visibility, setVisibility] = useState<MaterialVisibility>('joint');

  const setIndicator = (i: number, patch: Partial<IndicatorRow>) =>
    setIndicators((rows) => rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  const submit = async () => {
    const request = {
      agreementId: agreement?.id ?? '',
      // Not chosen stays missing, so the schema asks for it: "all parties" must be chosen.
      ...(party === '' ? {} : { partyOrganisationId: party === ALL_PARTIES ? null : party }),
      roundId: roundId === '' ? null : roundId,
      title: title.trim(),
      text: text.trim(),
      language,
      provisionIds,
      indicators: indicators.map((row) => ({
        description: row.description.trim(),
        meansOfVerification: row.meansOfVerification.trim(),
      })),
      ...(dueOn === '' ? {} : { dueOn }),
      visibility,
    };
    let created: Commitment | undefined;
    const ok = await form.run(CreateCommitmentRequestSchema, request, async () => {
      created = await api.request<Commitment>('POST', '/commitments', {
        body: request as CreateCommitmentRequest,
      });
    });
    if (ok && created) navigate(`/commitments/${created.id}`);
  };

  const roundChoices = rounds.status === 'ok' ? rounds.data.items : [];
  return (
    <div className="page">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('commitments.new')}
      </h1>
      <ActionForm
        title={t('commitments.newForm')}
        form={form}
        shown={[
          'agreementId',
          'partyOrganisationId',
          'roundId',
          'title',
          'text',
          'language',
          'provisionIds',
          'indicators',
          'dueOn',
          'visibility',
          ...indicators.flatMap((_, i) => [
            `indicators.${i}.description`,
            `indicators.${i}.meansOfVerification`,
          ]),
        ]}
        submitLabel={t('commitments.newSubmit')}
        onSubmit={() => void submit()}
      >
        <AgreementSelect
          label={t('commitments.agreement')}
          value={agreement?.id ?? ''}
          error={form.fields['agreementId']}
          onChange={(id) => {
            setAgreementId(id);
            setProvisionIds([]);
          }}
        />
        <PartySelect
          label={t('commitments.party')}
          name="partyOrganisationId"
          value={party}
          error={form.fields['partyOrganisationId']}
          onChange={setParty}
          blank={t('common.choose')}
          allParties={ALL_PARTIES}
          short
        />
        <Select
          label={t('commitments.round')}
          name="roundId"
          value={roundId}
          error={form.fields['roundId']}
          onChange={(e) => setRoundId(e.target.value)}
        >
          <option value="">{t('commitments.noRound')}</option>
          {roundChoices.map((r) => (
            <option key={r.id} value={r.id}>
              {pick(r.name).text} ({i18n.formatDateRange(r.startsOn, r.endsOn)})
            </option>
          ))}
        </Select>
        <TextInput
          label={t('commitments.titleLabel')}
          name="title"
          value={title}
          error={form.fields['title']}
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextArea
          label={t('commitments.text')}
          name="text"
          rows={5}
          lang={language}
          dir="auto"
          value={text}
          error={form.fields['text']}
          onChange={(e) => setText(e.target.value)}
        />
        <LanguageSelect value={language} onChange={setLanguage} error={form.fields['language']} />
        <ChoiceGroup
          type="checkbox"
          legend={t('commitments.provisions')}
          name="provisionIds"
          choices={(agreement?.provisions ?? []).map((p) => ({
            value: p.id,
            label: `${p.number}. ${pick(p.text).text}`,
          }))}
          selected={provisionIds}
          error={form.fields['provisionIds']}
          onChange={setProvisionIds}
        />
        <fieldset className="fieldset">
          <legend>{t('commitments.indicators')}</legend>
          {form.fields['indicators'] ? (
            <p className="field-error" lang={form.fields['indicators'].lang}>
              {form.fields['indicators'].text}
            </p>
          ) : null}
          {indicators.map((row, i) => (
            <div key={i} className="indicator-row">
              <TextInput
                label={t('commitments.indicatorN', { n: i + 1 })}
                name={`indicators.${i}.description`}
                value={row.description}
                error={form.fields[`indicators.${i}.description`]}
                onChange={(e) => setIndicator(i, { description: e.target.value })}
              />
              <TextInput
                label={t('commitments.meansOfVerification')}
                name={`indicators.${i}.meansOfVerification`}
                value={row.meansOfVerification}
                error={form.fields[`indicators.${i}.meansOfVerification`]}
                onChange={(e) => setIndicator(i, { meansOfVerification: e.target.value })}
              />
              {indicators.length > 1 ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setIndicators((rows) => rows.filter((_, j) => j !== i))}
                >
                  {t('commitments.removeIndicator', { n: i + 1 })}
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              setIndicators((rows) => [...rows, { description: '', meansOfVerification: '' }])
            }
          >
            {t('commitments.addIndicator')}
          </button>
        </fieldset>
        <TextInput
          label={t('commitments.dueOnLabel')}
          name="dueOn"
          type="date"
          value={dueOn}
          error={form.fields['dueOn']}
          onChange={(e) => setDueOn(e.target.value)}
        />
        <VisibilitySelect
          label={t('commitments.visibility')}
          value={visibility}
          error={form.fields['visibility']}
          onChange={setVisibility}
        />
      </ActionForm>
    </div>
  );
}
