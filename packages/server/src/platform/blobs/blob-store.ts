/**
 * The content-addressed store for complaint evidence.
 *
 * A blob's address is the lowercase hex SHA-256 of its bytes, so the same file uploaded twice is
 * stored once and a stored original can be checked against its address at any time. An upload is
 * streamed into a staging area while it is hashed and counted ({@link BlobStore.stage}); the caller
 * then sniffs its type and extracts its metadata from the staged copy, and either commits it (moved
 * to its address atomically: a reader never sees a partial blob) or discards it. Committed blobs are
 * never modified, only deleted (by the orphan sweep, when nothing references them).
 *
 * Two implementations: a local directory (the default) and an S3-compatible bucket.
 */
import type { Readable } from 'node:stream';

export interface BlobStore {
  readonly kind: 'local' | 's3';
  /**
   * Streams `source` into the staging area while hashing it. Rejects with BlobTooLargeError past
   * `maxBytes` (the partial staging file removed, the source left unconsumed for the caller to
   * answer or close) and with BlobTruncatedError if the source errors or is destroyed before its
   * end (nothing left behind either). Never touches committed blobs.
   */
  stage(
    source: NodeJS.ReadableStream | Readable,
    options: { maxBytes: number },
  ): Promise<StagedBlob>;
  /** Reads a committed blob; throws BlobNotFoundError if absent. */
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Size and last commit time of a committed blob, or undefined if absent. */
  stat(sha256: string): Promise<BlobStat | undefined>;
  /** Committed blob hashes (for the orphan sweep), in no particular order. */
  list(): AsyncIterable<string>;
  /** Removes a committed blob; nothing happens if it is absent. */
  delete(sha256: string): Promise<void>;
  /**
   * Removes leftover staging files (from a crash), returning how many. Called at startup and by the
   * orphan sweep; it never removes the staging files of a store instance still running (in this
   * process or, on the same host, in another).
   */
  clearStaging(): Promise<number>;
  /**
   * Releases the store (the S3 client's connections). Its own staging files, if any are left,
   * become leftovers for a later `clearStaging`.
   */
  close(): Promise<void>;
}

export interface BlobStat {
  readonly size: number;
  /** When the blob was last committed (a commit of content already stored refreshes it). */
  readonly modifiedAt: Date;
}

export interface StagedBlob {
  /** Lowercase hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly size: number;
  /** The first bytes (64 KiB, fewer if the file is shorter), for sniffing. */
  readonly head: Uint8Array;
  /** A local path to the staged bytes (read-only), for metadata extraction before commit. */
  readonly path: string;
  /**
   * Moves the staged bytes to their content address. If that address already exists, the staged
   * copy is discarded and the stored blob's commit time refreshed (so a sweep running at the same
   * moment does not take it for an orphan; on S3 only once it is ten minutes old). Atomic: a reader never sees a partial blob. Calling it
   * again after success does nothing; after `discard` it throws.
   */
  commit(): Promise<void>;
  /** Removes the staged bytes; nothing happens if already committed or discarded. */
  discard(): Promise<void>;
}

export { createLocalBlobStore, type LocalBlobStoreOptions } from './local-blob-store.ts';
export { createS3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.ts';
