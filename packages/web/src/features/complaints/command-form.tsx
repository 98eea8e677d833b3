/**
 * The frame of every workflow form on the complaint page (and of the statement and link evidence
 * forms): checks the body with the API's own schema before sending, sends it with the complaint's
 * version, and handles what can go wrong without losing what the user typed:
 *
 * - 409 `version_conflict`: someone changed the complaint meanwhile; the form keeps its content
 *   and offers to reload the complaint (the next attempt then carries the new version);
 * - 400 with field errors: each shown at its field;
 * - a lost connection: said so, content kept, try again;
 * - anything else: the server's problem, in the user's language where we have it.
 */
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ComplaintDetail } from '@truceline/domain';
import type { TSchema } from 'typebox';
import { ApiError } from '../../platform/api-client.ts';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import {
  serverFieldMessages,
  unplacedMessages,
  validate,
  type FieldMessages,
} from '../../platform/validation.ts';

/** Account and complaint ids as people paste them (anywhere in the text, any case). */
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** What the action panel gives each command's form. */
export interface CommandFormProps {
  readonly detail: ComplaintDetail;
  readonly hidden: boolean;
  readonly id: string;
  onDone(detail: ComplaintDetail | void): void;
  onReload(): void;
}

export interface CommandFormApi {
  /** Messages by field path (`reason`, `teamUserIds`), from the browser's check or the server. */
  readonly messages: FieldMessages;
}

type Outcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'conflict'; readonly currentVersion: number | undefined }
  | { readonly kind: 'offline' }
  | { readonly kind: 'problem'; readonly error: ApiError };

export function CommandForm<B>({
  title,
  submitLabel,
  busyLabel,
  schema,
  check,
  build,
  send,
  onDone,
  onReload,
  fields,
  children,
  hidden,
  hideTitle,
  id,
  intro,
}: {
  title: string;
  submitLabel: string;
  busyLabel?: string;
  /** The domain's request schema: the same one the server validates with. */
  schema: TSchema;
  /**
   * The server's checks beyond the schema, where a form can make them too (or a clearer message
   * than the schema's for a field: these win).
   */
  check?: (body: B) => FieldMessages;
  /** The request body from the form's state. */
  build(): B;
  send(body: B): Promise<ComplaintDetail | void>;
  /** After success: clears the form, and receives the complaint as the server now has it. */
  onDone(detail: ComplaintDetail | void): void;
  /** Loads the complaint again (after a conflict). */
  onReload(): void;
  /** Field paths that have a control in this form (other failures go to the summary). */
  fields: readonly string[];
  children: (api: CommandFormApi) => ReactNode;
  hidden?: boolean;
  /** The title names the form for assistive technology only (something visible already says it). */
  hideTitle?: boolean;
  id?: string;
  intro?: ReactNode;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [messages, setMessages] = useState<FieldMessages>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  function focusFirstInvalid() {
    requestAnimationFrame(() => {
      const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      (invalid ?? alertRef.current)?.focus();
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const body = build();
    const found = { ...validate(i18n, schema, body), ...check?.(body) };
    setOutcome({ kind: 'none' });
    setMessages(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    try {
      const result = await send(body);
      setMessages({});
      onDone(result);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'version_conflict') {
        setOutcome({ kind: 'conflict', currentVersion: error.problem.workflow?.currentVersion });
      } else if (error.code === 'network_error') {
        setOutcome({ kind: 'offline' });
      } else {
        setOutcome({ kind: 'problem', error });
        const fromServer = serverFieldMessages(error);
        setMessages(fromServer);
      }
      focusFirstInvalid();
    } finally {
      setBusy(false);
    }
  }

  const unplaced = unplacedMessages(messages, fields);

  return (
    <form
      ref={formRef}
      id={id}
      className="form command-form card"
      aria-labelledby={headingId}
      noValidate
      hidden={hidden}
      onSubmit={(e) => void submit(e)}
    >
      <h3 id={headingId} className={hideTitle ? 'visually-hidden' : undefined}>
        {title}
      </h3>
      {intro}
      <div ref={alertRef} tabIndex={-1} className="form-alerts">
        {outcome.kind === 'conflict' ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t('command.conflictTitle')}</p>
            <p>{t('command.conflictBody')}</p>
            <button type="button" className="button button-secondary" onClick={onReload}>
              {t('command.reload')}
            </button>
          </div>
        ) : null}
        {outcome.kind === 'offline' ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t('command.offlineTitle')}</p>
            <p>{t('command.offlineBody')}</p>
          </div>
        ) : null}
        {outcome.kind === 'problem' ? <ProblemAlert error={outcome.error} /> : null}
        {unplaced.length > 0 && outcome.kind !== 'problem' ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t('error.validation_failed')}</p>
            <ul>
              {unplaced.map(([field, m]) => (
                <li key={field}>
                  <code dir="ltr">{field}</code>: <span lang={m.lang}>{m.text}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {unplaced.length > 0 && outcome.kind === 'problem' ? (
          <ul className="field-error">
            {unplaced.map(([field, m]) => (
              <li key={field}>
                <code dir="ltr">{field}</code>: <span lang={m.lang}>{m.text}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {children({ messages })}
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? (busyLabel ?? t('common.sending')) : submitLabel}
        </button>
      </div>
    </form>
  );
}
