/**
 * Helpers for the blob store suites: temporary directories, byte sources that end, fail or stall,
 * and a listing of every file under a directory (to prove nothing was left behind).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const fixture = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));

export const sha256Hex = (bytes: Uint8Array): string =>
  crypto.createHash('sha256').update(bytes).digest('hex');

/** A fresh temporary directory, removed by `cleanup`. */
export function makeTempDirs(prefix = 'truceline-blobs-'): {
  make(): string;
  cleanup(): void;
} {
  const made: string[] = [];
  return {
    make() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A source yielding `bytes` in chunks of `chunkSize` (exercises chunk boundaries). */
export function sourceOf(bytes: Uint8Array, chunkSize = 7_919): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    chunks.push(Buffer.from(bytes.subarray(i, i + chunkSize)));
  }
  return Readable.from(chunks);
}

/** A source that sends `before` bytes, then fails (as an aborted HTTP request does). */
export function failingSource(before: Uint8Array, error = new Error('aborted')): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.from(before));
        return;
      }
      setImmediate(() => this.destroy(error));
    },
  });
}

/** A source that sends `before` bytes, then is destroyed without an error. */
export function destroyedSource(before: Uint8Array): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.from(before));
        return;
      }
      setImmediate(() => this.destroy());
    },
  });
}

/** Every regular file under `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
