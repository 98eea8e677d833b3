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
import * as repo from './tokens.repository.ts';

export interface TokensService {
  create(
    userId: string,
    input: { name: string; scopes: TokenScope[]; expiresInDays: number },
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
    async create(userId, input) {
      const now = clock();
      const secret = `${TOKEN_PREFIX}${randomSecret()}`;
      const row = await repo.insertToken(db, {
        userId,
        name: input.name,
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        secretHash: hasher.hash(secret),
        scopes: [...new Set(input.scopes)],
        now,
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      });
      return { token: repo.presentToken(row), secret };
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
      const revoked = await repo.revokeToken(db, tokenId, clock());
      return repo.presentToken(revoked ?? token);
    },
  };
}
