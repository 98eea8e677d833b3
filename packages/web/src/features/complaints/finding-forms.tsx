/**
 * The forms of the mechanism's decision on a complaint: drafting the finding, each mediator's
 * review of it (sign-off or dissent), and recording the follow-up of an issued finding.
 */
import { useState } from 'react';
import {
  DraftFindingRequestSchema,
  FINDING_OUTCOMES,
  FollowUpRequestSchema,
  ReviewRequestSchema,
  type DraftFindingRequest,
  type FindingOutcome,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { ChoiceGroup, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { CommandForm, type CommandFormProps as FormProps } from './command-form.tsx';
import { provisionNumbers, useDirectory } from './directory.tsx';
import { CodeSelect, PartySelect, ReasonField } from './fields.tsx';
import { label } from './labels.tsx';

const FOLLOW_UP_KINDS = ['penalty', 'measure', 'implementation'] as const;
type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export function DraftFindingForm(p: FormProps) {
  const api = useApi();
  const { t, pick } = useI18n();
  const directory = useDirectory();
  const complaint = p.detail.complaint;
  const previous = p.detail.finding;
  const agreement = directory.agreements.find((a) => a.id === complaint.agreementId);
  const [outcome, setOutcome] = useState<FindingOutcome | ''>(previous?.outcome ?? '');
  const [attributed, setAttributed] = useState(previous?.attributedOrganisationId ?? '');
  const [group, setGroup] = useState(previous?.attributedGroup ?? '');
  const [confidence, setConfidence] = useState(previous?.confidence ?? '');
  const [provisions, setProvisions] = useState<string[]>(
    previous?.provisionIds ?? [...complaint.provisionIds],
  );
  const [summary, setSummary] = useState(previous?.summary ?? '');
  const [penalty, setPenalty] = useState(previous?.penalty ?? '');
  const [reason, setReason] = useState('');

  const build = () => {
    const body: Record<string, unknown> = {
      version: complaint.version,
      reason: reason.trim(),
      outcome,
      provisionIds: provisions,
      summary: summary.trim(),
    };
    if (attributed) body['attributedOrganisationId'] = attributed;
    if (group.trim()) body['attributedGroup'] = group.trim();
    if (confidence) body['confidence'] = confidence;
    if (penalty.trim()) body['penalty'] = penalty.trim();
    return body as unknown as DraftFindingRequest;
  };

  return (
    <CommandForm
      {...p}
      title={t('command.draft_finding')}
      submitLabel={t('command.draft_finding')}
      schema={DraftFindingRequestSchema}
      fields={[
        'outcome',
        'attributedOrganisationId',
        'attributedGroup',
        'confidence',
        'provisionIds',
        'summary',
        'penalty',
        'reason',
      ]}
      intro={<p className="meta">{t('commandHint.draft_finding')}</p>}
      build={build}
      send={(body) => api.complaintCommand(complaint.id, 'finding', body)}
      onDone={(d) => {
        setReason('');
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <>
          <CodeSelect
            label={t('finding.outcome')}
            name="outcome"
            value={outcome}
            onChange={setOutcome}
            error={messages['outcome']}
            prefix="outcome"
            codes={FINDING_OUTCOMES}
            blank={t('common.choose')}
          />
          <PartySelect
            label={t('finding.attributedTo')}
            name="attributedOrganisationId"
            value={attributed}
            onChange={setAttributed}
            error={messages['attributedOrganisationId']}
            blank={t('common.none')}
          />
          <TextInput
            label={t('finding.attributedGroup')}
            name="attributedGroup"
            value={group}
            maxLength={200}
            onChange={(e) => setGroup(e.target.value)}
            error={messages['attributedGroup']}
          />
          <CodeSelect
            label={t('finding.confidence')}
            name="confidence"
            value={confidence}
            onChange={setConfidence}
            error={messages['confidence']}
            prefix="confidence"
            codes={['low', 'medium', 'high']}
            blank={t('common.none')}
          />
          {agreement ? (
            <ChoiceGroup
              legend={t('finding.provisions')}
              name="provisionIds"
              type="checkbox"
              choices={agreement.provisions.map((pr) => ({
                value: pr.id,
                label: (
                  <>
                    <span className="provision-number">{pr.number}</span>{' '}
                    <span lang={pick(pr.text).lang} dir="auto">
                      {pick(pr.text).text}
                    </span>
                  </>
                ),
              }))}
              selected={provisions}
              onChange={setProvisions}
              error={messages['provisionIds']}
            />
          ) : (
            <p className="meta">
              {t('complaint.provisions')}: {provisionNumbers(directory, provisions).join(', ')}
            </p>
          )}
          <TextArea
            label={t('finding.summary')}
            name="summary"
            value={summary}
            rows={6}
            dir="auto"
            onChange={(e) => setSummary(e.target.value)}
            error={messages['summary']}
          />
          <TextArea
            label={t('finding.penalty')}
            name="penalty"
            value={penalty}
            rows={3}
            dir="auto"
            onChange={(e) => setPenalty(e.target.value)}
            error={messages['penalty']}
          />
          <ReasonField value={reason} onChange={setReason} error={messages['reason']} />
        </>
      )}
    </CommandForm>
  );
}

export function ReviewForm({ verdict, ...p }: FormProps & { verdict: 'sign_off' | 'dissent' }) {
  const api = useApi();
  const i18n = useI18n();
  const { t } = i18n;
  const [note, setNote] = useState('');
  const title = label(i18n, 'command', verdict);
  return (
    <CommandForm
      {...p}
      title={title}
      submitLabel={title}
      schema={ReviewRequestSchema}
      fields={['note']}
      intro={<p className="meta">{label(i18n, 'commandHint', verdict)}</p>}
      build={() => ({ version: p.detail.complaint.version, verdict, note: note.trim() })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'reviews', body)}
      onDone={(d) => {
        setNote('');
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <TextArea
          label={t('command.note')}
          name="note"
          value={note}
          rows={3}
          dir="auto"
          onChange={(e) => setNote(e.target.value)}
          error={messages['note']}
        />
      )}
    </CommandForm>
  );
}

export function FollowUpForm(p: FormProps) {
  const api = useApi();
  const { t } = useI18n();
  const [kind, setKind] = useState<FollowUpKind>('measure');
  const [text, setText] = useState('');
  return (
    <CommandForm
      {...p}
      title={t('command.record_follow_up')}
      submitLabel={t('command.record_follow_up')}
      schema={FollowUpRequestSchema}
      fields={['kind', 'text']}
      build={() => ({ version: p.detail.complaint.version, kind, text: text.trim() })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'follow-ups', body)}
      onDone={(d) => {
        setText('');
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <>
          <CodeSelect
            label={t('followUp.kind')}
            name="kind"
            value={kind}
            onChange={setKind}
            error={messages['kind']}
            prefix="followUp"
            codes={FOLLOW_UP_KINDS}
          />
          <TextArea
            label={t('followUp.text')}
            name="text"
            value={text}
            rows={4}
            dir="auto"
            onChange={(e) => setText(e.target.value)}
            error={messages['text']}
          />
        </>
      )}
    </CommandForm>
  );
}
