/**
 * One error envelope for the whole API: RFC 9457 problem details with a stable `code`.
 * Services throw {@link AppError}; the error handler turns anything into a problem document and
 * never leaks a stack trace or an internal message to the client.
 */
import { ERROR_CODES, type ErrorCode, type Problem, type ProblemWorkflow } from '@truceline/domain';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A field-level complaint about the input, with a JSON-pointer-ish path such as `body.email`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An error meant for the client: its code decides the status; `detail` must be safe to show. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: readonly FieldError[];
  readonly headers: Readonly<Record<string, string>>;
  /** For workflow and version refusals: the state of things the client must know to go on. */
  readonly workflow: ProblemWorkflow | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: {
      errors?: readonly FieldError[];
      headers?: Record<string, string>;
      workflow?: ProblemWorkflow;
    } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = options.errors ?? [];
    this.headers = options.headers ?? {};
    this.workflow = options.workflow;
  }
}

/** Builds the problem document for `code`. `type` is a stable URI per code. */
export function problem(
  code: ErrorCode,
  detail: string | undefined,
  extra: {
    instance?: string;
    requestId?: string;
    errors?: readonly FieldError[];
    workflow?: ProblemWorkflow;
  } = {},
): Problem {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `https://truceline.org/problems/${code.replace(/_/g, '-')}`,
    title,
    status,
    code,
    ...(detail !== undefined ? { detail } : {}),
    ...(extra.instance !== undefined ? { instance: extra.instance } : {}),
    ...(extra.requestId !== undefined ? { requestId: extra.requestId } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: [...extra.errors] } : {}),
    ...(extra.workflow ? { workflow: extra.workflow } : {}),
  };
}
