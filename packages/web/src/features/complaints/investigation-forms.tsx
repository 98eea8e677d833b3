/**
 * The investigation's forms: tasking a team, and the team's report.
 *
 * The team is picked from the active mediators and monitors the server lists
 * (`GET /investigators`, by name and organisation) for a user who may list them; anyone else, or
 * anyone when that list cannot be loaded, names members by account ID instead. Either way the
 * server has the last word, and a member it refuses is named at the team's field.
 */
import { useCallback, useState } from 'react';
import {
  InvestigationReportRequestSchema,
  TaskInvestigationRequestSchema,
  type Investigator,
} from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useCan, useSession } from '../../platform/session-context.tsx';
import { TextArea } from '../../platform/ui/controls.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { useResource } from '../../platform/use-resource.ts';
import type { FieldMessage, FieldMessages } from '../../platform/validation.ts';
import { CommandForm, UUID, type CommandFormProps as FormProps } from './command-form.tsx';
import { useDirectory } from './directory.tsx';
import { ReasonField } from './fields.tsx';
import { label } from './labels.tsx';

const NO_INVESTIGATORS: { items: Investigator[] } = { items: [] };

/** The team's message: about the list itself, else about one of its members. */
function teamMessage(messages: FieldMessages): FieldMessage | undefined {
  return (
    messages['teamUserIds'] ??
    Object.entries(messages).find(([field]) => field.startsWith('teamUserIds.'))?.[1]
  );
}

/** The people who may be tasked, as checkboxes: name, organisation and role. */
function InvestigatorChoices({
  investigators,
  picked,
  onChange,
  invalid,
}: {
  investigators: readonly Investigator[];
  picked: readonly string[];
  onChange(picked: string[]): void;
  invalid: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const directory = useDirectory();
  if (investigators.length === 0) return <p className="muted">{t('command.teamNone')}</p>;
  return (
    <>
      {investigators.map((person) => {
        const organisation = directory.organisation(person.organisationId);
        return (
          <label key={person.id} className="choice">
            <input
              type="checkbox"
              name="teamUserIds"
              value={person.id}
              checked={picked.includes(person.id)}
              aria-invalid={invalid ? true : undefined}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? [...picked, person.id]
                    : picked.filter((id) => id !== person.id),
                )
              }
            />
            <span>
              <ServerText text={person.displayName} />
              {person.id === session?.user.id ? ` ${t('command.teamYou')}` : ''}
              <span className="choice-hint">
                {organisation ? <ServerText text={organisation.name} /> : null}
                {organisation ? ' · ' : ''}
                {label(i18n, 'role', person.role)}
              </span>
            </span>
          </label>
        );
      })}
    </>
  );
}

export function TaskInvestigationForm(p: FormProps) {
  const api = useApi();
  const { t } = useI18n();
  const session = useSession();
  const can = useCan();
  const mayList = can('investigator.list');
  const investigators = useResource(
    useCallback(
      (signal: AbortSignal) =>
        mayList ? api.investigators(signal) : Promise.resolve(NO_INVESTIGATORS),
      [api, mayList],
    ),
  );
  const [reason, setReason] = useState('');
  const [instructions, setInstructions] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [includeMe, setIncludeMe] = useState(false);
  const [others, setOthers] = useState('');
  // By name when the list is there; by account ID otherwise.
  const byName = mayList && investigators.status === 'ok';
  const mayJoin = session?.user.role === 'mediator' || session?.user.role === 'monitor';
  const team = () => {
    const ids = new Set<string>();
    if (byName) for (const id of picked) ids.add(id);
    else {
      for (const id of others.match(UUID) ?? []) ids.add(id.toLowerCase());
      if (includeMe && session) ids.add(session.user.id);
    }
    return [...ids];
  };
  const errorId = `${p.id}-team-error`;
  return (
    <CommandForm
      {...p}
      title={t('command.task_investigation')}
      submitLabel={t('command.task_investigation')}
      schema={TaskInvestigationRequestSchema}
      fields={[
        'reason',
        'instructions',
        'teamUserIds',
        ...Array.from({ length: 20 }, (_, i) => `teamUserIds.${i}`),
      ]}
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
        setPicked([]);
        setOthers('');
        setIncludeMe(false);
        p.onDone(d);
      }}
    >
      {({ messages }) => {
        const teamError = teamMessage(messages);
        return (
          <>
            <fieldset
              className={teamError ? 'field choice-group field-invalid' : 'field choice-group'}
              aria-describedby={teamError ? errorId : undefined}
            >
              <legend>{t('command.team')}</legend>
              {mayList && investigators.status === 'loading' ? (
                <p className="muted" role="status">
                  {t('common.loading')}
                </p>
              ) : null}
              {investigators.status === 'ok' && byName ? (
                <InvestigatorChoices
                  investigators={investigators.data.items}
                  picked={picked}
                  onChange={setPicked}
                  invalid={teamError !== undefined}
                />
              ) : null}
              {mayList && investigators.status === 'error' ? (
                <p className="field-hint">{t('command.teamListFailed')}</p>
              ) : null}
              {!mayList || investigators.status === 'error' ? (
                <>
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
                </>
              ) : null}
              {teamError ? (
                <p className="field-error" id={errorId} lang={teamError.lang}>
                  {teamError.text}
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
            <ReasonField value={reason} onChange={setReason} error={messages['reason']} />
          </>
        );
      }}
    </CommandForm>
  );
}

export function ReportForm(p: FormProps) {
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
