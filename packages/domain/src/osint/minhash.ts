/**
 * Word shingles, MinHash signatures and LSH banding for near-duplicate candidates. The hash is
 * MurmurHash3 (the `murmurhash` package) over the UTF-8 bytes of each shingle, seeded per row.
 */
import murmurhash from 'murmurhash';

const encoder = new TextEncoder();

export const SHINGLE_SIZE = 5;
export const MINHASH_ROWS = 128;
/** 64 bands of 2 rows: a pair with Jaccard 0.3 becomes a candidate with probability ≈ 0.998. */
export const LSH_BANDS = 64;

/** The distinct k-word shingles of a token list (a shorter text is one shingle). */
export function shingles(tokens: readonly string[], k = SHINGLE_SIZE): Set<string> {
  const out = new Set<string>();
  if (tokens.length === 0) return out;
  if (tokens.length <= k) {
    out.add(tokens.join(' '));
    return out;
  }
  for (let i = 0; i + k <= tokens.length; i++) out.add(tokens.slice(i, i + k).join(' '));
  return out;
}

/**
 * The MinHash signature: per row, the least value over the shingles of that row's hash. The row
 * hashes are derived from two MurmurHash3 values per shingle (h1 + r·h2, Kirsch and Mitzenmacher's
 * double hashing), which keeps the estimate's accuracy at two hashes a shingle instead of `rows`.
 */
export function minhash(set: ReadonlySet<string>, rows = MINHASH_ROWS): Uint32Array {
  const sig = new Uint32Array(rows).fill(0xffffffff);
  for (const s of set) {
    const bytes = encoder.encode(s);
    const h1 = murmurhash.v3(bytes, 1) >>> 0;
    // Odd, so that the r·h2 steps visit distinct values modulo 2^32.
    const h2 = (murmurhash.v3(bytes, 2) | 1) >>> 0;
    for (let r = 0; r < rows; r++) {
      const h = (h1 + Math.imul(r, h2)) >>> 0;
      if (h < (sig[r] ?? 0)) sig[r] = h;
    }
  }
  return sig;
}

/** The Jaccard estimate: the share of rows on which two signatures agree. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/** Exact Jaccard of two sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Exact containment of the smaller set in the larger (1 when one is a subset of the other). */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / small.size;
}

/** LSH band keys of a signature: items sharing any key are candidate pairs. */
export function bandKeys(sig: Uint32Array, bands = LSH_BANDS): string[] {
  const rows = Math.floor(sig.length / bands);
  const keys: string[] = [];
  for (let b = 0; b < bands; b++) {
    keys.push(`${b}:${Array.from(sig.subarray(b * rows, (b + 1) * rows)).join(',')}`);
  }
  return keys;
}

/** Candidate pairs (i < j) of items sharing an LSH band: no all-pairs comparison. */
export function lshCandidates(
  signatures: readonly Uint32Array[],
  bands = LSH_BANDS,
): Array<[number, number]> {
  const buckets = new Map<string, number[]>();
  signatures.forEach((sig, i) => {
    for (const k of bandKeys(sig, bands)) {
      const list = buckets.get(k);
      if (list) list.push(i);
      else buckets.set(k, [i]);
    }
  });
  const seen = new Set<string>();
  const out: Array<[number, number]> = [];
  for (const list of buckets.values()) {
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x] ?? 0;
        const j = list[y] ?? 0;
        const key = `${i}:${j}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push([i, j]);
        }
      }
  }
  return out;
}
