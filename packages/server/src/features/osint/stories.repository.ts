/** Queries of stories: the stored clustering, a page of stories, one story with its articles. */
import { asc, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { OsintStoryDetail, OsintStorySummary } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  osintArticles,
  osintSources,
  osintStories,
  osintStoryArticles,
} from '../../platform/database/schema/index.ts';
import { presentArticle } from './osint.repository.ts';

export type StoryRow = typeof osintStories.$inferSelect;
export type MembershipRow = typeof osintStoryArticles.$inferSelect;

/** Serialises re-clustering across processes ("OSINTSTR" in ASCII). */
const RECLUSTER_LOCK_KEY = 0x4f53494e54535452n;

export function presentStory(row: StoryRow): OsintStorySummary {
  return {
    id: row.id,
    label: row.label,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    articleCount: row.articleCount,
    outletCount: row.outletCount,
    originCount: row.originCount,
    contradictionCount: row.contradictions.length,
  };
}

/** What the clustering needs of every article. */
export async function articlesForClustering(db: Db) {
  return db
    .select({
      id: osintArticles.id,
      title: osintArticles.title,
      url: osintArticles.originalUrl,
      outlet: osintArticles.outlet,
      published: osintArticles.publishedAt,
      body: osintArticles.text,
      fetchedAt: osintArticles.fetchedAt,
    })
    .from(osintArticles)
    .orderBy(asc(osintArticles.fetchedAt), asc(osintArticles.id));
}

/**
 * Replaces the stored clustering with `build(previous)`'s, under a lock. Returns false, writing
 * nothing, when the number of articles is no longer `articleCount` (a batch landed meanwhile: the
 * caller clusters again).
 */
export async function replaceClustering(
  db: Db,
  articleCount: number,
  build: (previous: ReadonlyMap<string, string>) => {
    stories: Array<typeof osintStories.$inferInsert & { id: string }>;
    members: Array<typeof osintStoryArticles.$inferInsert>;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${RECLUSTER_LOCK_KEY.toString()}::bigint)`);
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(osintArticles);
    if (Number(count?.n ?? 0) !== articleCount) return false;
    const previous = await tx
      .select({ articleId: osintStoryArticles.articleId, storyId: osintStoryArticles.storyId })
      .from(osintStoryArticles);
    const { stories, members } = build(new Map(previous.map((p) => [p.articleId, p.storyId])));
    await tx.delete(osintStoryArticles);
    for (const story of stories) {
      const { id: _id, ...rest } = story;
      await tx
        .insert(osintStories)
        .values(story)
        .onConflictDoUpdate({ target: osintStories.id, set: rest });
    }
    for (let i = 0; i < members.length; i += 500)
      await tx.insert(osintStoryArticles).values(members.slice(i, i + 500));
    const keep = stories.map((s) => s.id);
    if (keep.length > 0) await tx.delete(osintStories).where(notInArray(osintStories.id, keep));
    else await tx.delete(osintStories);
    return true;
  });
}

/** A page of stories, the most recently active first. */
export async function listStories(
  db: Db,
  after: { lastSeenAt: Date; id: string } | null,
  limit: number,
): Promise<StoryRow[]> {
  return db
    .select()
    .from(osintStories)
    .where(
      after
        ? sql`(${osintStories.lastSeenAt}, ${osintStories.id}) < (${after.lastSeenAt}, ${after.id}::uuid)`
        : undefined,
    )
    .orderBy(desc(osintStories.lastSeenAt), desc(osintStories.id))
    .limit(limit);
}

/** When an article was news: its publication day (UTC), else when it was fetched. */
export const dayOrTime = (published: string | null, fetchedAt: Date): number =>
  published
    ? new Date(`${published.length === 7 ? `${published}-01` : published}T00:00:00Z`).getTime()
    : fetchedAt.getTime();

/** One story: its articles in time order with their origins, outlets, claims, contradictions. */
export async function findStory(db: Db, id: string): Promise<OsintStoryDetail | undefined> {
  const [story] = await db.select().from(osintStories).where(eq(osintStories.id, id));
  if (!story) return undefined;
  const rows = await db
    .select({ article: osintArticles, kind: osintSources.kind, member: osintStoryArticles })
    .from(osintStoryArticles)
    .innerJoin(osintArticles, eq(osintArticles.id, osintStoryArticles.articleId))
    .innerJoin(osintSources, eq(osintSources.id, osintArticles.sourceId))
    .where(eq(osintStoryArticles.storyId, id));
  rows.sort(
    (a, b) =>
      dayOrTime(a.article.publishedAt, a.article.fetchedAt) -
        dayOrTime(b.article.publishedAt, b.article.fetchedAt) ||
      (a.article.id < b.article.id ? -1 : 1),
  );
  const origins = new Map<string, { articleIds: string[]; outlets: string[] }>();
  for (const r of rows) {
    const origin = origins.get(r.member.originId) ?? { articleIds: [], outlets: [] };
    origin.articleIds.push(r.article.id);
    if (r.article.outlet && !origin.outlets.includes(r.article.outlet))
      origin.outlets.push(r.article.outlet);
    origins.set(r.member.originId, origin);
  }
  return {
    ...presentStory(story),
    timeline: rows.map((r) => ({
      ...presentArticle(r.article, r.kind, id),
      originId: r.member.originId,
    })),
    outlets: [...new Set(rows.flatMap((r) => (r.article.outlet ? [r.article.outlet] : [])))],
    origins: [...origins.values()],
    claims: rows.flatMap((r) =>
      r.member.claims.map((c) => ({
        articleId: r.article.id,
        outlet: r.article.outlet,
        kind: 'casualties' as const,
        value: c.value,
        verb: c.verb,
        victims: c.victims,
        side: c.side,
        by: c.by,
      })),
    ),
    quotes: rows.flatMap((r) =>
      r.member.quotes.map((q) => ({
        articleId: r.article.id,
        outlet: r.article.outlet,
        kind: q.kind,
        text: q.text,
        speaker: q.speaker,
      })),
    ),
    contradictions: story.contradictions,
  };
}
