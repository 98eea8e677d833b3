/** Queries of stories: the stored clustering, a page of stories, one story with its articles. */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
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

/** What the clustering needs of an article. */
const CLUSTERING_COLUMNS = {
  id: osintArticles.id,
  title: osintArticles.title,
  url: osintArticles.originalUrl,
  outlet: osintArticles.outlet,
  published: osintArticles.publishedAt,
  body: osintArticles.text,
  fetchedAt: osintArticles.fetchedAt,
};

/** Articles in no story yet (stored since the last clustering): when each was news. */
export async function unclusteredArticles(db: Db) {
  return db
    .select({
      id: osintArticles.id,
      published: osintArticles.publishedAt,
      fetchedAt: osintArticles.fetchedAt,
    })
    .from(osintArticles)
    .leftJoin(osintStoryArticles, eq(osintStoryArticles.articleId, osintArticles.id))
    .where(isNull(osintStoryArticles.articleId));
}

/** The day an article was news, in SQL: its publication day, else the (UTC) day it was fetched. */
const newsDay = sql<string>`coalesce(
  case when length(${osintArticles.publishedAt}) = 7 then ${osintArticles.publishedAt} || '-01'
  else ${osintArticles.publishedAt} end,
  to_char(${osintArticles.fetchedAt} at time zone 'UTC', 'YYYY-MM-DD'))`;

/**
 * The articles that were news within any of the spans of days (`YYYY-MM-DD`, inclusive), and
 * every other article of the stories they are in: a set of whole stories, which can be clustered
 * again on its own.
 */
export async function articlesForWindow(db: Db, spans: ReadonlyArray<readonly [string, string]>) {
  if (spans.length === 0) return [];
  const inWindow = db
    .select({ id: osintArticles.id })
    .from(osintArticles)
    .where(
      sql.join(
        spans.map(([from, to]) => sql`(${newsDay} between ${from} and ${to})`),
        sql` or `,
      ),
    );
  const theirStories = db
    .select({ id: osintStoryArticles.storyId })
    .from(osintStoryArticles)
    .where(inArray(osintStoryArticles.articleId, inWindow));
  const storyMembers = db
    .select({ id: osintStoryArticles.articleId })
    .from(osintStoryArticles)
    .where(inArray(osintStoryArticles.storyId, theirStories));
  return db
    .select(CLUSTERING_COLUMNS)
    .from(osintArticles)
    .where(sql`${osintArticles.id} in (${inWindow}) or ${osintArticles.id} in (${storyMembers})`)
    .orderBy(asc(osintArticles.fetchedAt), asc(osintArticles.id));
}

/** Ids in slices small enough for one statement's parameters. */
function slices<T>(items: readonly T[], size = 5000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Replaces the clustering of `articleIds` (whole stories: see `articlesForWindow`) with
 * `build(previous)`'s, under a lock; the other stories stay as they are. Returns false, writing
 * nothing, when the number of articles is no longer `articleCount` (a batch landed meanwhile: the
 * caller clusters again).
 */
export async function replaceClustering(
  db: Db,
  articleCount: number,
  articleIds: readonly string[],
  build: (previous: ReadonlyMap<string, string>) => {
    stories: Array<typeof osintStories.$inferInsert & { id: string }>;
    members: Array<typeof osintStoryArticles.$inferInsert>;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${RECLUSTER_LOCK_KEY.toString()}::bigint)`);
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(osintArticles);
    if (Number(count?.n ?? 0) !== articleCount) return false;
    const previous: Array<{ articleId: string; storyId: string }> = [];
    for (const ids of slices(articleIds))
      previous.push(
        ...(await tx
          .select({ articleId: osintStoryArticles.articleId, storyId: osintStoryArticles.storyId })
          .from(osintStoryArticles)
          .where(inArray(osintStoryArticles.articleId, ids))),
      );
    const { stories, members } = build(new Map(previous.map((p) => [p.articleId, p.storyId])));
    for (const ids of slices(articleIds))
      await tx.delete(osintStoryArticles).where(inArray(osintStoryArticles.articleId, ids));
    for (const story of stories) {
      const { id: _id, ...rest } = story;
      await tx
        .insert(osintStories)
        .values(story)
        .onConflictDoUpdate({ target: osintStories.id, set: rest });
    }
    for (const part of slices(members, 500)) await tx.insert(osintStoryArticles).values(part);
    // The previous stories of these articles that kept no member (merged, or re-formed under
    // another id) go.
    const keep = new Set(stories.map((s) => s.id));
    const before = [...new Set(previous.map((p) => p.storyId))].filter((id) => !keep.has(id));
    for (const ids of slices(before))
      await tx
        .delete(osintStories)
        .where(
          and(
            inArray(osintStories.id, ids),
            sql`not exists (select 1 from ${osintStoryArticles} where ${osintStoryArticles.storyId} = ${osintStories.id})`,
          ),
        );
    return true;
  });
}

/** How many articles are stored. */
export async function articleCount(db: Db): Promise<number> {
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(osintArticles);
  return Number(count?.n ?? 0);
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
