/**
 * A test oracle: the batch story clustering as `pipeline.ts` had it before it went through the
 * windowed stream (one `storySimilarity` over every article, then incremental assignment, second
 * look and refinement). The stream must give the same result for a batch of one chunk.
 */
import {
  contradictions,
  cosine,
  DEFAULTS,
  pairKey,
  storySimilarity,
  type Analysis,
  type Article,
  type PipelineOptions,
  type Story,
} from '../../src/osint/index.ts';

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

/** The batch pipeline as it was before the stream: one pool, every article at once. */
export function legacyAnalyse(
  articles: readonly Article[],
  options: PipelineOptions = {},
): Analysis {
  const storyThreshold = options.storyThreshold ?? DEFAULTS.storyThreshold;
  const { ids, facts, relations, vectors, candidates, similarity } = storySimilarity(
    articles,
    options,
  );

  if (options.debug) {
    for (const a of ids)
      for (const b of ids)
        if (a < b)
          options.debug(
            `${a} ${b} ${cosine(vectors.get(a) ?? new Map(), vectors.get(b) ?? new Map()).toFixed(3)}`,
          );
  }

  // Stories: incremental clustering in publication order over the candidates.
  const order = [...ids].sort((x, y) => {
    const dx = facts.get(x)?.published ?? '9999';
    const dy = facts.get(y)?.published ?? '9999';
    return dx === dy ? (x < y ? -1 : 1) : dx < dy ? -1 : 1;
  });
  const storyOf = new Map<string, string>();
  const members = new Map<string, string[]>();
  let next = 1;
  /** Mean similarity of the two closest members of the story (one when it has one), 0 if none. */
  const scoreIn = (id: string, story: string): number => {
    const list = (members.get(story) ?? [])
      .filter((m) => m !== id && (candidates.get(id)?.has(m) ?? false))
      .map((m) => similarity(id, m))
      .sort((x, y) => y - x);
    return list.length === 0
      ? 0
      : list.length === 1
        ? (list[0] ?? 0)
        : ((list[0] ?? 0) + (list[1] ?? 0)) / 2;
  };
  const bestStory = (id: string): { story: string | null; score: number } => {
    const scores = new Map<string, number[]>();
    for (const other of candidates.get(id) ?? []) {
      const s = storyOf.get(other);
      if (s === undefined) continue;
      const list = scores.get(s) ?? [];
      list.push(similarity(id, other));
      scores.set(s, list);
    }
    let story: string | null = null;
    let score = 0;
    for (const [s, list] of scores) {
      // Mean of the two closest members: one chance resemblance does not pull an article in.
      const sorted = list.sort((x, y) => y - x);
      const v = sorted.length === 1 ? (sorted[0] ?? 0) : ((sorted[0] ?? 0) + (sorted[1] ?? 0)) / 2;
      if (v > score) {
        story = s;
        score = v;
      }
    }
    return { story, score };
  };
  for (const id of order) {
    const best = bestStory(id);
    const story =
      best.story !== null && best.score >= storyThreshold ? best.story : `story-${next++}`;
    storyOf.set(id, story);
    members.set(story, [...(members.get(story) ?? []), id]);
  }
  // Second look for articles left alone: stories that grew after them may now hold them.
  for (const id of order) {
    const own = storyOf.get(id) ?? id;
    if ((members.get(own) ?? []).length !== 1) continue;
    const best = bestStory(id);
    if (best.story !== null && best.story !== own && best.score >= storyThreshold) {
      storyOf.set(id, best.story);
      members.delete(own);
      members.set(best.story, [...(members.get(best.story) ?? []), id]);
    }
  }
  // Refinement: an article placed early, before the story it belongs to had grown, moves to the
  // story it now fits best (by the same rule), at most twice over, so the order articles arrive
  // in matters less.
  for (let pass = 0; pass < 2; pass++) {
    let moved = false;
    for (const id of order) {
      const own = storyOf.get(id) ?? id;
      const best = bestStory(id);
      if (best.story === null || best.story === own || best.score < storyThreshold) continue;
      const ownScore = scoreIn(id, own);
      if (best.score <= ownScore) continue;
      storyOf.set(id, best.story);
      members.set(
        own,
        (members.get(own) ?? []).filter((m) => m !== id),
      );
      members.set(best.story, [...(members.get(best.story) ?? []), id]);
      moved = true;
    }
    if (!moved) break;
  }
  // Copies and rewrites always share a story.
  const storyUf = new UnionFind();
  for (const r of relations.values())
    storyUf.union(storyOf.get(r.a) ?? r.a, storyOf.get(r.b) ?? r.b);
  for (const id of ids) storyOf.set(id, storyUf.find(storyOf.get(id) ?? id));

  // Independent origins: copy/rewrite relations and a shared credited agency within a story.
  const originUf = new UnionFind();
  for (const r of relations.values()) originUf.union(r.a, r.b);
  const byCredit = new Map<string, string>();
  for (const id of ids) {
    const credit = facts.get(id)?.credit;
    if (!credit) continue;
    const key = `${storyOf.get(id)}|${credit}`;
    const first = byCredit.get(key);
    if (first) originUf.union(first, id);
    else byCredit.set(key, id);
  }
  const originOf = new Map(ids.map((id) => [id, originUf.find(id)]));

  const grouped = new Map<string, string[]>();
  for (const id of order)
    grouped.set(storyOf.get(id) ?? id, [...(grouped.get(storyOf.get(id) ?? id) ?? []), id]);
  const stories: Story[] = [...grouped].map(([id, arts]) => {
    const origins = new Map<string, string[]>();
    for (const a of arts)
      origins.set(originOf.get(a) ?? a, [...(origins.get(originOf.get(a) ?? a) ?? []), a]);
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
