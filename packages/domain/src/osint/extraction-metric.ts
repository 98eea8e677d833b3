/**
 * The main-text extraction metric of the article-extraction benchmark (scrapinghub's layout),
 * re-implemented from its description: `\w+` tokens, multisets of 4-token shingles, per document
 * tp/fp/fn normalised by their sum so that every document weighs the same; precision and recall are
 * means over documents, F1 the harmonic mean of the two means, accuracy the share of documents
 * whose token lists are exactly equal. Pure.
 */

/** Shingle length of the benchmark. */
export const EXTRACTION_SHINGLE = 4;

/**
 * Tokens as Python's Unicode `\w+` finds them: runs of letters, numbers and underscores
 * (Python's `\w` is `str.isalnum()` or `_`, i.e. the Unicode categories L and N).
 */
export function extractionTokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/**
 * Counts of k-token shingles (a multiset). A text with fewer than k tokens is one shingle of all
 * its tokens; an empty text has none.
 */
export function shingleCounts(
  tokens: readonly string[],
  k = EXTRACTION_SHINGLE,
): Map<string, number> {
  const out = new Map<string, number>();
  if (tokens.length === 0) return out;
  const last = Math.max(0, tokens.length - k);
  for (let i = 0; i <= last; i++) {
    // U+0001 cannot occur inside a token, so joined shingles never collide.
    const key = tokens.slice(i, i + k).join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** One document's score. `tp + fp + fn` is 1, or all three are 0 when both texts are empty. */
export interface DocumentExtractionScore {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  /** The token lists are equal. */
  readonly exact: boolean;
}

/** Scores a predicted main text against the true one. */
export function scoreExtraction(predicted: string, truth: string): DocumentExtractionScore {
  const predTokens = extractionTokens(predicted);
  const trueTokens = extractionTokens(truth);
  const pred = shingleCounts(predTokens);
  const gold = shingleCounts(trueTokens);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, p] of pred) {
    const t = gold.get(key) ?? 0;
    tp += Math.min(p, t);
    fp += Math.max(0, p - t);
  }
  for (const [key, t] of gold) fn += Math.max(0, t - (pred.get(key) ?? 0));
  const sum = tp + fp + fn;
  if (sum > 0) {
    tp /= sum;
    fp /= sum;
    fn /= sum;
  }
  const perfect = fp === 0 && fn === 0;
  return {
    tp,
    fp,
    fn,
    precision: perfect ? 1 : tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: perfect ? 1 : tp + fn === 0 ? 0 : tp / (tp + fn),
    exact:
      predTokens.length === trueTokens.length && predTokens.every((t, i) => t === trueTokens[i]),
  };
}

/** The benchmark's summary over documents. */
export interface ExtractionSummary {
  readonly precision: number;
  readonly recall: number;
  /** Harmonic mean of the mean precision and the mean recall. */
  readonly f1: number;
  /** Share of documents extracted exactly (equal token lists). */
  readonly accuracy: number;
  readonly documents: number;
}

/** Means over documents; all zero for no documents. */
export function summariseExtraction(scores: readonly DocumentExtractionScore[]): ExtractionSummary {
  const n = scores.length;
  if (n === 0) return { precision: 0, recall: 0, f1: 0, accuracy: 0, documents: 0 };
  let p = 0;
  let r = 0;
  let exact = 0;
  for (const s of scores) {
    p += s.precision;
    r += s.recall;
    if (s.exact) exact++;
  }
  const precision = p / n;
  const recall = r / n;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    accuracy: exact / n,
    documents: n,
  };
}
