import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  consistencyProofRanges,
  emptyRootHash,
  inclusionProof,
  inclusionProofRanges,
  leafHash,
  LogVerificationError,
  memorySubtreeHashes,
  nodeHash,
  rootFromInclusionProof,
  rootHash,
  verifyConsistency,
  verifyInclusion,
  type LogVerificationErrorCode,
} from '../../src/log/index.ts';
import { concat, flipBit, fromHex, sha256, toHex } from './crypto-helpers.ts';

/*
 * Known answers from the reference tree of transparency-dev/merkle (the Go successor of
 * Certificate Transparency's merkletree code), testonly/constants.go: LeafInputs, NodeHashes and
 * RootHashes; the proofs are from proof/verify_test.go (inclusionProofs, consistencyProofs) and
 * testonly/reference_test.go (TestRefInclusionProof, TestRefConsistencyProof).
 * https://github.com/transparency-dev/merkle
 */
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex);

const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

/** Root hashes indexed by tree size, 0 to 8. */
const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const INCLUSION_PROOFS: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 2,
    proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7'],
  },
  {
    index: 1,
    size: 2,
    proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'],
  },
  {
    index: 2,
    size: 3,
    proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
  },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const CONSISTENCY_PROOFS: { m: number; n: number; proof: string[] }[] = [
  { m: 1, n: 1, proof: [] },
  {
    m: 1,
    n: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    m: 6,
    n: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    m: 2,
    n: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    m: 6,
    n: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

/** From proof/verify_test.go: a 32-byte hash that is no root of the reference tree. */
const SOME_HASH = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');
const EMPTY_ROOT = fromHex(ROOT_HASHES[0]!);

const leafHashes = LEAF_INPUTS.map((entry) => leafHash(sha256, entry));
const root = (size: number) => fromHex(ROOT_HASHES[size]!);
const hexes = (hashes: readonly Uint8Array[]) => hashes.map(toHex);

function codeOf(run: () => void): LogVerificationErrorCode | 'passed' {
  try {
    run();
    return 'passed';
  } catch (error) {
    if (error instanceof LogVerificationError) return error.code;
    throw error;
  }
}

// Reference implementation straight from the recursive definitions of RFC 9162 §2.1.1, §2.1.3.1
// and §2.1.4.1, over entries, to cross-check the iterative code on random trees.
function refRoot(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length === 0) return emptyRootHash(sha256);
  if (entries.length === 1) return leafHash(sha256, entries[0]!);
  const k = largestPowerOfTwoBelow(entries.length);
  return nodeHash(sha256, refRoot(entries.slice(0, k)), refRoot(entries.slice(k)));
}
function refPath(m: number, entries: readonly Uint8Array[]): Uint8Array[] {
  if (entries.length <= 1) return [];
  const k = largestPowerOfTwoBelow(entries.length);
  return m < k
    ? [...refPath(m, entries.slice(0, k)), refRoot(entries.slice(k))]
    : [...refPath(m - k, entries.slice(k)), refRoot(entries.slice(0, k))];
}
function refSubproof(m: number, entries: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = entries.length;
  if (m === n) return b ? [] : [refRoot(entries)];
  const k = largestPowerOfTwoBelow(n);
  return m <= k
    ? [...refSubproof(m, entries.slice(0, k), b), refRoot(entries.slice(k))]
    : [...refSubproof(m - k, entries.slice(k), false), refRoot(entries.slice(0, k))];
}
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

describe('Merkle tree hashes (RFC 9162 §2.1.1)', () => {
  it('hashes the empty tree to SHA-256 of nothing', () => {
    expect(toHex(emptyRootHash(sha256))).toBe(ROOT_HASHES[0]);
    expect(toHex(rootHash(sha256, []))).toBe(ROOT_HASHES[0]);
  });

  it('computes the reference leaf and node hashes', () => {
    const getHash = memorySubtreeHashes(sha256, leafHashes);
    NODE_HASHES.forEach((level, l) =>
      level.forEach((hash, i) => expect(toHex(getHash(l, i))).toBe(hash)),
    );
    expect(toHex(nodeHash(sha256, leafHashes[0]!, leafHashes[1]!))).toBe(NODE_HASHES[1]![0]);
  });

  it('computes the reference root of every tree size from 0 to 8', () => {
    for (let size = 0; size <= 8; size++) {
      expect(toHex(rootHash(sha256, leafHashes.slice(0, size)))).toBe(ROOT_HASHES[size]);
    }
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it.each(INCLUSION_PROOFS)(
    'generates and verifies the known proof of leaf $index in tree size $size',
    ({ index, size, proof }) => {
      const generated = inclusionProof(sha256, leafHashes, index, size);
      expect(hexes(generated)).toEqual(proof);
      expect(hexes(inclusionProof(sha256, leafHashes.slice(0, size), index))).toEqual(proof);
      verifyInclusion(sha256, leafHashes[index]!, index, size, proof.map(fromHex), root(size));
      expect(
        toHex(rootFromInclusionProof(sha256, leafHashes[index]!, index, size, generated)),
      ).toBe(ROOT_HASHES[size]);
    },
  );

  // The probes of corruptInclusionProof in transparency-dev/merkle proof/verify_test.go.
  it.each(INCLUSION_PROOFS.filter((v) => v.proof.length > 0))(
    'rejects every corruption of the proof of leaf $index in tree size $size',
    ({ index, size, proof: hexProof }) => {
      const proof = hexProof.map(fromHex);
      const leaf = leafHashes[index]!;
      const r = root(size);
      const probes: [string, () => void][] = [
        ['index - 1', () => verifyInclusion(sha256, leaf, index - 1, size, proof, r)],
        ['index + 1', () => verifyInclusion(sha256, leaf, index + 1, size, proof, r)],
        ['index ^ 2', () => verifyInclusion(sha256, leaf, index ^ 2, size, proof, r)],
        ['size * 2', () => verifyInclusion(sha256, leaf, index, size * 2, proof, r)],
        ['size / 2', () => verifyInclusion(sha256, leaf, index, Math.floor(size / 2), proof, r)],
        ['wrong leaf', () => verifyInclusion(sha256, SOME_HASH, index, size, proof, r)],
        ['empty root', () => verifyInclusion(sha256, leaf, index, size, proof, EMPTY_ROOT)],
        ['random root', () => verifyInclusion(sha256, leaf, index, size, proof, SOME_HASH)],
        [
          'trailing garbage',
          () => verifyInclusion(sha256, leaf, index, size, [...proof, new Uint8Array(0)], r),
        ],
        ['trailing root', () => verifyInclusion(sha256, leaf, index, size, [...proof, r], r)],
        [
          'preceding garbage',
          () => verifyInclusion(sha256, leaf, index, size, [new Uint8Array(0), ...proof], r),
        ],
        ['preceding root', () => verifyInclusion(sha256, leaf, index, size, [r, ...proof], r)],
        [
          'removed component',
          () => verifyInclusion(sha256, leaf, index, size, proof.slice(0, -1), r),
        ],
        ...proof.map((_, i): [string, () => void] => [
          `proof[${i}] bit 3 flipped`,
          () =>
            verifyInclusion(
              sha256,
              leaf,
              index,
              size,
              proof.map((p, j) => (j === i ? flipBit(p, 3) : p)),
              r,
            ),
        ]),
      ];
      if (proof.length > 1) {
        probes.push([
          'inserted component',
          () =>
            verifyInclusion(
              sha256,
              leaf,
              index,
              size,
              [proof[0]!, SOME_HASH, ...proof.slice(1)],
              r,
            ),
        ]);
      }
      for (const [name, probe] of probes) {
        expect(codeOf(probe), name).not.toBe('passed');
      }
    },
  );

  it('reports why a proof fails', () => {
    const proof = inclusionProof(sha256, leafHashes, 5, 8);
    const leaf = leafHashes[5]!;
    expect(codeOf(() => verifyInclusion(sha256, leaf, 8, 8, proof, root(8)))).toBe(
      'index_out_of_range',
    );
    expect(codeOf(() => verifyInclusion(sha256, leaf, -1, 8, proof, root(8)))).toBe(
      'size_out_of_range',
    );
    expect(codeOf(() => verifyInclusion(sha256, leaf, 5, 8, proof.slice(1), root(8)))).toBe(
      'proof_length',
    );
    expect(codeOf(() => verifyInclusion(sha256, leaf, 5, 8, [...proof, SOME_HASH], root(8)))).toBe(
      'proof_length',
    );
    expect(codeOf(() => verifyInclusion(sha256, leaf, 5, 8, proof, root(7)))).toBe('root_mismatch');
    expect(codeOf(() => verifyInclusion(sha256, leaf.slice(1), 5, 8, proof, root(8)))).toBe(
      'hash_length',
    );
    expect(codeOf(() => verifyInclusion(sha256, leaf, 5, 8, proof, root(8).slice(1)))).toBe(
      'hash_length',
    );
  });

  // TestVerifyInclusion and TestVerifyInclusionSingleEntry of proof/verify_test.go.
  it('rejects empty proofs for impossible positions and accepts a one-leaf tree', () => {
    for (const [index, size] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 1],
    ] as const) {
      expect(
        codeOf(() => verifyInclusion(sha256, SOME_HASH, index, size, [], EMPTY_ROOT)),
      ).not.toBe('passed');
    }
    const single = leafHash(sha256, new Uint8Array([0x64, 0x61, 0x74, 0x61]));
    verifyInclusion(sha256, single, 0, 1, [], single);
    expect(codeOf(() => verifyInclusion(sha256, single, 0, 1, [], new Uint8Array(0)))).toBe(
      'hash_length',
    );
    expect(codeOf(() => verifyInclusion(sha256, new Uint8Array(0), 0, 1, [], single))).toBe(
      'hash_length',
    );
  });

  it('says which leaf ranges a proof is made of', () => {
    expect(inclusionProofRanges(5, 8)).toEqual([
      { start: 4, end: 5 },
      { start: 6, end: 8 },
      { start: 0, end: 4 },
    ]);
    expect(inclusionProofRanges(0, 1)).toEqual([]);
    expect(() => inclusionProofRanges(3, 3)).toThrow(RangeError);
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it.each(CONSISTENCY_PROOFS)(
    'generates and verifies the known proof from $m to $n',
    ({ m, n, proof }) => {
      expect(hexes(consistencyProof(sha256, leafHashes, m, n))).toEqual(proof);
      expect(hexes(consistencyProof(sha256, leafHashes.slice(0, n), m))).toEqual(proof);
      verifyConsistency(sha256, m, n, root(m), root(n), proof.map(fromHex));
    },
  );

  // The probes of corruptConsistencyProof in transparency-dev/merkle proof/verify_test.go.
  it.each(CONSISTENCY_PROOFS.filter((v) => v.proof.length > 0))(
    'rejects every corruption of the proof from $m to $n',
    ({ m, n, proof: hexProof }) => {
      const proof = hexProof.map(fromHex);
      const [r1, r2] = [root(m), root(n)];
      const check = (a: number, b: number, x: Uint8Array, y: Uint8Array, p: Uint8Array[]) => () =>
        verifyConsistency(sha256, a, b, x, y, p);
      const probes: [string, () => void][] = [
        ['m - 1', check(m - 1, n, r1, r2, proof)],
        ['m + 1', check(m + 1, n, r1, r2, proof)],
        ['m ^ 2', check(m ^ 2, n, r1, r2, proof)],
        ['n * 2', check(m, n * 2, r1, r2, proof)],
        ['n / 2', check(m, Math.floor(n / 2), r1, r2, proof)],
        ['wrong old root', check(m, n, SOME_HASH, r2, proof)],
        ['wrong new root', check(m, n, r1, SOME_HASH, proof)],
        ['swapped roots', check(m, n, r2, r1, proof)],
        ['empty proof', check(m, n, r1, r2, [])],
        ['trailing garbage', check(m, n, r1, r2, [...proof, new Uint8Array(0)])],
        ['trailing old root', check(m, n, r1, r2, [...proof, r1])],
        ['trailing new root', check(m, n, r1, r2, [...proof, r2])],
        ['preceding garbage', check(m, n, r1, r2, [new Uint8Array(0), ...proof])],
        ['preceding old root', check(m, n, r1, r2, [r1, ...proof])],
        ['preceding new root', check(m, n, r1, r2, [r2, ...proof])],
        ['preceding proof[0]', check(m, n, r1, r2, [proof[0]!, ...proof])],
        ['truncated proof', check(m, n, r1, r2, proof.slice(0, -1))],
        ...proof.map((_, i): [string, () => void] => [
          `proof[${i}] bit 4 flipped`,
          check(
            m,
            n,
            r1,
            r2,
            proof.map((p, j) => (j === i ? flipBit(p, 4) : p)),
          ),
        ]),
      ];
      for (const [name, probe] of probes) {
        expect(codeOf(probe), name).not.toBe('passed');
      }
    },
  );

  it('handles the sizes RFC 9162 leaves out: equal sizes and the empty tree', () => {
    const code = (m: number, n: number, r1: Uint8Array, r2: Uint8Array, p: Uint8Array[] = []) =>
      codeOf(() => verifyConsistency(sha256, m, n, r1, r2, p));
    expect(code(0, 0, EMPTY_ROOT, EMPTY_ROOT)).toBe('passed');
    expect(code(0, 5, EMPTY_ROOT, root(5))).toBe('passed');
    expect(code(3, 3, root(3), root(3))).toBe('passed');
    expect(code(3, 3, root(3), root(4))).toBe('root_mismatch');
    // Stricter than transparency-dev/merkle, which ignores the old root when the old size is 0:
    // the empty tree has one root hash.
    expect(code(0, 5, SOME_HASH, root(5))).toBe('root_mismatch');
    expect(code(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBe('proof_length');
    expect(code(0, 1, EMPTY_ROOT, root(1), [EMPTY_ROOT])).toBe('proof_length');
    expect(code(1, 1, root(1), root(1), [EMPTY_ROOT])).toBe('proof_length');
    expect(code(1, 0, root(1), EMPTY_ROOT)).toBe('size_out_of_range');
    expect(code(2, 1, root(2), root(1))).toBe('size_out_of_range');
    expect(code(1, 2, root(1), root(2))).toBe('proof_length');
    expect(code(1, 2, root(1).slice(1), root(2))).toBe('hash_length');
  });

  it('says which leaf ranges a proof is made of', () => {
    expect(consistencyProofRanges(6, 8)).toEqual([
      { start: 4, end: 6 },
      { start: 6, end: 8 },
      { start: 0, end: 4 },
    ]);
    expect(consistencyProofRanges(0, 8)).toEqual([]);
    expect(consistencyProofRanges(8, 8)).toEqual([]);
    expect(() => consistencyProofRanges(9, 8)).toThrow(RangeError);
  });
});

/** Distinct entries, so that no two leaves share a hash. */
const entriesArb = fc
  .tuple(fc.integer({ min: 1, max: 70 }), fc.uint8Array({ maxLength: 8 }))
  .map(([n, salt]) =>
    Array.from({ length: n }, (_, i) => concat(new Uint8Array([i >> 8, i & 255]), salt)),
  );

describe('proof properties on random trees', () => {
  it('every inclusion proof equals the RFC definition, verifies, and fails when any bit is flipped', () => {
    fc.assert(
      fc.property(entriesArb, fc.nat(), fc.nat(), (entries, indexSeed, bitSeed) => {
        const size = entries.length;
        const index = indexSeed % size;
        const leaves = entries.map((e) => leafHash(sha256, e));
        const treeRoot = rootHash(sha256, leaves);
        expect(toHex(treeRoot)).toBe(toHex(refRoot(entries)));
        const proof = inclusionProof(sha256, leaves, index);
        expect(hexes(proof)).toEqual(hexes(refPath(index, entries)));
        verifyInclusion(sha256, leaves[index]!, index, size, proof, treeRoot);

        const bit = bitSeed % 256;
        const leaf = leaves[index]!;
        expect(
          codeOf(() => verifyInclusion(sha256, flipBit(leaf, bit), index, size, proof, treeRoot)),
        ).not.toBe('passed');
        expect(
          codeOf(() => verifyInclusion(sha256, leaf, index, size, proof, flipBit(treeRoot, bit))),
        ).not.toBe('passed');
        proof.forEach((_, i) => {
          const bad = proof.map((p, j) => (j === i ? flipBit(p, bit) : p));
          expect(codeOf(() => verifyInclusion(sha256, leaf, index, size, bad, treeRoot))).not.toBe(
            'passed',
          );
        });
        for (let b = 0; 2 ** b <= Math.max(index, size) * 2; b++) {
          const other = index % 2 ** (b + 1) >= 2 ** b ? index - 2 ** b : index + 2 ** b; // index with bit b flipped
          expect(
            codeOf(() => verifyInclusion(sha256, leaf, other, size, proof, treeRoot)),
          ).not.toBe('passed');
        }
      }),
    );
  });

  it('every consistency proof equals the RFC definition, verifies, and fails when tampered with', () => {
    fc.assert(
      fc.property(entriesArb, fc.nat(), fc.nat(), (entries, mSeed, bitSeed) => {
        const n = entries.length;
        const m = mSeed % (n + 1);
        const leaves = entries.map((e) => leafHash(sha256, e));
        const oldRoot = rootHash(sha256, leaves.slice(0, m));
        const newRoot = rootHash(sha256, leaves);
        const proof = consistencyProof(sha256, leaves, m);
        const expected = m === 0 ? [] : refSubproof(m, entries, true);
        expect(hexes(proof)).toEqual(hexes(expected));
        verifyConsistency(sha256, m, n, oldRoot, newRoot, proof);

        const bit = bitSeed % 256;
        const fails = (a: Uint8Array, b: Uint8Array, p: Uint8Array[]) =>
          codeOf(() => verifyConsistency(sha256, m, n, a, b, p)) !== 'passed';
        expect(fails(flipBit(oldRoot, bit), newRoot, proof)).toBe(true);
        if (m > 0) expect(fails(oldRoot, flipBit(newRoot, bit), proof)).toBe(true);
        proof.forEach((_, i) => {
          expect(
            fails(
              oldRoot,
              newRoot,
              proof.map((p, j) => (j === i ? flipBit(p, bit) : p)),
            ),
          ).toBe(true);
        });
        if (proof.length > 0) expect(fails(oldRoot, newRoot, proof.slice(0, -1))).toBe(true);
        expect(fails(oldRoot, newRoot, [...proof, newRoot])).toBe(true);
      }),
    );
  });
});
