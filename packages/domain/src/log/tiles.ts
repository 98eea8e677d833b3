/**
 * C2SP tlog-tiles: the Merkle tree served as tiles of 256 hashes ("tile/<L>/<N>[.p/<W>]") and the
 * entries as bundles ("tile/entries/<N>[.p/<W>]"). Path encoding, which tiles a tree size or a
 * range needs, tile and entry-bundle contents, and complete-subtree hashes read from tiles (so a
 * server can generate proofs from stored tiles with merkle.ts).
 *
 * Levels: a tile at tile level L holds Merkle tree hashes at tree level 8·L; hash i of tile N at
 * level L is the tree hash of the 256^L leaves starting at (N·256 + i)·256^L.
 */
import { concatBytes, isIndex } from './bytes.ts';
import type { Hasher } from './crypto.ts';
import { LogFormatError } from './errors.ts';
import { HASH_SIZE, nodeHash, type SubtreeHashes } from './merkle.ts';

/** Tree levels spanned by one tile. */
export const TILE_HEIGHT = 8;

/** Hashes in a full tile, and entries in a full entry bundle. */
export const TILE_WIDTH = 256;

/** Highest tile level a path may name. */
export const MAX_TILE_LEVEL = 63;

/** Largest entry an entry bundle can hold (uint16 length prefix). */
export const MAX_ENTRY_SIZE = 0xffff;

/** A tile of hashes: its level, its index within the level, and its width (256 when full). */
export interface TileId {
  readonly level: number;
  readonly index: number;
  /** Number of hashes: 256 for a full tile, 1–255 for a partial one. */
  readonly width: number;
}

/** What a tile path names: a tile of hashes or an entry bundle. */
export type TilePath =
  | {
      readonly kind: 'hashes';
      readonly level: number;
      readonly index: number;
      readonly width: number;
    }
  | { readonly kind: 'entries'; readonly index: number; readonly width: number };

function badPath(message: string): LogFormatError {
  return new LogFormatError('malformed_tile_path', message);
}

function checkIndex(name: string, value: number): void {
  if (!isIndex(value))
    throw new RangeError(`${name} must be a safe non-negative integer, got ${value}`);
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new RangeError(`tile width must be an integer from 1 to ${TILE_WIDTH}, got ${width}`);
  }
}

/**
 * Encodes a tile index as zero-padded 3-digit path elements, all but the last prefixed with "x":
 * 1234067 → "x001/x234/067", 5 → "005".
 */
export function formatTileIndex(index: number): string {
  checkIndex('tile index', index);
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const elements: string[] = [];
  for (let i = 0; i < digits.length; i += 3) elements.push(digits.slice(i, i + 3));
  return elements.map((e, i) => (i < elements.length - 1 ? `x${e}` : e)).join('/');
}

/**
 * Decodes the index part of a tile path ("x001/x234/067"), accepting only the canonical encoding
 * (no superfluous "x000" elements). Throws a LogFormatError ('malformed_tile_path').
 */
export function parseTileIndex(text: string): number {
  const elements = text.split('/');
  let digits = '';
  elements.forEach((element, i) => {
    const last = i === elements.length - 1;
    if (!(last ? /^[0-9]{3}$/ : /^x[0-9]{3}$/).test(element)) {
      throw badPath(`tile index element ${JSON.stringify(element)} is malformed`);
    }
    digits += last ? element : element.slice(1);
  });
  const index = Number(digits);
  if (!Number.isSafeInteger(index)) throw badPath(`tile index ${digits} is above 2^53 - 1`);
  if (formatTileIndex(index) !== text)
    throw badPath(`tile index ${JSON.stringify(text)} is not canonical`);
  return index;
}

function widthSuffix(width: number): string {
  checkWidth(width);
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** The path of a tile of hashes: "tile/<L>/<N>" when full, "tile/<L>/<N>.p/<W>" when partial. */
export function tilePath(tile: TileId): string {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_TILE_LEVEL) {
    throw new RangeError(
      `tile level must be an integer from 0 to ${MAX_TILE_LEVEL}, got ${tile.level}`,
    );
  }
  return `tile/${tile.level}/${formatTileIndex(tile.index)}${widthSuffix(tile.width)}`;
}

/** The path of an entry bundle: "tile/entries/<N>", or "tile/entries/<N>.p/<W>" when partial. */
export function entryBundlePath(index: number, width: number = TILE_WIDTH): string {
  return `tile/entries/${formatTileIndex(index)}${widthSuffix(width)}`;
}

/**
 * Parses a tile or entry-bundle path relative to the log prefix ("tile/0/x001/067.p/8",
 * "tile/entries/000"), accepting only canonical encodings: level 0–63 without leading zeros,
 * canonical index, width 1–255 without leading zeros. Throws a LogFormatError.
 */
export function parseTilePath(path: string): TilePath {
  const match = /^tile\/(entries|[^/]+)\/(.+?)(?:\.p\/([^/]+))?$/.exec(path);
  if (match === null) throw badPath(`${JSON.stringify(path)} is not a tile path`);
  const [, levelText, indexText, widthText] = match;
  let width = TILE_WIDTH;
  if (widthText !== undefined) {
    if (!/^[1-9][0-9]{0,2}$/.test(widthText) || Number(widthText) >= TILE_WIDTH) {
      throw badPath(
        `partial tile width ${JSON.stringify(widthText)} is not 1 to ${TILE_WIDTH - 1}`,
      );
    }
    width = Number(widthText);
  }
  const index = parseTileIndex(indexText!);
  if (levelText === 'entries') return { kind: 'entries', index, width };
  if (!/^(0|[1-9][0-9]?)$/.test(levelText!) || Number(levelText) > MAX_TILE_LEVEL) {
    throw badPath(`tile level ${JSON.stringify(levelText)} is not 0 to ${MAX_TILE_LEVEL}`);
  }
  return { kind: 'hashes', level: Number(levelText), index, width };
}

/** Number of hashes a tree of `treeSize` leaves has at tile level `level`: floor(treeSize / 256^level). */
function hashesAtLevel(treeSize: number, level: number): number {
  return Math.floor(treeSize / TILE_WIDTH ** level);
}

/**
 * How a tree of `treeSize` leaves is tiled at tile level `level`: the number of full tiles and
 * the width of the partial tile after them (0 when there is none). Entry bundles follow level 0.
 * A tree of 70,000 has, at level 0, 273 full tiles and a partial one of 112.
 */
export function tileCounts(
  treeSize: number,
  level: number,
): { readonly full: number; readonly partialWidth: number } {
  checkIndex('tree size', treeSize);
  checkIndex('tile level', level);
  const hashes = hashesAtLevel(treeSize, level);
  return { full: Math.floor(hashes / TILE_WIDTH), partialWidth: hashes % TILE_WIDTH };
}

/**
 * The tiles at tile level `level`, with their widths in a tree of `treeSize` leaves, that hold
 * hashes [start, end) of that level; at level 0 these are leaf indices, and the same indices and
 * widths name the entry bundles holding entries [start, end). Throws a RangeError if the range
 * reaches beyond the tree.
 */
export function tilesForRange(treeSize: number, start: number, end: number, level = 0): TileId[] {
  checkIndex('tree size', treeSize);
  checkIndex('start', start);
  checkIndex('end', end);
  checkIndex('tile level', level);
  const hashes = hashesAtLevel(treeSize, level);
  if (start > end || end > hashes) {
    throw new RangeError(
      `range [${start}, ${end}) is not within the ${hashes} hashes at tile level ${level}`,
    );
  }
  const tiles: TileId[] = [];
  if (start === end) return tiles;
  const last = Math.floor((end - 1) / TILE_WIDTH);
  for (let index = Math.floor(start / TILE_WIDTH); index <= last; index++) {
    tiles.push({ level, index, width: Math.min(TILE_WIDTH, hashes - index * TILE_WIDTH) });
  }
  return tiles;
}

/**
 * Where the hashes that make up a complete subtree live: the tile (level and index) and the run
 * of `count` hashes from `offset` whose tree hash is the subtree's hash. A subtree at tree level
 * 8·L is a single hash of a tile at level L; one at 8·L + h takes 2^h hashes of such a tile.
 */
export function tileForSubtree(
  level: number,
  index: number,
): {
  readonly tileLevel: number;
  readonly tileIndex: number;
  readonly offset: number;
  readonly count: number;
} {
  checkIndex('level', level);
  checkIndex('index', index);
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const count = 2 ** (level % TILE_HEIGHT);
  const first = index * count;
  if (!Number.isSafeInteger(first))
    throw new RangeError(`subtree (${level}, ${index}) is beyond 2^53 leaves`);
  return {
    tileLevel,
    tileIndex: Math.floor(first / TILE_WIDTH),
    offset: first % TILE_WIDTH,
    count,
  };
}

/**
 * Reads a tile's contents (the concatenated 32-byte hashes, full or partial) for subtree hashing.
 * For a given tree size, ask for the width {@link tilesForRange} gives, or a full tile.
 */
export type TileReader = (tileLevel: number, tileIndex: number) => Uint8Array;

/**
 * The hash of the complete subtree at tree `level` and `index`, computed from stored tiles:
 * a {@link SubtreeHashes} for proof generation is `(l, i) => subtreeHashFromTiles(hasher, l, i, read)`.
 * Throws a LogFormatError ('malformed_tile') if the tile read is not whole hashes or too short.
 */
export function subtreeHashFromTiles(
  hasher: Hasher,
  level: number,
  index: number,
  readTile: TileReader,
): Uint8Array {
  const { tileLevel, tileIndex, offset, count } = tileForSubtree(level, index);
  const data = readTile(tileLevel, tileIndex);
  if (data.length % HASH_SIZE !== 0 || data.length > TILE_WIDTH * HASH_SIZE) {
    throw new LogFormatError(
      'malformed_tile',
      `tile ${tileLevel}/${tileIndex} is ${data.length} bytes, not whole hashes`,
    );
  }
  if ((offset + count) * HASH_SIZE > data.length) {
    throw new LogFormatError(
      'malformed_tile',
      `tile ${tileLevel}/${tileIndex} has ${data.length / HASH_SIZE} hashes; subtree (${level}, ${index}) needs ${offset + count}`,
    );
  }
  let hashes: Uint8Array[] = [];
  for (let i = offset; i < offset + count; i++)
    hashes.push(data.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  while (hashes.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < hashes.length; i += 2)
      next.push(nodeHash(hasher, hashes[i]!, hashes[i + 1]!));
    hashes = next;
  }
  return hashes[0]!;
}

/** The contents of a tile (its hashes, concatenated), from complete-subtree hashes. */
export function tileContents(getHash: SubtreeHashes, tile: TileId): Uint8Array {
  checkIndex('tile level', tile.level);
  checkIndex('tile index', tile.index);
  checkWidth(tile.width);
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < tile.width; i++)
    hashes.push(getHash(TILE_HEIGHT * tile.level, tile.index * TILE_WIDTH + i));
  return encodeTile(hashes);
}

/** Concatenates 1 to 256 hashes of 32 bytes into a tile. */
export function encodeTile(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length < 1 || hashes.length > TILE_WIDTH) {
    throw new LogFormatError(
      'malformed_tile',
      `a tile holds 1 to ${TILE_WIDTH} hashes, not ${hashes.length}`,
    );
  }
  for (const hash of hashes) {
    if (hash.length !== HASH_SIZE)
      throw new LogFormatError('malformed_tile', `tile hash is ${hash.length} bytes`);
  }
  return concatBytes(...hashes);
}

/** Splits a tile into its 1 to 256 hashes. Throws a LogFormatError ('malformed_tile'). */
export function decodeTile(data: Uint8Array): Uint8Array[] {
  const count = data.length / HASH_SIZE;
  if (!Number.isInteger(count) || count < 1 || count > TILE_WIDTH) {
    throw new LogFormatError(
      'malformed_tile',
      `tile of ${data.length} bytes is not 1 to ${TILE_WIDTH} hashes`,
    );
  }
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < count; i++) hashes.push(data.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return hashes;
}

/**
 * Encodes an entry bundle: each of the (at most 256) entries preceded by its length as a
 * big-endian uint16. Throws a LogFormatError ('malformed_entry_bundle') for an entry over 65,535
 * bytes or too many entries.
 */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > TILE_WIDTH) {
    throw new LogFormatError(
      'malformed_entry_bundle',
      `a bundle holds at most ${TILE_WIDTH} entries, not ${entries.length}`,
    );
  }
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_SIZE) {
      throw new LogFormatError(
        'malformed_entry_bundle',
        `entry of ${entry.length} bytes is over ${MAX_ENTRY_SIZE}`,
      );
    }
    parts.push(Uint8Array.of(entry.length >> 8, entry.length & 0xff), entry);
  }
  return concatBytes(...parts);
}

/**
 * Decodes an entry bundle into its entries, strictly: no truncated length or entry, at most 256
 * entries. Throws a LogFormatError ('malformed_entry_bundle').
 */
export function decodeEntryBundle(data: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (entries.length === TILE_WIDTH) {
      throw new LogFormatError(
        'malformed_entry_bundle',
        `bundle holds more than ${TILE_WIDTH} entries`,
      );
    }
    if (offset + 2 > data.length)
      throw new LogFormatError('malformed_entry_bundle', 'bundle ends inside a length prefix');
    const length = (data[offset]! << 8) | data[offset + 1]!;
    offset += 2;
    if (offset + length > data.length)
      throw new LogFormatError('malformed_entry_bundle', 'bundle ends inside an entry');
    entries.push(data.slice(offset, offset + length));
    offset += length;
  }
  return entries;
}
