/**
 * Helpers for the commitment and assurance suites: the demo's rounds of talks, a valid commitment,
 * requests through the HTTP API, Ed25519 keys and signatures from node:crypto, and row counts of
 * every table (to prove that a refused request wrote nothing).
 */
import crypto from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import type { CommitmentDetail } from '@truceline/domain';
import type { Database } from '../../src/platform/database/database.ts';
import type { App } from '../../src/platform/http/app-types.ts';
import { talkRounds } from '../../src/platform/database/schema/index.ts';
import { rowCounts } from '../support/row-counts.ts';
import { asSession, type SignedIn } from '../support/test-app.ts';
import type { World } from '../support/complaints.ts';

export type Round = typeof talkRounds.$inferSelect;

/** The demo's rounds of talks, oldest first: Doha, Istanbul, Istanbul (principals). */
export async function demoRounds(database: Database): Promise<Round[]> {
  return database.db.select().from(talkRounds).orderBy(asc(talkRounds.startsOn));
}

/** A valid commitment by Afghanistan made at Doha; `overrides` replace top-level fields. */
export function commitmentBody(w: World, round: Round, overrides: Record<string, unknown> = {}) {
  const provision = w.agreement.provisions[0];
  if (!provision) throw new Error('no provisions');
  return {
    agreementId: w.agreement.id,
    partyOrganisationId: w.org.AFG.id,
    roundId: round.id,
    title: 'TTP leadership relocated away from the border',
    text: 'The Afghan side relocates the leadership of the TTP away from the border areas.',
    language: 'en',
    provisionIds: [provision.id],
    indicators: [
      {
        description: 'TTP leadership relocated away from the border',
        meansOfVerification: 'as verified by the mechanism',
      },
      {
        description: 'Wanted persons handed over at a crossing',
        meansOfVerification: 'handover witnessed by the joint monitors at Torkham',
      },
    ],
    dueOn: '2025-11-30',
    visibility: 'public',
    ...overrides,
  };
}

export interface Res<T = Record<string, unknown>> {
  readonly status: number;
  readonly json: T & {
    code?: string;
    detail?: string;
    errors?: { field: string; message: string }[];
    workflow?: { currentVersion?: number; allowed?: string[]; state?: string };
  };
  readonly contentType: string;
}

/** One request through the app, as a signed-in user (or anonymously with `as` null). */
export async function call<T = Record<string, unknown>>(
  app: App,
  as: SignedIn | null,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
): Promise<Res<T>> {
  const res = await app.inject({
    method,
    url,
    headers: as ? asSession(as) : {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return {
    status: res.statusCode,
    json: res.body ? (res.json() as Res<T>['json']) : ({} as Res<T>['json']),
    contentType: String(res.headers['content-type']),
  };
}

export const getCommitment = (app: App, as: SignedIn | null, id: string) =>
  call<CommitmentDetail>(app, as, 'GET', `/api/v1/commitments/${id}`);

/** A fresh Ed25519 key pair: the raw public key in base64, its PEM, and a signer. */
export function newKey() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const raw = der.subarray(der.length - 32);
  return {
    raw: raw.toString('base64'),
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    fingerprint: crypto.createHash('sha256').update(raw).digest('hex'),
    sign: (text: string | Uint8Array) =>
      crypto
        .sign(null, typeof text === 'string' ? Buffer.from(text, 'utf8') : text, privateKey)
        .toString('base64'),
  };
}
export type Key = ReturnType<typeof newKey>;

/** Row counts of every table of the schema (the shared helper's list, and every other table). */
export async function allRowCounts(database: Database): Promise<Record<string, number>> {
  const tables = (
    (await database.db.execute(
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )) as unknown as { rows: { name: string }[] }
  ).rows.map((r) => r.name);
  const counts: Record<string, number> = { ...(await rowCounts(database)) };
  for (const table of tables) {
    const result = (await database.db.execute(
      sql.raw(`select count(*)::int as n from "${table}"`),
    )) as unknown as { rows: { n: number }[] };
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}
