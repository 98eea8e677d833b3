/**
 * Stable error codes carried in every RFC 9457 problem document as `code`.
 * Clients and scripts branch on these, never on the human-readable `detail`.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  invalid_credentials: { status: 401, title: 'Wrong email or password' },
  token_invalid: { status: 401, title: 'The API token is unknown, expired or revoked' },
  session_expired: { status: 401, title: 'The session has expired or was revoked' },
  csrf_failed: { status: 403, title: 'Missing or wrong CSRF token' },
  forbidden: { status: 403, title: 'Not allowed' },
  token_scope: { status: 403, title: "The API token's scopes do not allow this" },
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  version_conflict: { status: 409, title: 'The record was changed by someone else' },
  invalid_transition: { status: 409, title: 'Not allowed from the current state' },
  workflow_precondition: { status: 409, title: 'A condition for this step is not met' },
  request_in_progress: {
    status: 409,
    title: 'A request with this idempotency key is still being handled',
  },
  idempotency_key_reused: {
    status: 422,
    title: 'The idempotency key was already used for a different request',
  },
  unsupported_content: { status: 415, title: 'This kind of file is not accepted' },
  upload_incomplete: { status: 400, title: 'The upload ended before the whole file arrived' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  too_many_requests: { status: 429, title: 'Too many attempts' },
  database_unavailable: { status: 503, title: 'The database is unavailable' },
  shutting_down: { status: 503, title: 'The service is shutting down' },
  internal_error: { status: 500, title: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
