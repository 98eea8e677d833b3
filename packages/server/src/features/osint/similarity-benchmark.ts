/**
 * Scores the story-clustering similarity on labelled article pairs in the SemEval-2022 Task 8
 * layout (CSV with `pair_id, lang1, lang2, text1, text2, Overall`, where `Overall` runs from
 * 1 = same event to 4 = unrelated): Pearson r of the similarity against `-Overall`, and "same
 * story" precision/recall/F1 at the clustering threshold (Overall ≤ 2 positive, ≥ 3 negative,
 * the middle dropped), overall and per language pair.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  DEFAULTS,
  pearson,
  storySimilarity,
  type Article,
  type SimilarityOptions,
} from '@truceline/domain/osint/index';

/** A problem with the CSV file, naming the file (and the column or line). */
export class PairsInputError extends Error {
  override readonly name = 'PairsInputError';
}

/** One labelled pair. */
export interface LabelledPair {
  readonly pairId: string;
  readonly lang1: string;
  readonly lang2: string;
  readonly text1: string;
  readonly text2: string;
  /** 1 (same event) … 4 (unrelated). */
  readonly overall: number;
}

/** The columns the command reads; others (Geography, Tone …) are ignored. */
export const PAIR_COLUMNS = ['pair_id', 'lang1', 'lang2', 'text1', 'text2', 'Overall'] as const;

/** Reads and checks a pairs CSV. */
export function readPairsCsv(file: string): LabelledPair[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new PairsInputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      columns: (header: string[]) => {
        const missing = PAIR_COLUMNS.filter((c) => !header.includes(c));
        if (missing.length > 0)
          throw new PairsInputError(
            `${file} lacks the column(s) ${missing.join(', ')} (needs ${PAIR_COLUMNS.join(', ')})`,
          );
        return header;
      },
    });
  } catch (error) {
    if (error instanceof PairsInputError) throw error;
    // csv-parse names the line of a malformed record (a stray quote, a short row).
    throw new PairsInputError(`${file} is not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new PairsInputError(`${file} holds no pairs`);
  return records.map((r, i) => {
    const overall = Number(r['Overall']);
    if (r['Overall']?.trim() === '' || !Number.isFinite(overall))
      throw new PairsInputError(
        `${file}, record ${i + 1} (pair ${r['pair_id'] ?? '?'}): Overall "${r['Overall'] ?? ''}" is not a number`,
      );
    return {
      pairId: r['pair_id'] ?? '',
      lang1: r['lang1'] ?? '',
      lang2: r['lang2'] ?? '',
      text1: r['text1'] ?? '',
      text2: r['text2'] ?? '',
      overall,
    };
  });
}

/**
 * Precision, recall and F1 of "same story" with the confusion counts; precision is null when no
 * pair is predicted, recall and F1 when no pair is positive.
 */
export interface SameStoryScore {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  /** Pairs with 2 < Overall < 3, left out of the F1. */
  readonly dropped: number;
}

/** The figures for one set of pairs. */
export interface PairGroupScore {
  readonly pairs: number;
  /** Pearson r of similarity against -Overall; null when undefined (constant or < 2 pairs). */
  readonly pearson: number | null;
  readonly sameStory: SameStoryScore;
}

/** The whole report. */
export interface SimilarityReport extends PairGroupScore {
  readonly threshold: number;
  /** Distinct articles the similarity was computed over (one batch, as clustering sees it). */
  readonly articles: number;
  /** The pairs whose two articles are in one language (the similarity has no translation). */
  readonly sameLanguage: PairGroupScore;
  /** By `lang1-lang2`, most pairs first. */
  readonly byLanguage: ReadonlyArray<PairGroupScore & { readonly languages: string }>;
}

function score(
  rows: ReadonlyArray<{ overall: number; similarity: number }>,
  threshold: number,
): PairGroupScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let dropped = 0;
  for (const r of rows) {
    const predicted = r.similarity >= threshold;
    if (r.overall <= 2) {
      if (predicted) tp++;
      else fn++;
    } else if (r.overall >= 3) {
      if (predicted) fp++;
      else tn++;
    } else dropped++;
  }
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 = tp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
  const r = pearson(
    rows.map((x) => x.similarity),
    rows.map((x) => -x.overall),
  );
  return {
    pairs: rows.length,
    pearson: Number.isNaN(r) ? null : r,
    sameStory: { precision, recall, f1, tp, fp, fn, tn, dropped },
  };
}

/**
 * Articles of the pairs, one per distinct (article id, text): the `pair_id` halves name the
 * articles, so one shared by several pairs is counted once in the batch's document frequencies.
 * The CSV gives no title, source or date, so the whole text is the body.
 */
function articlesOf(pairs: readonly LabelledPair[]): {
  articles: Article[];
  idsOf: Array<[string, string]>;
} {
  const byKey = new Map<string, string>();
  const articles: Article[] = [];
  const idOf = (name: string, text: string): string => {
    const key = `${name}\u0000${text}`;
    let id = byKey.get(key);
    if (id === undefined) {
      id = `${name}#${articles.length}`;
      byKey.set(key, id);
      articles.push({ id, title: '', url: null, outlet: null, published: null, body: text.trim() });
    }
    return id;
  };
  const idsOf = pairs.map((p, i): [string, string] => {
    const [a, b] = p.pairId.split('_');
    return [idOf(a || `row${i}a`, p.text1), idOf(b || `row${i}b`, p.text2)];
  });
  return { articles, idsOf };
}

/**
 * Computes the clustering similarity of every pair (the CSV's articles form one batch, so IDF
 * comes from them) and scores it against the labels at `threshold` (the clustering's own).
 */
export function evaluateSimilarity(
  pairs: readonly LabelledPair[],
  options: SimilarityOptions & { threshold?: number } = {},
): SimilarityReport {
  const threshold = options.threshold ?? DEFAULTS.storyThreshold;
  const { articles, idsOf } = articlesOf(pairs);
  const sim = storySimilarity(articles, options);
  const rows = pairs.map((p, i) => {
    const [a, b] = idsOf[i] ?? ['', ''];
    return {
      languages: `${p.lang1}-${p.lang2}`,
      monolingual: p.lang1 === p.lang2,
      overall: p.overall,
      similarity: sim.similarity(a, b),
    };
  });
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(r.languages, [...(groups.get(r.languages) ?? []), r]);
  const byLanguage = [...groups]
    .map(([languages, list]) => ({ languages, ...score(list, threshold) }))
    .sort((x, y) => y.pairs - x.pairs || (x.languages < y.languages ? -1 : 1));
  return {
    threshold,
    articles: articles.length,
    ...score(rows, threshold),
    sameLanguage: score(
      rows.filter((r) => r.monolingual),
      threshold,
    ),
    byLanguage,
  };
}
