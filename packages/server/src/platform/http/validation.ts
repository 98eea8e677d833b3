/**
 * Request validation: bodies are checked strictly (no type coercion, unknown fields refused);
 * query strings and path parameters are coerced, since they arrive as text.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldError } from './problem.ts';

// ajv-formats is CommonJS with a `default` export that ESM type resolution misreads.
const addFormats = createRequire(import.meta.url)('ajv-formats') as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv('array');
const cache = new WeakMap<object, ValidateFunction>();

/** Fastify validator compiler: strict for bodies, coercing for everything else. */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  let validate = httpPart === 'body' ? cache.get(schema) : undefined;
  if (!validate) {
    validate = ajv.compile(schema);
    if (httpPart === 'body') cache.set(schema, validate);
  }
  return validate;
};

/** Turns ajv errors into field errors that name the field a person would recognise. */
export function toFieldErrors(part: string, errors: readonly ErrorObject[]): FieldError[] {
  return errors.map((e) => {
    const pointer = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    let field = pointer ? `${part}.${pointer}` : part;
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'additionalProperties') {
      const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
      field = `${field}.${extra}`;
      message = 'is not a known field';
    } else if (e.keyword === 'required') {
      const missing = String((e.params as { missingProperty?: string }).missingProperty);
      field = `${field}.${missing}`;
      message = 'is required';
    }
    return { field, message };
  });
}
