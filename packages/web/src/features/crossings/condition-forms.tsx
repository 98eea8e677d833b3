/**
 * The mediators' forms for a crossing's conditions for reopening: adding a condition met by
 * commitments being met and by findings being issued on named complaints, and recording a
 * condition as met by their decision, with the reason. The server decides; its refusals show here.
 */
import { useCallback, useState } from 'react';
import {
  AddCrossingConditionRequestSchema,
  ConditionMetRequestSchema,
  type AddCrossingConditionRequest,
  type CommitmentPage,
  type ComplaintPage,
  type ConditionMetRequest,
  type CrossingDetail,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { ChoiceGroup, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import type { FieldMessage } from '../../platform/validation.ts';
import { ActionForm, useFormRun } from '../commitments/form-kit.tsx';

/** Records to tick (commitments, complaints), each as "reference · title". */
function RecordChoices({
  records,
  ...group
}: {
  legend: string;
  name: string;
  records: readonly { id: string; reference: string; title: string }[];
  selected: readonly string[];
  onChange(selected: string[]): void;
  error: FieldMessage | undefined;
}) {
  return (
    <ChoiceGroup
      type="checkbox"
      {...group}
      choices={records.map((r) => ({ value: r.id, label: `${r.reference} · ${r.title}` }))}
    />
  );
}

/** A new condition: a description, and the commitments and complaints' findings it waits on. */
export function AddConditionForm({
  crossing,
  onDone,
}: {
  crossing: CrossingDetail;
  onDone(): void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const form = useFormRun();
  const commitments = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<CommitmentPage>('GET', '/commitments?limit=200', { signal }),
      [api],
    ),
  );
  const complaints = useResource(
    useCallback(
      (signal: AbortSignal) =>
        api.request<ComplaintPage>('GET', '/complaints?limit=100', { signal }),
      [api],
    ),
  );
  const [description, setDescription] = useState('');
  const [commitmentIds, setCommitmentIds] = useState<string[]>([]);
  const [findingComplaintIds, setFindingComplaintIds] = useState<string[]>([]);
  const submit = async () => {
    const request = { description: description.trim(), commitmentIds, findingComplaintIds };
    const ok = await form.run(AddCrossingConditionRequestSchema, request, () =>
      api.request('POST', `/crossings/${encodeURIComponent(crossing.id)}/conditions`, {
        body: request as AddCrossingConditionRequest,
      }),
    );
    if (ok) {
      setDescription('');
      setCommitmentIds([]);
      setFindingComplaintIds([]);
      onDone();
    }
  };
  return (
    <ActionForm
      title={t('crossings.addCondition')}
      form={form}
      shown={['description', 'commitmentIds', 'findingComplaintIds']}
      submitLabel={t('crossings.addConditionSubmit')}
      onSubmit={() => void submit()}
    >
      <TextArea
        label={t('crossings.conditionDescription')}
        name="description"
        rows={2}
        dir="auto"
        value={description}
        error={form.fields['description']}
        onChange={(e) => setDescription(e.target.value)}
      />
      <RecordChoices
        legend={t('crossings.conditionCommitments')}
        name="commitmentIds"
        records={commitments.status === 'ok' ? commitments.data.items : []}
        selected={commitmentIds}
        error={form.fields['commitmentIds']}
        onChange={setCommitmentIds}
      />
      <RecordChoices
        legend={t('crossings.conditionFindings')}
        name="findingComplaintIds"
        records={complaints.status === 'ok' ? complaints.data.items : []}
        selected={findingComplaintIds}
        error={form.fields['findingComplaintIds']}
        onChange={setFindingComplaintIds}
      />
    </ActionForm>
  );
}

/** Records an unmet condition as met by the mediators' decision, with their reason. */
export function ConditionMetForm({
  crossingId,
  conditionId,
  onDone,
}: {
  crossingId: string;
  conditionId: string;
  onDone(): void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const form = useFormRun();
  const [reason, setReason] = useState('');
  const submit = async () => {
    const request = { reason: reason.trim() };
    const ok = await form.run(ConditionMetRequestSchema, request, () =>
      api.request(
        'POST',
        `/crossings/${encodeURIComponent(crossingId)}/conditions/${encodeURIComponent(conditionId)}/met`,
        { body: request as ConditionMetRequest },
      ),
    );
    if (ok) onDone();
  };
  return (
    <ActionForm
      title={t('crossings.conditionMetForm')}
      form={form}
      shown={['reason']}
      submitLabel={t('crossings.conditionMetSubmit')}
      onSubmit={() => void submit()}
    >
      <TextInput
        label={t('crossings.reason')}
        name="reason"
        value={reason}
        error={form.fields['reason']}
        onChange={(e) => setReason(e.target.value)}
      />
    </ActionForm>
  );
}
