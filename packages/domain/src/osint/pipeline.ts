/**
 * The monitoring pipeline over a batch of articles: copies, rewrites and pair similarity
 * (`similarity.ts`), stories (incremental clustering over candidate pairs from an inverted index),
 * independent origins and contradictions per story. Pure.
 */
import type { Article } from './article.ts';
import { contains, parseIsoDay } from './dates.ts';
import type { ArticleFacts } from './extract.ts';
import {
  cosine,
  DEFAULTS,
  storySimilarity,
  type Relation,
  type SimilarityOptions,
} from './similarity.ts';

export interface Contradiction {
  readonly kind: 'figure' | 'date';
  readonly decision: 'conflict' | 'attributed_dispute';
  readonly articles: readonly string[];
  readonly detail: string;
}

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

export interface PipelineOptions extends SimilarityOptions {
  /** Story similarity (see `StorySimilarity.similarity`) needed to join a story. */
  readonly storyThreshold?: number;
  /** Receives diagnostic lines (pair similarities). */
  readonly debug?: (line: string) => void;
}

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

/** Runs the pipeline over a batch of articles (ids must be distinct). */
export function analyse(articles: readonly Article[], options: PipelineOptions = {}): Analysis {
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
      contradictions: contradictions(arts, facts),
    };
  });
  return { facts, relations: [...relations.values()], stories, storyOf, originOf };
}

/** Conflicting figures and dates within one story's articles. */
export function contradictions(
  ids: readonly string[],
  facts: ReadonlyMap<string, ArticleFacts>,
): Contradiction[] {
  const out: Contradiction[] = [];
  const pub = (id: string) => facts.get(id)?.published ?? null;
  for (const id of ids) {
    const f = facts.get(id);
    if (!f) continue;
    // A headline figure that no figure of the body bears out.
    for (const h of f.casualties.filter((c) => c.sentence === 0)) {
      const body = f.casualties.filter(
        (c) => c.sentence > 0 && c.verb === h.verb && c.victims === h.victims,
      );
      if (body.length > 0 && !body.some((c) => c.value === h.value))
        out.push({
          kind: 'figure',
          decision: 'conflict',
          articles: [id],
          detail: `headline ${h.value} ${h.victims} ${h.verb}; body ${body.map((c) => c.value).join('/')}`,
        });
    }
    for (const d of f.dates.filter((x) => x.weekdayMismatch))
      out.push({
        kind: 'date',
        decision: 'conflict',
        articles: [id],
        detail: `weekday does not fall on ${d.start}`,
      });
  }
  for (let x = 0; x < ids.length; x++)
    for (let y = x + 1; y < ids.length; y++) {
      const a = ids[x] ?? '';
      const b = ids[y] ?? '';
      const fa = facts.get(a);
      const fb = facts.get(b);
      if (!fa || !fb) continue;
      const pa = parseIsoDay(pub(a));
      const pb = parseIsoDay(pub(b));
      for (const ca of fa.casualties)
        for (const cb of fb.casualties) {
          if (ca.verb !== cb.verb || ca.victims !== cb.victims || ca.value === cb.value) continue;
          if (ca.side && cb.side && ca.side !== cb.side) continue;
          if (
            fa.casualties.some(
              (c) => c.value === cb.value && c.verb === cb.verb && c.victims === cb.victims,
            )
          )
            continue;
          if (
            fb.casualties.some(
              (c) => c.value === ca.value && c.verb === ca.verb && c.victims === ca.victims,
            )
          )
            continue;
          // A later report with a higher count for the same victims updates an earlier one.
          if (pa && pb && pa.getTime() !== pb.getTime()) {
            const [earlier, later] = pa < pb ? [ca, fb] : [cb, fa];
            const laterMax = Math.max(
              ...later.casualties
                .filter((c) => c.verb === earlier.verb && c.victims === earlier.victims)
                .map((c) => c.value),
            );
            if (laterMax > earlier.value) continue;
          }
          const disputed = (ca.by !== null || cb.by !== null) && ca.by !== cb.by;
          out.push({
            kind: 'figure',
            decision: disputed ? 'attributed_dispute' : 'conflict',
            articles: [a, b],
            detail: `${ca.value} (${ca.by ?? a}) vs ${cb.value} (${cb.by ?? b}) ${ca.victims} ${ca.verb}`,
          });
        }
      // The first dated mention of each event per article.
      const firstByEvent = (f: ArticleFacts) => {
        const m = new Map<string, (typeof f.dates)[number]>();
        for (const d of f.dates)
          if (d.event && d.kind !== 'month' && !m.has(d.event)) m.set(d.event, d);
        return m;
      };
      const da = firstByEvent(fa);
      const db = firstByEvent(fb);
      for (const [event, d1] of da) {
        const d2 = db.get(event);
        if (!d2 || contains(d1, d2) || contains(d2, d1)) continue;
        out.push({
          kind: 'date',
          decision: 'conflict',
          articles: [a, b],
          detail: `${event}: ${d1.start}..${d1.end} vs ${d2.start}..${d2.end}`,
        });
      }
    }
  return out;
}
