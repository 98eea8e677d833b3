/**
 * What the commitment, crossing, intelligence and handover forms share: a labelled form with its
 * heading, client-side validation with the API's own schema, the server's field errors where they
 * belong and its problem (such as a 409) at the form, and a busy submit button. What was typed is
 * kept on any failure.
 */
import { useState, type ReactNode } from 'react';
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

export interface FormRun {
  readonly busy: boolean;
  readonly error: ApiError | undefined;
  readonly fields: FieldMessages;
  /** Validates `body` with `schema`, then calls the server; true when it succeeded. */
  run(schema: TSchema, body: unknown, call: () => Promise<unknown>): Promise<boolean>;
}

export function useFormRun(): FormRun {
  const i18n = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [fields, setFields] = useState<FieldMessages>({});
  return {
    busy,
    error,
    fields,
    async run(schema, body, call) {
      const problems = validate(i18n, schema, body);
      setFields(problems);
      setError(undefined);
      if (Object.keys(problems).length > 0) return false;
      setBusy(true);
      try {
        await call();
        return true;
      } catch (e) {
        if (e instanceof ApiError) {
          setError(e);
          setFields(serverFieldMessages(e));
        } else {
          throw e;
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

export function ActionForm({
  title,
  form,
  shown,
  submitLabel,
  onSubmit,
  children,
}: {
  title: string;
  form: FormRun;
  /** Fields with their own control; other field errors are listed at the top. */
  shown: readonly string[];
  submitLabel: string;
  onSubmit(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const unplaced = unplacedMessages(form.fields, shown);
  return (
    <form
      className="command-form"
      aria-label={title}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3>{title}</h3>
      {form.error ? <ProblemAlert error={form.error} /> : null}
      {unplaced.length > 0 && !form.error ? (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">{t('error.heading')}</p>
          <ul>
            {unplaced.map(([field, m]) => (
              <li key={field} lang={m.lang}>
                {field}: {m.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {children}
      <button type="submit" className="button" disabled={form.busy} aria-busy={form.busy}>
        {form.busy ? t('common.sending') : submitLabel}
      </button>
    </form>
  );
}

/** Today's date (`YYYY-MM-DD`) in the user's time zone. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
