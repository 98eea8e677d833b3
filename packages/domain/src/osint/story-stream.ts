/**
 * Stories over a stream of articles, in a sliding window: the scalable form of the pipeline's
 * story clustering. Pure (no I/O); the state lives in what `createStoryStream` returns.
 *
 * Each `add(chunk)` extracts the chunk's facts (once: they stay with the article while it is in
 * the window), computes `storySimilarity` over the window and the chunk together (IDF from that
 * pool; copies, rewrites and candidates of the chunk's articles and the window's lone ones, as
 * pairs of older articles were looked at when the newer of them came), then, as the batch
 * pipeline did over everything:
 * 1. assigns the chunk's articles in publication order (the undated last), each to the story whose
 *    two closest candidate members are most similar on average, or to a new one below
 *    `storyThreshold`;
 * 2. gives lone articles a second look (a story that grew after them may hold them): those of the
 *    chunk, and those of earlier chunks that a new article resembles (at the threshold);
 * 3. refines: an article of the chunk moves to a story it fits strictly better (twice at most);
 * 4. merges the stories of copies and rewrites, and joins origins: copy/rewrite relations, and
 *    articles of one story crediting one agency;
 * 5. evicts the articles more than `windowDays` older than the newest publication date: no later
 *    article can be similar to them (`similarity` is 0 beyond `maxStoryDays`), so only their
 *    story and origin stay, as small integers.
 *
 * Stable: only the chunk's articles are placed and refined; an article once reported never leaves
 * its story's company. Stories only grow and merge (the older id stays; a lone article joining a
 * story takes that story's id), and a story with nothing left in the window never changes again.
 * A batch of one chunk is exactly the batch pipeline; the work per chunk is bounded by the window,
 * so the cost per article does not grow with the length of the stream.
 *
 * An article with no publication date (no published line, no dateline) leaves the window by an
 * *effective date*: the day it borrowed to read its relative dates (that of the closest dated
 * report, see `storySimilarity`), else the latest date its text mentions, never later than the
 * newest publication date (an undated article does not move the window), else that newest date.
 * Its `similarity` still treats it as dateless.
 *
 * What the window loses against one batch over everything: a copy or rewrite published more than
 * `windowDays` after its original is no longer seen as one, and IDF comes from the pool.
 */
import { differenceInCalendarDays } from 'date-fns';
import type { Article } from './article.ts';
import { parseIsoDay } from './dates.ts';
import { extractFacts, type ArticleFacts } from './extract.ts';
import {
  cosine,
  DEFAULTS,
  storySimilarity,
  type Relation,
  type SimilarityOptions,
  type StorySimilarity,
} from './similarity.ts';

export interface StoryStreamOptions extends SimilarityOptions {
  /** Story similarity (see `StorySimilarity.similarity`) needed to join a story. */
  readonly storyThreshold?: number;
  /**
   * Days an article stays in the window behind the newest publication date seen (default
   * `maxStoryDays`: beyond it no newer article can be similar to it). Wider costs more work per
   * chunk; narrower loses stories.
   */
  readonly windowDays?: number;
  /** Receives diagnostic lines: the cosine of each pair of the pool with a new article. */
  readonly debug?: (line: string) => void;
}

/** A story absorbed by another during an `add`: every article of `from` now belongs to `into`. */
export interface StoryMerge {
  readonly from: string;
  readonly into: string;
}

/** What one `add` did. */
export interface StreamUpdate {
  /** The chunk's facts, in the chunk's order. */
  readonly facts: readonly ArticleFacts[];
  /**
   * Copy and rewrite relations found by this `add`: those of the chunk's articles, and of the
   * window's lone articles, with the pool (window ∪ chunk); some may be known already.
   */
  readonly relations: readonly Relation[];
  /** Stories that existed before this `add` and were merged into another during it. */
  readonly merges: readonly StoryMerge[];
  /** Articles that left the window (after the chunk was clustered). */
  readonly evicted: readonly string[];
}

export interface StoryStreamStats {
  /** Articles added so far. */
  readonly articles: number;
  /** Articles in the window (with their text and facts in memory). */
  readonly active: number;
  /** Stories so far (merged ones not counted). */
  readonly stories: number;
}

/** A windowed, incremental story clusterer (see the module comment). */
export interface StoryStream {
  /**
   * Clusters a chunk of new articles (ids distinct, never added before), best in roughly
   * publication order: an article older than the window is still clustered against what the
   * window holds, then leaves it at once.
   */
  add(articles: readonly Article[]): StreamUpdate;
  /** The story of any article added so far (`story-N`), or undefined. */
  storyOf(id: string): string | undefined;
  /** The independent origin of any article added so far: the id of its first-added member. */
  originOf(id: string): string | undefined;
  /** Ids of the articles in the window, in the order they were added. */
  activeIds(): string[];
  /** The newest publication date seen (`YYYY-MM-DD` or `YYYY-MM`), or null. */
  newest(): string | null;
  stats(): StoryStreamStats;
}

interface Entry {
  readonly article: Article;
  /** Its facts; an undated article's are replaced by those read with the day it borrowed. */
  facts: ArticleFacts;
  readonly seq: number;
  /** Effective calendar day (see the module comment); null while no date at all is known. */
  day: number | null;
}

const EPOCH = new Date(1970, 0, 1);
/** Calendar day number, counted as `similarity` counts days apart (date-fns, local calendar). */
function dayNumber(iso: string | null): number | null {
  const d = parseIsoDay(iso);
  return d === null ? null : differenceInCalendarDays(d, EPOCH);
}

/** The root of `x` in a union-find forest of parent indices, compressing the path. */
function findRoot(parent: number[], x: number): number {
  let r = x;
  while (parent[r] !== r) r = parent[r] ?? r;
  for (let y = x; y !== r;) {
    const p = parent[y] ?? r;
    parent[y] = r;
    y = p;
  }
  return r;
}

/** Publication order as the batch pipeline had it: dated first by date, then the undated; id. */
function byPublished(x: Entry, y: Entry): number {
  const dx = x.facts.published ?? '9999';
  const dy = y.facts.published ?? '9999';
  return dx === dy ? (x.article.id < y.article.id ? -1 : 1) : dx < dy ? -1 : 1;
}

/** Creates an empty stream. */
export function createStoryStream(options: StoryStreamOptions = {}): StoryStream {
  const threshold = options.storyThreshold ?? DEFAULTS.storyThreshold;
  const windowDays = options.windowDays ?? options.maxStoryDays ?? DEFAULTS.maxStoryDays;
  // Progress and the facts hook are the stream's business: similarity sees the cached facts.
  const {
    onFacts: _onFacts,
    factsOf: _factsOf,
    debug: _debug,
    storyThreshold: _threshold,
    windowDays: _window,
    ...similarityOptions
  } = options;
  const extract = (a: Article) =>
    options.factsOf ? options.factsOf(a) : extractFacts(a, similarityOptions);

  // Everything ever added, by sequence number: compact arrays of small integers.
  const seqOf = new Map<string, number>();
  const ids: string[] = [];
  /** Story number each article was put in (0 = not yet); resolve with `findStory`. */
  const storyOfSeq: number[] = [];
  const originParent: number[] = [];
  // Stories, by number (1, 2, …; 0 unused): union-find parent, members, members in the window.
  const storyParent: number[] = [0];
  const storySize: number[] = [0];
  const storyActive: number[] = [0];
  /** Per open story, credited agency → its first article there (for origins). */
  const storyCredits = new Map<number, Map<string, number>>();
  let storyCount = 0;

  const active = new Map<string, Entry>();
  let newestDay: number | null = null;
  let newestIso: string | null = null;

  const findStory = (n: number) => findRoot(storyParent, n);
  const findOrigin = (seq: number) => findRoot(originParent, seq);
  // The first-added article names an origin, so its id never changes as members join.
  const joinOrigins = (a: number, b: number) => {
    const ra = findOrigin(a);
    const rb = findOrigin(b);
    if (ra !== rb) originParent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const creditInto = (story: number, seq: number, credit: string) => {
    let credits = storyCredits.get(story);
    if (!credits) storyCredits.set(story, (credits = new Map()));
    const first = credits.get(credit);
    if (first === undefined) credits.set(credit, seq);
    else joinOrigins(first, seq);
  };

  let merged: Array<[number, number]> = [];
  /** Merges root `from` into root `into`. */
  const mergeStory = (from: number, into: number) => {
    storyParent[from] = into;
    storySize[into] = (storySize[into] ?? 0) + (storySize[from] ?? 0);
    storyActive[into] = (storyActive[into] ?? 0) + (storyActive[from] ?? 0);
    for (const [credit, seq] of storyCredits.get(from) ?? []) creditInto(into, seq, credit);
    storyCredits.delete(from);
    storyCount--;
    merged.push([from, into]);
  };
  const newStory = (): number => {
    const n = storyParent.length;
    storyParent.push(n);
    storySize.push(0);
    storyActive.push(0);
    storyCount++;
    return n;
  };
  const place = (e: Entry, story: number) => {
    storyOfSeq[e.seq] = story;
    storySize[story] = (storySize[story] ?? 0) + 1;
    storyActive[story] = (storyActive[story] ?? 0) + 1;
  };
  /** Moves an article of the chunk (not reported yet) from its story to another. */
  const move = (e: Entry, from: number, to: number) => {
    storySize[from] = (storySize[from] ?? 1) - 1;
    storyActive[from] = (storyActive[from] ?? 1) - 1;
    if (storySize[from] === 0) storyCount--;
    place(e, to);
  };
  const rootOf = (e: Entry) => {
    const s = storyOfSeq[e.seq] ?? 0;
    return s === 0 ? 0 : findStory(s);
  };

  // Per article scored in the current `add`, its candidates in the window with their similarity:
  // every pass asks for the same ones.
  let rows = new Map<Entry, ReadonlyArray<{ readonly o: Entry; readonly v: number }>>();
  const rowOf = (e: Entry, sim: StorySimilarity) => {
    let row = rows.get(e);
    if (!row) {
      const out: Array<{ o: Entry; v: number }> = [];
      for (const other of sim.candidates.get(e.article.id) ?? []) {
        const o = active.get(other);
        if (o) out.push({ o, v: sim.similarity(e.article.id, other) });
      }
      rows.set(e, (row = out));
    }
    return row;
  };

  /**
   * Per story among `e`'s candidates, the mean similarity of its two closest members (one chance
   * resemblance does not pull an article in), and the best of them.
   */
  const storyScores = (e: Entry, sim: StorySimilarity) => {
    // The two closest members per story, kept as they come (no lists to sort).
    const first = new Map<number, number>();
    const second = new Map<number, number>();
    for (const { o, v } of rowOf(e, sim)) {
      const s = rootOf(o);
      if (s === 0) continue;
      const a = first.get(s);
      if (a === undefined) first.set(s, v);
      else if (v > a) {
        second.set(s, a);
        first.set(s, v);
      } else {
        const b = second.get(s);
        if (b === undefined || v > b) second.set(s, v);
      }
    }
    const scores = new Map<number, number>();
    let story = 0;
    let score = 0;
    for (const [s, a] of first) {
      const b = second.get(s);
      const v = b === undefined ? a : (a + b) / 2;
      scores.set(s, v);
      if (v > score) {
        story = s;
        score = v;
      }
    }
    return { story, score, scores };
  };

  /**
   * The day an undated article leaves the window by: the day it borrowed to read its relative
   * dates (that of the closest dated report), else the latest day its text mentions; never later
   * than the newest publication date (an undated article does not move the window); else that.
   */
  const effectiveDay = (f: ArticleFacts): number | null => {
    let latest: string | null = f.reference;
    if (latest === null)
      for (const d of f.dates) if (latest === null || d.end > latest) latest = d.end;
    const day = dayNumber(latest);
    return day === null ? newestDay : newestDay === null ? day : Math.min(day, newestDay);
  };

  function admit(articles: readonly Article[]): Entry[] {
    const chunk: Entry[] = [];
    for (const article of articles) {
      if (seqOf.has(article.id)) throw new Error(`article ${article.id} was added already`);
      const seq = ids.length;
      seqOf.set(article.id, seq);
      ids.push(article.id);
      storyOfSeq.push(0);
      originParent.push(seq);
      const entry: Entry = { article, facts: extract(article), seq, day: null };
      chunk.push(entry);
      active.set(article.id, entry);
      const day = dayNumber(entry.facts.published);
      entry.day = day;
      if (day !== null && (newestDay === null || day > newestDay)) {
        newestDay = day;
        newestIso = entry.facts.published;
      }
    }
    return chunk;
  }

  function add(articles: readonly Article[]): StreamUpdate {
    merged = [];
    rows = new Map();
    const firstNew = storyParent.length;
    const chunk = admit(articles);
    const pool = [...active.values()];
    // Pairs of older articles were looked at when the newer of them arrived: only the chunk's
    // pairs are new, and those of lone articles, which a story that grows may take in (step 2).
    const focus = new Set(chunk.map((e) => e.article.id));
    for (const e of pool) if (storySize[rootOf(e)] === 1) focus.add(e.article.id);
    const sim = storySimilarity(
      pool.map((e) => e.article),
      { ...similarityOptions, focus, factsOf: (a) => active.get(a.id)?.facts ?? extract(a) },
    );
    if (options.debug) {
      const fresh = new Set(chunk.map((e) => e.article.id));
      for (const a of sim.ids)
        for (const b of sim.ids)
          if (a < b && (fresh.has(a) || fresh.has(b)))
            options.debug(
              `${a} ${b} ${cosine(sim.vectors.get(a) ?? new Map(), sim.vectors.get(b) ?? new Map()).toFixed(3)}`,
            );
    }

    // 1. The chunk, in publication order, against what is assigned so far.
    const ordered = [...chunk].sort(byPublished);
    for (const e of ordered) {
      const best = storyScores(e, sim);
      place(e, best.story !== 0 && best.score >= threshold ? best.story : newStory());
    }
    // 2. A second look for lone articles: stories that grew after them may now hold them. One of
    // an earlier chunk is looked at again only when a new article resembles it (similarity at
    // the threshold): without one, no story can have grown towards it.
    const isNew = new Set(chunk);
    /** Lone articles of earlier chunks → the new articles that resemble them. */
    const resembled = new Map<Entry, Entry[]>();
    for (const e of chunk)
      for (const { o, v } of rowOf(e, sim)) {
        if (isNew.has(o) || storySize[rootOf(o)] !== 1) continue;
        if (v >= threshold) resembled.set(o, [...(resembled.get(o) ?? []), e]);
      }
    const lone = pool
      .filter((e) => (isNew.has(e) || resembled.has(e)) && storySize[rootOf(e)] === 1)
      .sort(byPublished);
    for (const e of lone) {
      const own = rootOf(e);
      if (storySize[own] !== 1) continue;
      const best = storyScores(e, sim);
      // An earlier one may only join a story that grew towards it (one of those new articles').
      const grown = resembled.get(e)?.map(rootOf);
      if (grown) {
        best.story = 0;
        best.score = 0;
        for (const [s, v] of best.scores)
          if (grown.includes(s) && v > best.score) [best.story, best.score] = [s, v];
      }
      if (best.story !== 0 && best.story !== own && best.score >= threshold)
        mergeStory(own, best.story);
    }
    // 3. Refinement: an article of the chunk placed before the story it belongs to had grown
    // moves to the story it now fits strictly better, at most twice over, so the order within a
    // chunk matters less. Articles of earlier chunks stay put: their stories were reported.
    for (let pass = 0; pass < 2; pass++) {
      let moved = false;
      for (const e of ordered) {
        const own = rootOf(e);
        const best = storyScores(e, sim);
        if (best.story === 0 || best.story === own || best.score < threshold) continue;
        if (best.score <= (best.scores.get(own) ?? 0)) continue;
        move(e, own, best.story);
        moved = true;
      }
      if (!moved) break;
    }
    // 4. Copies and rewrites always share a story (the older one's id) and an origin.
    for (const r of sim.relations.values()) {
      const a = active.get(r.a);
      const b = active.get(r.b);
      if (!a || !b) continue;
      const sa = rootOf(a);
      const sb = rootOf(b);
      if (sa !== sb) mergeStory(Math.max(sa, sb), Math.min(sa, sb));
      joinOrigins(a.seq, b.seq);
    }
    // Articles of one story crediting one agency are one origin (stories are final by now).
    const clustered = chunk.map((e) => sim.facts.get(e.article.id) ?? e.facts);
    // The undated keep the facts read with the day they borrowed: outside the focus of a later
    // chunk they borrow no more.
    for (const e of pool)
      if (e.facts.published === null) e.facts = sim.facts.get(e.article.id) ?? e.facts;
    chunk.forEach((e, i) => {
      const credit = clustered[i]?.credit;
      if (credit) creditInto(rootOf(e), e.seq, credit);
    });
    // The undated take the day they borrowed to read their relative dates, if any.
    chunk.forEach((e, i) => {
      if (e.day === null) e.day = effectiveDay(clustered[i] ?? e.facts);
    });

    // 5. Eviction: what no newer article can be similar to leaves the window.
    const evicted: string[] = [];
    for (const [id, e] of active) {
      e.day ??= newestDay;
      if (e.day === null || newestDay === null || newestDay - e.day <= windowDays) continue;
      active.delete(id);
      evicted.push(id);
      const s = rootOf(e);
      storyActive[s] = (storyActive[s] ?? 1) - 1;
      // A story with nothing left in the window can never change again: drop its credits.
      if (storyActive[s] === 0) storyCredits.delete(s);
    }

    rows = new Map();
    const merges = new Map<number, number>();
    for (const [from] of merged) if (from < firstNew) merges.set(from, findStory(from));
    return {
      facts: clustered,
      relations: [...sim.relations.values()],
      merges: [...merges].map(([from, into]) => ({ from: `story-${from}`, into: `story-${into}` })),
      evicted,
    };
  }

  return {
    add,
    storyOf(id) {
      const seq = seqOf.get(id);
      const s = seq === undefined ? 0 : (storyOfSeq[seq] ?? 0);
      return s === 0 ? undefined : `story-${findStory(s)}`;
    },
    originOf(id) {
      const seq = seqOf.get(id);
      return seq === undefined ? undefined : ids[findOrigin(seq)];
    },
    activeIds: () => [...active.keys()],
    newest: () => newestIso,
    stats: () => ({ articles: ids.length, active: active.size, stories: storyCount }),
  };
}
