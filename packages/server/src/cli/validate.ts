/**
 * Input files checked against the API's own TypeBox wire schemas, with the API's ajv setup: JSON
 * documents strictly (as request bodies are), CSV cells with coercion (as query strings are, since
 * both arrive as text). Field errors name the field as a person would write it.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { TSchema } from 'typebox';
import { toFieldErrors, validatorCompiler } from '../platform/http/validation.ts';
import { AppError, type FieldError } from '../platform/http/problem.ts';
import { CliError, EXIT } from './exit-codes.ts';

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

/** How a request's top-level fields are given on the command line: `{ dueOn: '--due' }`. */
export type OptionNames = Readonly<Record<string, string>>;

/** `dueOn` as `--due (dueOn)`, so the person sees the option they typed and the field it set. */
function naming(field: string, names: OptionNames): string {
  const bare = field.replace(/^body\./, '');
  const option = names[bare.split('.')[0] ?? bare];
  return option === undefined ? bare : `${option} (${bare})`;
}

function renamed(errors: readonly FieldError[], names: OptionNames): FieldError[] {
  return errors.map((e) => ({
    field: naming(e.field, names),
    // "is before body.startsOn" names the other field the same way.
    message: e.message.replace(/\bbody\.([A-Za-z]+)/g, (_, f: string) => naming(f, names)),
  }));
}

/**
 * A request built from options (or a file), checked against the API's schema before anything is
 * opened: a usage error (exit 2) naming each option at fault.
 */
export function checkRequest<T>(check: Check<T>, body: unknown, what: string, names: OptionNames) {
  const checked = check(body);
  if (checked.ok) return checked.value;
  // A nullable field's union adds "must be null" and "must match a schema in anyOf" to the error
  // that matters ("must match format date"): keep only that one.
  const union = /^must (be null|match a schema in anyOf)$/;
  const errors = checked.errors.filter(
    (e) =>
      !union.test(e.message) ||
      !checked.errors.some((o) => o.field === e.field && !union.test(o.message)),
  );
  throw new CliError(
    [`${what} is not valid:`, ...describeErrors(renamed(errors, names))].join('\n'),
    EXIT.usage,
  );
}

/** Runs a service call; the field errors of a refusal name the options rather than the body. */
export async function namingOptions<T>(names: OptionNames, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.errors.length === 0) throw error;
    throw new AppError(error.code, error.message, {
      errors: renamed(error.errors, names),
      headers: { ...error.headers },
      ...(error.workflow ? { workflow: error.workflow } : {}),
    });
  }
}
