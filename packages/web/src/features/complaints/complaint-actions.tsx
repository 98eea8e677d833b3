/**
 * What the reader may do with the complaint now: exactly the commands in the server's
 * `allowedCommands` (and publishing, when the session's capabilities allow it). One button per
 * command opens its form; forms stay mounted while hidden, so switching between them, a conflict
 * or a lost connection never loses what was typed.
 *
 * This module holds the panel and the forms that move a complaint along (transitions, the reply,
 * merging, reopening, publishing); the investigation's forms are in `investigation-forms.tsx`, the
 * finding's in `finding-forms.tsx`.
 */
import { useEffect, useState } from 'react';
import {
  MergeRequestSchema,
  ReopenRequestSchema,
  ReplyRequestSchema,
  SIMPLE_COMMANDS,
  TransitionRequestSchema,
  VisibilityRequestSchema,
  type ComplaintCommand,
  type ComplaintDetail,
  type EvidenceItem,
  type MaterialVisibility,
  type UserLanguage,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan } from '../../platform/session-context.tsx';
import { ChoiceGroup, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { CommandForm, UUID, type CommandFormProps as FormProps } from './command-form.tsx';
import { ReasonField, VisibilitySelect } from './fields.tsx';
import { DraftFindingForm, FollowUpForm, ReviewForm } from './finding-forms.tsx';
import { ReportForm, TaskInvestigationForm } from './investigation-forms.tsx';
import { label } from './labels.tsx';
import { LanguageSelect, useWritingLanguage } from './writing-language.tsx';

type SimpleCommand = (typeof SIMPLE_COMMANDS)[number];
type ActionId = ComplaintCommand | 'publish';

function isSimple(command: string): command is SimpleCommand {
  return (SIMPLE_COMMANDS as readonly string[]).includes(command);
}

export function ComplaintActions({
  detail,
  evidence,
  onChange,
  onReload,
}: {
  detail: ComplaintDetail;
  evidence: readonly EvidenceItem[];
  onChange(detail: ComplaintDetail): void;
  onReload(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const can = useCan();
  const actions: ActionId[] = [...detail.allowedCommands];
  if (can('complaint.publish')) actions.push('publish');
  const [open, setOpen] = useState<ActionId | undefined>();
  const [done, setDone] = useState<string | undefined>();

  // A command no longer allowed (after a change) closes its form.
  const openId = open !== undefined && actions.includes(open) ? open : undefined;
  useEffect(() => setDone(undefined), [openId]);

  if (actions.length === 0) return null;

  const finish = (id: ActionId) => (next: ComplaintDetail | void) => {
    if (next) onChange(next);
    setOpen(undefined);
    setDone(t('command.done', { action: actionLabel(id) }));
  };
  const actionLabel = (id: ActionId) =>
    id === 'publish' ? t('command.publish') : label(i18n, 'command', id);
  const formId = (id: ActionId) => `action-form-${id}`;
  const common = (id: ActionId): FormProps => ({
    detail,
    hidden: openId !== id,
    id: formId(id),
    onDone: finish(id),
    onReload,
  });

  return (
    <section className="card actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('complaint.actions')}</h2>
      {done ? (
        <p className="alert alert-info" role="status">
          {done}
        </p>
      ) : null}
      <ul className="action-buttons" aria-label={t('complaint.actions')}>
        {actions.map((id) => (
          <li key={id}>
            <button
              type="button"
              className={openId === id ? 'button button-primary' : 'button button-secondary'}
              aria-expanded={openId === id}
              aria-controls={formId(id)}
              onClick={() => setOpen(openId === id ? undefined : id)}
            >
              {actionLabel(id)}
            </button>
          </li>
        ))}
      </ul>
      {actions.map((id) => {
        if (id === 'publish') return <VisibilityForm key={id} {...common(id)} />;
        if (isSimple(id)) return <TransitionForm key={id} command={id} {...common(id)} />;
        switch (id) {
          case 'reply':
            return <ReplyForm key={id} {...common(id)} />;
          case 'task_investigation':
            return <TaskInvestigationForm key={id} {...common(id)} />;
          case 'report_investigation':
            return <ReportForm key={id} {...common(id)} />;
          case 'draft_finding':
            return <DraftFindingForm key={id} {...common(id)} />;
          case 'sign_off':
          case 'dissent':
            return <ReviewForm key={id} verdict={id} {...common(id)} />;
          case 'record_follow_up':
            return <FollowUpForm key={id} {...common(id)} />;
          case 'merge':
            return <MergeForm key={id} {...common(id)} />;
          case 'reopen':
            return <ReopenForm key={id} evidence={evidence} {...common(id)} />;
          default:
            return null;
        }
      })}
    </section>
  );
}

function TransitionForm({ command, ...p }: FormProps & { command: SimpleCommand }) {
  const api = useApi();
  const i18n = useI18n();
  const [reason, setReason] = useState('');
  const title = label(i18n, 'command', command);
  return (
    <CommandForm
      {...p}
      title={title}
      submitLabel={title}
      schema={TransitionRequestSchema}
      fields={['reason']}
      intro={<p className="meta">{label(i18n, 'commandHint', command)}</p>}
      build={() => ({ command, version: p.detail.complaint.version, reason: reason.trim() })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'transitions', body)}
      onDone={(d) => {
        setReason('');
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <ReasonField
          value={reason}
          rows={3}
          maxLength={4000}
          onChange={setReason}
          error={messages['reason']}
        />
      )}
    </CommandForm>
  );
}

function ReplyForm(p: FormProps) {
  const api = useApi();
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState<UserLanguage>(useWritingLanguage());
  return (
    <CommandForm
      {...p}
      title={t('command.reply')}
      submitLabel={t('command.replySubmit')}
      schema={ReplyRequestSchema}
      fields={['text', 'language']}
      intro={<p className="meta">{t('commandHint.reply')}</p>}
      build={() => ({ version: p.detail.complaint.version, text: text.trim(), language })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'reply', body)}
      onDone={(d) => {
        setText('');
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <>
          <TextArea
            label={t('command.replyText')}
            name="text"
            value={text}
            rows={6}
            dir="auto"
            lang={language}
            onChange={(e) => setText(e.target.value)}
            error={messages['text']}
          />
          <LanguageSelect value={language} onChange={setLanguage} error={messages['language']} />
        </>
      )}
    </CommandForm>
  );
}

function MergeForm(p: FormProps) {
  const api = useApi();
  const { t } = useI18n();
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  return (
    <CommandForm
      {...p}
      title={t('command.merge')}
      submitLabel={t('command.merge')}
      schema={MergeRequestSchema}
      fields={['duplicateOf', 'reason']}
      build={() => ({
        version: p.detail.complaint.version,
        reason: reason.trim(),
        duplicateOf: (target.match(UUID) ?? [target.trim()])[0] ?? '',
      })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'merge', body)}
      onDone={(d) => {
        setReason('');
        setTarget('');
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <>
          <TextInput
            label={t('command.duplicateOf')}
            hint={t('command.duplicateOfHint')}
            name="duplicateOf"
            value={target}
            dir="ltr"
            spellCheck={false}
            onChange={(e) => setTarget(e.target.value)}
            error={messages['duplicateOf']}
          />
          <ReasonField value={reason} onChange={setReason} error={messages['reason']} />
        </>
      )}
    </CommandForm>
  );
}

function ReopenForm({ evidence, ...p }: FormProps & { evidence: readonly EvidenceItem[] }) {
  const api = useApi();
  const { t } = useI18n();
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  return (
    <CommandForm
      {...p}
      title={t('command.reopen')}
      submitLabel={t('command.reopen')}
      schema={ReopenRequestSchema}
      fields={['evidenceIds', 'reason']}
      intro={<p className="meta">{t('commandHint.reopen')}</p>}
      build={() => ({
        version: p.detail.complaint.version,
        reason: reason.trim(),
        evidenceIds: chosen,
      })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'reopen', body)}
      onDone={(d) => {
        setReason('');
        setChosen([]);
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <>
          <ChoiceGroup
            legend={t('command.newEvidence')}
            name="evidenceIds"
            type="checkbox"
            choices={evidence.map((e) => ({ value: e.id, label: e.title }))}
            selected={chosen}
            onChange={setChosen}
            error={messages['evidenceIds']}
          />
          <ReasonField value={reason} onChange={setReason} error={messages['reason']} />
        </>
      )}
    </CommandForm>
  );
}

function VisibilityForm(p: FormProps) {
  const api = useApi();
  const { t } = useI18n();
  const [visibility, setVisibility] = useState<MaterialVisibility>(
    p.detail.complaint.visibility === 'public' ? 'joint' : 'public',
  );
  const [reason, setReason] = useState('');
  return (
    <CommandForm
      {...p}
      title={t('command.publish')}
      submitLabel={t('command.publishSubmit')}
      schema={VisibilityRequestSchema}
      fields={['visibility', 'reason']}
      intro={<p className="meta">{t('commandHint.publish')}</p>}
      build={() => ({ version: p.detail.complaint.version, visibility, reason: reason.trim() })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'visibility', body)}
      onDone={(d) => {
        setReason('');
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <>
          <VisibilitySelect
            label={t('complaint.visibility')}
            value={visibility}
            onChange={setVisibility}
            error={messages['visibility']}
          />
          <ReasonField value={reason} onChange={setReason} error={messages['reason']} />
        </>
      )}
    </CommandForm>
  );
}
