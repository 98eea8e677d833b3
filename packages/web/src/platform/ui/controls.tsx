/**
 * Labelled form controls whose message sits next to them and is announced with them: a text
 * area, a select, and a group of checkboxes or radio buttons in a fieldset with a legend.
 */
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import type { FieldMessage } from '../validation.ts';

type Controlled = 'id' | 'name' | 'aria-invalid' | 'aria-describedby';

function Message({ id, error }: { id: string; error: FieldMessage | undefined }) {
  return error ? (
    <p className="field-error" id={id} lang={error.lang}>
      {error.text}
    </p>
  ) : null;
}

function describedBy(hintId: string | undefined, errorId: string | undefined): string | undefined {
  const ids = [hintId, errorId].filter(Boolean).join(' ');
  return ids === '' ? undefined : ids;
}

export function TextInput({
  label,
  hint,
  error,
  ref,
  className,
  ...input
}: {
  label: string;
  hint?: string | undefined;
  error?: FieldMessage | undefined;
  ref?: Ref<HTMLInputElement>;
  name: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, Controlled>) {
  const id = useId();
  return (
    <div className={`field ${error ? 'field-invalid' : ''} ${className ?? ''}`.trim()}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        {...input}
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(
          hint ? `${id}-hint` : undefined,
          error ? `${id}-error` : undefined,
        )}
      />
      <Message id={`${id}-error`} error={error} />
    </div>
  );
}

export function TextArea({
  label,
  hint,
  error,
  ref,
  ...input
}: {
  label: string;
  hint?: string | undefined;
  error?: FieldMessage | undefined;
  ref?: Ref<HTMLTextAreaElement>;
  name: string;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, Controlled>) {
  const id = useId();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        rows={4}
        {...input}
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(
          hint ? `${id}-hint` : undefined,
          error ? `${id}-error` : undefined,
        )}
      />
      <Message id={`${id}-error`} error={error} />
    </div>
  );
}

export function Select({
  label,
  error,
  ref,
  children,
  ...select
}: {
  label: string;
  error?: FieldMessage | undefined;
  ref?: Ref<HTMLSelectElement>;
  name: string;
  children: ReactNode;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, Controlled>) {
  const id = useId();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select
        {...select}
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {children}
      </select>
      <Message id={`${id}-error`} error={error} />
    </div>
  );
}

export interface Choice<V extends string> {
  readonly value: V;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
}

/** Checkboxes (several values) or radio buttons (one value) in a fieldset with a legend. */
export function ChoiceGroup<V extends string>({
  legend,
  name,
  type,
  choices,
  selected,
  onChange,
  error,
  className,
}: {
  legend: string;
  name: string;
  type: 'checkbox' | 'radio';
  choices: readonly Choice<V>[];
  selected: readonly V[];
  onChange(selected: V[]): void;
  error?: FieldMessage | undefined;
  className?: string;
}) {
  const id = useId();
  return (
    <fieldset
      className={`field choice-group ${error ? 'field-invalid' : ''} ${className ?? ''}`.trim()}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className="choice">
          <input
            type={type}
            name={name}
            value={c.value}
            checked={selected.includes(c.value)}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              if (type === 'radio') onChange([c.value]);
              else
                onChange(
                  e.target.checked ? [...selected, c.value] : selected.filter((v) => v !== c.value),
                );
            }}
          />
          <span>
            {c.label}
            {c.hint ? <span className="choice-hint">{c.hint}</span> : null}
          </span>
        </label>
      ))}
      <Message id={`${id}-error`} error={error} />
    </fieldset>
  );
}
