/**
 * Stories over a stream of articles, in a sliding window: the scalable form of the pipeline's
 * story clustering. Pure (no I/O); state lives in the object `createStoryStream` returns.
 *
 * Each `add(chunk)` extracts the facts of the chunk's articles (once: they are kept with the
 * article while it is in the window), computes `storySimilarity` over the window and the chunk
 * together (IDF, copies, rewrites and candidates from that pool), and then:
 *
 * 1. assigns the chunk's articles in publication order, each to the story whose two closest
 *    members (among its candidates) are most similar on average, or to a story of its own when
 *    that is below `storyThreshold` (articles with no date last, as the batch did);
 * 2. gives every lone article of the window a second look: a story that grew after it may hold it;
 * 3. merges the stories of articles related by a copy or a rewrite;
 * 4. joins independent origins: copy/rewrite relations, and articles of one story crediting the
 *    same agency;
 * 5. evicts the articles more than `windowDays` older than the newest publication date seen. No
 *    later article can be similar to them (`similarity` is 0 beyond `maxStoryDays`), so only
 *    their story and origin are kept, as small integers.
 *
 * Assignments are stable: an article already assigned never leaves its story's company. Stories
 * only grow and merge (the older story's id stays; a lone article joining a story takes that
 * story's id), so two articles that once shared a story share it for good, and a story whose
 * articles have all left the window never changes again. The work per chunk is bounded by the
 * window, so the cost per article does not grow with the length of the stream.
 *
 * Articles without a publication date (no published line, no dateline) get an *effective date*
 * used only to decide when they leave the window: the latest date their text mentions, but no
 * later than the newest publication date seen; else that newest date. It never moves the window
 * forward (an undated article may be anything), and their `similarity` keeps treating them as
 * dateless (never too far from anything).
 *
 * What the window loses against one batch over everything: a copy or rewrite published more than
 * `windowDays` after its original is no longer seen as one (the batch joined those at any
 * distance), and IDF comes from the window and the chunk, not from all articles.
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
  /** Copy and rewrite relations found in the pool (window ∪ chunk); some may be known already. */
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
  readonly facts: ArticleFacts;
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

  const findStory = (n: number): number => {
    let r = n;
    while (storyParent[r] !== r) r = storyParent[r] ?? r;
    for (let x = n; x !== r; ) {
      const p = storyParent[x] ?? r;
      storyParent[x] = r;
      x = p;
    }
    return r;
  };
  const findOrigin = (s: number): number => {
    let r = s;
    while (originParent[r] !== r) r = originParent[r] ?? r;
    for (let x = s; x !== r; ) {
      const p = originParent[x] ?? r;
      originParent[x] = r;
      x = p;
    }
    return r;
  };
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
    if (e.facts.credit) creditInto(story, e.seq, e.facts.credit);
  };
  const rootOf = (e: Entry) => {
    const s = storyOfSeq[e.seq] ?? 0;
    return s === 0 ? 0 : findStory(s);
  };

  /** The story of the candidates closest to `e` (mean of its two closest members). */
  const bestStory = (e: Entry, sim: StorySimilarity): { story: number; score: number } => {
    const scores = new Map<number, number[]>();
    for (const other of sim.candidates.get(e.article.id) ?? []) {
      const o = active.get(other);
      const s = o ? rootOf(o) : 0;
      if (s === 0) continue;
      const list = scores.get(s);
      if (list) list.push(sim.similarity(e.article.id, other));
      else scores.set(s, [sim.similarity(e.article.id, other)]);
    }
    let story = 0;
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
    // Effective dates of the undated: the latest date the text mentions, capped at the newest.
    for (const e of chunk) {
      if (e.day !== null) continue;
      let latest: string | null = null;
      for (const d of e.facts.dates) if (latest === null || d.end > latest) latest = d.end;
      const mentioned = dayNumber(latest);
      e.day =
        mentioned === null
          ? newestDay
          : newestDay === null
            ? mentioned
            : Math.min(mentioned, newestDay);
    }
    return chunk;
  }

  function add(articles: readonly Article[]): StreamUpdate {
    merged = [];
    const firstNew = storyParent.length;
    const chunk = admit(articles);
    const pool = [...active.values()];
    const sim = storySimilarity(
      pool.map((e) => e.article),
      { ...similarityOptions, factsOf: (a) => active.get(a.id)?.facts ?? extract(a) },
    );
    if (options.debug) {
      const isNew = new Set(chunk.map((e) => e.article.id));
      for (const a of sim.ids)
        for (const b of sim.ids)
          if (a < b && (isNew.has(a) || isNew.has(b)))
            options.debug(
              `${a} ${b} ${cosine(sim.vectors.get(a) ?? new Map(), sim.vectors.get(b) ?? new Map()).toFixed(3)}`,
            );
    }

    // 1. The chunk, in publication order, against what is assigned so far.
    for (const e of [...chunk].sort(byPublished)) {
      const best = bestStory(e, sim);
      place(e, best.story !== 0 && best.score >= threshold ? best.story : newStory());
    }
    // 2. A second look for lone articles: stories that grew after them may now hold them.
    const lone = pool.filter((e) => storySize[rootOf(e)] === 1).sort(byPublished);
    for (const e of lone) {
      const own = rootOf(e);
      if (storySize[own] !== 1) continue;
      const best = bestStory(e, sim);
      if (best.story !== 0 && best.story !== own && best.score >= threshold)
        mergeStory(own, best.story);
    }
    // 3 and 4. Copies and rewrites always share a story (the older one's id) and an origin.
    for (const r of sim.relations.values()) {
      const a = active.get(r.a);
      const b = active.get(r.b);
      if (!a || !b) continue;
      const sa = rootOf(a);
      const sb = rootOf(b);
      if (sa !== sb) mergeStory(Math.max(sa, sb), Math.min(sa, sb));
      joinOrigins(a.seq, b.seq);
    }

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

    const merges = new Map<number, number>();
    for (const [from] of merged) if (from < firstNew) merges.set(from, findStory(from));
    return {
      facts: chunk.map((e) => e.facts),
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
