/**
 * Files into a batch, for the command line and the watched directory: the files under the paths
 * given (directories walked, hidden entries skipped, in name order), each read only when its size
 * is within the limit, so a huge file is refused without being loaded.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { OsintIngestItem } from '@truceline/domain';
import type { BatchRun } from './ingest.service.ts';

/** Hidden entries and the watched directory's own `ingested/` and `failed/` are never read. */
const skipped = (name: string) => name.startsWith('.');

/**
 * The regular files at or under `paths`, each once. A path that cannot be read is returned in
 * `missing` with why, for the batch to record.
 */
export async function listFiles(
  paths: readonly string[],
  options: { readonly skipDirs?: ReadonlySet<string> } = {},
): Promise<{ files: string[]; missing: Array<{ path: string; error: string }> }> {
  const files: string[] = [];
  const missing: Array<{ path: string; error: string }> = [];
  const walk = async (p: string, top: boolean): Promise<void> => {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (error) {
      missing.push({ path: p, error: `cannot be read (${(error as NodeJS.ErrnoException).code})` });
      return;
    }
    if (stat.isFile()) files.push(path.resolve(p));
    else if (stat.isDirectory()) {
      if (!top && options.skipDirs?.has(path.resolve(p))) return;
      const names = (await fs.readdir(p)).filter((n) => !skipped(n)).sort();
      for (const name of names) await walk(path.join(p, name), false);
    } else if (top) missing.push({ path: p, error: 'is neither a file nor a directory' });
  };
  for (const p of paths) await walk(p, true);
  return { files: [...new Set(files)], missing };
}

/** Reads one file into the batch; a file too large or unreadable is recorded as failed. */
export async function ingestFile(
  batch: BatchRun,
  file: string,
  options: { readonly name: string; readonly maxBytes: number },
): Promise<OsintIngestItem> {
  let bytes: Uint8Array;
  try {
    const stat = await fs.stat(file);
    if (stat.size > options.maxBytes)
      return batch.fail(
        options.name,
        `the file is ${stat.size} bytes, more than the ${options.maxBytes} accepted`,
      );
    bytes = new Uint8Array(await fs.readFile(file));
  } catch (error) {
    return batch.fail(
      options.name,
      `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return batch.add({ bytes, name: options.name, fileName: path.basename(file) });
}
