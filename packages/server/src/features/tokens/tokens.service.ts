/** API tokens for scripts: created (secret shown once), listed, revoked. */
import {
  decide,
  type Actor,
  type ApiToken,
  type CreatedToken,
  type TokenScope,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { randomSecret, type SecretHasher } from '../../platform/secrets/server-secret.ts';
import { TOKEN_PREFIX } from '../auth/auth.service.ts';
import { appendToLog } from '../log/log.writer.ts';
import * as repo from './tokens.repository.ts';

export interface TokensService {
  /** Creates a token for `userId`; `actor` is who asked (the owner, or null for the CLI). */
  create(
    userId: string,
    input: { name: string; scopes: TokenScope[]; expiresInDays: number },
    actor?: Actor | null,
  ): Promise<CreatedToken>;
  list(userId: string): Promise<ApiToken[]>;
  /** Revokes `tokenId` if `actor` owns it or may revoke any token; otherwise it does not exist for them. */
  revoke(actor: Actor | { userId: string; admin: true }, tokenId: string): Promise<ApiToken>;
}

export function createTokensService(deps: {
  db: Db;
  hasher: SecretHasher;
  clock: () => Date;
}): TokensService {
  const { db, hasher, clock } = deps;
  return {
    async create(userId, input, actor = null) {
      const now = clock();
      const secret = `${TOKEN_PREFIX}${randomSecret()}`;
      return db.transaction(async (tx) => {
        const row = await repo.insertToken(tx, {
          userId,
          name: input.name,
          prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          secretHash: hasher.hash(secret),
          scopes: [...new Set(input.scopes)],
          now,
          expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
        });
        const token = repo.presentToken(row);
        // The log commits to the token's description, never to its secret.
        await appendToLog(tx, {
          action: 'token.create',
          actor,
          recordType: 'api_token',
          recordId: token.id,
          record: { ...token, userId },
          visibility: 'internal',
          now,
        });
        return { token, secret };
      });
    },
    async list(userId) {
      return (await repo.listTokensForUser(db, userId)).map(repo.presentToken);
    },
    async revoke(actor, tokenId) {
      const token = await repo.findToken(db, tokenId);
      const mayAny = 'admin' in actor ? true : decide(actor, 'token.any.revoke').allowed;
      // Someone else's token is reported as missing, so ids cannot be probed.
      if (!token || (token.userId !== actor.userId && !mayAny))
        throw new AppError('not_found', 'No such token');
      return db.transaction(async (tx) => {
        const now = clock();
        const revoked = await repo.revokeToken(tx, tokenId, now);
        const presented = repo.presentToken(revoked ?? token);
        if (revoked) {
          await appendToLog(tx, {
            action: 'token.revoke',
            actor: 'admin' in actor ? null : actor,
            recordType: 'api_token',
            recordId: presented.id,
            record: { ...presented, userId: token.userId },
            visibility: 'internal',
            now,
          });
        }
        return presented;
      });
    },
  };
}
