/**
 * The staging area both blob stores stream uploads into before they are committed.
 *
 * Each store instance stages into its own subdirectory, named after the host, the process id and a
 * random suffix (`staging/<host>~<pid>~<random>/<uuid>.part`). That lets `clear()` tell a crash's
 * leftovers from uploads still in progress in a sibling process sharing the directory (several
 * processes on PostgreSQL): files of an instance whose process is gone (same host, pid no longer
 * running, or this pid in an earlier life) are removed at once; files of an instance on another host
 * are removed only once nothing has written to them for `staleAfterMs`. An instance of this process
 * that is still open is never touched.
 *
 * Bytes are hashed with node:crypto's SHA-256 as they arrive, counted against the limit before they
 * are written, fsynced at the end, and the staged file is made read-only so that nothing (metadata
 * extraction included) can change it before its commit.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobTooLargeError, BlobTruncatedError } from './blob-errors.ts';
import type { StagedBlob } from './blob-store.ts';

/** How many leading bytes a staged blob keeps for sniffing (file-type wants at least 4100). */
export const HEAD_BYTES = 64 * 1024;

/** Default age after which another host's untouched staging file counts as abandoned. */
export const DEFAULT_STALE_STAGING_MS = 60 * 60 * 1000;

export interface StagedFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly head: Uint8Array;
}

export interface StagingArea {
  /** The staging root (shared by every instance using the same store directory). */
  readonly root: string;
  /** This instance's own subdirectory. */
  readonly instanceDir: string;
  stage(
    source: NodeJS.ReadableStream | Readable,
    options: { readonly maxBytes: number },
  ): Promise<StagedFile>;
  /** Removes leftovers of instances that are gone; returns how many files it removed. */
  clear(): Promise<number>;
  /** Stops treating this instance as alive (its own files become leftovers for a later clear). */
  close(): void;
}

/** Staging areas open in this process, by instance directory: these are never cleared. */
const openInstances = new Set<string>();

const hostTag = (): string => os.hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'host';

/** Creates `root` and this instance's subdirectory. */
export async function openStagingArea(
  root: string,
  options: { readonly staleAfterMs?: number } = {},
): Promise<StagingArea> {
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_STAGING_MS;
  const absoluteRoot = path.resolve(root);
  await fs.mkdir(absoluteRoot, { recursive: true, mode: 0o700 });
  const instanceDir = path.join(
    absoluteRoot,
    `${hostTag()}~${process.pid}~${randomBytes(6).toString('hex')}`,
  );
  await fs.mkdir(instanceDir, { mode: 0o700 });
  openInstances.add(instanceDir);

  return {
    root: absoluteRoot,
    instanceDir,
    stage: (source, { maxBytes }) => stageInto(instanceDir, source, maxBytes),
    clear: () => clearLeftovers(absoluteRoot, staleAfterMs),
    close: () => {
      openInstances.delete(instanceDir);
    },
  };
}

/** Wraps a staged file with its commit and discard, guarding their order. */
export function stagedBlob(
  file: StagedFile,
  commit: (file: StagedFile) => Promise<void>,
): StagedBlob {
  let state: 'staged' | 'committed' | 'discarded' = 'staged';
  return {
    sha256: file.sha256,
    size: file.size,
    head: file.head,
    path: file.path,
    async commit() {
      if (state === 'committed') return;
      if (state === 'discarded') throw new Error('This staged blob was discarded');
      await commit(file);
      state = 'committed';
    },
    async discard() {
      if (state !== 'staged') return;
      state = 'discarded';
      await fs.rm(file.path, { force: true });
    },
  };
}

async function stageInto(
  dir: string,
  source: NodeJS.ReadableStream | Readable,
  maxBytes: number,
): Promise<StagedFile> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`maxBytes must be a non-negative integer (got ${maxBytes})`);
  }
  const file = path.join(dir, `${randomUUID()}.part`);
  const handle = await fs.open(file, 'wx', 0o600);
  let open = true;
  try {
    const readable = source instanceof Readable ? source : new Readable().wrap(source);
    // On a refusal the source is left as it is (not destroyed): an HTTP handler still has to answer.
    const chunks = readable.iterator({ destroyOnReturn: false });
    const hash = createHash('sha256');
    const head = new Uint8Array(HEAD_BYTES);
    let headLength = 0;
    let size = 0;
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw new BlobTruncatedError(size, { cause: error });
      }
      if (next.done) break;
      const bytes = toBytes(next.value);
      if (size + bytes.length > maxBytes) {
        await chunks.return?.();
        throw new BlobTooLargeError(maxBytes);
      }
      size += bytes.length;
      hash.update(bytes);
      if (headLength < HEAD_BYTES) {
        const take = Math.min(HEAD_BYTES - headLength, bytes.length);
        head.set(bytes.subarray(0, take), headLength);
        headLength += take;
      }
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
        written += bytesWritten;
      }
    }
    // A stream that was destroyed without an error simply stops: not the end of the upload.
    if (readable.destroyed && !readable.readableEnded) throw new BlobTruncatedError(size);
    await handle.sync();
    await handle.chmod(0o400);
    open = false;
    await handle.close();
    return { path: file, sha256: hash.digest('hex'), size, head: head.slice(0, headLength) };
  } catch (error) {
    if (open) await handle.close().catch(() => undefined);
    await fs.rm(file, { force: true });
    throw error;
  }
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError(`A blob source must yield bytes, not ${typeof chunk}`);
}

/** Who owns an instance directory, from its name. */
function ownerOf(name: string, full: string): 'alive' | 'dead' | 'unknown' {
  const match = /^(.+)~([0-9]+)~[0-9a-f]+$/.exec(name);
  if (!match || match[1] !== hostTag()) return 'unknown';
  if (openInstances.has(full)) return 'alive';
  const pid = Number(match[2]);
  if (pid === process.pid) return 'dead'; // an earlier life of this pid (a restarted container)
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'dead' : 'alive';
  }
}

async function clearLeftovers(root: string, staleAfterMs: number): Promise<number> {
  const cutoff = Date.now() - staleAfterMs;
  let removed = 0;
  for (const entry of await readDir(root)) {
    const full = path.join(root, entry.name);
    if (!entry.isDirectory()) {
      // Nothing but instance directories belongs here; a stray file goes once it is stale.
      if (await olderThan(full, cutoff)) removed += await removeFile(full);
      continue;
    }
    const owner = ownerOf(entry.name, full);
    if (owner === 'alive') continue;
    let left = 0;
    for (const inner of await readDir(full)) {
      const file = path.join(full, inner.name);
      if (owner === 'dead' || (await olderThan(file, cutoff))) {
        if (inner.isDirectory()) await fs.rm(file, { recursive: true, force: true });
        else removed += await removeFile(file);
      } else {
        left++;
      }
    }
    if (left === 0 && (owner === 'dead' || (await olderThan(full, cutoff)))) {
      await fs.rmdir(full).catch(() => undefined); // a sibling may have just staged into it
    }
  }
  return removed;
}

async function readDir(dir: string): Promise<Dirent[]> {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function olderThan(file: string, cutoff: number): Promise<boolean> {
  try {
    return (await fs.lstat(file)).mtimeMs < cutoff;
  } catch {
    return false;
  }
}

async function removeFile(file: string): Promise<number> {
  try {
    await fs.unlink(file);
    return 1;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
