/** Reading the log: tree size, stored subtree hashes, entries, checkpoints. */
import { and, asc, desc, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { SubtreeId } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  logCheckpoints,
  logCosignatures,
  logEntries,
  logHashes,
} from '../../platform/database/schema/index.ts';

/** Number of integrated entries (indices are gapless, so max + 1). */
export async function treeSize(db: Db): Promise<number> {
  const [row] = await db
    .select({ max: sql<string | number | null>`max(${logEntries.idx})` })
    .from(logEntries);
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** The stored hashes of the given complete subtrees (missing ones are simply absent). */
export async function readHashes(
  db: Db,
  ids: readonly SubtreeId[],
): Promise<{ level: number; index: number; hash: Uint8Array }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(logHashes)
    .where(or(...ids.map((id) => and(eq(logHashes.level, id.level), eq(logHashes.idx, id.index)))));
  return rows.map((r) => ({ level: r.level, index: r.idx, hash: r.hash }));
}

/** Hashes at one level for indices [start, end): what a hash tile holds. */
export async function readHashRange(
  db: Db,
  level: number,
  start: number,
  end: number,
): Promise<Uint8Array[]> {
  const rows = await db
    .select({ hash: logHashes.hash })
    .from(logHashes)
    .where(and(eq(logHashes.level, level), gte(logHashes.idx, start), lt(logHashes.idx, end)))
    .orderBy(asc(logHashes.idx));
  return rows.map((r) => r.hash);
}

export async function readEntries(db: Db, start: number, end: number) {
  return db
    .select()
    .from(logEntries)
    .where(and(gte(logEntries.idx, start), lt(logEntries.idx, end)))
    .orderBy(asc(logEntries.idx));
}

export async function latestCheckpoint(db: Db) {
  const [row] = await db.select().from(logCheckpoints).orderBy(desc(logCheckpoints.size)).limit(1);
  return row;
}

export async function checkpointAt(db: Db, size: number) {
  const [row] = await db
    .select()
    .from(logCheckpoints)
    .where(eq(logCheckpoints.size, size))
    .limit(1);
  return row;
}

export async function cosignaturesFor(db: Db, size: number) {
  return db
    .select()
    .from(logCosignatures)
    .where(eq(logCosignatures.size, size))
    .orderBy(asc(logCosignatures.witness));
}

/** Index of the first entry whose leaf hash is `hash`, if any. */
export async function indexOfLeafHash(db: Db, hash: Uint8Array): Promise<number | undefined> {
  const [row] = await db
    .select({ idx: logHashes.idx })
    .from(logHashes)
    .where(and(eq(logHashes.level, 0), eq(logHashes.hash, hash)))
    .orderBy(asc(logHashes.idx))
    .limit(1);
  return row?.idx;
}
