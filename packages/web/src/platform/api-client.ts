/**
 * The web app's only way to the server: JSON over `fetch` on the same origin.
 *
 * - The session lives in an HttpOnly cookie the browser sends by itself (`credentials:
 *   'same-origin'`); the CSRF token from the session response rides on every state-changing call.
 * - Every failure becomes an {@link ApiError} carrying an RFC 9457 problem document, so the pages
 *   handle one shape whether the server, the network or a proxy failed.
 * - A 401 that means "your session is gone" on any call is reported once to `onSessionLost`, which
 *   sends the user back to the sign-in page.
 */
import type {
  Agreement,
  Crossing,
  LoginRequest,
  Organisation,
  Problem,
  SessionInfo,
  SessionSummary,
  TalkRound,
  User,
} from '@truceline/domain';

const API = '/api/v1';
const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Codes meaning that the caller is not (or no longer) signed in. */
const SESSION_LOST_CODES = new Set(['session_expired', 'unauthenticated']);

/** Codes the client makes up when there is no problem document from the server. */
export type ClientErrorCode = 'network_error' | 'bad_response';

/** A failed call, with the server's problem document (or one made up for network failures). */
export class ApiError extends Error {
  readonly problem: Problem;
  /** Seconds from the `Retry-After` header, when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }

  /** Field errors keyed by the form field's own name: `body.email` becomes `email`. */
  fieldErrors(part = 'body'): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const name = e.field.startsWith(`${part}.`) ? e.field.slice(part.length + 1) : e.field;
      // Keep the first complaint per field: it is usually the most basic one.
      out[name] ??= e.message;
    }
    return out;
  }
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /**
   * True for calls that expect a 401 as a normal answer (asking whether anyone is signed in, or
   * signing in): their 401 is returned to the caller instead of ending the session.
   */
  readonly quietUnauthenticated?: boolean;
}

export interface ApiClientOptions {
  /** Called when a call finds that the session has ended (`session_expired` or `unauthenticated`). */
  readonly onSessionLost?: (code: string) => void;
  /** For tests; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
}

export interface Page<T> {
  readonly items: T[];
}

/** An answer read as text, whatever its status (see {@link ApiClient.getRaw}). */
export interface RawResponse {
  readonly status: number;
  readonly text: string;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['status'] === 'number' && typeof v['code'] === 'string';
}

function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export class ApiClient {
  #csrfToken: string | undefined;
  readonly #options: ApiClientOptions;

  constructor(options: ApiClientOptions = {}) {
    this.#options = options;
  }

  /** Remembers (or forgets) the CSRF token to send on state-changing calls. */
  setCsrfToken(token: string | undefined): void {
    this.#csrfToken = token === '' ? undefined : token;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (!SAFE_METHODS.has(method) && this.#csrfToken) headers[CSRF_HEADER] = this.#csrfToken;
    if (options.signal) init.signal = options.signal;

    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(`${API}${path}`, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError({
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        code: 'network_error' satisfies ClientErrorCode,
        detail: 'The server could not be reached.',
      });
    }

    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    const body: unknown = /json/.test(type)
      ? await response.json().catch(() => undefined)
      : undefined;

    if (response.ok) {
      if (body === undefined) throw this.#badResponse(response);
      return body as T;
    }
    const problem = isProblem(body) ? body : this.#badResponse(response).problem;
    const error = new ApiError(problem, parseRetryAfter(response.headers.get('retry-after')));
    if (
      error.status === 401 &&
      SESSION_LOST_CODES.has(error.code) &&
      !options.quietUnauthenticated
    ) {
      this.#csrfToken = undefined;
      this.#options.onSessionLost?.(error.code);
    }
    throw error;
  }

  #badResponse(response: Response): ApiError {
    return new ApiError({
      type: 'about:blank',
      title: response.statusText || 'Unexpected response',
      status: response.status,
      code: 'bad_response' satisfies ClientErrorCode,
      detail: `The server answered ${response.status} ${response.statusText}`.trim(),
    });
  }

  // --- Authentication -------------------------------------------------------------------------

  async login(body: LoginRequest): Promise<SessionInfo> {
    const session = await this.request<SessionInfo>('POST', '/auth/login', {
      body,
      quietUnauthenticated: true,
    });
    this.setCsrfToken(session.csrfToken);
    return session;
  }

  /** The current session, or `undefined` when nobody is signed in. */
  async session(
    options: { signal?: AbortSignal } = {},
  ): Promise<{ session: SessionInfo } | { session: undefined; code: string }> {
    try {
      const session = await this.request<SessionInfo>('GET', '/auth/session', {
        ...options,
        quietUnauthenticated: true,
      });
      this.setCsrfToken(session.csrfToken);
      return { session };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.setCsrfToken(undefined);
        return { session: undefined, code: error.code };
      }
      throw error;
    }
  }

  async logout(): Promise<void> {
    try {
      await this.request<void>('POST', '/auth/logout', { quietUnauthenticated: true });
    } finally {
      this.setCsrfToken(undefined);
    }
  }

  mySessions(signal?: AbortSignal): Promise<Page<SessionSummary>> {
    return this.request('GET', '/me/sessions', signal ? { signal } : {});
  }

  revokeSession(id: string): Promise<void> {
    return this.request('DELETE', `/me/sessions/${encodeURIComponent(id)}`);
  }

  // --- Public record --------------------------------------------------------------------------

  agreements(signal?: AbortSignal): Promise<Page<Agreement>> {
    return this.request('GET', '/agreements', signal ? { signal } : {});
  }

  talks(signal?: AbortSignal): Promise<Page<TalkRound>> {
    return this.request('GET', '/talks', signal ? { signal } : {});
  }

  crossings(signal?: AbortSignal): Promise<Page<Crossing>> {
    return this.request('GET', '/crossings', signal ? { signal } : {});
  }

  // --- Transparency log -----------------------------------------------------------------------

  /**
   * A public read under `/api/v1`, answered as its status and body text whatever the status, for
   * code that checks the answer itself (the log's checkpoint is signed text, and a 404 there means
   * "not integrated yet", not an error). Never ends the session. Throws an {@link ApiError}
   * (`network_error`) when the server cannot be reached, and rethrows aborts.
   */
  async getRaw(path: string, signal?: AbortSignal): Promise<RawResponse> {
    const init: RequestInit = {
      method: 'GET',
      headers: { accept: 'application/json, text/plain' },
      credentials: 'same-origin',
      cache: 'no-store',
    };
    if (signal) init.signal = signal;
    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(`${API}${path}`, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError({
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        code: 'network_error' satisfies ClientErrorCode,
        detail: 'The server could not be reached.',
      });
    }
    return { status: response.status, text: await response.text() };
  }

  // --- Mechanism ------------------------------------------------------------------------------

  organisations(signal?: AbortSignal): Promise<Page<Organisation>> {
    return this.request('GET', '/organisations', signal ? { signal } : {});
  }

  users(signal?: AbortSignal): Promise<Page<User>> {
    return this.request('GET', '/users', signal ? { signal } : {});
  }
}
