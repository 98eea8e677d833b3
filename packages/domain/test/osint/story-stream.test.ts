import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyse,
  createStoryStream,
  type Analysis,
  type Article,
  type StoryStream,
  type StreamUpdate,
} from '../../src/osint/index.ts';
import { legacyAnalyse } from './legacy-analyse.ts';

// Random articles on a few topics (words of their own) with words shared by all (names,
// figures, event words, weekdays), some mixing two topics, some copying an earlier article whole,
// cut short or with a sentence added: candidates, merges, refinements, copies and lead events.
const SYLLABLES = 'ab ec id ob ud al em ir on us at et it ot ut ax'.split(' ');
const TOPICS = ['har', 'gran', 'conv', 'orch', 'quar', 'lant'].map((stem) =>
  SYLLABLES.map((x) => `${stem}${x}`),
);
const WORDS = 'valley bridge signal ledger quarry lantern meadow tannery'.split(' ');
const NAMES = 'Arvel Brisk Corran Dunmore Eskar Falk'.split(' ');
const SHARED = [...WORDS, ...NAMES, '3', '12', '40', 'clashed', 'strike', 'talks', 'on Monday'];

const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);

interface Spec {
  readonly topic: number;
  readonly other: number;
  /** Per word: [which vocabulary (0-99), topic word, shared word]. */
  readonly words: ReadonlyArray<readonly [number, number, number]>;
  readonly mix: number;
  /** An agency the article credits ("Source: AFP"): one origin with the story's others. */
  readonly credit: string | null;
  readonly day: number | null;
  /** Copy an earlier article (index modulo): whole, cut short, or with a sentence added. */
  readonly copy: { readonly of: number; readonly how: 'whole' | 'cut' | 'more' } | null;
}
const spec: fc.Arbitrary<Spec> = fc.record({
  topic: fc.nat(TOPICS.length - 1),
  other: fc.nat(TOPICS.length - 1),
  words: fc.array(
    fc.noBias(fc.tuple(fc.nat(99), fc.nat(SYLLABLES.length - 1), fc.nat(SHARED.length - 1))),
    {
      minLength: 12,
      maxLength: 40,
    },
  ),
  mix: fc.constantFrom(0, 0, 30, 50),
  credit: fc.constantFrom(null, null, null, 'AFP', 'Reuters'),
  day: fc.option(fc.integer({ min: 0, max: 20 }), { freq: 8 }),
  copy: fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    {
      arbitrary: fc.record({
        of: fc.nat(),
        how: fc.constantFrom('whole' as const, 'cut' as const, 'more' as const),
      }),
      weight: 1,
    },
  ),
});
function textOf(s: Spec): { title: string; body: string } {
  const ws = s.words.map(([v, t, x]) =>
    v < 60
      ? (TOPICS[s.topic]?.[t] ?? '')
      : v < 60 + s.mix * 0.4
        ? (TOPICS[s.other]?.[t] ?? '')
        : (SHARED[x] ?? ''),
  );
  const sentences: string[] = [];
  for (let i = 0; i < ws.length; i += 6) sentences.push(`${ws.slice(i, i + 6).join(' ')}.`);
  return { title: ws.slice(0, 5).join(' '), body: sentences.join(' ') };
}
const toArticles = (specs: readonly Spec[]): Article[] =>
  specs.reduce<Article[]>((out, s, i) => {
    const source = s.copy && out.length > 0 ? out[s.copy.of % out.length] : undefined;
    const own = textOf(s);
    const body = !source
      ? own.body
      : s.copy?.how === 'cut'
        ? source.body.slice(0, Math.ceil(source.body.length * 0.7))
        : s.copy?.how === 'more'
          ? `${source.body} ${own.body}`
          : source.body;
    out.push({
      id: `a${String(i).padStart(3, '0')}`,
      title: own.title,
      url: null,
      outlet: `outlet${i % 4}`,
      published: s.day === null ? null : day(s.day),
      body: s.credit ? `${body}\n\nSource: ${s.credit}` : body,
    });
    return out;
  }, []);
const feed = fc.array(spec, { minLength: 1, maxLength: 18 }).map(toArticles);
const chunkSizes = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 });

/** Splits the articles into consecutive chunks, cycling through the sizes. */
function chunksOf<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  for (let at = 0, i = 0; at < items.length; i++) {
    const n = sizes[i % sizes.length] ?? 1;
    out.push(items.slice(at, at + n));
    at += n;
  }
  return out;
}

/** The partition a story (or origin) map makes, independent of the ids' names. */
function partition(ids: readonly string[], of: (id: string) => string | undefined): string[] {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const g = of(id) ?? `none:${id}`;
    groups.set(g, [...(groups.get(g) ?? []), id]);
  }
  return [...groups.values()].map((g) => g.sort().join(',')).sort();
}

const withoutIds = (a: Analysis) => a.stories.map(({ id: _id, ...rest }) => rest);

describe('the batch pipeline through the stream', () => {
  it('clusters a batch of one chunk exactly as the batch pipeline did', () => {
    fc.assert(
      fc.property(feed, (articles) => {
        const before = legacyAnalyse(articles);
        const after = analyse(articles);
        const ids = articles.map((a) => a.id);
        expect(partition(ids, (id) => after.storyOf.get(id))).toEqual(
          partition(ids, (id) => before.storyOf.get(id)),
        );
        expect(partition(ids, (id) => after.originOf.get(id))).toEqual(
          partition(ids, (id) => before.originOf.get(id)),
        );
        expect(after.relations).toEqual(before.relations);
        expect(after.facts).toEqual(before.facts);
        expect(withoutIds(after)).toEqual(withoutIds(before));
      }),
      { numRuns: 60 },
    );
  });

  it('puts every article in exactly one story, in chunks of any size', () => {
    fc.assert(
      fc.property(feed, fc.integer({ min: 1, max: 6 }), (articles, chunkSize) => {
        const result = analyse(articles, { chunkSize });
        const listed = result.stories.flatMap((s) => s.articles).sort();
        expect(listed).toEqual(articles.map((a) => a.id).sort());
        for (const s of result.stories)
          for (const id of s.articles) expect(result.storyOf.get(id)).toBe(s.id);
      }),
      { numRuns: 20 },
    );
  });
});

describe('the story stream', () => {
  it('never splits a story: stories only grow and merge, and every merge is reported', () => {
    fc.assert(
      fc.property(feed, chunkSizes, fc.integer({ min: 0, max: 10 }), (articles, sizes, window) => {
        const stream = createStoryStream({ windowDays: window });
        const seen: string[] = [];
        let before = new Map<string, string>();
        for (const chunk of chunksOf(articles, sizes)) {
          const update = stream.add(chunk);
          const into = new Map(update.merges.map((m) => [m.from, m.into]));
          for (const id of seen) {
            const now = stream.storyOf(id);
            const was = before.get(id) ?? '';
            // Unchanged, or its story was merged into the one it is in now.
            if (now !== was) expect(into.get(was)).toBe(now);
          }
          for (const a of chunk) seen.push(a.id);
          for (const id of seen) expect(stream.storyOf(id)).toMatch(/^story-\d+$/);
          before = new Map(seen.map((id) => [id, stream.storyOf(id) ?? '']));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('keeps the story of evicted articles: a story with nothing left in the window is final', () => {
    fc.assert(
      fc.property(feed, chunkSizes, fc.integer({ min: 0, max: 5 }), (articles, sizes, window) => {
        const stream = createStoryStream({ windowDays: window });
        const closed = new Map<string, string>();
        const added: string[] = [];
        for (const chunk of chunksOf(articles, sizes)) {
          stream.add(chunk);
          added.push(...chunk.map((a) => a.id));
          for (const [id, story] of closed) expect(stream.storyOf(id)).toBe(story);
          const open = new Set(stream.activeIds().map((id) => stream.storyOf(id)));
          for (const id of added) {
            const story = stream.storyOf(id) ?? '';
            if (!open.has(story)) closed.set(id, story);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('holds only the articles within the window of the newest date', () => {
    const dated = fc
      .array(spec, { minLength: 1, maxLength: 18 })
      .map((specs) => toArticles(specs.map((s) => ({ ...s, day: s.day ?? 0 }))));
    fc.assert(
      fc.property(dated, chunkSizes, fc.integer({ min: 0, max: 8 }), (articles, sizes, window) => {
        const stream = createStoryStream({ windowDays: window });
        const added: Article[] = [];
        let newest = '';
        for (const chunk of chunksOf(articles, sizes)) {
          stream.add(chunk);
          added.push(...chunk);
          for (const a of chunk) if ((a.published ?? '') > newest) newest = a.published ?? '';
          const age = (a: Article) =>
            (Date.parse(newest) - Date.parse(a.published ?? newest)) / 86_400_000;
          const expected = added.filter((a) => age(a) <= window).map((a) => a.id);
          expect(stream.activeIds().sort()).toEqual(expected.sort());
          expect(stream.newest()).toBe(newest);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives well-separated stories the same partition in any chunks, with a window wider than the span', () => {
    // Each story has words of its own and its articles fall within three days; the whole feed
    // spans at most 20 days, the window 30: chunking may not split or join any story.
    const separated = fc
      .array(
        fc.record({
          story: fc.integer({ min: 0, max: 4 }),
          day: fc.integer({ min: 0, max: 2 }),
          words: fc.array(fc.nat(5), { minLength: 12, maxLength: 20 }),
        }),
        { minLength: 1, maxLength: 16 },
      )
      .map((xs) =>
        xs.map((x, i) => {
          const vocab = Array.from(
            { length: 6 },
            (_, k) => `${WORDS[x.story] ?? 'w'}${'abcdef'[k]}`,
          );
          const text = x.words.map((k) => vocab[k] ?? '').join(' ');
          return {
            article: {
              id: `s${String(i).padStart(3, '0')}`,
              title: `${vocab[0]} ${vocab[1]} ${vocab[2]}`,
              url: null,
              outlet: `o${i % 3}`,
              published: day(x.story * 4 + x.day),
              body: `${text}.`,
            } satisfies Article,
            story: x.story,
          };
        }),
      );
    fc.assert(
      fc.property(separated, chunkSizes, (items, sizes) => {
        const sorted = [...items].sort((x, y) =>
          (x.article.published ?? '').localeCompare(y.article.published ?? ''),
        );
        const ids = items.map((x) => x.article.id);
        const run = (chunks: Article[][]) => {
          const stream = createStoryStream({ windowDays: 30 });
          for (const c of chunks) stream.add(c);
          return partition(ids, (id) => stream.storyOf(id));
        };
        const all = sorted.map((x) => x.article);
        const one = run([all]);
        expect(run(chunksOf(all, sizes))).toEqual(one);
        const gold = new Map(items.map((x) => [x.article.id, String(x.story)]));
        expect(one).toEqual(partition(ids, (id) => gold.get(id)));
      }),
      { numRuns: 30 },
    );
  });

  it('bounds the working set on a long feed: the window holds a few days, not the feed', () => {
    const perDay = 4;
    const stream = createStoryStream();
    let most = 0;
    for (let d = 0; d < 60; d += 2) {
      const chunk = Array.from({ length: perDay * 2 }, (_, i) => ({
        id: `d${d}-${i}`,
        title: `${WORDS[i % WORDS.length]} ${NAMES[(d + i) % NAMES.length]} report`,
        url: null,
        outlet: `o${i}`,
        published: day(d + (i % 2)),
        body: `${WORDS[(i + d) % WORDS.length]} ${WORDS[(i * 3) % WORDS.length]} near ${NAMES[i % NAMES.length]}. The ${WORDS[d % WORDS.length]} was closed.`,
      }));
      stream.add(chunk);
      most = Math.max(most, stream.stats().active);
    }
    // Seven days behind the newest, inclusive: at most eight days of articles.
    expect(most).toBeLessThanOrEqual(perDay * 8);
    expect(stream.stats().articles).toBe(perDay * 60);
    expect(stream.activeIds().length).toBe(perDay * 8);
  });

  it('refuses an article added twice', () => {
    const stream = createStoryStream();
    const a: Article = {
      id: 'x',
      title: 'Harbour closed',
      url: null,
      outlet: 'o',
      published: day(1),
      body: 'The harbour was closed.',
    };
    stream.add([a]);
    expect(() => stream.add([a])).toThrow(/added already/);
  });

  it('reports a merge when a copy joins two earlier stories, keeping the older id', () => {
    const article = (id: string, published: string, body: string): Article => ({
      id,
      title: id,
      url: null,
      outlet: id,
      published,
      body,
    });
    const first =
      'the ferry convoy reached the granary at the quarry after the bridge was closed by the harbour guards';
    const second =
      'orchard ledger signal valley lantern meadow orchard ledger signal valley lantern meadow tannery';
    const stream: StoryStream = createStoryStream();
    stream.add([article('a', day(1), first)]);
    stream.add([article('b', day(1), second)]);
    const [sa, sb] = [stream.storyOf('a'), stream.storyOf('b')];
    expect(sa).not.toBe(sb);
    // One article that copies both texts verbatim: a copy of each, so both stories are one now.
    const update: StreamUpdate = stream.add([article('c', day(2), `${first} ${second}`)]);
    expect(stream.storyOf('a')).toBe(sa);
    expect(stream.storyOf('b')).toBe(sa);
    expect(stream.storyOf('c')).toBe(sa);
    expect(update.merges).toEqual([{ from: sb, into: sa }]);
  });

  it('lets an undated article leave the window by the dates its text mentions', () => {
    const stream = createStoryStream();
    const undated: Article = {
      id: 'u',
      title: 'Granary report',
      url: null,
      outlet: 'o',
      published: null,
      body: 'The granary at Eskar was closed on 3 January 2025 after the flood.',
    };
    stream.add([
      { ...undated, id: 'd', published: day(10), body: 'Quarry ledger signal.' },
      undated,
    ]);
    // Newest is 2025-01-11, the mention 2025-01-03: eight days, outside a seven-day window.
    expect(stream.activeIds()).toEqual(['d']);
    expect(stream.storyOf('u')).toMatch(/^story-/);
  });
});
