/** Evaluation metrics: BCubed precision/recall/F1 of a clustering, pair precision/recall. */

export interface PRF {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * BCubed over the items present in `gold`: per item, precision is the share of its predicted
 * cluster that shares its gold class, recall the share of its gold class in its predicted cluster.
 * An item missing from `predicted` counts as a singleton.
 */
export function bcubed(
  gold: ReadonlyMap<string, string>,
  predicted: ReadonlyMap<string, string>,
): PRF {
  const items = [...gold.keys()];
  if (items.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const pred = (i: string) => predicted.get(i) ?? `\u0000singleton:${i}`;
  let p = 0;
  let r = 0;
  for (const i of items) {
    let samePred = 0;
    let sameGold = 0;
    let both = 0;
    for (const j of items) {
      const sp = pred(i) === pred(j);
      const sg = gold.get(i) === gold.get(j);
      if (sp) samePred++;
      if (sg) sameGold++;
      if (sp && sg) both++;
    }
    p += both / samePred;
    r += both / sameGold;
  }
  const precision = p / items.length;
  const recall = r / items.length;
  return { precision, recall, f1: f1(precision, recall) };
}

/** An unordered pair's key. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Precision and recall of predicted pairs against gold pairs (both as `pairKey`s). */
export function pairScores(
  gold: ReadonlySet<string>,
  predicted: ReadonlySet<string>,
): PRF & { truePositives: number; gold: number; predicted: number } {
  let tp = 0;
  for (const k of predicted) if (gold.has(k)) tp++;
  const precision = predicted.size === 0 ? (gold.size === 0 ? 1 : 0) : tp / predicted.size;
  const recall = gold.size === 0 ? 1 : tp / gold.size;
  return {
    precision,
    recall,
    f1: f1(precision, recall),
    truePositives: tp,
    gold: gold.size,
    predicted: predicted.size,
  };
}
