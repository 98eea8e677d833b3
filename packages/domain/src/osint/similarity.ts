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
import { rewriteScorer } from './rewrites.ts';
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
   * (strike, clash, talks …) to the same day, give or take one, and share a rare name (below):
   * what a report leads with is the event it reports, and news of one event is dated alike.
   */
  leadEventBonus: 0.1,
  /**
   * The bonus also needs a name (`e:`) in both headlines or leads that at most this share of the
   * batch's reports carry, or `leadNameReports` in a small batch: the event's place or party.
   */
  leadNameShare: 0.01,
  leadNameReports: 10,
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

/**
 * A TF-IDF vector as parallel arrays sorted by feature number: clustering takes millions of dot
 * products, and typed arrays are several times faster than lookups in string maps.
 */
interface SparseVector {
  readonly keys: Int32Array;
  readonly values: Float64Array;
  readonly norm: number;
}

const EMPTY_VECTOR: SparseVector = {
  keys: new Int32Array(0),
  values: new Float64Array(0),
  norm: 0,
};

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

// What depends only on one article or one facts object is computed once, however many batches
// (or stream chunks) the article takes part in: keyed weakly, so it goes with the article.
interface TextDerived {
  /** The body's words joined: equal for exact copies. */
  readonly text: string;
  readonly shingles: ReadonlySet<string>;
  readonly signature: Uint32Array;
}
const textDerived = new WeakMap<Article, TextDerived>();

function derivedOf(a: Article): TextDerived {
  let d = textDerived.get(a);
  if (!d) {
    const tokens = words(a.body);
    const set = shingles(tokens);
    d = { text: tokens.join(' '), shingles: set, signature: minhash(set) };
    textDerived.set(a, d);
  }
  return d;
}

interface FactsDerived {
  /** Term frequencies of content terms (`t:`) and facts. */
  readonly features: ReadonlyMap<string, number>;
  /** Publication day number, null when undated. */
  readonly day: number | null;
  /** Lead events with their first and last day numbers. */
  readonly leads: ReadonlyArray<{ event: string; start: number; end: number }>;
}
const factsDerived = new WeakMap<ArticleFacts, FactsDerived>();

const EPOCH = new Date(1970, 0, 1);
/** Calendar day number of an ISO day or month (date-fns, local calendar), or null. */
function dayNumber(iso: string | null): number | null {
  const d = parseIsoDay(iso);
  return d === null ? null : differenceInCalendarDays(d, EPOCH);
}

function derivedFacts(f: ArticleFacts): FactsDerived {
  let d = factsDerived.get(f);
  if (!d) {
    const features = new Map<string, number>();
    for (const t of f.terms) features.set(`t:${t}`, (features.get(`t:${t}`) ?? 0) + 1);
    for (const t of f.leadTerms)
      features.set(`t:${t}`, (features.get(`t:${t}`) ?? 0) + LEAD_WEIGHT);
    for (const s of f.sentenceFacts)
      for (const x of s) features.set(x, (features.get(x) ?? 0) + FACT_WEIGHT);
    const leads = f.leadEvents.flatMap((e) => {
      const start = dayNumber(e.start);
      const end = dayNumber(e.end);
      return start !== null && end !== null ? [{ event: e.event, start, end }] : [];
    });
    d = { features, day: dayNumber(f.published), leads };
    factsDerived.set(f, d);
  }
  return d;
}

/** Whether the two articles' leads date the same kind of event within a day of each other. */
export function shareLeadEvent(a: ArticleFacts | undefined, b: ArticleFacts | undefined): boolean {
  if (!a || !b || a.leadEvents.length === 0 || b.leadEvents.length === 0) return false;
  const ea = derivedFacts(a).leads;
  const eb = derivedFacts(b).leads;
  return ea.some((x) =>
    eb.some((y) => x.event === y.event && y.start - x.end <= 1 && x.start - y.end <= 1),
  );
}

/** What the story clustering knows about how alike the articles of a batch are. */
export interface StorySimilarity {
  readonly ids: readonly string[];
  readonly facts: ReadonlyMap<string, ArticleFacts>;
  /** Copy and rewrite relations, by `pairKey`. */
  readonly relations: ReadonlyMap<string, Relation>;
  /** TF-IDF vectors of content terms (`t:`) and facts (built when first read: for diagnostics). */
  readonly vectors: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Per article, the articles worth comparing it with (shared top features, or a relation). */
  readonly candidates: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * The similarity story clustering compares with `DEFAULTS.storyThreshold`: 1 for a copy or
   * rewrite, 0 when publication dates are more than `maxStoryDays` apart, else the cosine of the
   * two TF-IDF vectors plus `DEFAULTS.leadEventBonus` when their leads report one event (kind,
   * day and a rare name). Symmetric, in [0, 1].
   */
  similarity(a: string, b: string): number;
}

/** Options of one `storySimilarity` batch. */
export interface StorySimilarityOptions extends SimilarityOptions {
  /**
   * The articles whose relations matter (default: all). Copies, rewrites and candidates are
   * looked for only in pairs with at least one of them, and only they borrow a reference day:
   * the story stream passes its new chunk (and the lone articles it may look at again), since
   * pairs of the window's older articles were looked at when the newer of them arrived.
   */
  readonly focus?: ReadonlySet<string>;
}

/** Computes facts, copies, rewrites and TF-IDF vectors of a batch; ids must be distinct. */
export function storySimilarity(
  articles: readonly Article[],
  options: StorySimilarityOptions = {},
): StorySimilarity {
  const maxDays = options.maxStoryDays ?? DEFAULTS.maxStoryDays;
  const facts = new Map<string, ArticleFacts>();
  for (const a of articles) {
    facts.set(a.id, options.factsOf ? options.factsOf(a) : extractFacts(a, options));
    options.onFacts?.(facts.size, articles.length);
  }
  const ids = articles.map((a) => a.id);
  const n = ids.length;
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const focus = options.focus;
  const inFocus = ids.map((id) => !focus || focus.has(id));

  // Copies: MinHash-LSH candidates over body shingles, verified exactly.
  const derived = articles.map(derivedOf);
  const relations = new Map<string, Relation>();
  /** The related pairs by number (`pairNumber`): clustering asks about every candidate pair. */
  const related = new Set<number>();
  const pairNumber = (i: number, j: number) => (i < j ? i * n + j : j * n + i);
  for (const [i, j] of lshCandidates(derived.map((d) => d.signature))) {
    if (!inFocus[i] && !inFocus[j]) continue;
    const a = ids[i] ?? '';
    const b = ids[j] ?? '';
    const da = derived[i];
    const db = derived[j];
    if (!da || !db) continue;
    const c = containment(da.shingles, db.shingles);
    if (c < DEFAULTS.copyContainment) continue;
    const kind: RelationKind =
      da.text === db.text
        ? 'exact_copy'
        : jaccard(da.shingles, db.shingles) >= DEFAULTS.copyContainment
          ? 'near_verbatim_copy'
          : 'truncated_copy';
    relations.set(pairKey(a, b), { a, b, kind, score: c });
    related.add(pairNumber(i, j));
  }

  // TF-IDF vectors of content terms and facts (IDF from the batch), features numbered per batch.
  const df = new Map<string, number>();
  const idf = (k: string) => Math.log((n + 1) / (df.get(k) ?? 1));
  const featureNumber = new Map<string, number>();
  const featureNames: string[] = [];
  let vectors: SparseVector[] = [];
  const buildVectors = () => {
    df.clear();
    const features = ids.map((id) => {
      const f = facts.get(id);
      return f ? derivedFacts(f).features : new Map<string, number>();
    });
    for (const v of features) for (const k of v.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    vectors = features.map((v) => {
      const entries: Array<[number, number]> = [];
      let sum = 0;
      for (const [k, tf] of v) {
        const x = (1 + Math.log(tf)) * idf(k);
        if (x <= 0) continue;
        let key = featureNumber.get(k);
        if (key === undefined) {
          key = featureNames.length;
          featureNumber.set(k, key);
          featureNames.push(k);
        }
        entries.push([key, x]);
        sum += x * x;
      }
      entries.sort((x, y) => x[0] - y[0]);
      return {
        keys: Int32Array.from(entries, (e) => e[0]),
        values: Float64Array.from(entries, (e) => e[1]),
        norm: Math.sqrt(sum),
      };
    });
  };
  buildVectors();
  // Cosines are asked for one article against many in a row: its vector is spread over a dense
  // array once, and each other vector is read against it. The products are summed in feature
  // order either way, so the value is the same whichever article is spread (and as a merge).
  let dense = new Float64Array(0);
  let spread = -1;
  const cosAt = (i: number, j: number) => {
    const va = vectors[i] ?? EMPTY_VECTOR;
    const vb = vectors[j] ?? EMPTY_VECTOR;
    if (va.norm === 0 || vb.norm === 0) return 0;
    if (spread !== i) {
      if (dense.length < featureNames.length) dense = new Float64Array(featureNames.length);
      else for (const k of vectors[spread]?.keys ?? []) dense[k] = 0;
      va.keys.forEach((k, at) => (dense[k] = va.values[at] ?? 0));
      spread = i;
    }
    let sum = 0;
    for (let at = 0; at < vb.keys.length; at++)
      sum += (dense[vb.keys[at] as number] as number) * (vb.values[at] as number);
    return sum / (va.norm * vb.norm);
  };

  // Candidate pairs: articles sharing one of their top-weighted features (an inverted index).
  const postings = new Map<number | string, number[]>();
  vectors.forEach((v, i) => {
    const order = Array.from(v.keys.keys()).sort(
      (x, y) => (v.values[y] as number) - (v.values[x] as number),
    );
    for (const at of order.slice(0, DEFAULTS.candidateFeatures)) {
      const k = v.keys[at] as number;
      const list = postings.get(k);
      if (list) list.push(i);
      else postings.set(k, [i]);
    }
  });
  // Reports whose leads date the same kind of event alike are candidates too (see shareLeadEvent).
  ids.forEach((id, i) => {
    for (const e of facts.get(id)?.leadEvents ?? []) {
      const start = parseIsoDay(e.start);
      const end = parseIsoDay(e.end);
      if (!start || !end) continue;
      for (let d = start, k = 0; d <= addDays(end, 1) && k < 5; d = addDays(d, 1), k++) {
        const key = `ev:${e.event}@${isoDay(d)}`;
        const list = postings.get(key);
        if (!list) postings.set(key, [i]);
        else if (!list.includes(i)) list.push(i);
      }
    }
  });
  const near: Array<Set<number>> = ids.map(() => new Set<number>());
  for (const list of postings.values()) {
    if (list.length > DEFAULTS.maxPosting) continue;
    for (const a of list) {
      if (!inFocus[a]) continue;
      const na = near[a] as Set<number>;
      for (const b of list)
        if (a !== b) {
          na.add(b);
          near[b]?.add(a);
        }
    }
  }
  for (const r of relations.values()) {
    const a = indexOf.get(r.a);
    const b = indexOf.get(r.b);
    if (a === undefined || b === undefined) continue;
    near[a]?.add(b);
    near[b]?.add(a);
  }

  // An undated article resolves its relative dates ("on Saturday") against the publication day
  // of the closest dated report among its candidates: the same news is told within days.
  let borrowed = false;
  articles.forEach((article, i) => {
    const f = facts.get(article.id);
    if (!f || f.published !== null || !inFocus[i]) return;
    let best: { day: string; score: number } | null = null;
    for (const j of near[i] ?? []) {
      const day = facts.get(ids[j] ?? '')?.published;
      if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
      const score = cosAt(i, j);
      if (score >= DEFAULTS.referenceSimilarity && (!best || score > best.score))
        best = { day, score };
    }
    if (best) {
      facts.set(article.id, extractFacts(article, { ...options, reference: best.day }));
      borrowed = true;
    }
  });
  if (borrowed) {
    buildVectors();
    spread = -1;
    dense.fill(0);
  }

  // Paraphrase rewrites: the same facts, and most of the words, in the same order.
  const rewriteScore = rewriteScorer((i) => facts.get(ids[i] ?? ''), idf, n, DEFAULTS);
  near.forEach((others, i) => {
    const a = ids[i] ?? '';
    for (const j of others) {
      const b = ids[j] ?? '';
      if (a >= b || (!inFocus[i] && !inFocus[j]) || related.has(pairNumber(i, j))) continue;
      // A rewrite keeps the facts and most words of its source: it is at least as alike as two
      // reports of one story, so pairs below that are not aligned sentence by sentence.
      if (cosAt(i, j) < DEFAULTS.storyThreshold) continue;
      const score = rewriteScore(i, j);
      if (score === null) continue;
      relations.set(pairKey(a, b), { a, b, kind: 'rewrite', score });
      related.add(pairNumber(i, j));
    }
  });

  const candidates = new Map<string, Set<string>>();
  near.forEach((others, i) => {
    const set = new Set<string>();
    for (const j of others) set.add(ids[j] ?? '');
    candidates.set(ids[i] ?? '', set);
  });
  let named: Map<string, Map<string, number>> | null = null;
  const days = ids.map((id) => {
    const f = facts.get(id);
    return f ? derivedFacts(f).day : null;
  });
  // The lead-event bonus needs the place or party too: an event is its kind, day and place
  // (ACLED's rule), and two drone strikes reported the same day are two stories unless their
  // leads share a name. Only a name few reports carry can tell events apart (a country, an army
  // or a capitalised first word of a sentence is in many): at most `leadNameShare` of the pool,
  // or `leadNameReports` reports in a small one.
  const rare = Math.max(DEFAULTS.leadNameReports, DEFAULTS.leadNameShare * n);
  const leadNames = new Map<number, string[]>();
  const leadNamesAt = (i: number) => {
    let names = leadNames.get(i);
    if (!names) {
      names = [];
      for (const s of (facts.get(ids[i] ?? '')?.sentenceFacts ?? []).slice(0, 3))
        for (const x of s) if (x.startsWith('e:') && (df.get(x) ?? 0) <= rare) names.push(x);
      leadNames.set(i, names);
    }
    return names;
  };
  const shareLeadName = (i: number, j: number) => {
    const other = leadNamesAt(j);
    return leadNamesAt(i).some((x) => other.includes(x));
  };
  const similarity = (a: string, b: string) => {
    const i = indexOf.get(a);
    const j = indexOf.get(b);
    if (i === undefined || j === undefined) return 0;
    if (related.has(pairNumber(i, j))) return 1;
    const da = days[i] ?? null;
    const db = days[j] ?? null;
    if (da !== null && db !== null && Math.abs(da - db) > maxDays) return 0;
    const bonus =
      shareLeadEvent(facts.get(a), facts.get(b)) && shareLeadName(i, j)
        ? DEFAULTS.leadEventBonus
        : 0;
    return Math.min(1, cosAt(i, j) + bonus);
  };
  return {
    ids,
    facts,
    relations,
    get vectors() {
      named ??= new Map(
        vectors.map((v, i) => [
          ids[i] ?? '',
          new Map(Array.from(v.keys, (k, at) => [featureNames[k] ?? '', v.values[at] ?? 0])),
        ]),
      );
      return named;
    },
    candidates,
    similarity,
  };
}
