/**
 * Turns every failure into an RFC 9457 problem document. Client errors say what was wrong and
 * where; server errors say only that something failed, with the request id to quote to support,
 * while the log keeps the full error.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyError } from 'fastify';
import type { ErrorCode } from '@truceline/domain';
import type { App } from './app-types.ts';
import { isDatabaseUnavailable } from '../database/database.ts';
import { AppError, PROBLEM_CONTENT_TYPE, problem, type FieldError } from './problem.ts';
import { toFieldErrors } from './validation.ts';

/** Maps Fastify's own error codes to ours. */
function classify(
  error: FastifyError,
): { code: ErrorCode; detail: string; errors?: FieldError[] } | undefined {
  if (error.validation) {
    const part = error.validationContext ?? 'body';
    const errors = toFieldErrors(part, error.validation as never);
    const first = errors[0];
    return {
      code: 'validation_failed',
      detail: first ? `${first.field} ${first.message}` : 'The request is not valid',
      errors,
    };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        code: 'malformed_json',
        detail: 'The body could not be parsed as JSON',
        errors: [{ field: 'body', message: 'is not valid JSON' }],
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        code: 'payload_too_large',
        detail: 'The request body exceeds the size limit',
        errors: [{ field: 'body', message: 'is too large' }],
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        code: 'unsupported_media_type',
        detail: 'Send JSON with content-type application/json',
      };
    default:
      break;
  }
  if (error.statusCode === 413)
    return { code: 'payload_too_large', detail: 'The request body exceeds the size limit' };
  if (error.statusCode === 415)
    return {
      code: 'unsupported_media_type',
      detail: 'Send JSON with content-type application/json',
    };
  if (error.statusCode === 400)
    return { code: 'validation_failed', detail: 'The request is not valid' };
  return undefined;
}

export function registerErrorHandling(app: App, webRoot?: string): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    let body;
    if (error instanceof AppError) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      body = problem(error.code, error.message, {
        instance: request.url,
        requestId: request.id,
        errors: error.errors,
        ...(error.workflow ? { workflow: error.workflow } : {}),
      });
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
    } else if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      body = problem('database_unavailable', 'The database cannot be reached; try again shortly', {
        instance: request.url,
        requestId: request.id,
      });
    } else {
      const known = classify(error);
      if (known) {
        body = problem(known.code, known.detail, {
          instance: request.url,
          requestId: request.id,
          errors: known.errors ?? [],
        });
      } else {
        request.log.error({ err: error }, 'unhandled error');
        body = problem(
          'internal_error',
          `Something failed on our side; quote request id ${request.id}`,
          {
            instance: request.url,
            requestId: request.id,
          },
        );
      }
    }
    return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    // The single-page app owns every non-API path a browser navigates to.
    const index = webRoot ? path.join(webRoot, 'index.html') : undefined;
    if (
      index &&
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html') &&
      fs.existsSync(index)
    ) {
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(index));
    }
    const body = problem(
      'route_not_found',
      `No route for ${request.method} ${request.url.split('?')[0]}`,
      {
        instance: request.url,
        requestId: request.id,
      },
    );
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(body);
  });
}
