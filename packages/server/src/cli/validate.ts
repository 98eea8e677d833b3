/**
 * Input files checked against the API's own TypeBox wire schemas, with the API's ajv setup: JSON
 * documents strictly (as request bodies are), CSV cells with coercion (as query strings are, since
 * both arrive as text). Field errors name the field as a person would write it.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { TSchema } from 'typebox';
import { toFieldErrors, validatorCompiler } from '../platform/http/validation.ts';
import type { FieldError } from '../platform/http/problem.ts';

export type Check<T> = (
  data: unknown,
) => { ok: true; value: T } | { ok: false; errors: FieldError[] };

function compile(schema: TSchema, httpPart: 'body' | 'querystring'): ValidateFunction {
  return validatorCompiler({ schema, httpPart, method: 'POST', url: '/cli' }) as ValidateFunction;
}

function fieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  return toFieldErrors('body', errors).map((f, i) => {
    const allowed = (errors[i]?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
    return {
      field: f.field.replace(/^body\.?/, '') || '(document)',
      message: allowed ? `${f.message}: ${allowed.join(', ')}` : f.message,
    };
  });
}

function checker<T>(validate: ValidateFunction): Check<T> {
  return (data) =>
    validate(data)
      ? { ok: true, value: data as T }
      : { ok: false, errors: fieldErrors(validate.errors ?? []) };
}

/** Strict: no coercion, unknown fields refused, exactly like a request body. */
export function bodyCheck<T>(schema: TSchema): Check<T> {
  return checker<T>(compile(schema, 'body'));
}

/** Coercing text to the schema's numbers and integers (CSV cells); otherwise as strict. */
export function textCheck<T>(schema: TSchema): Check<T> {
  return checker<T>(compile(schema, 'querystring'));
}

/** Field errors as indented lines for the terminal. */
export function describeErrors(errors: readonly FieldError[], prefix = ''): string[] {
  return errors.map((e) => `  ${prefix}${e.field}: ${e.message}`);
}
