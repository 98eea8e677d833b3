/**
 * Helpers shared by the crossings, talks, intelligence and handover suites: every demo principal
 * with its headers and the domain's view of it, a small request wrapper, and row counts of every
 * table to prove that a refused request stored nothing.
 */
import { sql } from 'drizzle-orm';
import type { Actor, OrganisationKind, Role } from '@truceline/domain';
import type { Database } from '../../src/platform/database/database.ts';
import { asSession, type SignedIn, type TestContext } from '../support/test-app.ts';
import type { World } from '../support/complaints.ts';

export const ZERO_ID = '00000000-0000-4000-8000-000000000000';
/** Setting up an app, the demo and seven sign-ins (argon2) takes long on a busy machine. */
export const HOOK_TIMEOUT_MS = 240_000;

export type PrincipalName =
  'anonymous' | 'admin' | 'tr' | 'qa' | 'pk' | 'af' | 'monitor' | 'observer' | 'pk-read-token';
export const PRINCIPAL_NAMES: readonly PrincipalName[] = [
  'anonymous',
  'admin',
  'tr',
  'qa',
  'pk',
  'af',
  'monitor',
  'observer',
  'pk-read-token',
];

export interface Principal {
  readonly name: PrincipalName;
  readonly headers: Record<string, string>;
  /** The principal as the domain's rules see it. */
  readonly actor: Actor | null;
}

/** Every demo principal, anonymous and a read-only token of Pakistan's officer. */
export async function loadPrincipals(
  t: TestContext,
  w: World,
): Promise<Record<PrincipalName, Principal>> {
  const out = {
    anonymous: { name: 'anonymous', headers: {}, actor: null },
  } as Record<PrincipalName, Principal>;
  const signedIn: [PrincipalName, SignedIn][] = [
    ['admin', w.as.admin],
    ['tr', w.as.tr],
    ['qa', w.as.qa],
    ['pk', w.as.pk],
    ['af', w.as.af],
    ['monitor', w.as.monitor],
    ['observer', w.as.observer],
  ];
  for (const [name, s] of signedIn) {
    const session = (
      await t.app.inject({ url: '/api/v1/auth/session', headers: asSession(s) })
    ).json() as {
      user: { id: string; role: Role; organisationId: string };
      organisation: { kind: OrganisationKind };
    };
    out[name] = {
      name,
      headers: asSession(s),
      actor: {
        userId: session.user.id,
        role: session.user.role,
        organisationId: session.user.organisationId,
        organisationKind: session.organisation.kind,
      },
    };
  }
  const token = await t.services.tokens.create(w.as.pk.userId, {
    name: 'read only',
    scopes: ['read'],
    expiresInDays: 1,
  });
  out['pk-read-token'] = {
    name: 'pk-read-token',
    headers: { authorization: `Bearer ${token.secret}` },
    actor: { ...(out.pk.actor as Actor), tokenScopes: ['read'] },
  };
  return out;
}

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly json: T & {
    code?: string;
    detail?: string;
    errors?: { field: string; message: string }[];
    workflow?: {
      currentVersion?: number;
      state?: string;
      allowed?: string[];
      precondition?: string;
    };
  };
  readonly body: string;
}

/** One request as `who` (a signed-in session, a principal, or anonymous). */
export async function call<T = Record<string, unknown>>(
  t: TestContext,
  who: SignedIn | Principal | null,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
): Promise<Answer<T>> {
  const headers = who === null ? {} : 'headers' in who ? who.headers : asSession(who as SignedIn);
  const res = await t.app.inject({
    method,
    url,
    headers,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, json: res.json(), body: res.body };
}

/** A problem document without what differs from request to request. */
export function stable(body: string): Record<string, unknown> {
  const { instance: _i, requestId: _r, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return rest;
}

/** Row counts of every table of the schema. */
export async function allRowCounts(database: Database): Promise<Record<string, number>> {
  const tables = (
    (await database.db.execute(
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )) as unknown as { rows: { name: string }[] }
  ).rows.map((r) => r.name);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = (await database.db.execute(
      sql.raw(`select count(*)::int as n from "${table}"`),
    )) as unknown as { rows: { n: number }[] };
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}
