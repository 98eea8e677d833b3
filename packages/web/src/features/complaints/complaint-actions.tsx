/**
 * What the reader may do with the complaint now: exactly the commands in the server's
 * `allowedCommands` (and publishing, when the session's capabilities allow it). One button per
 * command opens its form; forms stay mounted while hidden, so switching between them, a conflict
 * or a lost connection never loses what was typed.
 */
import { useEffect, useState } from 'react';
import {
  DraftFindingRequestSchema,
  FINDING_OUTCOMES,
  FollowUpRequestSchema,
  InvestigationReportRequestSchema,
  MATERIAL_VISIBILITIES,
  MergeRequestSchema,
  ReopenRequestSchema,
  ReplyRequestSchema,
  ReviewRequestSchema,
  SIMPLE_COMMANDS,
  TaskInvestigationRequestSchema,
  TransitionRequestSchema,
  USER_LANGUAGES,
  VisibilityRequestSchema,
  type ComplaintCommand,
  type ComplaintDetail,
  type DraftFindingRequest,
  type EvidenceItem,
  type FindingOutcome,
  type MaterialVisibility,
  type UserLanguage,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { LOCALE_NAMES, isLocale } from '../../platform/i18n/locales.ts';
import { useCan, useSession } from '../../platform/session-context.tsx';
import { ChoiceGroup, Select, TextArea, TextInput } from '../../platform/ui/controls.tsx';
import { CommandForm } from './command-form.tsx';
import { provisionNumbers, useDirectory } from './directory.tsx';
import { label } from './labels.tsx';

type SimpleCommand = (typeof SIMPLE_COMMANDS)[number];
type ActionId = ComplaintCommand | 'publish';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function isSimple(command: string): command is SimpleCommand {
  return (SIMPLE_COMMANDS as readonly string[]).includes(command);
}

interface FormProps {
  readonly detail: ComplaintDetail;
  readonly hidden: boolean;
  readonly id: string;
  onDone(detail: ComplaintDetail | void): void;
  onReload(): void;
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
        <TextArea
          label={i18n.t('command.reason')}
          name="reason"
          value={reason}
          maxLength={4000}
          rows={3}
          onChange={(e) => setReason(e.target.value)}
          error={messages['reason']}
        />
      )}
    </CommandForm>
  );
}

function LanguageSelect({
  value,
  onChange,
  error,
}: {
  value: UserLanguage;
  onChange(language: UserLanguage): void;
  error?: { text: string; lang?: string } | undefined;
}) {
  const { t } = useI18n();
  return (
    <Select
      label={t('complaint.language')}
      name="language"
      value={value}
      onChange={(e) => {
        const v = e.target.value;
        if ((USER_LANGUAGES as readonly string[]).includes(v)) onChange(v as UserLanguage);
      }}
      error={error}
    >
      {USER_LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {isLocale(l) ? LOCALE_NAMES[l] : l}
        </option>
      ))}
    </Select>
  );
}

/** The interface language, as the default language of what the user writes. */
export function useWritingLanguage(): UserLanguage {
  const { locale } = useI18n();
  return (USER_LANGUAGES as readonly string[]).includes(locale) ? (locale as UserLanguage) : 'en';
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

function TaskInvestigationForm(p: FormProps) {
  const api = useApi();
  const { t } = useI18n();
  const session = useSession();
  const [reason, setReason] = useState('');
  const [instructions, setInstructions] = useState('');
  const [includeMe, setIncludeMe] = useState(false);
  const [others, setOthers] = useState('');
  const mayJoin = session?.user.role === 'mediator' || session?.user.role === 'monitor';
  const team = () => {
    const ids = new Set((others.match(UUID) ?? []).map((id) => id.toLowerCase()));
    if (includeMe && session) ids.add(session.user.id);
    return [...ids];
  };
  return (
    <CommandForm
      {...p}
      title={t('command.task_investigation')}
      submitLabel={t('command.task_investigation')}
      schema={TaskInvestigationRequestSchema}
      fields={['reason', 'instructions', 'teamUserIds']}
      build={() => ({
        version: p.detail.complaint.version,
        reason: reason.trim(),
        teamUserIds: team(),
        instructions: instructions.trim(),
      })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'investigation', body)}
      onDone={(d) => {
        setReason('');
        setInstructions('');
        setOthers('');
        setIncludeMe(false);
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <>
          <fieldset
            className={messages['teamUserIds'] ? 'field field-invalid' : 'field'}
            aria-describedby={messages['teamUserIds'] ? `${p.id}-team-error` : undefined}
          >
            <legend>{t('command.team')}</legend>
            {mayJoin ? (
              <label className="choice">
                <input
                  type="checkbox"
                  name="includeMe"
                  checked={includeMe}
                  onChange={(e) => setIncludeMe(e.target.checked)}
                />
                <span>{t('command.teamMe')}</span>
              </label>
            ) : null}
            <TextArea
              label={t('command.teamOthers')}
              hint={t('command.teamOthersHint')}
              name="teamUserIds"
              value={others}
              rows={2}
              dir="ltr"
              spellCheck={false}
              onChange={(e) => setOthers(e.target.value)}
            />
            {messages['teamUserIds'] ? (
              <p
                className="field-error"
                id={`${p.id}-team-error`}
                lang={messages['teamUserIds'].lang}
              >
                {messages['teamUserIds'].text}
              </p>
            ) : null}
          </fieldset>
          <TextArea
            label={t('command.instructions')}
            name="instructions"
            value={instructions}
            rows={4}
            onChange={(e) => setInstructions(e.target.value)}
            error={messages['instructions']}
          />
          <TextArea
            label={t('command.reason')}
            name="reason"
            value={reason}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
            error={messages['reason']}
          />
        </>
      )}
    </CommandForm>
  );
}

function ReportForm(p: FormProps) {
  const api = useApi();
  const { t } = useI18n();
  const [report, setReport] = useState('');
  return (
    <CommandForm
      {...p}
      title={t('command.report_investigation')}
      submitLabel={t('command.report_investigation')}
      schema={InvestigationReportRequestSchema}
      fields={['report']}
      build={() => ({ version: p.detail.complaint.version, report: report.trim() })}
      send={(body) => api.complaintCommand(p.detail.complaint.id, 'investigation/report', body)}
      onDone={(d) => {
        setReport('');
        p.onDone(d);
      }}
    >
      {({ messages }) => (
        <TextArea
          label={t('command.report')}
          name="report"
          value={report}
          rows={8}
          dir="auto"
          onChange={(e) => setReport(e.target.value)}
          error={messages['report']}
        />
      )}
    </CommandForm>
  );
}

function DraftFindingForm(p: FormProps) {
  const api = useApi();
  const i18n = useI18n();
  const { t, pick } = i18n;
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
          <Select
            label={t('finding.outcome')}
            name="outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as FindingOutcome | '')}
            error={messages['outcome']}
          >
            <option value="">{t('common.choose')}</option>
            {FINDING_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {label(i18n, 'outcome', o)}
              </option>
            ))}
          </Select>
          <Select
            label={t('finding.attributedTo')}
            name="attributedOrganisationId"
            value={attributed}
            onChange={(e) => setAttributed(e.target.value)}
            error={messages['attributedOrganisationId']}
          >
            <option value="">{t('common.none')}</option>
            {directory.parties.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
          <TextInput
            label={t('finding.attributedGroup')}
            name="attributedGroup"
            value={group}
            maxLength={200}
            onChange={(e) => setGroup(e.target.value)}
            error={messages['attributedGroup']}
          />
          <Select
            label={t('finding.confidence')}
            name="confidence"
            value={confidence}
            onChange={(e) => setConfidence(e.target.value)}
            error={messages['confidence']}
          >
            <option value="">{t('common.none')}</option>
            {(['low', 'medium', 'high'] as const).map((c) => (
              <option key={c} value={c}>
                {label(i18n, 'confidence', c)}
              </option>
            ))}
          </Select>
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
          <TextArea
            label={t('command.reason')}
            name="reason"
            value={reason}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
            error={messages['reason']}
          />
        </>
      )}
    </CommandForm>
  );
}

function ReviewForm({ verdict, ...p }: FormProps & { verdict: 'sign_off' | 'dissent' }) {
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

function FollowUpForm(p: FormProps) {
  const api = useApi();
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<'penalty' | 'measure' | 'implementation'>('measure');
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
          <Select
            label={t('followUp.kind')}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
            error={messages['kind']}
          >
            {(['penalty', 'measure', 'implementation'] as const).map((k) => (
              <option key={k} value={k}>
                {label(i18n, 'followUp', k)}
              </option>
            ))}
          </Select>
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
          <TextArea
            label={t('command.reason')}
            name="reason"
            value={reason}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
            error={messages['reason']}
          />
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
          <TextArea
            label={t('command.reason')}
            name="reason"
            value={reason}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
            error={messages['reason']}
          />
        </>
      )}
    </CommandForm>
  );
}

function VisibilityForm(p: FormProps) {
  const api = useApi();
  const i18n = useI18n();
  const { t } = i18n;
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
          <Select
            label={t('complaint.visibility')}
            name="visibility"
            value={visibility}
            onChange={(e) => setVisibility(e.target.value as MaterialVisibility)}
            error={messages['visibility']}
          >
            {MATERIAL_VISIBILITIES.map((v) => (
              <option key={v} value={v}>
                {label(i18n, 'visibility', v)}
              </option>
            ))}
          </Select>
          <TextArea
            label={t('command.reason')}
            name="reason"
            value={reason}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
            error={messages['reason']}
          />
        </>
      )}
    </CommandForm>
  );
}
