/** Turning what a person types (C-42, PAK, an email) into the ids the services take. */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Db } from '../platform/database/database.ts';
import { complaints } from '../platform/database/schema/index.ts';
import { AppError } from '../platform/http/problem.ts';
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
