/**
 * The blob store contract, run against every implementation: the local directory, S3 through an
 * in-process fake S3 server (@20minutes/s3rver), and a real S3-compatible store when
 * TRUCELINE_TEST_S3_ENDPOINT is set. Real files and real HTTP on 127.0.0.1; nothing of ours mocked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BlobNotFoundError,
  BlobTooLargeError,
  BlobTruncatedError,
} from '../../src/platform/blobs/blob-errors.ts';
import {
  createLocalBlobStore,
  createS3BlobStore,
  type BlobStore,
} from '../../src/platform/blobs/blob-store.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createBlobStore } from '../../src/platform/blobs/index.ts';
import { sweepOrphans } from '../../src/platform/blobs/orphan-sweep.ts';
import { HEAD_BYTES } from '../../src/platform/blobs/staging.ts';
import {
  collect,
  destroyedSource,
  failingSource,
  filesUnder,
  makeTempDirs,
  readAll,
  sha256Hex,
  sourceOf,
} from './support/blob-test-support.ts';
import { externalS3, startFakeS3, type FakeS3, type S3Target } from './support/s3-server.ts';

interface Backend {
  readonly name: string;
  /** A fresh, empty store, and the local directories it may write to. */
  open(): Promise<{ store: BlobStore; localDirs: string[] }>;
}

const temp = makeTempDirs();
let fakeS3: FakeS3 | undefined;

const s3Backend = (name: string, target: () => S3Target): Backend => ({
  name,
  async open() {
    const stagingDir = temp.make();
    const store = await createS3BlobStore({ ...target(), stagingDir });
    // A shared real bucket may hold blobs of earlier runs: start from none.
    for (const sha256 of await collect(store.list())) await store.delete(sha256);
    return { store, localDirs: [stagingDir] };
  },
});

const backends: Backend[] = [
  {
    name: 'local directory',
    async open() {
      const dir = temp.make();
      return { store: await createLocalBlobStore(dir), localDirs: [dir] };
    },
  },
  s3Backend('S3 (in-process fake S3 server)', () => {
    if (!fakeS3) throw new Error('the fake S3 server is not running');
    return fakeS3.target;
  }),
];
const external = externalS3();
if (external) {
  backends.push(s3Backend(`S3 at ${external.endpoint}`, () => external));
} else {
  console.info(
    'blob store contract: skipping a real S3-compatible store (set TRUCELINE_TEST_S3_ENDPOINT to run it)',
  );
}

beforeAll(async () => {
  fakeS3 = await startFakeS3();
});
afterAll(async () => {
  await fakeS3?.close();
  temp.cleanup();
});

/** Committed blobs, and staging files that are not directories, of a store. */
async function leftovers(store: BlobStore, localDirs: string[]) {
  const files = localDirs.flatMap((dir) =>
    filesUnder(dir).filter((f) => !f.startsWith(`sha256${path.sep}`)),
  );
  return { blobs: await collect(store.list()), stagingFiles: files };
}

describe.each(backends)('blob store: $name', (backend) => {
  let store: BlobStore;
  let localDirs: string[];
  afterEach(async () => {
    await store.close();
  });
  const open = async () => {
    ({ store, localDirs } = await backend.open());
  };

  it('addresses bytes by their SHA-256 (node:crypto) and reads back exactly what was stored', async () => {
    await open();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 150_000 }),
        fc.integer({ min: 1, max: 70_000 }),
        async (bytes, chunkSize) => {
          const staged = await store.stage(sourceOf(bytes, chunkSize), { maxBytes: 150_000 });
          expect(staged.sha256).toBe(sha256Hex(bytes));
          expect(staged.size).toBe(bytes.length);
          expect(Buffer.from(staged.head)).toEqual(
            Buffer.from(bytes.subarray(0, Math.min(HEAD_BYTES, bytes.length))),
          );
          expect(fs.readFileSync(staged.path)).toEqual(Buffer.from(bytes));
          await staged.commit();
          expect(await store.has(staged.sha256)).toBe(true);
          expect((await store.stat(staged.sha256))?.size).toBe(bytes.length);
          expect(await readAll(await store.open(staged.sha256))).toEqual(Buffer.from(bytes));
        },
      ),
      { numRuns: backend.name.startsWith('local') ? 40 : 15 },
    );
    expect((await leftovers(store, localDirs)).stagingFiles).toEqual([]);
  });

  it('stores the same content once, however often it is uploaded (also concurrently)', async () => {
    await open();
    const bytes = Buffer.from('the same photograph, uploaded by two observers');
    const first = await store.stage(sourceOf(bytes), { maxBytes: 1000 });
    await first.commit();
    const again = await Promise.all(
      [1, 2, 3].map(() => store.stage(sourceOf(bytes, 5), { maxBytes: 1000 })),
    );
    await Promise.all(again.map((s) => s.commit()));
    const { blobs, stagingFiles } = await leftovers(store, localDirs);
    expect(blobs).toEqual([sha256Hex(bytes)]);
    expect(stagingFiles).toEqual([]);
    expect(await readAll(await store.open(sha256Hex(bytes)))).toEqual(bytes);
  });

  it('refuses an upload over the limit with BlobTooLargeError, keeping nothing', async () => {
    await open();
    // An endless source, like a client that keeps sending.
    const source = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 7));
      },
    });
    const error = await store.stage(source, { maxBytes: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobTooLargeError);
    expect((error as BlobTooLargeError).limit).toBe(10_000);
    expect(source.destroyed).toBe(false); // left for the caller to answer or close
    expect(await leftovers(store, localDirs)).toEqual({ blobs: [], stagingFiles: [] });
    // Exactly at the limit is accepted.
    const staged = await store.stage(sourceOf(Buffer.alloc(10_000, 7)), { maxBytes: 10_000 });
    expect(staged.size).toBe(10_000);
    await staged.discard();
  });

  it('refuses a source that fails half way with BlobTruncatedError, keeping nothing', async () => {
    await open();
    const error = await store
      .stage(failingSource(Buffer.alloc(50_000, 1)), { maxBytes: 1_000_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobTruncatedError);
    expect((error as BlobTruncatedError).receivedBytes).toBe(50_000);
    const destroyed = await store
      .stage(destroyedSource(Buffer.alloc(1000, 2)), { maxBytes: 1_000_000 })
      .catch((e: unknown) => e);
    expect(destroyed).toBeInstanceOf(BlobTruncatedError);
    expect(await leftovers(store, localDirs)).toEqual({ blobs: [], stagingFiles: [] });
  });

  it('discards a staged upload on request; commit and discard are guarded', async () => {
    await open();
    const staged = await store.stage(Readable.from([Buffer.from('draft')]), { maxBytes: 100 });
    await staged.discard();
    await staged.discard();
    await expect(staged.commit()).rejects.toThrow(/discarded/);
    expect(await leftovers(store, localDirs)).toEqual({ blobs: [], stagingFiles: [] });

    const kept = await store.stage(Readable.from(['text chunks are bytes too']), { maxBytes: 100 });
    await kept.commit();
    await kept.commit();
    await kept.discard(); // after a commit: nothing to discard
    expect(await store.has(kept.sha256)).toBe(true);
  });

  it('keeps the staged copy read-only, so that metadata extraction cannot change it', async () => {
    await open();
    const staged = await store.stage(sourceOf(Buffer.from('original')), { maxBytes: 100 });
    expect(fs.statSync(staged.path).mode & 0o777).toBe(0o400);
    await staged.discard();
  });

  it('answers absent blobs plainly and refuses malformed addresses', async () => {
    await open();
    const absent = sha256Hex(Buffer.from('never stored'));
    expect(await store.has(absent)).toBe(false);
    expect(await store.stat(absent)).toBeUndefined();
    await expect(store.open(absent)).rejects.toBeInstanceOf(BlobNotFoundError);
    await store.delete(absent); // nothing to do, no error
    for (const bad of ['../../etc/passwd', absent.toUpperCase(), absent.slice(1), '']) {
      await expect(store.open(bad)).rejects.toBeInstanceOf(TypeError);
      await expect(store.has(bad)).rejects.toBeInstanceOf(TypeError);
    }
  });

  it('lists and deletes committed blobs', async () => {
    await open();
    const contents = ['one', 'two', 'three'].map((s) => Buffer.from(s));
    for (const bytes of contents)
      await (await store.stage(sourceOf(bytes), { maxBytes: 10 })).commit();
    expect((await collect(store.list())).sort()).toEqual(contents.map(sha256Hex).sort());
    await store.delete(sha256Hex(contents[0]!));
    expect(await store.has(sha256Hex(contents[0]!))).toBe(false);
    expect((await collect(store.list())).sort()).toEqual(contents.slice(1).map(sha256Hex).sort());
  });

  it('sweeps unreferenced blobs and keeps referenced ones', async () => {
    await open();
    const kept = Buffer.from('referenced by a complaint');
    const orphan = Buffer.from('committed, then the process died before its row');
    for (const bytes of [kept, orphan]) {
      await (await store.stage(sourceOf(bytes), { maxBytes: 100 })).commit();
    }
    const referenced = new Set([sha256Hex(kept)]);
    const result = await sweepOrphans(store, async (h) => referenced.has(h), { minAgeMs: 0 });
    expect(result).toEqual({ stagingRemoved: 0, orphansRemoved: 1 });
    expect(await collect(store.list())).toEqual([sha256Hex(kept)]);
  });
});

describe('S3 blob store', () => {
  it('is what createBlobStore opens when a bucket is configured, staging under the data directory', async () => {
    if (!fakeS3) throw new Error('the fake S3 server is not running');
    const dataDir = temp.make();
    const { target } = fakeS3;
    const config = parseConfig({
      TRUCELINE_DATA_DIR: dataDir,
      TRUCELINE_EVIDENCE_S3_BUCKET: target.bucket,
      TRUCELINE_EVIDENCE_S3_ENDPOINT: target.endpoint ?? '',
      TRUCELINE_EVIDENCE_S3_FORCE_PATH_STYLE: 'true',
      TRUCELINE_EVIDENCE_S3_ACCESS_KEY_ID: target.credentials.accessKeyId,
      TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY: target.credentials.secretAccessKey,
    });
    const store = await createBlobStore(config.evidence, config.database.dataDir);
    expect(store.kind).toBe('s3');
    const staged = await store.stage(sourceOf(Buffer.from('via the configuration')), {
      maxBytes: 100,
    });
    expect(path.dirname(path.dirname(staged.path))).toBe(path.join(dataDir, 'evidence-staging'));
    await staged.commit();
    expect(await store.has(staged.sha256)).toBe(true);
    await store.delete(staged.sha256);
    await store.close();
  });

  it('refreshes the date of an old object when the same content is committed again', async () => {
    if (!fakeS3) throw new Error('the fake S3 server is not running');
    const store = await createS3BlobStore({ ...fakeS3.target, stagingDir: temp.make() });
    const bytes = Buffer.from('uploaded in March, and again today');
    const hash = sha256Hex(bytes);
    await (await store.stage(sourceOf(bytes), { maxBytes: 100 })).commit();
    const longAgo = new Date('2024-03-15T12:00:00Z');
    fakeS3.backdate(`sha256/${hash}`, longAgo);
    expect((await store.stat(hash))?.modifiedAt).toEqual(longAgo);
    await (await store.stage(sourceOf(bytes), { maxBytes: 100 })).commit();
    expect((await store.stat(hash))!.modifiedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await readAll(await store.open(hash))).toEqual(bytes);
    await store.delete(hash);
    await store.close();
  });
});

describe('S3 blob store configuration errors', () => {
  it('fails at creation, plainly and without the secret, when the bucket cannot be used', async () => {
    if (!fakeS3) throw new Error('the fake S3 server is not running');
    const stagingDir = temp.make();
    const secretAccessKey = 'do-not-print-this-secret';
    const wrongKey = await createS3BlobStore({
      ...fakeS3.target,
      credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey },
      stagingDir,
    }).catch((e: unknown) => e as Error);
    expect(wrongKey).toBeInstanceOf(Error);
    expect((wrongKey as Error).message).toMatch(
      /S3 bucket "truceline-evidence-test" at http:\/\/127\.0\.0\.1:\d+ is not usable: .*403/,
    );
    expect(JSON.stringify(wrongKey, Object.getOwnPropertyNames(wrongKey))).not.toContain(
      secretAccessKey,
    );
    expect((wrongKey as Error).cause).toBeUndefined();

    const noBucket = await createS3BlobStore({
      ...fakeS3.target,
      bucket: 'no-such-bucket',
      stagingDir,
    }).catch((e: unknown) => e as Error);
    expect((noBucket as Error).message).toMatch(
      /S3 bucket "no-such-bucket" .* is not usable: .*404/,
    );
  });
});
