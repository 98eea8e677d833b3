/**
 * The orphan sweep: removes what an interrupted upload can leave behind. Staging files of store
 * instances that are gone (a crash, `kill -9`) and committed blobs that nothing references (the
 * process stopped between the blob's commit and the database row that records it).
 *
 * A blob committed less than `minAgeMs` ago is kept even if unreferenced: its upload may be between
 * the commit and the row. A commit of content already stored refreshes the blob's date for the same
 * reason, so the sweep cannot delete a blob that a new upload has just counted on. Blob dates come
 * from the file system or the bucket, so `now` should be the real clock; `minAgeMs: 0` (a process
 * that knows it is the only one, such as on the embedded database at start-up) skips the dates.
 */
import type { BlobStore } from './blob-store.ts';

/** Default grace for young blobs: longer than any upload takes from commit to row. */
export const DEFAULT_ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;

export interface SweepResult {
  readonly stagingRemoved: number;
  readonly orphansRemoved: number;
}

export async function sweepOrphans(
  store: BlobStore,
  isReferenced: (sha256: string) => Promise<boolean>,
  options: { readonly minAgeMs?: number; readonly now?: () => Date } = {},
): Promise<SweepResult> {
  const minAgeMs = options.minAgeMs ?? DEFAULT_ORPHAN_MIN_AGE_MS;
  const now = options.now ?? (() => new Date());
  const stagingRemoved = await store.clearStaging();
  // Listed first, deleted after: a listing is not disturbed by deletions under it.
  const candidates: string[] = [];
  for await (const sha256 of store.list()) {
    if (!(await isReferenced(sha256))) candidates.push(sha256);
  }
  let orphansRemoved = 0;
  for (const sha256 of candidates) {
    if (minAgeMs > 0) {
      const stat = await store.stat(sha256);
      if (!stat || now().getTime() - stat.modifiedAt.getTime() < minAgeMs) continue;
    }
    // Asked again just before deleting: a row may have appeared since the listing.
    if (await isReferenced(sha256)) continue;
    await store.delete(sha256);
    orphansRemoved++;
  }
  return { stagingRemoved, orphansRemoved };
}
