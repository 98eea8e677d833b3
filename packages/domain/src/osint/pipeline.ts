/**
 * The monitoring pipeline over a batch of articles: copies (shingles + MinHash-LSH), paraphrase
 * rewrites (aligned per-sentence fact signatures), stories (incremental clustering over candidate
 * pairs from an inverted index), independent origins and contradictions per story. Pure.
 */
import { differenceInCalendarDays } from 'date-fns';
import type { Article } from './article.ts';
import { contains, parseIsoDay } from './dates.ts';
import { extractFacts, type ArticleFacts, type ExtractOptions } from './extract.ts';
import { containment, jaccard, lshCandidates, minhash, shingles } from './minhash.ts';
import { pairKey } from './metrics.ts';
import { words } from './text.ts';

export type RelationKind = 'exact_copy' | 'near_verbatim_copy' | 'truncated_copy' | 'rewrite';

export interface Relation {
  readonly a: string;
  readonly b: string;
  readonly kind: RelationKind;
  readonly score: number;
}

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

export interface PipelineOptions extends ExtractOptions {
  /** Story similarity (cosine of TF-IDF vectors) needed to join a story. */
  readonly storyThreshold?: number;
  /** Articles published further apart than this many days never share a story. */
  readonly maxStoryDays?: number;
  /** Receives diagnostic lines (pair similarities). */
  readonly debug?: (line: string) => void;
}

export const DEFAULTS = {
  storyThreshold: 0.2,
  maxStoryDays: 7,
  /** Shingle containment of the shorter text for a copy. */
  copyContainment: 0.7,
  /** Fact-weighted Jaccard for two sentences to match. */
  sentenceMatch: 0.35,
  /** Share of the shorter article's fact-bearing sentences aligned in order for a rewrite. */
  rewriteAlignment: 0.5,
  /** Top features per article used to look up candidates in the inverted index. */
  candidateFeatures: 25,
  /** Postings longer than this are too common to propose candidates (keeps the work sub-quadratic). */
  maxPosting: 200,
} as const;

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

type Vector = Map<string, number>;
export const cosine = (a: Vector, b: Vector): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
};

/** Longest common subsequence of two sequences under a match predicate. */
function lcs(n: number, m: number, match: (i: number, j: number) => boolean): number {
  let prev = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1).fill(0);
    for (let j = 1; j <= m; j++) {
      cur[j] = match(i - 1, j - 1)
        ? (prev[j - 1] ?? 0) + 1
        : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    prev = cur;
  }
  return prev[m] ?? 0;
}

export function analyse(articles: readonly Article[], options: PipelineOptions = {}): Analysis {
  const storyThreshold = options.storyThreshold ?? DEFAULTS.storyThreshold;
  const maxDays = options.maxStoryDays ?? DEFAULTS.maxStoryDays;
  const facts = new Map(articles.map((a) => [a.id, extractFacts(a, options)]));
  const ids = articles.map((a) => a.id);
  const n = ids.length;

  // Copies: MinHash-LSH candidates over body shingles, verified exactly.
  const tokens = articles.map((a) => words(a.body));
  const sets = tokens.map((t) => shingles(t));
  const relations = new Map<string, Relation>();
  for (const [i, j] of lshCandidates(sets.map((s) => minhash(s)))) {
    const a = ids[i] ?? '';
    const b = ids[j] ?? '';
    const sa = sets[i] ?? new Set<string>();
    const sb = sets[j] ?? new Set<string>();
    const c = containment(sa, sb);
    if (c < DEFAULTS.copyContainment) continue;
    const jac = jaccard(sa, sb);
    const kind: RelationKind =
      (tokens[i] ?? []).join(' ') === (tokens[j] ?? []).join(' ')
        ? 'exact_copy'
        : jac >= DEFAULTS.copyContainment
          ? 'near_verbatim_copy'
          : 'truncated_copy';
    relations.set(pairKey(a, b), { a, b, kind, score: c });
  }

  // Document frequencies of features (content terms and facts).
  const features = new Map<string, Vector>();
  const df = new Map<string, number>();
  for (const id of ids) {
    const f = facts.get(id);
    if (!f) continue;
    const v: Vector = new Map();
    for (const t of f.terms) v.set(`t:${t}`, (v.get(`t:${t}`) ?? 0) + 1);
    for (const s of f.sentenceFacts) for (const x of s) v.set(x, (v.get(x) ?? 0) + 2);
    features.set(id, v);
    for (const k of v.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  }
  const idf = (k: string) => Math.log((n + 1) / (df.get(k) ?? 1));
  const vectors = new Map<string, Vector>();
  for (const [id, v] of features) {
    const w: Vector = new Map();
    for (const [k, tf] of v) {
      const x = (1 + Math.log(tf)) * idf(k);
      if (x > 0) w.set(k, x);
    }
    vectors.set(id, w);
  }

  if (options.debug) {
    for (const a of ids)
      for (const b of ids)
        if (a < b)
          options.debug(
            `${a} ${b} ${cosine(vectors.get(a) ?? new Map(), vectors.get(b) ?? new Map()).toFixed(3)}`,
          );
  }
  // Candidate pairs: articles sharing one of their top-weighted features (an inverted index).
  const postings = new Map<string, string[]>();
  for (const [id, w] of vectors) {
    const best = [...w]
      .sort((x, y) => y[1] - x[1])
      .slice(0, DEFAULTS.candidateFeatures)
      .map(([k]) => k);
    for (const k of best) {
      const list = postings.get(k);
      if (list) list.push(id);
      else postings.set(k, [id]);
    }
  }
  const candidates = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
  for (const list of postings.values()) {
    if (list.length > DEFAULTS.maxPosting) continue;
    for (const a of list) for (const b of list) if (a !== b) candidates.get(a)?.add(b);
  }
  for (const r of relations.values()) {
    candidates.get(r.a)?.add(r.b);
    candidates.get(r.b)?.add(r.a);
  }

  // Paraphrase rewrites: the same facts in the same order.
  const informative = (x: string) => idf(x) > Math.log((n + 1) / Math.max(1, n / 2));
  const sigs = new Map<string, Array<Set<string>>>();
  for (const [id, f] of facts)
    sigs.set(
      id,
      f.sentenceFacts
        .slice(1)
        .map((s) => new Set([...s].filter(informative)))
        .filter((s) => s.size >= 2),
    );
  const weight = (s: Iterable<string>) => {
    let t = 0;
    for (const x of s) t += idf(x);
    return t;
  };
  const sentenceMatch = (x: Set<string>, y: Set<string>) => {
    const shared = [...x].filter((k) => y.has(k));
    if (shared.length < 2) return false;
    const w = weight(shared);
    return w / (weight(x) + weight(y) - w) >= DEFAULTS.sentenceMatch;
  };
  for (const [a, others] of candidates) {
    for (const b of others) {
      if (a >= b || relations.has(pairKey(a, b))) continue;
      const sa = sigs.get(a) ?? [];
      const sb = sigs.get(b) ?? [];
      const shorter = Math.min(sa.length, sb.length);
      if (shorter < 2) continue;
      const aligned = lcs(sa.length, sb.length, (i, j) =>
        sentenceMatch(sa[i] ?? new Set(), sb[j] ?? new Set()),
      );
      const score = aligned / shorter;
      if (aligned >= 2 && score >= DEFAULTS.rewriteAlignment)
        relations.set(pairKey(a, b), { a, b, kind: 'rewrite', score });
    }
  }

  // Stories: incremental clustering in publication order over the candidates.
  const dateOf = (id: string) => parseIsoDay(facts.get(id)?.published ?? null);
  const order = [...ids].sort((x, y) => {
    const dx = facts.get(x)?.published ?? '9999';
    const dy = facts.get(y)?.published ?? '9999';
    return dx === dy ? (x < y ? -1 : 1) : dx < dy ? -1 : 1;
  });
  const tooFar = (a: string, b: string) => {
    const da = dateOf(a);
    const db = dateOf(b);
    return da !== null && db !== null && Math.abs(differenceInCalendarDays(da, db)) > maxDays;
  };
  const similarity = (a: string, b: string) =>
    relations.has(pairKey(a, b))
      ? 1
      : tooFar(a, b)
        ? 0
        : cosine(vectors.get(a) ?? new Map(), vectors.get(b) ?? new Map());
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
