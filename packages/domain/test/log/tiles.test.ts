import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  consistencyProofFromSubtrees,
  decodeEntryBundle,
  decodeTile,
  encodeEntryBundle,
  encodeTile,
  entryBundlePath,
  formatTileIndex,
  inclusionProof,
  inclusionProofFromSubtrees,
  leafHash,
  LogFormatError,
  memorySubtreeHashes,
  parseTileIndex,
  parseTilePath,
  rootHash,
  rootHashFromSubtrees,
  subtreeHashFromTiles,
  tileContents,
  tileCounts,
  tileForSubtree,
  tilePath,
  tilesForRange,
  verifyConsistency,
  verifyInclusion,
  type SubtreeHashes,
} from '../../src/log/index.ts';
import { sha256, toHex } from './crypto-helpers.ts';

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'passed';
  } catch (error) {
    if (error instanceof LogFormatError) return error.code;
    throw error;
  }
}

describe('tile paths (C2SP tlog-tiles)', () => {
  it('encodes indices in 3-digit elements as the spec shows', () => {
    expect(formatTileIndex(1234067)).toBe('x001/x234/067'); // the spec's example
    expect(formatTileIndex(0)).toBe('000');
    expect(formatTileIndex(999)).toBe('999');
    expect(formatTileIndex(1000)).toBe('x001/000');
    expect(formatTileIndex(Number.MAX_SAFE_INTEGER)).toBe('x009/x007/x199/x254/x740/991');
    expect(parseTileIndex('x001/x234/067')).toBe(1234067);
  });

  it('formats tile and entry-bundle paths', () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 1, index: 1234067, width: 8 })).toBe('tile/1/x001/x234/067.p/8');
    expect(entryBundlePath(1234067)).toBe('tile/entries/x001/x234/067');
    expect(entryBundlePath(5, 112)).toBe('tile/entries/005.p/112');
    expect(() => tilePath({ level: 64, index: 0, width: 256 })).toThrow(RangeError);
    expect(() => tilePath({ level: 0, index: 0, width: 0 })).toThrow(RangeError);
    expect(() => entryBundlePath(0, 257)).toThrow(RangeError);
  });

  it('parses paths back, canonical encodings only', () => {
    expect(parseTilePath('tile/1/x001/x234/067.p/8')).toEqual({
      kind: 'hashes',
      level: 1,
      index: 1234067,
      width: 8,
    });
    expect(parseTilePath('tile/63/000')).toEqual({
      kind: 'hashes',
      level: 63,
      index: 0,
      width: 256,
    });
    expect(parseTilePath('tile/entries/x001/000.p/255')).toEqual({
      kind: 'entries',
      index: 1000,
      width: 255,
    });
    for (const bad of [
      'tile/00/000',
      'tile/64/000',
      'tile/-1/000',
      'tile/0/x000/001',
      'tile/0/1234',
      'tile/0/01',
      'tile/0/x001',
      'tile/0/001/002',
      'tile/0/x1/002',
      'tile/0/000.p/0',
      'tile/0/000.p/256',
      'tile/0/000.p/08',
      'tile/0/000.p/',
      'tile/0/000.p/8/',
      'tile/0/000/',
      'tile/entries/000.p/x',
      'tile/entries',
      '/tile/0/000',
      'tiles/0/000',
      'tile/0/x009/x007/x199/x254/x740/992',
    ]) {
      expect(
        codeOf(() => parseTilePath(bad)),
        bad,
      ).toBe('malformed_tile_path');
    }
  });

  it('parse undoes format', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 63 }),
        fc.maxSafeNat(),
        fc.integer({ min: 1, max: 256 }),
        (level, index, width) => {
          expect(parseTilePath(tilePath({ level, index, width }))).toEqual({
            kind: 'hashes',
            level,
            index,
            width,
          });
          expect(parseTilePath(entryBundlePath(index, width))).toEqual({
            kind: 'entries',
            index,
            width,
          });
          expect(parseTileIndex(formatTileIndex(index))).toBe(index);
        },
      ),
    );
  });
});

describe('which tiles a tree needs', () => {
  it('tiles the spec’s example trees of 70,000 and 256 leaves', () => {
    // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0
    // tile of width 112, one full level 1 tile, one partial level 1 tile of width 17, and one
    // partial level 2 tile of width 1" (tlog-tiles.md)
    expect(tileCounts(70_000, 0)).toEqual({ full: 273, partialWidth: 112 });
    expect(tileCounts(70_000, 1)).toEqual({ full: 1, partialWidth: 17 });
    expect(tileCounts(70_000, 2)).toEqual({ full: 0, partialWidth: 1 });
    expect(tileCounts(70_000, 3)).toEqual({ full: 0, partialWidth: 0 });
    // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1"
    expect(tileCounts(256, 0)).toEqual({ full: 1, partialWidth: 0 });
    expect(tileCounts(256, 1)).toEqual({ full: 0, partialWidth: 1 });
  });

  it('finds the tiles holding a range', () => {
    expect(tilesForRange(70_000, 0, 0)).toEqual([]);
    expect(tilesForRange(70_000, 255, 257)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 0, index: 1, width: 256 },
    ]);
    expect(tilesForRange(70_000, 69_900, 70_000)).toEqual([{ level: 0, index: 273, width: 112 }]);
    expect(tilesForRange(70_000, 0, 273, 1)).toEqual([
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(() => tilesForRange(70_000, 0, 70_001)).toThrow(RangeError);
    expect(() => tilesForRange(70_000, 0, 274, 1)).toThrow(RangeError);
  });

  it('places complete subtrees in tiles', () => {
    expect(tileForSubtree(0, 300)).toEqual({ tileLevel: 0, tileIndex: 1, offset: 44, count: 1 });
    expect(tileForSubtree(3, 40)).toEqual({ tileLevel: 0, tileIndex: 1, offset: 64, count: 8 });
    expect(tileForSubtree(8, 1)).toEqual({ tileLevel: 1, tileIndex: 0, offset: 1, count: 1 });
    expect(tileForSubtree(16, 0)).toEqual({ tileLevel: 2, tileIndex: 0, offset: 0, count: 1 });
  });
});

describe('proofs from stored tiles', () => {
  // The spec's tree of 70,000 leaves, stored as the tiles a log would serve at that size.
  const SIZE = 70_000;
  const leaves = Array.from({ length: SIZE }, (_, i) =>
    leafHash(sha256, new Uint8Array([i >> 16, (i >> 8) & 255, i & 255])),
  );
  const memory = memorySubtreeHashes(sha256, leaves);
  const stored = new Map<string, Uint8Array>();
  for (let level = 0; level <= 2; level++) {
    const { full, partialWidth } = tileCounts(SIZE, level);
    for (let index = 0; index < full; index++) {
      stored.set(`${level}/${index}`, tileContents(memory, { level, index, width: 256 }));
    }
    if (partialWidth > 0) {
      stored.set(
        `${level}/${full}`,
        tileContents(memory, { level, index: full, width: partialWidth }),
      );
    }
  }
  const readTile = (level: number, index: number) => {
    const tile = stored.get(`${level}/${index}`);
    if (tile === undefined) throw new Error(`no tile ${level}/${index}`);
    return tile;
  };
  const fromTiles: SubtreeHashes = (level, index) =>
    subtreeHashFromTiles(sha256, level, index, readTile);
  const root = rootHash(sha256, leaves);

  it('stores the tiles the spec counts, each hash a subtree of the level below', () => {
    expect(stored.size).toBe(273 + 1 + 1 + 1 + 1);
    expect(decodeTile(readTile(1, 1))).toHaveLength(17);
    expect(toHex(decodeTile(readTile(1, 0))[5]!)).toBe(
      toHex(rootHash(sha256, decodeTile(readTile(0, 5)))),
    );
    expect(toHex(decodeTile(readTile(2, 0))[0]!)).toBe(
      toHex(rootHash(sha256, leaves.slice(0, 65_536))),
    );
  });

  it('computes the same subtree hashes, root and proofs as the in-memory tree', () => {
    expect(toHex(rootHashFromSubtrees(sha256, fromTiles, SIZE))).toBe(toHex(root));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.nat(), (level, seed) => {
        const count = Math.floor(SIZE / 2 ** level);
        const index = seed % count;
        expect(toHex(fromTiles(level, index))).toBe(toHex(memory(level, index)));
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: SIZE }),
        fc.nat(),
        fc.nat(),
        (size, indexSeed, oldSeed) => {
          const index = indexSeed % size;
          const treeRoot = rootHashFromSubtrees(sha256, fromTiles, size);
          const proof = inclusionProofFromSubtrees(sha256, fromTiles, index, size);
          expect(proof.map(toHex)).toEqual(
            inclusionProofFromSubtrees(sha256, memory, index, size).map(toHex),
          );
          verifyInclusion(sha256, leaves[index]!, index, size, proof, treeRoot);
          const oldSize = oldSeed % (size + 1);
          const oldRoot = rootHashFromSubtrees(sha256, fromTiles, oldSize);
          const consistency = consistencyProofFromSubtrees(sha256, fromTiles, oldSize, size);
          verifyConsistency(sha256, oldSize, size, oldRoot, treeRoot, consistency);
        },
      ),
      { numRuns: 50 },
    );
    // The in-memory convenience functions agree.
    expect(inclusionProof(sha256, leaves, 69_999).map(toHex)).toEqual(
      inclusionProofFromSubtrees(sha256, fromTiles, 69_999, SIZE).map(toHex),
    );
    expect(consistencyProof(sha256, leaves, 65_537).map(toHex)).toEqual(
      consistencyProofFromSubtrees(sha256, fromTiles, 65_537, SIZE).map(toHex),
    );
  });

  it('refuses tiles that are too short or not whole hashes', () => {
    expect(codeOf(() => subtreeHashFromTiles(sha256, 0, 5, () => new Uint8Array(5 * 32)))).toBe(
      'malformed_tile',
    );
    expect(codeOf(() => subtreeHashFromTiles(sha256, 0, 0, () => new Uint8Array(33)))).toBe(
      'malformed_tile',
    );
    expect(codeOf(() => decodeTile(new Uint8Array(0)))).toBe('malformed_tile');
    expect(codeOf(() => decodeTile(new Uint8Array(257 * 32)))).toBe('malformed_tile');
    expect(codeOf(() => encodeTile([new Uint8Array(31)]))).toBe('malformed_tile');
  });
});

describe('entry bundles', () => {
  it('length-prefixes entries with big-endian uint16s', () => {
    const bundle = encodeEntryBundle([
      new Uint8Array(0),
      Uint8Array.of(1),
      Uint8Array.of(0x61, 0x62),
    ]);
    expect(toHex(bundle)).toBe('0000' + '000101' + '00026162');
    expect(decodeEntryBundle(bundle).map(toHex)).toEqual(['', '01', '6162']);
    const big = new Uint8Array(0xffff).fill(3);
    expect(toHex(encodeEntryBundle([big]).slice(0, 3))).toBe('ffff03');
  });

  it('refuses what cannot be a bundle', () => {
    expect(codeOf(() => encodeEntryBundle([new Uint8Array(0x10000)]))).toBe(
      'malformed_entry_bundle',
    );
    expect(
      codeOf(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array(0)))),
    ).toBe('malformed_entry_bundle');
    expect(codeOf(() => decodeEntryBundle(Uint8Array.of(0)))).toBe('malformed_entry_bundle');
    expect(codeOf(() => decodeEntryBundle(Uint8Array.of(0, 2, 1)))).toBe('malformed_entry_bundle');
    expect(codeOf(() => decodeEntryBundle(new Uint8Array(257 * 2)))).toBe('malformed_entry_bundle');
  });

  it('decode undoes encode', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 256 }), (entries) => {
        expect(decodeEntryBundle(encodeEntryBundle(entries)).map(toHex)).toEqual(
          entries.map(toHex),
        );
      }),
    );
  });
});
