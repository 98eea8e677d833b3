/**
 * The monitoring pipeline over a batch of articles: copies, rewrites and pair similarity
 * (`similarity.ts`), stories (incremental clustering over candidate pairs from an inverted index,
 * in a sliding window: `story-stream.ts`), independent origins and contradictions per story. Pure.
 */
import type { Article } from './article.ts';
import { contradictions, type Contradiction } from './contradictions.ts';
import { extractFacts, type ArticleFacts } from './extract.ts';
import { pairKey } from './metrics.ts';
import type { Relation } from './similarity.ts';
import { createStoryStream, type StoryStreamOptions } from './story-stream.ts';

export interface Story {
  readonly id: string;
  readonly articles: readonly string[];
  /** Independent origins: groups of articles joined by copy, rewrite or a shared credited agency. */
  readonly origins: ReadonlyArray<readonly string[]>;
  readonly outlets: readonly string[];
  readonly contradictions: readonly Contradiction[];
}

export interface Analysis {
  readonly facts: ReadonlyMap<string, ArticleFacts>;
  readonly relations: readonly Relation[];
  readonly stories: readonly Story[];
  /** Article id → its story id. */
  readonly storyOf: ReadonlyMap<string, string>;
  /** Article id → its origin id (articles sharing one are not independent). */
  readonly originOf: ReadonlyMap<string, string>;
}

export interface PipelineOptions extends StoryStreamOptions {
  /** Articles per `add` of the stream (default `ANALYSE_CHUNK`). */
  readonly chunkSize?: number;
}

/** Articles per `add` when `analyse` feeds its batch through the stream. */
export const ANALYSE_CHUNK = 1000;

/** Publication order of the batch: dated by date, then the undated; ties by id. */
function publicationOrder(facts: ReadonlyMap<string, ArticleFacts>) {
  return (x: string, y: string): number => {
    const dx = facts.get(x)?.published ?? '9999';
    const dy = facts.get(y)?.published ?? '9999';
    return dx === dy ? (x < y ? -1 : 1) : dx < dy ? -1 : 1;
  };
}

/**
 * Runs the pipeline over a batch of articles (ids must be distinct) through the windowed story
 * stream (`story-stream.ts`), so a batch costs what a stream of it costs: the articles go in
 * chunks of `chunkSize` in order of (effective) date. A batch of at most one chunk is clustered
 * in one pool, exactly as one batch over everything.
 */
export function analyse(articles: readonly Article[], options: PipelineOptions = {}): Analysis {
  const { chunkSize = ANALYSE_CHUNK, onFacts, ...streamOptions } = options;
  // Facts first, once: the result reports them all, and the chunks follow their dates.
  const facts = new Map<string, ArticleFacts>();
  for (const a of articles) {
    facts.set(a.id, options.factsOf ? options.factsOf(a) : extractFacts(a, options));
    onFacts?.(facts.size, articles.length);
  }
  const stream = createStoryStream({
    ...streamOptions,
    factsOf: (a) => facts.get(a.id) ?? extractFacts(a, options),
  });

  // Chunks by date (undated by the latest date they mention); each keeps the input order, so
  // one chunk sees the batch exactly as given.
  const key = (a: Article) => {
    const f = facts.get(a.id);
    return f?.published ?? f?.dates.reduce((m, d) => (d.end > m ? d.end : m), '') ?? '';
  };
  const byDate = articles
    .map((a, i) => ({ i, k: key(a) || '9999' }))
    .sort((x, y) => (x.k === y.k ? x.i - y.i : x.k < y.k ? -1 : 1));
  const relations = new Map<string, Relation>();
  for (let at = 0; at < byDate.length; at += Math.max(1, chunkSize)) {
    const chunk = byDate
      .slice(at, at + Math.max(1, chunkSize))
      .map((x) => x.i)
      .sort((x, y) => x - y)
      .flatMap((i) => articles[i] ?? []);
    const update = stream.add(chunk);
    // The facts as clustered: an undated article may have read its relative dates by the day of
    // the closest dated report in its pool.
    chunk.forEach((a, i) => {
      const f = update.facts[i];
      if (f) facts.set(a.id, f);
    });
    for (const r of update.relations) relations.set(pairKey(r.a, r.b), r);
  }

  const ids = articles.map((a) => a.id);
  const storyOf = new Map(ids.map((id) => [id, stream.storyOf(id) ?? id]));
  const originOf = new Map(ids.map((id) => [id, stream.originOf(id) ?? id]));
  const grouped = new Map<string, string[]>();
  for (const id of [...ids].sort(publicationOrder(facts))) {
    const s = storyOf.get(id) ?? id;
    const list = grouped.get(s);
    if (list) list.push(id);
    else grouped.set(s, [id]);
  }
  const stories: Story[] = [...grouped].map(([id, arts]) => {
    const origins = new Map<string, string[]>();
    for (const a of arts) {
      const o = originOf.get(a) ?? a;
      const list = origins.get(o);
      if (list) list.push(a);
      else origins.set(o, [a]);
    }
    const outlets = [...new Set(arts.map((a) => facts.get(a)?.article.outlet ?? a))];
    return {
      id,
      articles: arts,
      origins: [...origins.values()],
      outlets,
      contradictions: contradictions(arts, facts, (x, y) => relations.has(pairKey(x, y))),
    };
  });
  return { facts, relations: [...relations.values()], stories, storyOf, originOf };
}
