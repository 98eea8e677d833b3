/** A labelled form input whose error sits next to it and is announced with it. */
import { useId, type InputHTMLAttributes, type Ref } from 'react';

export interface FieldError {
  readonly text: string;
  /** Set when the text comes from the server in a language other than the interface's. */
  readonly lang?: string;
}

export function Field({
  label,
  error,
  ref,
  ...input
}: {
  label: string;
  error?: FieldError | undefined;
  ref?: Ref<HTMLInputElement>;
  name: string;
} & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'name' | 'aria-invalid' | 'aria-describedby'
>) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error ? (
        <p className="field-error" id={errorId} lang={error.lang}>
          {error.text}
        </p>
      ) : null}
    </div>
  );
}
