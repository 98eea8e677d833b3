/**
 * Checks a request body in the browser against the same TypeBox schema the server validates it
 * with (from the domain), and turns the failures into messages keyed by the field's path
 * (`where.latitude`, `casualties.0.killed`), as the server's problem documents name them.
 *
 * TypeBox's interpreted checker is used: its compiled one evaluates generated code, which the
 * Content-Security-Policy forbids.
 */
import type { TSchema } from 'typebox';
import { Errors } from 'typebox/value';
import type { I18n } from './i18n/i18n.tsx';
import type { ApiError } from './api-client.ts';

/** A message shown next to a field; `lang` is set when it is the server's English. */
export interface FieldMessage {
  readonly text: string;
  readonly lang?: string;
}

export type FieldMessages = Readonly<Record<string, FieldMessage>>;

interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: unknown;
  readonly message: string;
}

function limitOf(params: unknown): number | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const limit = (params as Record<string, unknown>)['limit'];
  return typeof limit === 'number' ? limit : undefined;
}

function describe(i18n: I18n, error: SchemaError): string {
  const { t, formatNumber } = i18n;
  const limit = limitOf(error.params);
  const n = limit === undefined ? '' : formatNumber(limit);
  switch (error.keyword) {
    case 'required':
      return t('validation.required');
    case 'minLength':
      return limit === 1 ? t('validation.required') : t('validation.minLength', { limit: n });
    case 'maxLength':
      return t('validation.maxLength', { limit: n });
    case 'minimum':
    case 'exclusiveMinimum':
      return t('validation.minimum', { limit: n });
    case 'maximum':
    case 'exclusiveMaximum':
      return t('validation.maximum', { limit: n });
    case 'minItems':
      return limit === 1 ? t('validation.chooseOne') : t('validation.minItems', { limit: n });
    case 'maxItems':
      return t('validation.maxItems', { limit: n });
    case 'uniqueItems':
      return t('validation.unique');
    case 'format':
      return t('validation.format');
    case 'enum':
    case 'const':
      return t('validation.choose');
    case 'type':
      return t('validation.type');
    default:
      return t('validation.invalid');
  }
}

/** `/where/latitude` → `where.latitude`; a missing property names the property itself. */
function pathOf(error: SchemaError): string {
  let path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required' && typeof error.params === 'object' && error.params !== null) {
    const missing = (error.params as Record<string, unknown>)['requiredProperties'];
    const first = Array.isArray(missing) ? missing[0] : undefined;
    if (typeof first === 'string') path = path ? `${path}.${first}` : first;
  }
  return path;
}

/** Failures of `value` against `schema`, one message per field (the first found). */
export function validate(i18n: I18n, schema: TSchema, value: unknown): FieldMessages {
  const out: Record<string, FieldMessage> = {};
  for (const error of Errors(schema, value) as readonly SchemaError[]) {
    const path = pathOf(error);
    out[path] ??= { text: describe(i18n, error) };
  }
  return out;
}

/** The server's field errors (`body.where.latitude`), keyed like {@link validate}'s. */
export function serverFieldMessages(error: ApiError, part = 'body'): FieldMessages {
  const out: Record<string, FieldMessage> = {};
  for (const [field, text] of Object.entries(error.fieldErrors(part))) {
    out[field] = { text, lang: 'en' };
  }
  return out;
}

/**
 * The message for a field, or for anything beneath it (`casualties` also shows a failure of
 * `casualties.0.killed` when the form has no control for the latter).
 */
export function messageFor(messages: FieldMessages, field: string): FieldMessage | undefined {
  return messages[field];
}

/** Messages whose field is not among `shown`: listed in the form's summary instead. */
export function unplacedMessages(
  messages: FieldMessages,
  shown: readonly string[],
): [string, FieldMessage][] {
  return Object.entries(messages).filter(([field]) => !shown.includes(field));
}
