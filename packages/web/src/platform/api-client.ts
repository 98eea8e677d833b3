/**
 * The web app's only way to the server: JSON over `fetch` on the same origin.
 *
 * - The session lives in an HttpOnly cookie the browser sends by itself (`credentials:
 *   'same-origin'`); the CSRF token from the session response rides on every state-changing call.
 * - Every failure becomes an {@link ApiError} carrying an RFC 9457 problem document, so the pages
 *   handle one shape whether the server, the network or a proxy failed.
 * - A 401 that means "your session is gone" on any call is reported once to `onSessionLost`, which
 *   sends the user back to the sign-in page.
 * - Every POST, PUT or PATCH with a JSON body carries an `Idempotency-Key`. When a call gets no
 *   answer at all (the connection dropped, perhaps after the server had done the work), the same
 *   call sent again reuses its key, so the server answers from the first attempt instead of doing
 *   it twice; any other submission gets a new key.
 */
import type {
  AddEvidenceRequest,
  Agreement,
  Complaint,
  ComplaintDetail,
  ComplaintPage,
  ComplaintSearchQuery,
  ComplaintTimeline,
  ComplaintTimelineQuery,
  CreateComplaintRequest,
  Crossing,
  DraftFindingRequest,
  EvidenceDetail,
  EvidenceItem,
  UploadOsintArticleResponse,
  FollowUpRequest,
  InterfaceLocale,
  InvestigationReportRequest,
  Investigator,
  LoginRequest,
  MergeRequest,
  ObservationSearchQuery,
  Organisation,
  Problem,
  ReopenRequest,
  ReplyRequest,
  ReviewRequest,
  SessionInfo,
  SessionSummary,
  TalkRound,
  TaskInvestigationRequest,
  TransitionRequest,
  UploadEvidenceQuery,
  User,
  VisibilityRequest,
} from '@truceline/domain';

const API = '/api/v1';
const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const IDEMPOTENCY_HEADER = 'idempotency-key';
const IDEMPOTENT_METHODS = new Set(['POST', 'PUT', 'PATCH']);
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
  /** False to send no `Idempotency-Key` (signing in: the body holds a password, not to be kept). */
  readonly idempotent?: boolean;
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
  /** The `Last-Modified` header, when the server sent one. */
  readonly lastModified?: string;
}

/** `GET /complaints/counts`: complaints per state, category and accused party (null: a group). */
export interface ComplaintCounts {
  readonly byState: readonly { readonly key: string | null; readonly count: number }[];
  readonly byCategory: readonly { readonly key: string | null; readonly count: number }[];
  readonly byAccused: readonly { readonly key: string | null; readonly count: number }[];
}

/** A place of the border gazetteer as `GET /gazetteer` answers it. */
export interface GazetteerHit {
  readonly id: string;
  readonly name: string;
  readonly names: Readonly<Record<string, string>>;
  readonly kind: string;
  readonly country: string;
  readonly province: string;
  readonly district: string | null;
  readonly latitude: number;
  readonly longitude: number;
}

/** `GET /complaints/map`: `[id, latitude, longitude, category, state]` per complaint. */
export type ComplaintMapPoint = readonly [string, number, number, string, string];
/** `GET /observations/map`: `[latitude, longitude, type, count]` per observation. */
export type ObservationMapPoint = readonly [number, number, string, number];

export interface MapPoints<P> {
  readonly points: readonly P[];
  readonly truncated: boolean;
}

/** One row of the caller's inbox (`GET /me/notifications`). */
export interface InboxItem {
  readonly id: string;
  readonly event: string;
  readonly complaintId: string | null;
  readonly params: Readonly<Record<string, string | number | null>>;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface Inbox {
  readonly items: InboxItem[];
  readonly unread: number;
}

/** The workflow commands' request bodies, by the path under `/complaints/{id}/`. */
export interface ComplaintCommandBodies {
  readonly transitions: TransitionRequest;
  readonly reply: ReplyRequest;
  readonly investigation: TaskInvestigationRequest;
  readonly 'investigation/report': InvestigationReportRequest;
  readonly finding: DraftFindingRequest;
  readonly reviews: ReviewRequest;
  readonly 'follow-ups': FollowUpRequest;
  readonly merge: MergeRequest;
  readonly reopen: ReopenRequest;
  readonly visibility: VisibilityRequest;
}
export type ComplaintCommandPath = keyof ComplaintCommandBodies;

/** Upload progress: bytes sent of the file's size. */
export type UploadProgress = (sent: number, total: number) => void;

/**
 * A query string from a record of parameters: arrays repeat their key (`state=a&state=b`, as the
 * server reads them), `undefined` and empty strings are left out.
 */
export function queryString(params: Readonly<Record<string, unknown>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const v of values) {
      if (v === undefined || v === null || v === '') continue;
      search.append(key, String(v));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function networkError(): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    code: 'network_error' satisfies ClientErrorCode,
    detail: 'The server could not be reached.',
  });
}

/**
 * A fresh idempotency key. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost);
 * a server reached over plain HTTP on a local network still gets 128 random bits.
 */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
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
  /** Keys of calls that got no answer, by method, path and body: sent again, they reuse them. */
  readonly #unanswered = new Map<string, string>();

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
    let fingerprint: string | undefined;
    let key: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      const json = JSON.stringify(options.body);
      init.body = json;
      if (IDEMPOTENT_METHODS.has(method) && options.idempotent !== false) {
        fingerprint = `${method} ${path} ${json}`;
        key = this.#unanswered.get(fingerprint) ?? newIdempotencyKey();
        headers[IDEMPOTENCY_HEADER] = key;
      }
    }
    if (!SAFE_METHODS.has(method) && this.#csrfToken) headers[CSRF_HEADER] = this.#csrfToken;
    if (options.signal) init.signal = options.signal;

    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(`${API}${path}`, init);
    } catch (error) {
      // No answer: the server may or may not have done it. The same call again keeps the key.
      if (fingerprint !== undefined && key !== undefined) this.#unanswered.set(fingerprint, key);
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw networkError();
    }

    if (response.status === 204) {
      if (fingerprint !== undefined) this.#unanswered.delete(fingerprint);
      return undefined as T;
    }
    const type = response.headers.get('content-type') ?? '';
    const body: unknown = /json/.test(type)
      ? await response.json().catch(() => undefined)
      : undefined;
    if (fingerprint !== undefined && key !== undefined) {
      // An answer settles the key, except "the first attempt is still running": the next try
      // must keep asking under the same key, or it could be carried out twice.
      if (isProblem(body) && body.code === 'request_in_progress') {
        this.#unanswered.set(fingerprint, key);
      } else {
        this.#unanswered.delete(fingerprint);
      }
    }

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
      idempotent: false,
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

  /** Stores the signed-in user's interface language, followed wherever they sign in. */
  saveLocale(locale: InterfaceLocale): Promise<{ locale: InterfaceLocale }> {
    return this.request('PUT', '/me/locale', { body: { locale } });
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
      throw networkError();
    }
    const text = await response.text();
    const lastModified = response.headers.get('last-modified');
    return lastModified === null
      ? { status: response.status, text }
      : { status: response.status, text, lastModified };
  }

  // --- Mechanism ------------------------------------------------------------------------------

  organisations(signal?: AbortSignal): Promise<Page<Organisation>> {
    return this.request('GET', '/organisations', signal ? { signal } : {});
  }

  /** Active mediators and monitors, whom a mediator may task with an investigation. */
  investigators(signal?: AbortSignal): Promise<Page<Investigator>> {
    return this.request('GET', '/investigators', signal ? { signal } : {});
  }

  users(signal?: AbortSignal): Promise<Page<User>> {
    return this.request('GET', '/users', signal ? { signal } : {});
  }

  // --- Complaints -----------------------------------------------------------------------------

  searchComplaints(query: ComplaintSearchQuery, signal?: AbortSignal): Promise<ComplaintPage> {
    return this.request('GET', `/complaints${queryString(query)}`, signal ? { signal } : {});
  }

  complaint(id: string, signal?: AbortSignal): Promise<ComplaintDetail> {
    return this.request('GET', `/complaints/${encodeURIComponent(id)}`, signal ? { signal } : {});
  }

  fileComplaint(body: CreateComplaintRequest): Promise<Complaint> {
    return this.request('POST', '/complaints', { body });
  }

  /** A workflow command; answers with the complaint as the caller now sees it. */
  complaintCommand<P extends ComplaintCommandPath>(
    id: string,
    path: P,
    body: ComplaintCommandBodies[P],
  ): Promise<ComplaintDetail> {
    return this.request('POST', `/complaints/${encodeURIComponent(id)}/${path}`, { body });
  }

  complaintCounts(query: ComplaintSearchQuery, signal?: AbortSignal): Promise<ComplaintCounts> {
    return this.request('GET', `/complaints/counts${queryString(query)}`, signal ? { signal } : {});
  }

  complaintTimeline(
    query: ComplaintTimelineQuery,
    signal?: AbortSignal,
  ): Promise<ComplaintTimeline> {
    return this.request(
      'GET',
      `/complaints/timeline${queryString(query)}`,
      signal ? { signal } : {},
    );
  }

  complaintMap(
    query: ComplaintSearchQuery,
    signal?: AbortSignal,
  ): Promise<MapPoints<ComplaintMapPoint>> {
    return this.request('GET', `/complaints/map${queryString(query)}`, signal ? { signal } : {});
  }

  observationMap(
    query: Omit<ObservationSearchQuery, 'cursor' | 'limit'>,
    signal?: AbortSignal,
  ): Promise<MapPoints<ObservationMapPoint>> {
    return this.request('GET', `/observations/map${queryString(query)}`, signal ? { signal } : {});
  }

  gazetteer(q: string, signal?: AbortSignal): Promise<Page<GazetteerHit>> {
    return this.request(
      'GET',
      `/gazetteer${queryString({ q, limit: 8 })}`,
      signal ? { signal } : {},
    );
  }

  // --- Evidence -------------------------------------------------------------------------------

  evidenceOf(complaintId: string, signal?: AbortSignal): Promise<Page<EvidenceItem>> {
    return this.request(
      'GET',
      `/complaints/${encodeURIComponent(complaintId)}/evidence`,
      signal ? { signal } : {},
    );
  }

  /** One item with its chain of custody; the server records this view in the chain. */
  evidence(id: string, signal?: AbortSignal): Promise<EvidenceDetail> {
    return this.request('GET', `/evidence/${encodeURIComponent(id)}`, signal ? { signal } : {});
  }

  addEvidence(complaintId: string, body: AddEvidenceRequest): Promise<EvidenceItem> {
    return this.request('POST', `/complaints/${encodeURIComponent(complaintId)}/evidence`, {
      body,
    });
  }

  /**
   * Uploads a file as the raw request body, reporting progress. XMLHttpRequest rather than
   * `fetch`, because only it reports how much of a request body has been sent.
   */
  uploadEvidence(
    complaintId: string,
    file: Blob,
    query: UploadEvidenceQuery,
    onProgress?: UploadProgress,
  ): Promise<EvidenceItem> {
    const url = `${API}/complaints/${encodeURIComponent(complaintId)}/evidence/files${queryString({ ...query })}`;
    return this.#uploadRaw<EvidenceItem>(url, file, onProgress);
  }

  /** Uploads a saved news page (HTML or text) for open-source monitoring. */
  uploadNewsArticle(file: File): Promise<UploadOsintArticleResponse> {
    const url = `${API}/osint/articles${queryString({ fileName: file.name.slice(0, 255) || undefined })}`;
    return this.#uploadRaw<UploadOsintArticleResponse>(url, file);
  }

  #uploadRaw<T>(url: string, file: Blob, onProgress?: UploadProgress): Promise<T> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.withCredentials = true;
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.setRequestHeader('accept', 'application/json');
      if (this.#csrfToken) xhr.setRequestHeader(CSRF_HEADER, this.#csrfToken);
      xhr.upload.onprogress = (event) => {
        onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
      };
      xhr.onerror = () => reject(networkError());
      xhr.onabort = () => reject(networkError());
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText) as unknown;
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300 && body !== undefined) {
          resolve(body as T);
          return;
        }
        const problem = isProblem(body)
          ? body
          : new ApiError({
              type: 'about:blank',
              title: xhr.statusText || 'Unexpected response',
              status: xhr.status,
              code: 'bad_response' satisfies ClientErrorCode,
              detail: `The server answered ${xhr.status} ${xhr.statusText}`.trim(),
            }).problem;
        const error = new ApiError(problem);
        if (error.status === 401 && SESSION_LOST_CODES.has(error.code)) {
          this.#csrfToken = undefined;
          this.#options.onSessionLost?.(error.code);
        }
        reject(error);
      };
      xhr.send(file);
    });
  }

  // --- Inbox ----------------------------------------------------------------------------------

  inbox(signal?: AbortSignal): Promise<Inbox> {
    return this.request('GET', '/me/notifications?limit=100', signal ? { signal } : {});
  }

  markRead(ids: readonly string[] | 'all'): Promise<{ marked: number }> {
    return this.request('POST', '/me/notifications/read', {
      body: { ids: ids === 'all' ? 'all' : [...ids] },
    });
  }
}
