/**
 * Signing in and out, and turning a request's credentials (session cookie or API token) into an
 * {@link Actor} for the policy.
 */
import type { Actor, SessionSummary, TokenScope } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { randomSecret, type SecretHasher } from '../../platform/secrets/server-secret.ts';
import { findLiveToken, touchToken } from '../tokens/tokens.repository.ts';
import { findUserByEmail, type OrganisationRow, type UserRow } from '../users/users.repository.ts';
import * as throttle from './login-throttle.repository.ts';
import { verifyPassword } from './password.ts';
import * as sessionsRepo from './sessions.repository.ts';

export interface SessionPolicy {
  readonly idleMinutes: number;
  readonly absoluteHours: number;
}

/** Who a request acts for, and through which credential. */
export type Authentication =
  | {
      readonly kind: 'session';
      readonly sessionId: string;
      readonly csrfToken: string;
      readonly expiresAt: Date;
      readonly actor: Actor;
      readonly user: UserRow;
      readonly organisation: OrganisationRow;
    }
  | {
      readonly kind: 'token';
      readonly tokenId: string;
      readonly actor: Actor;
      readonly user: UserRow;
      readonly organisation: OrganisationRow;
    };

export interface LoginResult {
  /** The cookie value: shown to the browser once, stored only as an HMAC. */
  readonly secret: string;
  readonly auth: Extract<Authentication, { kind: 'session' }>;
}

export interface AuthService {
  login(
    email: string,
    password: string,
    client: { address: string; userAgent: string | null },
  ): Promise<LoginResult>;
  logout(sessionId: string, userId: string): Promise<void>;
  authenticateSession(
    secret: string,
  ): Promise<Extract<Authentication, { kind: 'session' }> | undefined>;
  authenticateToken(
    secret: string,
  ): Promise<Extract<Authentication, { kind: 'token' }> | undefined>;
  listSessions(userId: string, currentSessionId: string | undefined): Promise<SessionSummary[]>;
  revokeSession(sessionId: string, userId: string): Promise<boolean>;
}

/** API tokens look like `tl_<43 url-safe characters>`; the prefix makes leaked ones easy to scan for. */
export const TOKEN_PREFIX = 'tl_';

function actorOf(user: UserRow, organisation: OrganisationRow, tokenScopes?: TokenScope[]): Actor {
  return {
    userId: user.id,
    role: user.role,
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    ...(tokenScopes ? { tokenScopes } : {}),
  };
}

// Writing last_seen_at on every request would turn each read into a write; a minute is precise
// enough for idle expiry measured in tens of minutes.
const TOUCH_INTERVAL_MS = 60_000;

export function createAuthService(deps: {
  db: Db;
  hasher: SecretHasher;
  clock: () => Date;
  sessions: SessionPolicy;
}): AuthService {
  const { db, hasher, clock } = deps;
  const idleMs = deps.sessions.idleMinutes * 60_000;
  const absoluteMs = deps.sessions.absoluteHours * 3_600_000;

  return {
    async login(email, password, client) {
      const now = clock();
      const keys = [throttle.accountKey(email), throttle.addressKey(client.address)];
      const until = await throttle.lockedUntil(db, keys, now);
      if (until) {
        const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
        throw new AppError(
          'too_many_requests',
          `Too many failed sign-ins; try again in ${seconds} s`,
          {
            headers: { 'retry-after': String(seconds) },
          },
        );
      }
      const user = await findUserByEmail(db, email);
      const ok = await verifyPassword(user?.passwordHash, password);
      if (!user || !ok || user.disabledAt !== null) {
        await throttle.recordFailure(db, keys[0]!, throttle.ACCOUNT_RULE, now);
        await throttle.recordFailure(db, keys[1]!, throttle.ADDRESS_RULE, now);
        // The same answer for an unknown account, a wrong password and a disabled account.
        throw new AppError('invalid_credentials');
      }
      await throttle.clearFailures(db, keys[0]!);
      const secret = randomSecret();
      const csrfToken = randomSecret();
      const expiresAt = new Date(now.getTime() + absoluteMs);
      const { session, organisation } = await db.transaction(async (tx) => {
        const session = await sessionsRepo.insertSession(tx, {
          secretHash: hasher.hash(secret),
          userId: user.id,
          csrfToken,
          now,
          expiresAt,
          userAgent: client.userAgent?.slice(0, 300) ?? null,
          address: client.address,
        });
        const found = await sessionsRepo.findLiveSession(
          tx,
          session.secretHash,
          now,
          new Date(now.getTime() - idleMs),
        );
        if (!found) throw new Error('new session not found');
        return { session, organisation: found.organisation };
      });
      return {
        secret,
        auth: {
          kind: 'session',
          sessionId: session.id,
          csrfToken,
          expiresAt,
          actor: actorOf(user, organisation),
          user,
          organisation,
        },
      };
    },

    async logout(sessionId, userId) {
      await sessionsRepo.revokeSession(db, sessionId, userId, clock());
    },

    async authenticateSession(secret) {
      const now = clock();
      const found = await sessionsRepo.findLiveSession(
        db,
        hasher.hash(secret),
        now,
        new Date(now.getTime() - idleMs),
      );
      if (!found) return undefined;
      if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await sessionsRepo.touchSession(db, found.session.id, now);
      }
      return {
        kind: 'session',
        sessionId: found.session.id,
        csrfToken: found.session.csrfToken,
        expiresAt: found.session.expiresAt,
        actor: actorOf(found.user, found.organisation),
        user: found.user,
        organisation: found.organisation,
      };
    },

    async authenticateToken(secret) {
      if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
      const now = clock();
      const found = await findLiveToken(db, hasher.hash(secret), now);
      if (!found) return undefined;
      if (
        !found.token.lastUsedAt ||
        now.getTime() - found.token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS
      ) {
        await touchToken(db, found.token.id, now);
      }
      return {
        kind: 'token',
        tokenId: found.token.id,
        actor: actorOf(found.user, found.organisation, found.token.scopes as TokenScope[]),
        user: found.user,
        organisation: found.organisation,
      };
    },

    async listSessions(userId, currentSessionId) {
      const now = clock();
      const rows = await sessionsRepo.listLiveSessions(
        db,
        userId,
        now,
        new Date(now.getTime() - idleMs),
      );
      return rows.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
        userAgent: r.userAgent,
        address: r.address,
        current: r.id === currentSessionId,
      }));
    },

    async revokeSession(sessionId, userId) {
      return sessionsRepo.revokeSession(db, sessionId, userId, clock());
    },
  };
}
