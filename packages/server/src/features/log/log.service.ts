/**
 * Reads over the log for its public API: checkpoints with cosignatures, tiles, entries and proofs.
 * Proofs are computed from stored complete-subtree hashes, fetched in one query each.
 */
import {
  completeSubtrees,
  consistencyProofFromSubtrees,
  consistencyProofRanges,
  encodeEntryBundle,
  encodeTile,
  formatVerifierKey,
  inclusionProofFromSubtrees,
  inclusionProofRanges,
  TILE_HEIGHT,
  TILE_WIDTH,
  type Hasher,
  type NoteVerifierKey,
  type SubtreeId,
  type TilePath,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import * as repo from './log.repository.ts';

export interface LogService {
  /**
   * The latest signed checkpoint with the witnesses' cosignature lines appended, and when the log
   * signed it.
   */
  checkpoint(): Promise<{ size: number; note: string; createdAt: Date }>;
  /** `<prefix>/keys`: the log's verifier key, then the witnesses' keys, one per line. */
  keys(): Promise<string>;
  tile(path: TilePath): Promise<Uint8Array>;
  entries(start: number, end: number): Promise<{ index: number; entry: Uint8Array }[]>;
  inclusionProof(index: number, treeSize: number): Promise<Uint8Array[]>;
  indexOfLeafHash(hash: Uint8Array, treeSize: number): Promise<number>;
  consistencyProof(from: number, to: number): Promise<Uint8Array[]>;
  treeSize(): Promise<number>;
}

export function createLogService(deps: {
  db: Db;
  hasher: Hasher;
  logKey: NoteVerifierKey;
  /** The registered witnesses' keys, read on each call (the registry changes at run time). */
  witnessKeys: () => Promise<readonly NoteVerifierKey[]>;
}): LogService {
  const { db, hasher } = deps;

  /** Loads the stored hashes of `ids` into a lookup for the domain's proof functions. */
  async function lookup(ids: SubtreeId[]) {
    const found = new Map<string, Uint8Array>();
    for (const h of await repo.readHashes(db, ids)) found.set(`${h.level}/${h.index}`, h.hash);
    return (level: number, index: number) => {
      const hash = found.get(`${level}/${index}`);
      if (!hash) throw new Error(`log hash (${level}, ${index}) is missing from storage`);
      return hash;
    };
  }

  async function requireSize(treeSize: number, field: string): Promise<void> {
    const latest = await repo.latestCheckpoint(db);
    if (!latest || treeSize > latest.size) {
      throw new AppError('validation_failed', `No checkpoint covers tree size ${treeSize}`, {
        errors: [{ field, message: `is beyond the latest checkpoint (${latest?.size ?? 0})` }],
      });
    }
  }

  return {
    async checkpoint() {
      const latest = await repo.latestCheckpoint(db);
      if (!latest) throw new AppError('not_found', 'The log has no checkpoint yet');
      const cosigs = await repo.cosignaturesFor(db, latest.size);
      return {
        size: latest.size,
        note: latest.note + cosigs.map((c) => `${c.signatureLine}\n`).join(''),
        createdAt: latest.createdAt,
      };
    },
    async keys() {
      return [deps.logKey, ...(await deps.witnessKeys())]
        .map((k) => `${formatVerifierKey(k)}\n`)
        .join('');
    },
    async tile(path) {
      const latest = await repo.latestCheckpoint(db);
      const size = latest?.size ?? 0;
      const start = path.index * TILE_WIDTH;
      const end = start + path.width;
      if (path.kind === 'entries') {
        if (end > size) throw new AppError('not_found', 'No such entry bundle in the latest tree');
        const rows = await repo.readEntries(db, start, end);
        return encodeEntryBundle(rows.map((r) => r.entry));
      }
      const level = path.level * TILE_HEIGHT;
      const available = Math.floor(size / 2 ** level);
      if (end > available) throw new AppError('not_found', 'No such tile in the latest tree');
      const hashes = await repo.readHashRange(db, level, start, end);
      if (hashes.length !== path.width)
        throw new Error(`tile ${path.level}/${path.index} incomplete in storage`);
      return encodeTile(hashes);
    },
    async entries(start, end) {
      const size = (await repo.latestCheckpoint(db))?.size ?? 0;
      const rows = await repo.readEntries(db, start, Math.min(end, size));
      return rows.map((r) => ({ index: r.idx, entry: r.entry }));
    },
    async inclusionProof(index, treeSize) {
      await requireSize(treeSize, 'query.treeSize');
      if (index >= treeSize) {
        throw new AppError('validation_failed', `Index ${index} is not in a tree of ${treeSize}`, {
          errors: [{ field: 'query.index', message: `must be below treeSize (${treeSize})` }],
        });
      }
      const ids = inclusionProofRanges(index, treeSize).flatMap((r) =>
        completeSubtrees(r.start, r.end),
      );
      return inclusionProofFromSubtrees(hasher, await lookup(ids), index, treeSize);
    },
    async indexOfLeafHash(hash, treeSize) {
      const index = await repo.indexOfLeafHash(db, hash);
      if (index === undefined || index >= treeSize)
        throw new AppError('not_found', 'No entry with that leaf hash in the tree');
      return index;
    },
    async consistencyProof(from, to) {
      await requireSize(to, 'query.to');
      if (from > to) {
        throw new AppError('validation_failed', 'from must not exceed to', {
          errors: [{ field: 'query.from', message: `must be at most to (${to})` }],
        });
      }
      const ids = consistencyProofRanges(from, to).flatMap((r) => completeSubtrees(r.start, r.end));
      return consistencyProofFromSubtrees(hasher, await lookup(ids), from, to);
    },
    treeSize: () => repo.treeSize(db),
  };
}
