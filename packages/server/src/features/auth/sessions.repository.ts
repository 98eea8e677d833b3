/** Persistence of browser sessions. Only the HMAC of a session's secret is ever stored. */
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/database/database.ts';
import { organisations, sessions, users } from '../../platform/database/schema/index.ts';

export type SessionRow = typeof sessions.$inferSelect;

export interface NewSession {
  readonly secretHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly now: Date;
  readonly expiresAt: Date;
  readonly userAgent: string | null;
  readonly address: string | null;
}

export async function insertSession(db: Db, s: NewSession): Promise<SessionRow> {
  const [row] = await db
    .insert(sessions)
    .values({
      secretHash: s.secretHash,
      userId: s.userId,
      csrfToken: s.csrfToken,
      createdAt: s.now,
      lastSeenAt: s.now,
      expiresAt: s.expiresAt,
      userAgent: s.userAgent,
      address: s.address,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** A live session with its user and organisation, or undefined if unknown, revoked or expired. */
export async function findLiveSession(db: Db, secretHash: string, now: Date, idleCutoff: Date) {
  const [row] = await db
    .select({ session: sessions, user: users, organisation: organisations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(sessions.secretHash, secretHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleCutoff),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return row;
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export async function revokeSession(
  db: Db,
  id: string,
  userId: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function revokeAllForUser(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function listLiveSessions(db: Db, userId: string, now: Date, idleCutoff: Date) {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleCutoff),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

/** Deletes sessions that can no longer be used; kept for a day after they end, for audit. */
export async function purgeDeadSessions(db: Db, now: Date, idleCutoff: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const rows = await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.expiresAt, dayAgo),
        lt(sessions.revokedAt, dayAgo),
        lt(
          sessions.lastSeenAt,
          sql`${new Date(Math.min(idleCutoff.getTime(), dayAgo.getTime())).toISOString()}::timestamptz`,
        ),
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
