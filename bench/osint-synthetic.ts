/**
 * A deterministic synthetic news feed for the news-monitoring benchmark and for scoring story
 * clustering at sizes no hand-labelled corpus has.
 *
 * Every day of the feed has many events (clashes, drone strikes, bombings, talks, accusations of
 * ceasefire violations), each with its day, country, places, armed group, officials and figures.
 * Each event is reported by one to five outlets as *originals* (own choice of what to say, in what
 * order and words; now and then a different toll), and each original may be followed by
 * *near-verbatim copies* (a few words changed, an agency credit), *truncated copies* (a prefix) and
 * *paraphrase rewrites* (every sentence rephrased with synonyms, two swapped, the facts kept in
 * order). Reports come out on the event's day or up to two days later. Unrelated *distractor*
 * articles (sport, business, weather, culture) fill each day to a constant number of articles per
 * day, so a longer feed spans proportionally more days, as a real feed does. A few articles state
 * no publication date. The vocabulary (`bench/osint/synthetic-words.ts`) has thousands of names.
 *
 * `syntheticNews(count, options)` is a generator: only the next few days are in memory, so a
 * million articles stream through in constant memory. The same seed gives the same feed.
 *
 * CLI: writes a corpus in the format of the hand-labelled one (`NNNNNNN_<story>_<outlet>.txt`:
 * title, `source: <outlet> | published: YYYY-MM-DD`, blank line, body; and `labels.json` with
 * `files[]` (`id`, `file`, `story`, `published`, `outlet`, `distractor`, `relations[]`) and
 * `duplicate_groups[]`), which `truceline osint eval DIR` scores:
 *
 *   node --import tsx bench/osint-synthetic.ts --out DIR [--count 2000] [--seed 1] [--per-day 200]
 *                                              [--start 2024-01-01]
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatArticle, type Article } from '../packages/domain/src/osint/index.ts';
import { seededRandom } from './log/stats.ts';
import {
  buildVocabulary,
  chance,
  int,
  NOUNS,
  pick,
  SYNONYMS,
  type Rng,
  type Vocabulary,
} from './osint/synthetic-words.ts';
import {
  distractor,
  EVENT_TEMPLATES,
  filler,
  type EventFacts,
  type EventKind,
} from './osint/synthetic-templates.ts';

/** How an article came to be: its own report, a copy or rewrite of one, or unrelated news. */
export type SyntheticKind =
  'original' | 'near_verbatim_copy' | 'truncated_copy' | 'paraphrase_rewrite' | 'distractor';

/** An article with what the generator knows about it (the gold labels). */
export interface SyntheticArticle extends Article {
  /** The event it reports (`e…`), or its own id for a distractor (`x…`). */
  readonly story: string;
  readonly kind: SyntheticKind;
  /** The original a copy or rewrite was made from. */
  readonly of: string | null;
}

export interface SyntheticOptions {
  readonly seed?: number;
  /** Articles per day (default 200). */
  readonly perDay?: number;
  /** The first day, `YYYY-MM-DD` (default 2024-01-01). */
  readonly start?: string;
  /** Share of each day's articles that report no event (default 0.3). */
  readonly distractorShare?: number;
  /** Share of articles that state no publication date (default 0.02). */
  readonly undatedShare?: number;
}

interface Draft {
  readonly id: string;
  readonly title: string;
  readonly outlet: string;
  readonly sentences: readonly string[];
  readonly story: string;
  readonly kind: SyntheticKind;
  readonly of: string | null;
}

/** What an original said, so that a rewrite can say it again differently. */
interface Plan {
  readonly facts: EventFacts;
  readonly title: number;
  /** [slot, phrasing] in the order told, or a filler sentence. */
  readonly parts: ReadonlyArray<readonly [number, number] | string>;
}

const KINDS: ReadonlyArray<[EventKind, number]> = [
  ['clash', 0.3],
  ['strike', 0.2],
  ['blast', 0.1],
  ['talks', 0.2],
  ['statement', 0.2],
];
const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

let vocabulary: Vocabulary | undefined;

/** Synonyms for about `share` of the words that have some. */
function substitute(r: Rng, sentence: string, share: number): string {
  return sentence.replace(/\b[a-z]+\b/g, (w) => {
    const alts = SYNONYMS[w];
    return alts && chance(r, share) ? pick(r, alts) : w;
  });
}

function render(plan: Plan, r: Rng): { title: string; sentences: string[] } {
  const t = EVENT_TEMPLATES[plan.facts.kind];
  const title = (t.title[plan.title % t.title.length] ?? t.title[0])?.(plan.facts, r) ?? '';
  const sentences = plan.parts.map((p) => {
    if (typeof p === 'string') return p;
    const slot = t.slots[p[0]] ?? [];
    return slot[p[1] % slot.length]?.(plan.facts, r) ?? '';
  });
  return { title, sentences };
}

/** Streams `count` synthetic articles, day by day (see the module comment). */
export function* syntheticNews(
  count: number,
  options: SyntheticOptions = {},
): Generator<SyntheticArticle> {
  const v = (vocabulary ??= buildVocabulary());
  const r = seededRandom(options.seed ?? 1);
  const perDay = Math.max(1, options.perDay ?? 200);
  const start = Date.parse(`${options.start ?? '2024-01-01'}T00:00:00Z`);
  const distractorShare = options.distractorShare ?? 0.3;
  const undatedShare = options.undatedShare ?? 0.02;
  let drafts = 0;
  let events = 0;
  const nextId = () => `a${String(++drafts).padStart(7, '0')}`;
  const pending = new Map<number, Draft[]>();
  const schedule = (day: number, d: Draft) => {
    const list = pending.get(day);
    if (list) list.push(d);
    else pending.set(day, [d]);
  };
  const outletsOf = (n: number) => {
    const out = new Set<string>();
    while (out.size < n) out.add(chance(r, 0.2) ? pick(r, v.agencies) : pick(r, v.outlets));
    return [...out];
  };

  function newEvent(day: number): EventFacts {
    let x = r();
    const kind = KINDS.find(([, p]) => (x -= p) < 0)?.[0] ?? 'clash';
    const chosen = new Set<number>();
    while (chosen.size < 3) chosen.add(int(r, 0, v.countries.length - 1));
    const [country, other, mediator] = [...chosen].map((i) => v.countries[i]);
    if (!country || !other || !mediator) throw new Error('vocabulary without countries');
    const killed = chance(r, 0.6) ? int(r, 1, 12) : int(r, 13, 60);
    return {
      kind,
      date: new Date(start + day * DAY_MS),
      country,
      other,
      mediator,
      place: pick(r, country.places),
      near: pick(r, country.places),
      region: pick(r, country.regions),
      group: pick(r, v.groups),
      spokesman: pick(r, v.people),
      official: pick(r, v.people),
      witness: pick(r, v.people),
      killed,
      injured: int(r, 0, 3 * killed + 5),
      claimed: killed + int(r, 3, 30),
      km: int(r, 3, 90),
      theme: pick(r, NOUNS),
    };
  }

  function originalPlan(facts: EventFacts): Plan {
    const t = EVENT_TEMPLATES[facts.kind];
    const slots = t.slots.map((_, i) => i).filter((i) => i === 0 || chance(r, 0.75));
    // Outlets tell the same facts in their own order: swap two slots after the lead now and then.
    const i = int(r, 1, Math.max(1, slots.length - 2));
    if (slots.length > 3 && chance(r, 0.4)) {
      const a = slots[i] ?? 0;
      slots[i] = slots[i + 1] ?? a;
      slots[i + 1] = a;
    }
    const parts: Array<readonly [number, number] | string> = slots.map(
      (s) => [s, int(r, 0, 5)] as const,
    );
    const target = int(r, 6, 15);
    while (parts.length < target) parts.splice(int(r, 2, parts.length), 0, filler(r, v));
    // Now and then an outlet reports another toll (a later count, another source).
    const differs = facts.kind !== 'talks' && chance(r, 0.2);
    return {
      facts: differs ? { ...facts, killed: facts.killed + int(r, 1, 5) } : facts,
      title: int(r, 0, 5),
      parts,
    };
  }

  function reportsOf(day: number): Array<[number, Draft]> {
    const facts = newEvent(day);
    const story = `e${String(++events).padStart(6, '0')}`;
    const x = r();
    const originals = x < 0.3 ? 1 : x < 0.6 ? 2 : x < 0.8 ? 3 : x < 0.92 ? 4 : 5;
    const out: Array<[number, Draft]> = [];
    for (const outlet of outletsOf(originals)) {
      const plan = originalPlan(facts);
      const at = day + (chance(r, 0.7) ? 0 : 1);
      const text = render(plan, r);
      const original: Draft = { id: nextId(), outlet, story, kind: 'original', of: null, ...text };
      out.push([at, original]);
      const agency = v.agencies.includes(outlet) ? outlet : null;
      if (chance(r, 0.35)) out.push([at + int(r, 0, 1), nearCopy(original, agency)]);
      if (chance(r, 0.15)) out.push([at + int(r, 0, 1), nearCopy(original, agency)]);
      if (chance(r, 0.25)) out.push([at + int(r, 0, 1), truncatedCopy(original)]);
      if (chance(r, 0.3)) out.push([at + int(r, 0, 2), rewrite(original, plan)]);
    }
    return out;
  }

  function nearCopy(o: Draft, agency: string | null): Draft {
    const sentences = o.sentences.map((s) => (chance(r, 0.25) ? substitute(r, s, 0.5) : s));
    if (agency && chance(r, 0.5)) sentences.push(`Source: ${agency}`);
    else if (agency) sentences[0] = `(${agency}) ${sentences[0] ?? ''}`;
    else if (chance(r, 0.3)) sentences.pop();
    const outlet = pick(r, v.outlets);
    return { ...o, id: nextId(), outlet, sentences, kind: 'near_verbatim_copy', of: o.id };
  }

  function truncatedCopy(o: Draft): Draft {
    const keep = Math.max(3, Math.round(o.sentences.length * (0.4 + 0.3 * r())));
    const sentences = o.sentences.slice(0, keep);
    if (chance(r, 0.5)) sentences.push('Continue reading');
    return {
      ...o,
      id: nextId(),
      outlet: pick(r, v.outlets),
      sentences,
      kind: 'truncated_copy',
      of: o.id,
    };
  }

  function rewrite(o: Draft, plan: Plan): Draft {
    const parts = plan.parts.map((p) =>
      typeof p === 'string' ? substitute(r, p, 0.8) : ([p[0], p[1] + 1] as const),
    );
    const i = int(r, 1, Math.max(1, parts.length - 2));
    if (parts.length > 3) {
      const a = parts[i] ?? '';
      parts[i] = parts[i + 1] ?? a;
      parts[i + 1] = a;
    }
    const text = render({ ...plan, title: plan.title + 1, parts }, r);
    const sentences = text.sentences.map((s) => substitute(r, s, 0.6));
    return {
      id: nextId(),
      title: text.title,
      outlet: pick(r, v.outlets),
      sentences,
      story: o.story,
      kind: 'paraphrase_rewrite',
      of: o.id,
    };
  }

  const eventTarget = Math.round(perDay * (1 - distractorShare));
  let emitted = 0;
  for (let day = 0; emitted < count; day++) {
    const today = pending.get(day) ?? [];
    pending.delete(day);
    while (today.length < eventTarget)
      for (const [at, d] of reportsOf(day))
        if (at === day) today.push(d);
        else schedule(at, d);
    const date = new Date(start + day * DAY_MS);
    while (today.length < perDay) {
      const id = nextId();
      const { title, body } = distractor(r, v, date);
      today.push({
        id,
        title,
        outlet: pick(r, v.outlets),
        sentences: body,
        story: `x${id.slice(1)}`,
        kind: 'distractor',
        of: null,
      });
    }
    // Arrival order within a day is arbitrary; what does not fit today comes out tomorrow.
    for (let i = today.length - 1; i > 0; i--) {
      const j = int(r, 0, i);
      [today[i], today[j]] = [today[j] as Draft, today[i] as Draft];
    }
    for (const late of today.splice(perDay)) schedule(day + 1, late);
    for (const d of today) {
      if (emitted++ >= count) return;
      const body: string[] = [];
      for (let i = 0; i < d.sentences.length; i += 2)
        body.push(d.sentences.slice(i, i + 2).join(' '));
      yield {
        id: d.id,
        title: d.title,
        url: null,
        outlet: d.outlet,
        published: chance(r, undatedShare) ? null : isoDay(date),
        body: body.join('\n\n'),
        story: d.story,
        kind: d.kind,
        of: d.of,
      };
    }
  }
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 24);

/** Writes `count` articles and their labels into `dir` (the corpus format). */
export function writeCorpus(dir: string, count: number, options: SyntheticOptions = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const files: Array<Record<string, unknown>> = [];
  const fileOf = new Map<string, string>();
  const groups = new Map<string, string[]>();
  let i = 0;
  for (const a of syntheticNews(count, options)) {
    const file = `${String(++i).padStart(7, '0')}_${a.story}_${slug(a.outlet ?? '')}.txt`;
    fs.writeFileSync(path.join(dir, file), formatArticle(a));
    fileOf.set(a.id, file);
    const root = a.of ?? a.id;
    groups.set(root, [...(groups.get(root) ?? []), file]);
    files.push({
      id: a.id,
      file,
      story: a.story,
      published: a.published,
      outlet: a.outlet,
      distractor: a.kind === 'distractor',
      relations: a.of ? [{ file: a.of, relation: a.kind }] : [],
    });
  }
  // Relations name the original by its id; drop those whose original did not make the cut.
  for (const f of files)
    f['relations'] = (f['relations'] as Array<{ file: string; relation: string }>).flatMap((r) => {
      const target = fileOf.get(r.file);
      return target ? [{ file: target, relation: r.relation }] : [];
    });
  const duplicate_groups = [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => ({ files: g, type: 'copies_and_rewrites' }));
  fs.writeFileSync(
    path.join(dir, 'labels.json'),
    `${JSON.stringify({ generator: 'bench/osint-synthetic.ts', options, files, duplicate_groups }, null, 1)}\n`,
  );
}

function cli(argv: readonly string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = arg('out');
  if (!out) {
    process.stderr.write(
      'usage: node --import tsx bench/osint-synthetic.ts --out DIR [--count 2000] [--seed 1] [--per-day 200] [--start 2024-01-01]\n',
    );
    process.exitCode = 2;
    return;
  }
  const count = Number(arg('count') ?? 2000);
  const start = arg('start');
  writeCorpus(out, count, {
    seed: Number(arg('seed') ?? 1),
    perDay: Number(arg('per-day') ?? 200),
    ...(start ? { start } : {}),
  });
  process.stderr.write(`wrote ${count} articles and labels.json to ${out}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  cli(process.argv.slice(2));
