/**
 * Idempotency keys, after the IETF draft "The Idempotency-Key HTTP Header Field": a client that
 * sends `Idempotency-Key: <key>` with a POST, PUT or PATCH may send the same request again after
 * losing the answer, and gets the first answer back (with `Idempotent-Replayed: true`) instead of
 * a second record.
 *
 * - Keys belong to the signed-in user (session or API token); anonymous requests, routes marked
 *   `idempotency: false` (their answer holds a secret shown once, never stored) and streamed
 *   uploads (whose bodies are not JSON) ignore the header and behave as without it.
 * - Before the handler the key is claimed with an in-progress row (a single insert, no
 *   transaction held across the handler: PGlite has a single backend). Another request under the
 *   same key then gets the stored answer (same request), `idempotency_key_reused` (different
 *   request) or `request_in_progress` (the first one is still running).
 * - After the handler a 2xx answer is stored with the row; any other answer deletes the row, so
 *   that the client may correct the request and retry under the same key.
 * - Rows are kept for {@link IDEMPOTENCY_TTL_MS}; the hourly maintenance job purges older ones. A
 *   row left in progress (the process died mid-request) is taken over after
 *   {@link IN_PROGRESS_TIMEOUT_MS}.
 *
 * Stored answers are never logged.
 */
import crypto from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../database/database.ts';
import { idempotentRequests } from '../database/schema/index.ts';
import type { App } from './app-types.ts';
import { AppError } from './problem.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** How long a completed request is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** How long an unfinished request blocks its key before another request may take it over. */
export const IN_PROGRESS_TIMEOUT_MS = 2 * 60_000;

const KEY = /^[A-Za-z0-9_-]{1,100}$/;
const METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** A claimed key, remembered per request between the hooks. */
interface Claim {
  readonly userId: string;
  readonly key: string;
  finished: boolean;
}

const claims = new WeakMap<FastifyRequest, Claim>();

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const record = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k]]),
    );
  });
}

/** SHA-256 (hex) of what makes two requests the same: method, URL and canonical body. */
export function requestHash(method: string, url: string, body: unknown): string {
  return crypto
    .createHash('sha256')
    .update(`${method}\n${url}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * The key this request is sent under, if idempotency applies to it at all. Throws a 400 naming
 * the header when the key is malformed.
 */
function keyOf(request: FastifyRequest): { userId: string; key: string } | undefined {
  if (!METHODS.has(request.method)) return undefined;
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return undefined;
  const config = request.routeOptions.config;
  if (!request.actor || config.auth === 'none' || config.idempotency === false) return undefined;
  const type = request.headers['content-type'];
  if (type !== undefined && !JSON_TYPE.test(type)) return undefined;
  // The draft's value is a structured-field string ("…"); the bare token is accepted too.
  const raw = Array.isArray(header) ? undefined : header.replace(/^"(.*)"$/, '$1');
  if (raw === undefined || !KEY.test(raw)) {
    throw new AppError(
      'validation_failed',
      'headers.idempotency-key must be 1 to 100 letters, digits, "-" or "_"',
      {
        errors: [
          {
            field: `headers.${IDEMPOTENCY_HEADER}`,
            message: 'must be 1 to 100 letters, digits, "-" or "_"',
          },
        ],
      },
    );
  }
  return { userId: request.actor.userId, key: raw };
}

function inProgress(): AppError {
  return new AppError(
    'request_in_progress',
    'A request with this Idempotency-Key is still being handled; retry shortly',
    { headers: { 'retry-after': '1' } },
  );
}

/** Claims the key, or answers from (or refuses because of) an earlier request under it. */
async function before(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const sent = keyOf(request);
  if (!sent) return;
  const { userId, key } = sent;
  const hash = requestHash(request.method, request.url, request.body);
  const path = request.url.slice(0, 2000);

  const inserted = await db
    .insert(idempotentRequests)
    .values({ userId, key, method: request.method, path, requestHash: hash })
    .onConflictDoNothing()
    .returning({ key: idempotentRequests.key });
  if (inserted.length === 0) {
    const [row] = await db
      .select({
        requestHash: idempotentRequests.requestHash,
        status: idempotentRequests.status,
        responseBody: idempotentRequests.responseBody,
        contentType: idempotentRequests.contentType,
        // Ages by the database's clock, the one that stamped the row.
        stale: sql<boolean>`${idempotentRequests.createdAt} < now() - ${sql.raw(`interval '${IN_PROGRESS_TIMEOUT_MS / 1000} seconds'`)}`,
        expired: sql<boolean>`${idempotentRequests.createdAt} < now() - ${sql.raw(`interval '${IDEMPOTENCY_TTL_MS / 1000} seconds'`)}`,
      })
      .from(idempotentRequests)
      .where(and(eq(idempotentRequests.userId, userId), eq(idempotentRequests.key, key)));
    // Deleted between the insert and the select: the first request failed a moment ago.
    if (!row) throw inProgress();
    const takeOver = row.expired || (row.status === null && row.stale);
    if (!takeOver) {
      if (row.requestHash !== hash) {
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; use a new key',
        );
      }
      if (row.status === null) throw inProgress();
      request.log.info({ idempotencyKey: key }, 'replaying the stored answer');
      reply.code(row.status).header(REPLAYED_HEADER, 'true');
      if (row.contentType) reply.header('content-type', row.contentType);
      return reply.send(row.responseBody ?? '');
    }
    // Take over a forgotten or abandoned row; of several retries racing here, one wins.
    const claimed = await db
      .update(idempotentRequests)
      .set({
        method: request.method,
        path,
        requestHash: hash,
        status: null,
        responseBody: null,
        contentType: null,
        createdAt: sql`now()`,
      })
      .where(
        and(
          eq(idempotentRequests.userId, userId),
          eq(idempotentRequests.key, key),
          eq(idempotentRequests.requestHash, row.requestHash),
          row.status === null
            ? sql`${idempotentRequests.status} is null`
            : eq(idempotentRequests.status, row.status),
          sql`${idempotentRequests.createdAt} < now() - ${sql.raw(`interval '${IN_PROGRESS_TIMEOUT_MS / 1000} seconds'`)}`,
        ),
      )
      .returning({ key: idempotentRequests.key });
    if (claimed.length === 0) throw inProgress();
  }
  claims.set(request, { userId, key, finished: false });
  return undefined;
}

/** Stores a 2xx answer with the claimed key; any other answer frees the key. */
async function after(db: Db, request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const claim = claims.get(request);
  if (!claim || claim.finished) return;
  claim.finished = true;
  const where = and(
    eq(idempotentRequests.userId, claim.userId),
    eq(idempotentRequests.key, claim.key),
  );
  const status = reply.statusCode;
  const body =
    payload === undefined || payload === null
      ? ''
      : typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : undefined;
  try {
    if (status >= 200 && status < 300 && body !== undefined) {
      const type = reply.getHeader('content-type');
      await db
        .update(idempotentRequests)
        .set({
          status,
          responseBody: body,
          contentType: typeof type === 'string' ? type : null,
        })
        .where(where);
    } else {
      await db.delete(idempotentRequests).where(where);
    }
  } catch (error) {
    // The answer still goes out; the row stays in progress and is taken over after the timeout.
    request.log.warn(
      { err: error instanceof Error ? { message: error.message } : undefined },
      'could not record the idempotent request',
    );
  }
}

/** Registers the hooks; call before the routes. */
export function registerIdempotency(app: App, deps: { db: Db }): void {
  // After parsing (the body is part of the request's identity), before validation and handler.
  app.addHook('preValidation', async (request, reply) => before(deps.db, request, reply));
  app.addHook('onSend', async (request, reply, payload) => {
    await after(deps.db, request, reply, payload);
    return payload;
  });
}

/** Deletes remembered requests older than {@link IDEMPOTENCY_TTL_MS}; returns how many. */
export async function purgeIdempotentRequests(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(idempotentRequests)
    .where(
      lt(
        idempotentRequests.createdAt,
        sql`${new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()}::timestamptz`,
      ),
    )
    .returning({ key: idempotentRequests.key });
  return rows.length;
}
