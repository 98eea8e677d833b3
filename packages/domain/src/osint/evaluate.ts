/**
 * Scores a pipeline run against a labels file (the corpus format): stories (BCubed), duplicate
 * and rewrite pairs, contradiction decisions, independent-origin counts, publication dates.
 */
import type { Article } from './article.ts';
import { bcubed, pairKey, pairScores, type PRF } from './metrics.ts';
import type { Contradiction } from './contradictions.ts';
import { analyse, type Analysis, type PipelineOptions } from './pipeline.ts';

export interface Labels {
  readonly files: ReadonlyArray<{
    readonly id: string;
    readonly file: string;
    readonly story: string;
    readonly published?: string | null;
    readonly outlet?: string;
    readonly relations?: ReadonlyArray<{ readonly file: string; readonly relation: string }>;
  }>;
  readonly duplicate_groups?: ReadonlyArray<{
    readonly files: readonly string[];
    readonly type?: string;
  }>;
  readonly contradictions?: ReadonlyArray<{
    readonly id: string;
    readonly kind: string;
    readonly expect: string;
    readonly values: ReadonlyArray<{ readonly file: string }>;
  }>;
  /** The event each story reports; `dates` are the days it happened on (`YYYY-MM-DD`). */
  readonly stories?: Readonly<Record<string, { readonly dates?: readonly string[] }>>;
  readonly independent_source_expectations?: ReadonlyArray<{
    readonly id: string;
    readonly files: readonly string[];
    readonly distinct_outlets?: number;
    readonly independent_reporting?: readonly string[];
  }>;
}

/** Checks the shape of a parsed labels file, naming the first problem. */
export function parseLabels(value: unknown): Labels {
  const fail = (what: string): never => {
    throw new Error(`labels.json: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const files = (value as { files?: unknown }).files;
  if (!Array.isArray(files)) return fail('"files" must be an array');
  files.forEach((f: unknown, i) => {
    const r = f as Record<string, unknown>;
    if (
      typeof r !== 'object' ||
      r === null ||
      typeof r['id'] !== 'string' ||
      typeof r['file'] !== 'string' ||
      typeof r['story'] !== 'string'
    )
      fail(`files[${i}] needs string id, file and story`);
  });
  return value as Labels;
}

export interface EvalReport {
  readonly stories: PRF & {
    readonly articles: number;
    readonly goldStories: number;
    readonly predictedStories: number;
  };
  readonly pairs: PRF & {
    readonly truePositives: number;
    readonly gold: number;
    readonly predicted: number;
    readonly falsePositives: string[];
    readonly missed: string[];
  };
  readonly contradictions: {
    readonly scored: number;
    readonly correct: number;
    readonly accuracy: number;
    readonly conflictsFlagged: string;
    readonly noConflictFlagged: number;
    readonly decisions: ReadonlyArray<{
      id: string;
      expect: string;
      decision: string;
      correct: boolean | null;
    }>;
  };
  readonly independence: {
    readonly expectations: number;
    readonly originsCorrect: number;
    readonly originsAccuracy: number;
    readonly outletsCorrect: number;
    readonly details: ReadonlyArray<{
      id: string;
      expectedOrigins: number | null;
      origins: number;
      expectedOutlets: number | null;
      outlets: number;
    }>;
  };
  readonly dates: {
    readonly files: number;
    readonly correct: number;
    readonly accuracy: number;
    readonly stated: number;
    readonly statedCorrect: number;
    readonly wrong: ReadonlyArray<{ file: string; expected: string | null; got: string | null }>;
    /**
     * Event dates: an article is right when a day its headline or lead dates an event to (else
     * any event day it gives) falls within its story's labelled days.
     */
    readonly events: {
      readonly files: number;
      readonly correct: number;
      readonly accuracy: number;
      readonly wrong: ReadonlyArray<{ file: string; expected: string; got: string | null }>;
    };
  };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const DATE_KINDS = /date/i;
const FIGURE_KINDS = /number|casualt|figure|count/i;

export function evaluate(
  articles: readonly Article[],
  labels: Labels,
  options: PipelineOptions = {},
): { report: EvalReport; analysis: Analysis } {
  const analysis = analyse(articles, options);
  const byLabelId = new Map(labels.files.map((f) => [f.id, f.file]));
  const fileOf = (labelId: string) => byLabelId.get(labelId) ?? labelId;
  const present = labels.files.filter((f) => analysis.facts.has(f.file));

  // Stories.
  const gold = new Map(present.map((f) => [f.file, f.story]));
  const predicted = new Map(present.map((f) => [f.file, analysis.storyOf.get(f.file) ?? f.file]));
  const stories = {
    ...bcubed(gold, predicted),
    articles: present.length,
    goldStories: new Set(gold.values()).size,
    predictedStories: new Set(predicted.values()).size,
  };

  // Pairs: every pair within a duplicate group and every labelled relation.
  const goldPairs = new Set<string>();
  for (const g of labels.duplicate_groups ?? [])
    for (const a of g.files)
      for (const b of g.files) if (a !== b) goldPairs.add(pairKey(fileOf(a), fileOf(b)));
  for (const f of labels.files)
    for (const r of f.relations ?? []) goldPairs.add(pairKey(f.file, fileOf(r.file)));
  const labelled = new Set(present.map((f) => f.file));
  const predPairs = new Set(
    analysis.relations
      .filter((r) => labelled.has(r.a) && labelled.has(r.b))
      .map((r) => pairKey(r.a, r.b)),
  );
  const ps = pairScores(goldPairs, predPairs);
  const pairs = {
    ...ps,
    falsePositives: [...predPairs].filter((k) => !goldPairs.has(k)),
    missed: [...goldPairs].filter((k) => !predPairs.has(k)),
  };

  // Contradictions: the pipeline's flags on the files a labelled contradiction names.
  const flags = analysis.stories.flatMap((s) => s.contradictions);
  const decisions = (labels.contradictions ?? []).map((c) => {
    const files = new Set(c.values.map((v) => fileOf(v.file)));
    const compatible = (kind: Contradiction['kind']) =>
      DATE_KINDS.test(c.kind)
        ? kind === 'date'
        : FIGURE_KINDS.test(c.kind)
          ? kind === 'figure'
          : true;
    const hits = flags.filter(
      (f) =>
        compatible(f.kind) &&
        f.articles.every((a) => files.has(a)) &&
        (f.articles.length > 1 ||
          files.size === 1 ||
          c.values.filter((v) => fileOf(v.file) === f.articles[0]).length > 1 ||
          DATE_KINDS.test(c.kind)),
    );
    const decision = hits.some((h) => h.decision === 'conflict')
      ? 'conflict'
      : hits.some((h) => h.decision === 'attributed_dispute')
        ? 'attributed_dispute'
        : 'no_conflict';
    const scored = ['conflict', 'attributed_dispute', 'no_conflict'].includes(c.expect);
    return { id: c.id, expect: c.expect, decision, correct: scored ? decision === c.expect : null };
  });
  const scored = decisions.filter((d) => d.correct !== null);
  const conflicts = decisions.filter((d) => d.expect === 'conflict');
  const contradictionsReport = {
    scored: scored.length,
    correct: scored.filter((d) => d.correct).length,
    accuracy: ratio(scored.filter((d) => d.correct).length, scored.length),
    conflictsFlagged: `${conflicts.filter((d) => d.decision === 'conflict').length}/${conflicts.length}`,
    noConflictFlagged: decisions.filter(
      (d) => d.expect === 'no_conflict' && d.decision === 'conflict',
    ).length,
    decisions,
  };

  // Independent origins and outlets per claim.
  const details = (labels.independent_source_expectations ?? []).map((e) => {
    const files = e.files.map(fileOf).filter((f) => analysis.facts.has(f));
    const origins = new Set(files.map((f) => analysis.originOf.get(f) ?? f)).size;
    const outlets = new Set(files.map((f) => analysis.facts.get(f)?.article.outlet ?? f)).size;
    return {
      id: e.id,
      expectedOrigins: e.independent_reporting ? e.independent_reporting.length : null,
      origins,
      expectedOutlets: e.distinct_outlets ?? null,
      outlets,
    };
  });
  const originsCorrect = details.filter((d) => d.expectedOrigins === d.origins).length;
  const independence = {
    expectations: details.length,
    originsCorrect,
    originsAccuracy: ratio(originsCorrect, details.length),
    outletsCorrect: details.filter((d) => d.expectedOutlets === d.outlets).length,
    details,
  };

  // Publication dates: the pipeline's date (published line or dateline) against the label.
  const dateRows = present
    .filter((f) => f.published !== undefined)
    .map((f) => ({
      file: f.file,
      expected: f.published ?? null,
      got: analysis.facts.get(f.file)?.published ?? null,
    }));
  const stated = dateRows.filter((r) => r.expected !== null);
  const eventRows = present.flatMap((f) => {
    const days = [...(labels.stories?.[f.story]?.dates ?? [])].sort();
    const first = days[0];
    const last = days[days.length - 1];
    if (!first || !last) return [];
    const facts = analysis.facts.get(f.file);
    const lead = facts?.leadEvents ?? [];
    const given = lead.length > 0 ? lead : (facts?.dates ?? []).filter((d) => d.event !== null);
    const hit = given.find((d) => d.start <= last && d.end >= first);
    const shown = hit ?? given[0];
    return [
      {
        file: f.file,
        expected: first === last ? first : `${first}..${last}`,
        got: shown
          ? shown.start === shown.end
            ? shown.start
            : `${shown.start}..${shown.end}`
          : null,
        correct: hit !== undefined,
      },
    ];
  });
  const dates = {
    files: dateRows.length,
    correct: dateRows.filter((r) => r.expected === r.got).length,
    accuracy: ratio(dateRows.filter((r) => r.expected === r.got).length, dateRows.length),
    stated: stated.length,
    statedCorrect: stated.filter((r) => r.expected === r.got).length,
    wrong: dateRows.filter((r) => r.expected !== r.got),
    events: {
      files: eventRows.length,
      correct: eventRows.filter((r) => r.correct).length,
      accuracy: ratio(eventRows.filter((r) => r.correct).length, eventRows.length),
      wrong: eventRows
        .filter((r) => !r.correct)
        .map(({ file, expected, got }) => ({ file, expected, got })),
    },
  };

  return {
    report: { stories, pairs, contradictions: contradictionsReport, independence, dates },
    analysis,
  };
}
