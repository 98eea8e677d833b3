/**
 * Stories: after a batch, the domain's pipeline (`analyse`) runs again over the window the batch
 * touched: the articles that were news within `maxStoryDays` of any new article (no article
 * further away can be similar to it), with every other article of their stories, so that whole
 * stories are clustered again and the rest stay as stored. The clusters are stored with ids kept
 * where membership overlaps (`story-ids.ts`), with each story's outlets, independent origins,
 * claims and contradictions; and the reads of stories. The work per batch follows the batch and
 * its window, not the number of articles stored.
 */
import crypto from 'node:crypto';
import {
  analyse,
  DEFAULTS,
  type Article,
  type ArticleFacts,
  type PipelineOptions,
} from '@truceline/domain/osint/index';
import type { OsintStoryDetail, OsintStoryPage, OsintStoryQuery } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import {
  articleCount,
  articlesForWindow,
  dayOrTime,
  findStory,
  listStories,
  presentStory,
  replaceClustering,
  unclusteredArticles,
} from './stories.repository.ts';
import { keepStoryIds } from './story-ids.ts';
import { decodeCursor, encodeCursor, type CursorPosition } from '../../platform/http/cursor.ts';

export interface StoriesService {
  /**
   * Clusters the articles in no story yet, with the window around them, and stores the stories.
   * Requests made while a run is under way share one more run after it, which sees every article
   * stored before it starts.
   */
  recluster(): Promise<void>;
  list(query: OsintStoryQuery): Promise<OsintStoryPage>;
  get(id: string): Promise<OsintStoryDetail>;
}

/**
 * How often a run starts again when articles landed while it computed (another process's batch).
 * Giving up then is safe: the batch that added them asks for its own run, which sees them.
 */
const ATTEMPTS = 3;

/** The values once each (the pipeline may report one finding once per pair of mentions). */
function distinct<T>(values: readonly T[]): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The article's quotes, each once. */
function quotesOf(facts: ArticleFacts | undefined) {
  return distinct(
    (facts?.quotes ?? []).map((q) => ({ kind: q.kind, text: q.text, speaker: q.speaker })),
  );
}

/** Where a story list resumes: after the story last seen at this time (id breaks ties). */
const storyPosition = (c: CursorPosition) => ({ lastSeenAt: new Date(c.at), id: c.id });

function claimsOf(facts: ArticleFacts | undefined) {
  return distinct(
    (facts?.casualties ?? []).map((c) => ({
      value: c.value,
      verb: c.verb,
      victims: c.victims,
      side: c.side,
      by: c.by,
    })),
  );
}

export function createStoriesService(deps: {
  db: Db;
  clock: () => Date;
  options?: PipelineOptions;
}): StoriesService {
  const { db, clock } = deps;

  const windowDays = deps.options?.maxStoryDays ?? DEFAULTS.maxStoryDays;
  const iso = (time: number) => new Date(time).toISOString().slice(0, 10);
  /**
   * The days the new articles touch: `windowDays` either side of each one's day, overlapping
   * spans joined (a backfill of old news next to today's touches two windows, not the months
   * between).
   */
  const windows = (pending: ReadonlyArray<{ published: string | null; fetchedAt: Date }>) => {
    const reach = windowDays * 86_400_000;
    const days = pending.map((p) => dayOrTime(p.published, p.fetchedAt)).sort((a, b) => a - b);
    const spans: Array<[number, number]> = [];
    for (const day of days) {
      const last = spans[spans.length - 1];
      if (last && day - reach <= last[1]) last[1] = day + reach;
      else spans.push([day - reach, day + reach]);
    }
    return spans.map(([from, to]): [string, string] => [iso(from), iso(to)]);
  };

  async function run(): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const count = await articleCount(db);
      const pending = await unclusteredArticles(db);
      if (pending.length === 0) return;
      const rows = await articlesForWindow(db, windows(pending));
      const byId = new Map(rows.map((r) => [r.id, r]));
      const articles: Article[] = rows.map((r) => ({
        id: r.id,
        title: r.title,
        url: r.url,
        outlet: r.outlet,
        published: r.published,
        body: r.body,
      }));
      const analysis = analyse(articles, deps.options);
      const stored = await replaceClustering(db, count, [...byId.keys()], (previous) => {
        const ids = keepStoryIds(
          analysis.stories.map((s) => s.articles),
          previous,
          () => crypto.randomUUID(),
        );
        const now = clock();
        const stories = analysis.stories.map((s, i) => {
          const members = s.articles.flatMap((a) => byId.get(a) ?? []);
          const times = members.map((m) => dayOrTime(m.published, m.fetchedAt));
          const outlets = new Set(members.flatMap((m) => (m.outlet ? [m.outlet] : [])));
          return {
            id: ids[i] ?? crypto.randomUUID(),
            label: members[0]?.title ?? '',
            firstSeenAt: new Date(Math.min(...times)),
            lastSeenAt: new Date(Math.max(...times)),
            articleCount: members.length,
            outletCount: outlets.size,
            originCount: s.origins.length,
            contradictions: distinct(
              s.contradictions.map((c) => ({
                kind: c.kind,
                decision: c.decision,
                articleIds: [...c.articles],
                detail: c.detail,
              })),
            ),
            updatedAt: now,
          };
        });
        const members = analysis.stories.flatMap((s, i) =>
          s.origins.flatMap((origin) =>
            origin.map((articleId) => ({
              articleId,
              storyId: stories[i]?.id ?? '',
              originId: origin[0] ?? articleId,
              claims: claimsOf(analysis.facts.get(articleId)),
              quotes: quotesOf(analysis.facts.get(articleId)),
            })),
          ),
        );
        return { stories, members };
      });
      if (stored) return;
    }
  }

  let current: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const recluster = (): Promise<void> => {
    if (!current) {
      current = run().finally(() => {
        current = undefined;
      });
      return current;
    }
    next ??= current
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return recluster();
      });
    return next;
  };

  return {
    recluster,

    async list(query) {
      const limit = query.limit ?? 50;
      const rows = await listStories(
        db,
        query.cursor ? storyPosition(decodeCursor(query.cursor)) : null,
        limit + 1,
      );
      const items = rows.slice(0, limit).map(presentStory);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor:
          rows.length > limit && last ? encodeCursor(new Date(last.lastSeenAt), last.id) : null,
      };
    },

    async get(id) {
      const story = await findStory(db, id);
      if (!story) throw new AppError('not_found', 'No such story');
      return story;
    },
  };
}
