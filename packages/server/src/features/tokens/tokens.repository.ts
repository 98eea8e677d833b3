/** Persistence of API tokens. Only the HMAC of a token's secret is ever stored. */
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { ApiToken, TokenScope } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { apiTokens, organisations, users } from '../../platform/database/schema/index.ts';

export type TokenRow = typeof apiTokens.$inferSelect;

export function presentToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as TokenScope[],
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function insertToken(
  db: Db,
  t: {
    userId: string;
    name: string;
    prefix: string;
    secretHash: string;
    scopes: TokenScope[];
    now: Date;
    expiresAt: Date;
  },
): Promise<TokenRow> {
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId: t.userId,
      name: t.name,
      prefix: t.prefix,
      secretHash: t.secretHash,
      scopes: t.scopes,
      createdAt: t.now,
      expiresAt: t.expiresAt,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** A usable token with its owner, or undefined if unknown, revoked, expired or its owner disabled. */
export async function findLiveToken(db: Db, secretHash: string, now: Date) {
  const [row] = await db
    .select({ token: apiTokens, user: users, organisation: organisations })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(apiTokens.secretHash, secretHash),
        isNull(apiTokens.revokedAt),
        gt(apiTokens.expiresAt, now),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return row;
}

export async function touchToken(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function listTokensForUser(db: Db, userId: string): Promise<TokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function findToken(db: Db, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return row;
}

export async function revokeToken(db: Db, id: string, now: Date): Promise<TokenRow | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row;
}

/** Revokes every live token of `userId`; returns the tokens revoked, so each can be logged. */
export async function revokeAllTokensForUser(
  db: Db,
  userId: string,
  now: Date,
): Promise<TokenRow[]> {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning();
}
