/**
 * The blob store in a local directory (the default):
 *
 *   <dir>/sha256/ab/cd/<abcd…64 hex>   committed blobs, read-only (mode 0400)
 *   <dir>/staging/<instance>/<uuid>.part   uploads in progress (see staging.ts)
 *
 * A commit fsyncs the staged file (done when staging ends), renames it into place (atomic on one
 * file system, which is why staging lives inside `dir`) and fsyncs the directory, so after a crash a
 * blob is either whole at its address or not there at all.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSha256, BlobNotFoundError, SHA256_HEX } from './blob-errors.ts';
import type { BlobStat, BlobStore } from './blob-store.ts';
import { openStagingArea, stagedBlob, type StagedFile } from './staging.ts';

export interface LocalBlobStoreOptions {
  /** Age after which another host's untouched staging file counts as abandoned (default 1 hour). */
  readonly staleStagingMs?: number;
}

export async function createLocalBlobStore(
  dir: string,
  options: LocalBlobStoreOptions = {},
): Promise<BlobStore> {
  const root = path.resolve(dir);
  const blobsDir = path.join(root, 'sha256');
  await fs.mkdir(blobsDir, { recursive: true, mode: 0o700 });
  const staging = await openStagingArea(path.join(root, 'staging'), {
    ...(options.staleStagingMs === undefined ? {} : { staleAfterMs: options.staleStagingMs }),
  });

  const blobPath = (sha256: string): string => {
    assertSha256(sha256);
    return path.join(blobsDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  const stat = async (sha256: string): Promise<BlobStat | undefined> => {
    try {
      const s = await fs.stat(blobPath(sha256));
      return s.isFile() ? { size: s.size, modifiedAt: s.mtime } : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };

  const commit = async (file: StagedFile): Promise<void> => {
    const target = blobPath(file.sha256);
    if (await stat(file.sha256)) {
      const now = new Date();
      await fs.utimes(target, now, now);
      await fs.rm(file.path, { force: true });
      return;
    }
    const parent = path.dirname(target);
    await fs.mkdir(parent, { recursive: true, mode: 0o700 });
    // Two commits of the same content may race here: rename replaces like with like, atomically.
    await fs.rename(file.path, target);
    await fsyncDir(parent);
  };

  return {
    kind: 'local',
    async stage(source, { maxBytes }) {
      return stagedBlob(await staging.stage(source, { maxBytes }), commit);
    },
    async open(sha256): Promise<Readable> {
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(blobPath(sha256), 'r');
      } catch (error) {
        if (isNotFound(error)) throw new BlobNotFoundError(sha256);
        throw error;
      }
      return handle.createReadStream();
    },
    async has(sha256) {
      return (await stat(sha256)) !== undefined;
    },
    stat,
    async *list() {
      for (const a of await subdirs(blobsDir)) {
        for (const b of await subdirs(path.join(blobsDir, a))) {
          const dirents = await fs.readdir(path.join(blobsDir, a, b), { withFileTypes: true });
          for (const entry of dirents) {
            if (entry.isFile() && SHA256_HEX.test(entry.name) && entry.name.startsWith(a + b)) {
              yield entry.name;
            }
          }
        }
      }
    },
    async delete(sha256) {
      await fs.rm(blobPath(sha256), { force: true });
    },
    clearStaging: () => staging.clear(),
    async close() {
      staging.close();
    },
  };
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name)).map((e) => e.name);
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
