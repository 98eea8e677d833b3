/** Creating, listing and disabling accounts: used by the API and the CLI alike. */
import {
  roleFitsOrganisation,
  type Actor,
  type CreateUserRequest,
  type InterfaceLocale,
  type User,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { hashPassword } from '../auth/password.ts';
import { revokeAllForUser } from '../auth/sessions.repository.ts';
import { presentToken, revokeAllTokensForUser } from '../tokens/tokens.repository.ts';
import { appendToLog } from '../log/log.writer.ts';
import * as repo from './users.repository.ts';

export interface UsersService {
  /** Creates an account; `actor` null means the system (CLI administration). */
  create(input: CreateUserRequest, actor: Actor | null): Promise<User>;
  list(): Promise<User[]>;
  /** Disables the account and ends every session and token it holds, in one transaction. */
  disable(idOrEmail: string, actor: Actor | null): Promise<User>;
  /** The user's own choice of interface language, followed wherever they sign in. */
  setLocale(actor: Actor, locale: InterfaceLocale): Promise<InterfaceLocale>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createUsersService(db: Db, clock: () => Date): UsersService {
  return {
    async create(input, actor) {
      const org = await repo.findOrganisation(db, input.organisationId);
      if (!org) {
        throw new AppError('validation_failed', 'No such organisation', {
          errors: [{ field: 'body.organisationId', message: 'does not name an organisation' }],
        });
      }
      if (!roleFitsOrganisation(input.role, org.kind)) {
        throw new AppError('validation_failed', `A ${input.role} cannot belong to a ${org.kind}`, {
          errors: [{ field: 'body.role', message: `is not allowed in a ${org.kind} organisation` }],
        });
      }
      if (await repo.findUserByEmail(db, input.email)) {
        throw new AppError('conflict', 'An account with this email already exists', {
          errors: [{ field: 'body.email', message: 'is already in use' }],
        });
      }
      // Hashing is slow: do it before the transaction opens (PGlite serves one transaction at a time).
      const passwordHash = await hashPassword(input.password);
      try {
        return await db.transaction(async (tx) => {
          const row = await repo.insertUser(tx, {
            email: input.email,
            displayName: input.displayName,
            passwordHash,
            role: input.role,
            organisationId: input.organisationId,
            locale: input.locale ?? 'en',
          });
          const user = repo.presentUser(row);
          await appendToLog(tx, {
            action: 'user.create',
            actor,
            recordType: 'user',
            recordId: user.id,
            record: user,
            visibility: 'internal',
            now: clock(),
          });
          return user;
        });
      } catch (error) {
        // Two requests racing past the check above: the unique index decides.
        if (isUniqueViolation(error)) {
          throw new AppError('conflict', 'An account with this email already exists', {
            errors: [{ field: 'body.email', message: 'is already in use' }],
          });
        }
        throw error;
      }
    },
    async list() {
      return (await repo.listUsers(db)).map(repo.presentUser);
    },
    async disable(idOrEmail, actor) {
      return db.transaction(async (tx) => {
        const found = UUID.test(idOrEmail)
          ? await repo.findUserById(tx, idOrEmail)
          : await repo.findUserByEmail(tx, idOrEmail);
        if (!found) throw new AppError('not_found', 'No such user');
        const now = clock();
        const row = found.disabledAt ? found : await repo.setUserDisabled(tx, found.id, now);
        await revokeAllForUser(tx, found.id, now);
        // Each revoked token is a change of its own record, so each gets its log entry.
        for (const revoked of await revokeAllTokensForUser(tx, found.id, now)) {
          await appendToLog(tx, {
            action: 'token.revoke',
            actor,
            recordType: 'api_token',
            recordId: revoked.id,
            record: { ...presentToken(revoked), userId: revoked.userId },
            visibility: 'internal',
            now,
          });
        }
        const user = repo.presentUser(row ?? found);
        if (!found.disabledAt) {
          await appendToLog(tx, {
            action: 'user.disable',
            actor,
            recordType: 'user',
            recordId: user.id,
            record: user,
            visibility: 'internal',
            now,
          });
        }
        return user;
      });
    },
    async setLocale(actor, locale) {
      return db.transaction(async (tx) => {
        const found = await repo.findUserById(tx, actor.userId);
        if (!found) throw new AppError('not_found', 'No such user');
        // Choosing the language already chosen changes nothing, and so is not logged again.
        if (found.localeChosenAt !== null && found.locale === locale) return locale;
        const now = clock();
        const row = await repo.setUserLocale(tx, found.id, locale, now);
        if (!row) throw new AppError('not_found', 'No such user');
        const user = repo.presentUser(row);
        // Like every other change to an account, the new record enters the log (internal).
        await appendToLog(tx, {
          action: 'user.locale',
          actor,
          recordType: 'user',
          recordId: user.id,
          record: user,
          visibility: 'internal',
          now,
        });
        return locale;
      });
    },
  };
}

/** True for PostgreSQL's unique_violation, however the driver wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, i = 0; e && i < 5; i++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
