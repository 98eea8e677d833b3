/**
 * The watched directory (`TRUCELINE_OSINT_WATCH_DIR`): the scheduler takes the files dropped into
 * it, ingests them as one batch and moves each aside, to `ingested/` (an article, new or already
 * stored) or to `failed/` with a `.error.txt` note beside it. Files modified in the last seconds may
 * still be being written and wait for the next scan. A file that could not be moved is read again
 * next time and found to be a duplicate by its hash, so nothing is stored twice.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BatchSummary, IngestService } from './ingest.service.ts';
import { ingestFile } from './ingest-files.ts';

export interface WatchDirService {
  /** The directory watched, if any. */
  readonly dir: string | undefined;
  /** Ingests what is waiting; null when there is nothing (or no directory). */
  scan(): Promise<BatchSummary | null>;
}

export const INGESTED_DIR = 'ingested';
export const FAILED_DIR = 'failed';

/** Moves `file` into `dir`, under a new name if one of the same name is already there. */
async function moveInto(file: string, dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const base = path.basename(file);
  let target = path.join(dir, base);
  for (let n = 1; ; n++) {
    try {
      await fs.access(target);
      target = path.join(dir, `${path.parse(base).name}-${n}${path.extname(base)}`);
    } catch {
      break;
    }
  }
  await fs.rename(file, target);
  return target;
}

export function createWatchDirService(deps: {
  dir: string | undefined;
  ingest: IngestService;
  maxBytes: number;
  /** Files younger than this are left for the next scan (default 2 s). */
  minAgeMs?: number;
}): WatchDirService {
  const minAgeMs = deps.minAgeMs ?? 2000;
  return {
    dir: deps.dir,
    async scan() {
      const dir = deps.dir;
      if (dir === undefined) return null;
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const now = Date.now();
      const ready: string[] = [];
      for (const e of entries.filter((x) => x.isFile() && !x.name.startsWith('.'))) {
        const file = path.join(dir, e.name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat && now - stat.mtimeMs >= minAgeMs) ready.push(file);
      }
      if (ready.length === 0) return null;
      ready.sort();
      const source = await deps.ingest.sourceFor('directory', null, dir);
      const batch = await deps.ingest.startBatch(source, null);
      for (const file of ready) {
        const item = await ingestFile(batch, file, {
          name: path.basename(file),
          maxBytes: deps.maxBytes,
        });
        try {
          if (item.outcome === 'failed') {
            const moved = await moveInto(file, path.join(dir, FAILED_DIR));
            await fs.writeFile(`${moved}.error.txt`, `${item.error ?? 'failed'}\n`);
          } else await moveInto(file, path.join(dir, INGESTED_DIR));
        } catch {
          // Left in place: the next scan reads it again and finds it by its hash.
        }
      }
      return batch.finish();
    },
  };
}
