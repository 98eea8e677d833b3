/** Turning what a person types (C-42, PAK, an email) into the ids the services take. */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Db } from '../platform/database/database.ts';
import { commitments, complaints } from '../platform/database/schema/index.ts';
import { AppError } from '../platform/http/problem.ts';
import { listAgreements, listCrossings } from '../features/agreements/agreements.repository.ts';
import {
  findOrganisationByShortName,
  findUserByEmail,
  listOrganisations,
} from '../features/users/users.repository.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^C-?(\d{1,9})$/i;

/** An id the database can be asked about, or a usage error naming what was expected. */
export function uuidArgument(value: string, what: string): string {
  if (!UUID.test(value)) throw new CliError(`"${value}" is not ${what}`, EXIT.usage);
  return value.toLowerCase();
}

/**
 * The id of a complaint given as its id or its reference (`C-42`). Whether the actor may see it is
 * the service's decision: an unknown reference and an invisible one both end as "not found".
 */
export async function complaintId(db: Db, value: string): Promise<string> {
  if (UUID.test(value)) return value.toLowerCase();
  const match = REFERENCE.exec(value.trim());
  if (!match)
    throw new CliError(
      `"${value}" is neither a complaint id nor a reference such as C-42`,
      EXIT.usage,
    );
  const [row] = await db
    .select({ id: complaints.id })
    .from(complaints)
    .where(eq(complaints.number, Number(match[1])))
    .limit(1);
  if (!row) throw new AppError('not_found', `No complaint ${value.toUpperCase()}`);
  return row.id;
}

const COMMITMENT_REFERENCE = /^K-?(\d{1,9})$/i;

/**
 * The id of a commitment given as its id or its reference (`K-1`). References are numbered per
 * agreement: one that several agreements share must be given by id. Whether the actor may see it
 * is the service's decision.
 */
export async function commitmentId(db: Db, value: string): Promise<string> {
  if (UUID.test(value)) return value.toLowerCase();
  const match = COMMITMENT_REFERENCE.exec(value.trim());
  if (!match)
    throw new CliError(
      `"${value}" is neither a commitment id nor a reference such as K-1`,
      EXIT.usage,
    );
  const rows = await db
    .select({ id: commitments.id })
    .from(commitments)
    .where(eq(commitments.number, Number(match[1])))
    .limit(2);
  const [row] = rows;
  if (!row) throw new AppError('not_found', `No commitment ${value.toUpperCase()}`);
  if (rows.length > 1)
    throw new CliError(
      `${value.toUpperCase()} names commitments of several agreements: give the id`,
      EXIT.usage,
    );
  return row.id;
}

/** The agreement named by id, or the only one when none is named. */
export async function agreementId(db: Db, value: string | undefined, option: string) {
  const agreements = await listAgreements(db);
  if (value === undefined) {
    const [only] = agreements;
    if (only && agreements.length === 1) return only;
    throw new CliError(
      `Name the agreement with ${option} ID (see \`truceline agreement list\`)`,
      EXIT.usage,
    );
  }
  const found = agreements.find((a) => a.id === value.toLowerCase());
  if (!found) throw new CliError(`${option} ${value} is not an agreement`, EXIT.notFound);
  return found;
}

/** A crossing by id, by name (`Torkham`) or by the start of exactly one name (`Chaman`). */
export async function crossingId(db: Db, value: string): Promise<string> {
  const all = await listCrossings(db);
  const wanted = value.trim().toLowerCase();
  const exact = all.find((c) => c.id === wanted || c.name.toLowerCase() === wanted);
  if (exact) return exact.id;
  const starting = all.filter((c) => c.name.toLowerCase().startsWith(wanted));
  const [only] = starting;
  if (only && starting.length === 1) return only.id;
  if (starting.length > 1)
    throw new CliError(
      `"${value}" could be ${starting.map((c) => c.name).join(' or ')}: say which`,
      EXIT.usage,
    );
  throw new AppError(
    'not_found',
    `No crossing "${value}" (crossings: ${all.map((c) => c.name).join(', ')})`,
  );
}

/** A round of talks by id, or by its position (1 = the first) in `truceline talks list`. */
export function roundId(rounds: readonly { id: string }[], value: string): string {
  if (UUID.test(value)) return value.toLowerCase();
  if (/^\d{1,4}$/.test(value)) {
    const round = rounds[Number(value) - 1];
    if (round) return round.id;
    throw new AppError(
      'not_found',
      `No round ${value}: there are ${rounds.length} (see \`truceline talks list\`)`,
    );
  }
  throw new CliError(
    `"${value}" is neither the id of a round of talks nor its number in \`truceline talks list\``,
    EXIT.usage,
  );
}

export async function organisationId(db: Db, shortName: string): Promise<string> {
  const org = await findOrganisationByShortName(db, shortName);
  if (!org) throw new CliError(`No organisation with short name "${shortName}"`, EXIT.notFound);
  return org.id;
}

/** Organisation ids to short names, for tables. */
export async function organisationNames(db: Db): Promise<(id: string | null) => string> {
  const names = new Map((await listOrganisations(db)).map((o) => [o.id, o.shortName]));
  return (id) => (id === null ? '-' : (names.get(id) ?? id.slice(0, 8)));
}

export async function userId(db: Db, email: string): Promise<string> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new CliError(`No account ${email}`, EXIT.notFound);
  return user.id;
}

/** The text of a file, or of standard input for `-`. A missing file is a usage error. */
export async function readInput(file: string, io: CliIo): Promise<string> {
  if (file === '-') {
    let text = '';
    for await (const chunk of io.stdin) text += String(chunk);
    return text;
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
}

/** A JSON document from a file (or standard input), or a usage error saying where it breaks. */
export async function readJson(file: string, io: CliIo): Promise<unknown> {
  const text = await readInput(file, io);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      `${file === '-' ? 'standard input' : file} is not JSON: ${(error as Error).message}`,
      EXIT.usage,
    );
  }
}

/** A JSON object from a file (or standard input): the body of a request, to check and complete. */
export async function readJsonObject(file: string, io: CliIo): Promise<Record<string, unknown>> {
  const json = await readJson(file, io);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new CliError(`${file} must hold a JSON object`, EXIT.usage);
  return json as Record<string, unknown>;
}
