/**
 * The CLI administers the database directly, but complaint, evidence and observation commands act
 * as a named account (`--as EMAIL`): the same Actor a session of that user would have, the same
 * policy decision as the API route, and the log entries name that user.
 */
import { Option } from 'commander';
import { decide, type Action, type Actor } from '@truceline/domain';
import type { Db } from '../platform/database/database.ts';
import { AppError } from '../platform/http/problem.ts';
import {
  findOrganisation,
  findUserByEmail,
  type OrganisationRow,
  type UserRow,
} from '../features/users/users.repository.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';

/** The environment variable read when `--as` is not given. */
export const AS_ENV = 'TRUCELINE_AS';

export interface ActingAs {
  readonly actor: Actor;
  readonly user: UserRow;
  readonly organisation: OrganisationRow;
}

/**
 * The Actor of a user, exactly as a session of theirs would carry it (auth.service builds the
 * same shape; a CLI actor has no token scopes, like a session).
 */
export function actorOfUser(user: UserRow, organisation: OrganisationRow): Actor {
  return {
    userId: user.id,
    role: user.role,
    organisationId: organisation.id,
    organisationKind: organisation.kind,
  };
}

/** `--as EMAIL`, added to every command that acts as an account. */
export function asOption(required: boolean): Option {
  return new Option(
    '--as <email>',
    required
      ? `act as this account (or ${AS_ENV})`
      : `act as this account (or ${AS_ENV}); without it, see what the public sees`,
  );
}

/** The account named by `--as` or the environment, if any. */
export function accountNamed(flags: { as?: string }, io: CliIo): string | undefined {
  const email = flags.as ?? io.env[AS_ENV];
  return email === undefined || email.trim() === '' ? undefined : email.trim();
}

/** Looks up the account to act as; an unknown account exits 3, a disabled one 2. */
export async function actAs(db: Db, email: string): Promise<ActingAs> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new CliError(`No account ${email} (see \`truceline user list\`)`, EXIT.notFound);
  if (user.disabledAt !== null)
    throw new CliError(`The account ${user.email} is disabled`, EXIT.usage);
  const organisation = await findOrganisation(db, user.organisationId);
  if (!organisation) throw new Error(`the organisation of ${user.email} is missing`);
  return { actor: actorOfUser(user, organisation), user, organisation };
}

/** The actor for a command that changes something: `--as` is required. */
export async function requireActing(
  db: Db,
  flags: { as?: string },
  io: CliIo,
  action: Action,
): Promise<ActingAs> {
  const email = accountNamed(flags, io);
  if (email === undefined)
    throw new CliError(`Name the account to act as: --as EMAIL (or ${AS_ENV})`, EXIT.usage);
  const acting = await actAs(db, email);
  authorise(acting, action);
  return acting;
}

/** The actor for a read: the named account, or the anonymous public when none is named. */
export async function optionalActor(
  db: Db,
  flags: { as?: string },
  io: CliIo,
  action: Action,
): Promise<Actor | null> {
  const email = accountNamed(flags, io);
  if (email === undefined) {
    io.err(`(no --as: showing what the public may see)`);
    return null;
  }
  const acting = await actAs(db, email);
  authorise(acting, action);
  return acting.actor;
}

/** The route's policy check: the same `decide` the API's authorisation hook asks. */
export function authorise(acting: ActingAs, action: Action): void {
  const verdict = decide(acting.actor, action);
  if (!verdict.allowed) {
    throw new AppError(
      'forbidden',
      `${acting.user.email} (${acting.user.role}) may not do ${action}`,
    );
  }
}
