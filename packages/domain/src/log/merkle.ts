/**
 * RFC 9162 (RFC 6962) Merkle tree maths: leaf and node hashes, tree hashes, generation of
 * inclusion and consistency proofs, and their verification exactly as RFC 9162 §2.1.3.2 and
 * §2.1.4.2 specify.
 *
 * Generation works from a {@link SubtreeHashes} function giving the hash of any complete subtree
 * (a "level, index" node: leaves [index·2^level, (index+1)·2^level)). Complete subtrees never
 * change as the log grows, so a server can answer from stored tiles (see `subtreeHashFromTiles`
 * in tiles.ts), while {@link memorySubtreeHashes} builds one from leaf hashes in memory. The
 * `…Ranges` functions say which leaf ranges a proof needs without hashing anything, so that a
 * caller with asynchronous storage can fetch what it needs first.
 *
 * Tree sizes and indices are JavaScript numbers: safe non-negative integers (below 2^53). The
 * code never uses 32-bit bitwise operators on them.
 */
import { bytesEqual, concatBytes, isIndex, toHex } from './bytes.ts';
import type { Hasher } from './crypto.ts';
import { LogVerificationError } from './errors.ts';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** Hash of a log entry: SHA-256(0x00 ‖ entry) (RFC 9162 §2.1.1). */
export function leafHash(hasher: Hasher, entry: Uint8Array): Uint8Array {
  return hasher.sha256(concatBytes(LEAF_PREFIX, entry));
}

/** Hash of an interior node: SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1). */
export function nodeHash(hasher: Hasher, left: Uint8Array, right: Uint8Array): Uint8Array {
  return hasher.sha256(concatBytes(NODE_PREFIX, left, right));
}

/** Root hash of the empty tree: SHA-256 of no bytes (e3b0c442…). */
export function emptyRootHash(hasher: Hasher): Uint8Array {
  return hasher.sha256(new Uint8Array(0));
}

/**
 * Hash of the complete subtree at `level` and `index`: the Merkle tree hash of the 2^level leaves
 * [index·2^level, (index+1)·2^level). Level 0 gives leaf hashes. Implementations are only asked
 * for subtrees that lie wholly inside the tree in question, and may throw for others.
 */
export type SubtreeHashes = (level: number, index: number) => Uint8Array;

/** A half-open range of leaf indices [start, end). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** A complete subtree: the 2^level leaves starting at index·2^level. */
export interface SubtreeId {
  readonly level: number;
  readonly index: number;
}

function half(x: number): number {
  return Math.floor(x / 2);
}

function lsb(x: number): boolean {
  return x % 2 === 1;
}

/** Largest power of two that is at most n (n ≥ 1), and its exponent. */
function powerOfTwoAtMost(n: number): { value: number; exponent: number } {
  let value = 1;
  let exponent = 0;
  while (value * 2 <= n) {
    value *= 2;
    exponent++;
  }
  return { value, exponent };
}

/** Largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. */
function splitPoint(n: number): number {
  return powerOfTwoAtMost(n - 1).value;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && powerOfTwoAtMost(n).value === n;
}

function checkIndex(name: string, value: number): void {
  if (!isIndex(value))
    throw new RangeError(`${name} must be a safe non-negative integer, got ${value}`);
}

/**
 * The complete subtrees whose hashes, folded from the right, give MTH(D[start:end]): the binary
 * decomposition of end − start, largest first. The range must be aligned the way RFC 9162's
 * recursion aligns it: start a multiple of the largest power of two not above end − start (every
 * range that `inclusionProofRanges` and `consistencyProofRanges` return, and every [0, n), is).
 */
export function completeSubtrees(start: number, end: number): SubtreeId[] {
  checkIndex('start', start);
  checkIndex('end', end);
  if (end < start) throw new RangeError(`range [${start}, ${end}) is reversed`);
  if (end === start) return [];
  const first = powerOfTwoAtMost(end - start).value;
  if (start % first !== 0) {
    throw new RangeError(`range [${start}, ${end}) is not aligned to complete subtrees`);
  }
  const out: SubtreeId[] = [];
  let position = start;
  let rest = end - start;
  while (rest > 0) {
    const { value, exponent } = powerOfTwoAtMost(rest);
    out.push({ level: exponent, index: position / value });
    position += value;
    rest -= value;
  }
  return out;
}

function subtreeHash(getHash: SubtreeHashes, id: SubtreeId): Uint8Array {
  const hash = getHash(id.level, id.index);
  if (hash.length !== HASH_SIZE) {
    throw new RangeError(
      `subtree hash (${id.level}, ${id.index}) has ${hash.length} bytes, not ${HASH_SIZE}`,
    );
  }
  return hash;
}

/**
 * MTH(D[start:end]) (RFC 9162 §2.1.1) from complete-subtree hashes; the empty range gives the
 * empty-tree hash. The range must be aligned as {@link completeSubtrees} describes.
 */
export function rangeHash(
  hasher: Hasher,
  getHash: SubtreeHashes,
  start: number,
  end: number,
): Uint8Array {
  const subtrees = completeSubtrees(start, end);
  const last = subtrees.at(-1);
  if (last === undefined) return emptyRootHash(hasher);
  let hash = subtreeHash(getHash, last);
  for (let i = subtrees.length - 2; i >= 0; i--) {
    hash = nodeHash(hasher, subtreeHash(getHash, subtrees[i]!), hash);
  }
  return hash;
}

/**
 * An in-memory {@link SubtreeHashes} over the given leaf hashes: hashes every complete subtree
 * once, up front (about n node hashes). Reuse it for many proofs over the same leaves.
 */
export function memorySubtreeHashes(
  hasher: Hasher,
  leafHashes: readonly Uint8Array[],
): SubtreeHashes {
  const levels: Uint8Array[][] = [leafHashes.slice()];
  for (let below = levels[0]!; below.length >= 2;) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < below.length; i += 2)
      next.push(nodeHash(hasher, below[i]!, below[i + 1]!));
    levels.push(next);
    below = next;
  }
  return (level, index) => {
    const hash = levels[level]?.[index];
    if (hash === undefined) {
      throw new RangeError(
        `no complete subtree at level ${level}, index ${index} in ${leafHashes.length} leaves`,
      );
    }
    return hash;
  };
}

/** Root hash of the tree of the given size, from complete-subtree hashes. */
export function rootHashFromSubtrees(
  hasher: Hasher,
  getHash: SubtreeHashes,
  treeSize: number,
): Uint8Array {
  return rangeHash(hasher, getHash, 0, treeSize);
}

/** MTH of the given leaf hashes (RFC 9162 §2.1.1); the empty list gives the empty-tree hash. */
export function rootHash(hasher: Hasher, leafHashes: readonly Uint8Array[]): Uint8Array {
  return rootHashFromSubtrees(hasher, memorySubtreeHashes(hasher, leafHashes), leafHashes.length);
}

/**
 * The leaf ranges whose tree hashes make up the inclusion proof PATH(index, D[treeSize]) of
 * RFC 9162 §2.1.3.1, in proof order (the leaf's sibling first). Throws a RangeError unless
 * 0 ≤ index < treeSize.
 */
export function inclusionProofRanges(index: number, treeSize: number): LeafRange[] {
  checkIndex('index', index);
  checkIndex('treeSize', treeSize);
  if (index >= treeSize) throw new RangeError(`index ${index} is not below tree size ${treeSize}`);
  const out: LeafRange[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      out.push({ start: start + k, end });
      end = start + k;
    } else {
      out.push({ start, end: start + k });
      start += k;
    }
  }
  return out.reverse();
}

/**
 * The leaf ranges whose tree hashes make up the consistency proof PROOF(oldSize, D[newSize]) of
 * RFC 9162 §2.1.4.1, in proof order. Empty when oldSize is 0 or equals newSize. Throws a
 * RangeError unless 0 ≤ oldSize ≤ newSize.
 */
export function consistencyProofRanges(oldSize: number, newSize: number): LeafRange[] {
  checkIndex('oldSize', oldSize);
  checkIndex('newSize', newSize);
  if (oldSize > newSize) throw new RangeError(`old size ${oldSize} is above new size ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const out: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize; // relative to start
  let haveOldRoot = true; // RFC 9162's b
  for (;;) {
    const size = end - start;
    if (m === size) {
      if (!haveOldRoot) out.push({ start, end });
      break;
    }
    const k = splitPoint(size);
    if (m <= k) {
      out.push({ start: start + k, end });
      end = start + k;
    } else {
      out.push({ start, end: start + k });
      start += k;
      m -= k;
      haveOldRoot = false;
    }
  }
  return out.reverse();
}

/** Inclusion proof for leaf `index` in the tree of `treeSize`, from complete-subtree hashes. */
export function inclusionProofFromSubtrees(
  hasher: Hasher,
  getHash: SubtreeHashes,
  index: number,
  treeSize: number,
): Uint8Array[] {
  return inclusionProofRanges(index, treeSize).map((r) =>
    rangeHash(hasher, getHash, r.start, r.end),
  );
}

/**
 * Inclusion proof for leaf `index` in the tree made of the first `treeSize` of `leafHashes`
 * (all of them by default).
 */
export function inclusionProof(
  hasher: Hasher,
  leafHashes: readonly Uint8Array[],
  index: number,
  treeSize: number = leafHashes.length,
): Uint8Array[] {
  if (treeSize > leafHashes.length) {
    throw new RangeError(`tree size ${treeSize} is above the ${leafHashes.length} leaves given`);
  }
  return inclusionProofFromSubtrees(
    hasher,
    memorySubtreeHashes(hasher, leafHashes),
    index,
    treeSize,
  );
}

/** Consistency proof from the tree of `oldSize` to the tree of `newSize`, from complete-subtree hashes. */
export function consistencyProofFromSubtrees(
  hasher: Hasher,
  getHash: SubtreeHashes,
  oldSize: number,
  newSize: number,
): Uint8Array[] {
  return consistencyProofRanges(oldSize, newSize).map((r) =>
    rangeHash(hasher, getHash, r.start, r.end),
  );
}

/**
 * Consistency proof between the trees made of the first `oldSize` and the first `newSize` of
 * `leafHashes` (all of them by default).
 */
export function consistencyProof(
  hasher: Hasher,
  leafHashes: readonly Uint8Array[],
  oldSize: number,
  newSize: number = leafHashes.length,
): Uint8Array[] {
  if (newSize > leafHashes.length) {
    throw new RangeError(`tree size ${newSize} is above the ${leafHashes.length} leaves given`);
  }
  return consistencyProofFromSubtrees(
    hasher,
    memorySubtreeHashes(hasher, leafHashes),
    oldSize,
    newSize,
  );
}

function checkHash(what: string, hash: Uint8Array): void {
  if (hash.length !== HASH_SIZE) {
    throw new LogVerificationError(
      'hash_length',
      `${what} is ${hash.length} bytes long, not ${HASH_SIZE}`,
    );
  }
}

function checkSize(what: string, value: number): void {
  if (!isIndex(value)) {
    throw new LogVerificationError(
      'size_out_of_range',
      `${what} ${value} is not a safe non-negative integer`,
    );
  }
}

/**
 * The root hash that an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1–4, with step 5's
 * check that sn ends at 0). Throws a {@link LogVerificationError} for an index out of range,
 * hashes of the wrong length, or a proof of the wrong length.
 */
export function rootFromInclusionProof(
  hasher: Hasher,
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
): Uint8Array {
  checkSize('index', index);
  checkSize('tree size', treeSize);
  // 1. leaf_index must be below tree_size.
  if (index >= treeSize) {
    throw new LogVerificationError(
      'index_out_of_range',
      `leaf index ${index} is not below tree size ${treeSize}`,
    );
  }
  checkHash('leaf hash', leafHash);
  proof.forEach((p, i) => checkHash(`proof[${i}]`, p));
  // 2. fn = leaf_index, sn = tree_size - 1. 3. r = hash.
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  // 4. For each p in inclusion_path:
  for (const p of proof) {
    // a. If sn is 0, stop and fail.
    if (sn === 0) {
      throw new LogVerificationError(
        'proof_length',
        `inclusion proof has more than the hashes needed for index ${index} in tree size ${treeSize}`,
      );
    }
    // b. If LSB(fn) is set or fn == sn: r = HASH(0x01 ‖ p ‖ r), and unless LSB(fn) is set,
    //    right-shift fn and sn until LSB(fn) is set or fn is 0. Otherwise r = HASH(0x01 ‖ r ‖ p).
    if (lsb(fn) || fn === sn) {
      r = nodeHash(hasher, p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(hasher, r, p);
    }
    // c. Right-shift fn and sn once.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn must be 0.
  if (sn !== 0) {
    throw new LogVerificationError(
      'proof_length',
      `inclusion proof has fewer than the hashes needed for index ${index} in tree size ${treeSize}`,
    );
  }
  return r;
}

/**
 * Verifies that `leafHash` is the leaf at `index` in the tree of `treeSize` with root `root`
 * (RFC 9162 §2.1.3.2). Returns nothing on success; throws a {@link LogVerificationError} with code
 * 'index_out_of_range', 'size_out_of_range', 'hash_length', 'proof_length' or 'root_mismatch'.
 *
 * An inclusion proof does not authenticate the tree size by itself: check that `root` and
 * `treeSize` come together from a verified checkpoint.
 */
export function verifyInclusion(
  hasher: Hasher,
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkHash('root hash', root);
  const computed = rootFromInclusionProof(hasher, leafHash, index, treeSize, proof);
  if (!bytesEqual(computed, root)) {
    throw new LogVerificationError(
      'root_mismatch',
      `inclusion proof for index ${index} leads to root ${toHex(computed)}, not ${toHex(root)}`,
    );
  }
}

/**
 * Verifies that the tree of `oldSize` with root `oldRoot` is a prefix of the tree of `newSize`
 * with root `newRoot` (RFC 9162 §2.1.4.2 for 0 < oldSize < newSize). The cases the RFC leaves
 * out: equal sizes need an empty proof and equal roots; old size 0 needs an empty proof and
 * `oldRoot` equal to the empty-tree hash. Returns nothing on success; throws a
 * {@link LogVerificationError} otherwise.
 */
export function verifyConsistency(
  hasher: Hasher,
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  checkSize('old tree size', oldSize);
  checkSize('new tree size', newSize);
  if (oldSize > newSize) {
    throw new LogVerificationError(
      'size_out_of_range',
      `old tree size ${oldSize} is above new tree size ${newSize}`,
    );
  }
  checkHash('old root hash', oldRoot);
  checkHash('new root hash', newRoot);
  proof.forEach((p, i) => checkHash(`proof[${i}]`, p));

  if (oldSize === newSize || oldSize === 0) {
    if (proof.length !== 0) {
      throw new LogVerificationError(
        'proof_length',
        `consistency proof from size ${oldSize} to ${newSize} must be empty`,
      );
    }
    const expected = oldSize === 0 ? emptyRootHash(hasher) : newRoot;
    if (!bytesEqual(oldRoot, expected)) {
      throw new LogVerificationError(
        'root_mismatch',
        oldSize === 0
          ? `root hash of the empty tree must be ${toHex(expected)}, got ${toHex(oldRoot)}`
          : `trees of the same size ${oldSize} have different roots`,
      );
    }
    return;
  }

  // 1. An empty consistency_path fails.
  if (proof.length === 0) {
    throw new LogVerificationError(
      'proof_length',
      `consistency proof from size ${oldSize} to ${newSize} is empty`,
    );
  }
  // 2. If first is an exact power of 2, prepend first_hash to the path.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  // 3. fn = first - 1, sn = second - 1.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // 4. If LSB(fn) is set, right-shift fn and sn until LSB(fn) is not set.
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5. fr = sr = the first value of the path.
  let fr = path[0]!;
  let sr = path[0]!;
  // 6. For each subsequent value c:
  for (const c of path.slice(1)) {
    // a. If sn is 0, stop and fail.
    if (sn === 0) {
      throw new LogVerificationError(
        'proof_length',
        `consistency proof from size ${oldSize} to ${newSize} has too many hashes`,
      );
    }
    // b. If LSB(fn) is set or fn == sn: fr = HASH(0x01 ‖ c ‖ fr), sr = HASH(0x01 ‖ c ‖ sr), and
    //    unless LSB(fn) is set, right-shift fn and sn until LSB(fn) is set or fn is 0.
    //    Otherwise sr = HASH(0x01 ‖ sr ‖ c).
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(hasher, c, fr);
      sr = nodeHash(hasher, c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(hasher, sr, c);
    }
    // c. Right-shift fn and sn once.
    fn = half(fn);
    sn = half(sn);
  }
  // 7. sn must be 0, fr must equal first_hash and sr second_hash.
  if (sn !== 0) {
    throw new LogVerificationError(
      'proof_length',
      `consistency proof from size ${oldSize} to ${newSize} has too few hashes`,
    );
  }
  if (!bytesEqual(fr, oldRoot)) {
    throw new LogVerificationError(
      'root_mismatch',
      `consistency proof leads to old root ${toHex(fr)}, not ${toHex(oldRoot)}`,
    );
  }
  if (!bytesEqual(sr, newRoot)) {
    throw new LogVerificationError(
      'root_mismatch',
      `consistency proof leads to new root ${toHex(sr)}, not ${toHex(newRoot)}`,
    );
  }
}
