/** Queries of open-source monitoring's sources, articles, batches and items. */
import { and, asc, count, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { OsintArticle, OsintArticleDetail, OsintSource } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  osintArticles,
  osintIngestBatches,
  osintIngestItems,
  osintSources,
  osintStoryArticles,
} from '../../platform/database/schema/index.ts';

export type SourceRow = typeof osintSources.$inferSelect;
export type ArticleRow = typeof osintArticles.$inferSelect;
export type NewArticle = typeof osintArticles.$inferInsert;
export type SourceKind = SourceRow['kind'];

export function presentSource(row: SourceRow, articleCount: number): OsintSource {
  return {
    id: row.id,
    kind: row.kind,
    url: row.url,
    path: row.path,
    title: row.title,
    status: row.status,
    failures: row.failures,
    lastError: row.lastError,
    lastPolledAt: row.lastPolledAt?.toISOString() ?? null,
    nextPollAt: row.nextPollAt?.toISOString() ?? null,
    articleCount,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentArticle(
  row: ArticleRow,
  sourceKind: SourceKind,
  storyId: string | null,
): OsintArticle {
  return {
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    sourceId: row.sourceId,
    sourceKind,
    originalUrl: row.originalUrl,
    fileName: row.fileName,
    fetchedAt: row.fetchedAt.toISOString(),
    contentType: row.contentType,
    charset: row.charset,
    title: row.title,
    outlet: row.outlet,
    author: row.author,
    publishedAt: row.publishedAt,
    language: row.language,
    storyId,
  };
}

/** The source with `key`, created as `values` when there is none yet. */
export async function upsertSource(
  db: Db,
  values: typeof osintSources.$inferInsert & { key: string },
): Promise<{ source: SourceRow; created: boolean }> {
  const [created] = await db.insert(osintSources).values(values).onConflictDoNothing().returning();
  if (created) return { source: created, created: true };
  const [found] = await db.select().from(osintSources).where(eq(osintSources.key, values.key));
  if (!found) throw new Error(`source ${values.key} vanished`);
  return { source: found, created: false };
}

export async function findSource(db: Db, id: string): Promise<SourceRow | undefined> {
  const [row] = await db.select().from(osintSources).where(eq(osintSources.id, id));
  return row;
}

export async function updateSource(
  db: Db,
  id: string,
  set: Partial<typeof osintSources.$inferInsert>,
): Promise<SourceRow> {
  const [row] = await db.update(osintSources).set(set).where(eq(osintSources.id, id)).returning();
  if (!row) throw new Error(`source ${id} vanished`);
  return row;
}

/** Every source with how many articles it brought, feeds and pages first, then by creation. */
export async function listSources(db: Db): Promise<OsintSource[]> {
  const counts = db
    .select({ sourceId: osintArticles.sourceId, n: sql<number>`count(*)::int`.as('n') })
    .from(osintArticles)
    .groupBy(osintArticles.sourceId)
    .as('counts');
  const rows = await db
    .select({ source: osintSources, n: counts.n })
    .from(osintSources)
    .leftJoin(counts, eq(counts.sourceId, osintSources.id))
    .orderBy(
      sql`case ${osintSources.kind} when 'feed' then 0 when 'url' then 1 else 2 end`,
      asc(osintSources.createdAt),
      asc(osintSources.id),
    );
  return rows.map((r) => presentSource(r.source, Number(r.n ?? 0)));
}

export async function articleCount(db: Db, sourceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(osintArticles)
    .where(eq(osintArticles.sourceId, sourceId));
  return Number(row?.n ?? 0);
}

/** Feeds whose next poll is due, the longest waiting first. */
export async function dueFeeds(db: Db, now: Date, limit: number): Promise<SourceRow[]> {
  return db
    .select()
    .from(osintSources)
    .where(
      and(
        eq(osintSources.kind, 'feed'),
        isNotNull(osintSources.nextPollAt),
        lte(osintSources.nextPollAt, now),
      ),
    )
    .orderBy(asc(osintSources.nextPollAt))
    .limit(limit);
}

export async function findArticleBySha(db: Db, sha256: string): Promise<ArticleRow | undefined> {
  const [row] = await db.select().from(osintArticles).where(eq(osintArticles.sha256, sha256));
  return row;
}

export async function findArticleByUrl(db: Db, url: string): Promise<ArticleRow | undefined> {
  const [row] = await db
    .select()
    .from(osintArticles)
    .where(eq(osintArticles.originalUrl, url))
    .orderBy(asc(osintArticles.fetchedAt))
    .limit(1);
  return row;
}

/** An article with its source's kind and its story, text included. */
export async function findArticle(db: Db, id: string): Promise<OsintArticleDetail | undefined> {
  const [row] = await db
    .select({
      article: osintArticles,
      kind: osintSources.kind,
      storyId: osintStoryArticles.storyId,
    })
    .from(osintArticles)
    .innerJoin(osintSources, eq(osintSources.id, osintArticles.sourceId))
    .leftJoin(osintStoryArticles, eq(osintStoryArticles.articleId, osintArticles.id))
    .where(eq(osintArticles.id, id));
  if (!row) return undefined;
  return { ...presentArticle(row.article, row.kind, row.storyId), text: row.article.text };
}

/** Whether an entry of a feed was met before (whatever became of it). */
/** How many times fetching this entry's article failed for this source already. */
export async function failedAttempts(db: Db, sourceId: string, name: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(osintIngestItems)
    .where(
      and(
        eq(osintIngestItems.sourceId, sourceId),
        eq(osintIngestItems.name, name),
        eq(osintIngestItems.outcome, 'failed'),
      ),
    );
  return row?.n ?? 0;
}

export async function entrySeen(db: Db, sourceId: string, entryKey: string): Promise<boolean> {
  const [row] = await db
    .select({ id: osintIngestItems.id })
    .from(osintIngestItems)
    .where(and(eq(osintIngestItems.sourceId, sourceId), eq(osintIngestItems.entryKey, entryKey)))
    .limit(1);
  return row !== undefined;
}

/** The last item a source's batches recorded for `name` that gave an article. */
export async function articleOfSourceItem(
  db: Db,
  sourceId: string,
  name: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ articleId: osintIngestItems.articleId })
    .from(osintIngestItems)
    .where(
      and(
        eq(osintIngestItems.sourceId, sourceId),
        eq(osintIngestItems.name, name),
        isNotNull(osintIngestItems.articleId),
      ),
    )
    .limit(1);
  return row?.articleId ?? undefined;
}

export async function insertBatch(
  db: Db,
  values: typeof osintIngestBatches.$inferInsert,
): Promise<string> {
  const [row] = await db
    .insert(osintIngestBatches)
    .values(values)
    .returning({ id: osintIngestBatches.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function finishBatch(
  db: Db,
  id: string,
  counts: { ingested: number; duplicates: number; failed: number; finishedAt: Date },
): Promise<void> {
  await db.update(osintIngestBatches).set(counts).where(eq(osintIngestBatches.id, id));
}

/** Records an item; false when its feed entry was already recorded (another poll got there). */
export async function insertItem(
  db: Db,
  values: typeof osintIngestItems.$inferInsert,
): Promise<boolean> {
  const rows = await db
    .insert(osintIngestItems)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: osintIngestItems.id });
  return rows.length > 0;
}

/** Whether any article's raw form has this hash (the blob sweep keeps such blobs). */
export async function rawReferenced(db: Db, sha256: string): Promise<boolean> {
  return (await findArticleBySha(db, sha256)) !== undefined;
}
