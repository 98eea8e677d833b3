/**
 * The pairwise article similarity that story clustering uses, over one batch of articles: copies
 * (shingles + MinHash-LSH, verified exactly), paraphrase rewrites (aligned per-sentence fact
 * signatures), and otherwise the cosine of TF-IDF vectors of content terms and facts (IDF from the
 * batch), zero for articles published too far apart. Pure.
 */
import { addDays, differenceInCalendarDays } from 'date-fns';
import type { Article } from './article.ts';
import { isoDay, parseIsoDay } from './dates.ts';
import { extractFacts, type ArticleFacts, type ExtractOptions } from './extract.ts';
import { pairKey } from './metrics.ts';
import { containment, jaccard, lshCandidates, minhash, shingles } from './minhash.ts';
import { words } from './text.ts';

export type RelationKind = 'exact_copy' | 'near_verbatim_copy' | 'truncated_copy' | 'rewrite';

export interface Relation {
  readonly a: string;
  readonly b: string;
  readonly kind: RelationKind;
  readonly score: number;
}

export interface SimilarityOptions extends ExtractOptions {
  /** Articles published further apart than this many days never share a story. */
  readonly maxStoryDays?: number;
  /** Called after each article's facts are extracted (the bulk of the work), for progress. */
  readonly onFacts?: (done: number, total: number) => void;
  /** Facts already extracted (a cache), used instead of extracting them again. */
  readonly factsOf?: (a: Article) => ArticleFacts;
}

export const DEFAULTS = {
  /** Story similarity (`StorySimilarity.similarity`) needed to join a story. */
  storyThreshold: 0.2,
  maxStoryDays: 7,
  /** Shingle containment of the shorter text for a copy. */
  copyContainment: 0.7,
  /** Fact-weighted Jaccard for two sentences to match. */
  sentenceMatch: 0.35,
  /** Share of the shorter article's fact-bearing sentences aligned in order for a rewrite. */
  rewriteAlignment: 0.5,
  /**
   * Added to the similarity of two articles whose headlines or leads date the same kind of event
   * (strike, clash, talks …) to the same day, give or take one: what a report leads with is the
   * event it reports, and news of one event is dated alike.
   */
  leadEventBonus: 0.1,
  /** Cosine an undated article needs with a dated one to resolve its relative dates by it. */
  referenceSimilarity: 0.1,
  /** IDF-weighted Jaccard of two sentences' content words for them to say the same thing. */
  sentenceWordMatch: 0.15,
  /**
   * Share of the shorter article's sentences aligned in order by their words for a rewrite: a
   * rewrite keeps the sequence of what is said, not only the facts (independent reports of one
   * event share facts too, but tell them in their own order and words).
   */
  rewriteWordAlignment: 0.4,
  /** Top features per article used to look up candidates in the inverted index. */
  candidateFeatures: 25,
  /** Postings longer than this are too common to propose candidates (keeps the work sub-quadratic). */
  maxPosting: 200,
} as const;

type Vector = ReadonlyMap<string, number>;

/** Extra term frequency for a word of the headline or lead (where news states its event). */
const LEAD_WEIGHT = 2;
/** Term frequency a fact (entity, number, date) adds per sentence naming it: facts say more than words. */
const FACT_WEIGHT = 2;

/** Dot product of two sparse vectors, walking the smaller one. */
function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w !== undefined) sum += v * w;
  }
  return sum;
}

/** Euclidean norm of a sparse vector. */
function norm(a: Vector): number {
  let sum = 0;
  for (const v of a.values()) sum += v * v;
  return Math.sqrt(sum);
}

/** Cosine of two sparse vectors (0 when either is empty). */
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

/** Whether the two articles' leads date the same kind of event within a day of each other. */
export function shareLeadEvent(a: ArticleFacts | undefined, b: ArticleFacts | undefined): boolean {
  if (!a || !b || a.leadEvents.length === 0 || b.leadEvents.length === 0) return false;
  const ea = leadEventDays(a);
  const eb = leadEventDays(b);
  return ea.some((x) =>
    eb.some(
      (y) =>
        x.event === y.event &&
        differenceInCalendarDays(y.start, x.end) <= 1 &&
        differenceInCalendarDays(x.start, y.end) <= 1,
    ),
  );
}

const parsedLeadEvents = new WeakMap<
  ArticleFacts,
  ReadonlyArray<{ event: string; start: Date; end: Date }>
>();

/** An article's lead events with their days parsed (once per facts object). */
function leadEventDays(f: ArticleFacts): ReadonlyArray<{ event: string; start: Date; end: Date }> {
  let parsed = parsedLeadEvents.get(f);
  if (!parsed) {
    parsed = f.leadEvents.flatMap((e) => {
      const start = parseIsoDay(e.start);
      const end = parseIsoDay(e.end);
      return start && end ? [{ event: e.event, start, end }] : [];
    });
    parsedLeadEvents.set(f, parsed);
  }
  return parsed;
}

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

/** What the story clustering knows about how alike the articles of a batch are. */
export interface StorySimilarity {
  readonly ids: readonly string[];
  readonly facts: ReadonlyMap<string, ArticleFacts>;
  /** Copy and rewrite relations, by `pairKey`. */
  readonly relations: ReadonlyMap<string, Relation>;
  /** TF-IDF vectors of content terms (`t:`) and facts. */
  readonly vectors: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Per article, the articles worth comparing it with (shared top features, or a relation). */
  readonly candidates: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * The similarity story clustering compares with `DEFAULTS.storyThreshold`: 1 for a copy or
   * rewrite, 0 when publication dates are more than `maxStoryDays` apart, else the cosine of the
   * two TF-IDF vectors. Symmetric, in [0, 1].
   */
  similarity(a: string, b: string): number;
}

/** Computes facts, copies, rewrites and TF-IDF vectors of a batch; ids must be distinct. */
export function storySimilarity(
  articles: readonly Article[],
  options: SimilarityOptions = {},
): StorySimilarity {
  const maxDays = options.maxStoryDays ?? DEFAULTS.maxStoryDays;
  const facts = new Map<string, ArticleFacts>();
  for (const a of articles) {
    facts.set(a.id, options.factsOf ? options.factsOf(a) : extractFacts(a, options));
    options.onFacts?.(facts.size, articles.length);
  }
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

  // TF-IDF vectors of content terms and facts (IDF from the batch).
  const df = new Map<string, number>();
  const idf = (k: string) => Math.log((n + 1) / (df.get(k) ?? 1));
  const vectors = new Map<string, Vector>();
  const norms = new Map<string, number>();
  const cos = (a: string, b: string) => {
    const na = norms.get(a) ?? 0;
    const nb = norms.get(b) ?? 0;
    if (na === 0 || nb === 0) return 0;
    return dot(vectors.get(a) ?? new Map(), vectors.get(b) ?? new Map()) / (na * nb);
  };
  const buildVectors = () => {
    const features = new Map<string, Map<string, number>>();
    df.clear();
    for (const id of ids) {
      const f = facts.get(id);
      if (!f) continue;
      const v = new Map<string, number>();
      for (const t of f.terms) v.set(`t:${t}`, (v.get(`t:${t}`) ?? 0) + 1);
      for (const t of f.leadTerms) v.set(`t:${t}`, (v.get(`t:${t}`) ?? 0) + LEAD_WEIGHT);
      for (const s of f.sentenceFacts) for (const x of s) v.set(x, (v.get(x) ?? 0) + FACT_WEIGHT);
      features.set(id, v);
      for (const k of v.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    }
    for (const [id, v] of features) {
      const w = new Map<string, number>();
      for (const [k, tf] of v) {
        const x = (1 + Math.log(tf)) * idf(k);
        if (x > 0) w.set(k, x);
      }
      vectors.set(id, w);
      norms.set(id, norm(w));
    }
  };
  buildVectors();

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
  // Reports whose leads date the same kind of event alike are candidates too (see shareLeadEvent).
  for (const id of ids)
    for (const e of facts.get(id)?.leadEvents ?? []) {
      const start = parseIsoDay(e.start);
      const end = parseIsoDay(e.end);
      if (!start || !end) continue;
      for (let d = start, n = 0; d <= addDays(end, 1) && n < 5; d = addDays(d, 1), n++) {
        const key = `ev:${e.event}@${isoDay(d)}`;
        const list = postings.get(key);
        if (!list) postings.set(key, [id]);
        else if (!list.includes(id)) list.push(id);
      }
    }
  for (const list of postings.values()) {
    if (list.length > DEFAULTS.maxPosting) continue;
    for (const a of list) for (const b of list) if (a !== b) candidates.get(a)?.add(b);
  }
  for (const r of relations.values()) {
    candidates.get(r.a)?.add(r.b);
    candidates.get(r.b)?.add(r.a);
  }

  // An undated article resolves its relative dates ("on Saturday") against the publication day
  // of the closest dated report among its candidates: the same news is told within days.
  const byId = new Map(articles.map((a) => [a.id, a]));
  let borrowed = false;
  for (const id of ids) {
    const f = facts.get(id);
    const article = byId.get(id);
    if (!f || !article || f.published !== null) continue;
    let best: { day: string; score: number } | null = null;
    for (const other of candidates.get(id) ?? []) {
      const day = facts.get(other)?.published;
      if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
      const score = cos(id, other);
      if (score >= DEFAULTS.referenceSimilarity && (!best || score > best.score))
        best = { day, score };
    }
    if (best) {
      facts.set(id, extractFacts(article, { ...options, reference: best.day }));
      borrowed = true;
    }
  }
  if (borrowed) buildVectors();

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
  const sentenceWordMatch = (x: ReadonlySet<string>, y: ReadonlySet<string>) => {
    let shared = 0;
    let union = 0;
    for (const t of x) {
      const w = idf(`t:${t}`);
      union += w;
      if (y.has(t)) shared += w;
    }
    for (const t of y) if (!x.has(t)) union += idf(`t:${t}`);
    return union > 0 && shared / union >= DEFAULTS.sentenceWordMatch;
  };
  for (const [a, others] of candidates) {
    for (const b of others) {
      if (a >= b || relations.has(pairKey(a, b))) continue;
      // A rewrite keeps the facts and most words of its source: it is at least as alike as two
      // reports of one story, so pairs below that are not aligned sentence by sentence.
      if (cos(a, b) < DEFAULTS.storyThreshold) continue;
      const sa = sigs.get(a) ?? [];
      const sb = sigs.get(b) ?? [];
      const shorter = Math.min(sa.length, sb.length);
      if (shorter < 2) continue;
      const aligned = lcs(sa.length, sb.length, (i, j) =>
        sentenceMatch(sa[i] ?? new Set(), sb[j] ?? new Set()),
      );
      const score = aligned / shorter;
      if (aligned < 2 || score < DEFAULTS.rewriteAlignment) continue;
      const wa = facts.get(a)?.sentenceTerms ?? [];
      const wb = facts.get(b)?.sentenceTerms ?? [];
      const wordAligned = lcs(wa.length, wb.length, (i, j) =>
        sentenceWordMatch(wa[i] ?? new Set(), wb[j] ?? new Set()),
      );
      const wordScore = wordAligned / Math.max(1, Math.min(wa.length, wb.length));
      if (wordScore >= DEFAULTS.rewriteWordAlignment)
        relations.set(pairKey(a, b), { a, b, kind: 'rewrite', score: Math.min(score, wordScore) });
    }
  }

  // Parsed once: clustering asks for the similarity of the same articles many times over.
  const days = new Map(ids.map((id) => [id, parseIsoDay(facts.get(id)?.published ?? null)]));
  const tooFar = (a: string, b: string) => {
    const da = days.get(a) ?? null;
    const db = days.get(b) ?? null;
    return da !== null && db !== null && Math.abs(differenceInCalendarDays(da, db)) > maxDays;
  };
  const similarity = (a: string, b: string) =>
    relations.has(pairKey(a, b))
      ? 1
      : tooFar(a, b)
        ? 0
        : Math.min(
            1,
            cos(a, b) + (shareLeadEvent(facts.get(a), facts.get(b)) ? DEFAULTS.leadEventBonus : 0),
          );
  return { ids, facts, relations, vectors, candidates, similarity };
}
