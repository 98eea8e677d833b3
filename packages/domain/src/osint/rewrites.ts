/**
 * Paraphrase rewrites: whether one article retells another, with the same facts and most of the
 * words in the same order. Per sentence, its informative facts (names, numbers, dates) and its
 * stemmed content words, weighted by IDF; two articles are a rewrite when enough of the shorter
 * one's sentences align in order by both (a longest common subsequence). Independent reports of
 * one event share facts too, but tell them in their own order and words. Pure.
 */
import type { ArticleFacts } from './extract.ts';

/** The thresholds of a rewrite (the values are `DEFAULTS` of `similarity.ts`). */
export interface RewriteThresholds {
  /** Fact-weighted Jaccard for two sentences to match. */
  readonly sentenceMatch: number;
  /** Share of the shorter article's fact-bearing sentences aligned in order. */
  readonly rewriteAlignment: number;
  /** IDF-weighted Jaccard of two sentences' content words for them to say the same thing. */
  readonly sentenceWordMatch: number;
  /** Share of the shorter article's sentences aligned in order by their words. */
  readonly rewriteWordAlignment: number;
}

/** A sentence's features with their IDF weights, and the weights' total. */
interface WeightedSet {
  readonly weights: ReadonlyMap<string, number>;
  readonly total: number;
}

const EMPTY_SET: WeightedSet = { weights: new Map(), total: 0 };

/** The features two weighted sets share: how many, and their weight. */
function overlap(x: WeightedSet, y: WeightedSet): { shared: number; weight: number } {
  const [small, large] = x.weights.size <= y.weights.size ? [x, y] : [y, x];
  let shared = 0;
  let weight = 0;
  for (const [k, w] of small.weights)
    if (large.weights.has(k)) {
      shared++;
      weight += w;
    }
  return { shared, weight };
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

/**
 * A scorer of rewrites over a batch of articles (by index), with the batch's IDF (`idf` of a fact,
 * or of `t:` and a term; `n` articles): the score of a pair (the lesser of its two alignments), or
 * null when it is not a rewrite. Caches each article's sentences, so ask about many pairs.
 */
export function rewriteScorer(
  factsAt: (i: number) => ArticleFacts | undefined,
  idf: (feature: string) => number,
  n: number,
  limits: RewriteThresholds,
): (i: number, j: number) => number | null {
  // Per sentence, its features with their IDF and their total, computed once per article (pairs
  // ask for them hundreds of times).
  const informative = (x: string) => idf(x) > Math.log((n + 1) / Math.max(1, n / 2));
  const weighted = (keys: Iterable<string>, name: (k: string) => string): WeightedSet => {
    const weights = new Map<string, number>();
    let total = 0;
    for (const k of keys) {
      const w = idf(name(k));
      weights.set(k, w);
      total += w;
    }
    return { weights, total };
  };
  const sigCache = new Map<number, WeightedSet[]>();
  const sigsAt = (i: number) => {
    let sig = sigCache.get(i);
    if (!sig) {
      sig = (factsAt(i)?.sentenceFacts ?? [])
        .slice(1)
        .map((s) => [...s].filter(informative))
        .filter((s) => s.length >= 2)
        .map((s) => weighted(s, (k) => k));
      sigCache.set(i, sig);
    }
    return sig;
  };
  const sharedCache = new Map<number, Set<string>>();
  /** The informative facts of an article's signature sentences. */
  const signatureFacts = (i: number) => {
    let all = sharedCache.get(i);
    if (!all) {
      all = new Set<string>();
      for (const s of sigsAt(i)) for (const k of s.weights.keys()) all.add(k);
      sharedCache.set(i, all);
    }
    return all;
  };
  const matchable = (sig: readonly WeightedSet[], other: ReadonlySet<string>) =>
    sig.filter((s) => {
      let shared = 0;
      for (const k of s.weights.keys()) if (other.has(k) && ++shared >= 2) return true;
      return false;
    });
  const termCache = new Map<number, WeightedSet[]>();
  const termsAt = (i: number) => {
    let terms = termCache.get(i);
    if (!terms) {
      terms = (factsAt(i)?.sentenceTerms ?? []).map((s) => weighted(s, (t) => `t:${t}`));
      termCache.set(i, terms);
    }
    return terms;
  };
  const sentenceMatch = (x: WeightedSet, y: WeightedSet) => {
    const { shared, weight } = overlap(x, y);
    return shared >= 2 && weight / (x.total + y.total - weight) >= limits.sentenceMatch;
  };
  const sentenceWordMatch = (x: WeightedSet, y: WeightedSet) => {
    const { weight } = overlap(x, y);
    const union = x.total + y.total - weight;
    return union > 0 && weight / union >= limits.sentenceWordMatch;
  };
  return (i, j) => {
    const shorter = Math.min(sigsAt(i).length, sigsAt(j).length);
    if (shorter < 2) return null;
    // A sentence aligns only through two facts the other article names too: those without
    // are left out, which leaves the alignment as it was and makes it far cheaper.
    const sa = matchable(sigsAt(i), signatureFacts(j));
    const sb = matchable(sigsAt(j), signatureFacts(i));
    const bound = Math.min(sa.length, sb.length);
    if (bound < 2 || bound / shorter < limits.rewriteAlignment) return null;
    const aligned = lcs(sa.length, sb.length, (x, y) =>
      sentenceMatch(sa[x] ?? EMPTY_SET, sb[y] ?? EMPTY_SET),
    );
    const score = aligned / shorter;
    if (aligned < 2 || score < limits.rewriteAlignment) return null;
    const wa = termsAt(i);
    const wb = termsAt(j);
    const wordAligned = lcs(wa.length, wb.length, (x, y) =>
      sentenceWordMatch(wa[x] ?? EMPTY_SET, wb[y] ?? EMPTY_SET),
    );
    const wordScore = wordAligned / Math.max(1, Math.min(wa.length, wb.length));
    if (wordScore < limits.rewriteWordAlignment) return null;
    return Math.min(score, wordScore);
  };
}
