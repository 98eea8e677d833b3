/**
 * The local directory store beyond the shared contract: its layout and file modes, crash leftovers
 * (a child process killed with SIGKILL in the middle of an upload), staging shared between
 * processes, the orphan sweep's grace for young blobs, and the factory from configuration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { createLocalBlobStore } from '../../src/platform/blobs/blob-store.ts';
import { createBlobStore } from '../../src/platform/blobs/index.ts';
import { BlobTruncatedError } from '../../src/platform/blobs/blob-errors.ts';
import { sweepOrphans } from '../../src/platform/blobs/orphan-sweep.ts';
import { waitFor } from '../resilience/support.ts';
import {
  collect,
  filesUnder,
  makeTempDirs,
  sha256Hex,
  sourceOf,
} from './support/blob-test-support.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const STAGE_FOREVER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'support',
  'stage-forever.ts',
);

const temp = makeTempDirs();
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});
afterAll(() => temp.cleanup());

/** Starts a process staging an endless upload into `dir`; resolves once its bytes are on disk. */
async function startStagingChild(dir: string): Promise<{ child: ChildProcess; partFile: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', STAGE_FOREVER, dir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const partFile = await waitFor(
    'the child to stage 100 000 bytes',
    () => {
      if (child.exitCode !== null) throw new Error(`the child exited: ${stderr}`);
      const part = filesUnder(path.join(dir, 'staging')).find((f) => f.includes(`~${child.pid}~`));
      const full = part && path.join(dir, 'staging', part);
      return full && fs.statSync(full).size === 100_000 ? full : undefined;
    },
    { timeoutMs: 20_000 },
  );
  return { child, partFile };
}

async function killAndWait(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  children.delete(child);
}

describe('local blob store', () => {
  it('lays blobs out as sha256/ab/cd/<hash>, read-only, with staging inside the same directory', async () => {
    const dir = temp.make();
    const store = await createLocalBlobStore(dir);
    const bytes = Buffer.from('a statement, as a text file');
    const staged = await store.stage(sourceOf(bytes), { maxBytes: 100 });
    expect(path.dirname(path.dirname(staged.path))).toBe(path.join(dir, 'staging'));
    await staged.commit();
    const hash = sha256Hex(bytes);
    const file = path.join(dir, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);
    expect(fs.readFileSync(file)).toEqual(bytes);
    expect(fs.statSync(file).mode & 0o777).toBe(0o400);
    expect(filesUnder(dir)).toEqual([path.relative(dir, file)]);
    await store.close();
  });

  it('refreshes the date of a blob when the same content is committed again', async () => {
    const dir = temp.make();
    const store = await createLocalBlobStore(dir);
    const bytes = Buffer.from('uploaded in March, and again today');
    await (await store.stage(sourceOf(bytes), { maxBytes: 100 })).commit();
    const hash = sha256Hex(bytes);
    const file = path.join(dir, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);
    const longAgo = new Date('2024-03-15T12:00:00Z');
    fs.utimesSync(file, longAgo, longAgo);
    expect((await store.stat(hash))?.modifiedAt).toEqual(longAgo);
    await (await store.stage(sourceOf(bytes), { maxBytes: 100 })).commit();
    expect((await store.stat(hash))!.modifiedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(fs.readFileSync(file)).toEqual(bytes);
    await store.close();
  });

  it('leaves only staging files when killed (SIGKILL) mid-upload, and clearStaging removes them', async () => {
    const dir = temp.make();
    const { child, partFile } = await startStagingChild(dir);
    await killAndWait(child);
    expect(fs.existsSync(partFile)).toBe(true);
    expect(filesUnder(path.join(dir, 'sha256'))).toEqual([]);

    const restarted = await createLocalBlobStore(dir);
    expect(await restarted.clearStaging()).toBe(1);
    expect(filesUnder(dir)).toEqual([]);
    expect(fs.existsSync(path.dirname(partFile))).toBe(false);
    expect(await collect(restarted.list())).toEqual([]);
    await restarted.close();
  });

  it('never clears the staging files of a process that is still uploading', async () => {
    const dir = temp.make();
    const { child, partFile } = await startStagingChild(dir);
    const sibling = await createLocalBlobStore(dir);
    expect(await sibling.clearStaging()).toBe(0);
    expect(fs.existsSync(partFile)).toBe(true);
    // Nor its own uploads in progress, in this process.
    const own = await sibling.stage(sourceOf(Buffer.from('in progress')), { maxBytes: 100 });
    expect(await sibling.clearStaging()).toBe(0);
    expect(fs.existsSync(own.path)).toBe(true);
    await killAndWait(child);
    expect(await sibling.clearStaging()).toBe(1);
    expect(fs.existsSync(own.path)).toBe(true);
    await own.discard();
    await sibling.close();
  });

  it('refuses an HTTP upload whose client disconnects half way, keeping nothing', async () => {
    const dir = temp.make();
    const store = await createLocalBlobStore(dir);
    const outcome = new Promise<unknown>((resolve) => {
      const server = http.createServer((req, res) => {
        store.stage(req, { maxBytes: 10_000_000 }).then(
          (staged) => resolve(staged),
          (error: unknown) => resolve(error),
        );
        req.on('close', () => res.destroy());
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n',
          );
          socket.write(Buffer.alloc(300_000, 9), () => setTimeout(() => socket.destroy(), 100));
        });
        socket.on('close', () => server.close());
      });
    });
    const error = await outcome;
    expect(error).toBeInstanceOf(BlobTruncatedError);
    expect(filesUnder(dir)).toEqual([]);
    await store.close();
  });

  it("clears another host's staging files only once they are stale", async () => {
    const dir = temp.make();
    const store = await createLocalBlobStore(dir);
    const elsewhere = path.join(dir, 'staging', 'other-host~4242~0123456789ab');
    fs.mkdirSync(elsewhere);
    const fresh = path.join(elsewhere, 'fresh.part');
    const stale = path.join(elsewhere, 'stale.part');
    fs.writeFileSync(fresh, 'still arriving');
    fs.writeFileSync(stale, 'abandoned');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);
    expect(await store.clearStaging()).toBe(1);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(stale)).toBe(false);
    await store.close();
  });

  it('sweeps crash leftovers and orphans, but not blobs younger than the grace period', async () => {
    const dir = temp.make();
    // Leftovers of a process that is gone: a pid that has exited.
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_');
    const dead = path.join(dir, 'staging', `${host}~${gone.pid}~abcdef012345`);
    fs.mkdirSync(dead, { recursive: true });
    fs.writeFileSync(path.join(dead, 'a.part'), 'half');
    fs.writeFileSync(path.join(dead, 'b.part'), 'an upload');

    const store = await createLocalBlobStore(dir);
    const keep = Buffer.from('referenced');
    const young = Buffer.from('unreferenced, committed a moment ago');
    const old = Buffer.from('unreferenced, committed long ago');
    for (const bytes of [keep, young, old]) {
      await (await store.stage(sourceOf(bytes), { maxBytes: 100 })).commit();
    }
    const oldFile = path.join(
      dir,
      'sha256',
      sha256Hex(old).slice(0, 2),
      sha256Hex(old).slice(2, 4),
      sha256Hex(old),
    );
    const longAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
    fs.utimesSync(oldFile, longAgo, longAgo);

    const asked: string[] = [];
    const result = await sweepOrphans(store, async (h) => {
      asked.push(h);
      return h === sha256Hex(keep);
    });
    expect(result).toEqual({ stagingRemoved: 2, orphansRemoved: 1 });
    expect((await collect(store.list())).sort()).toEqual(
      [sha256Hex(keep), sha256Hex(young)].sort(),
    );
    expect(fs.existsSync(dead)).toBe(false);
    // The orphan was asked about again just before its deletion.
    expect(asked.filter((h) => h === sha256Hex(old))).toHaveLength(2);

    // A row that appears between the listing and the deletion saves the blob.
    let calls = 0;
    const raced = await sweepOrphans(store, async () => ++calls > 2, { minAgeMs: 0 });
    expect(raced.orphansRemoved).toBe(0);
    expect(await collect(store.list())).toHaveLength(2);

    // minAgeMs 0 (the only process, at start-up) ignores dates, whatever clock is passed.
    const inThePast = () => new Date('2020-01-01T00:00:00Z');
    const all = await sweepOrphans(store, async (h) => h === sha256Hex(keep), {
      minAgeMs: 0,
      now: inThePast,
    });
    expect(all.orphansRemoved).toBe(1);
    expect(await collect(store.list())).toEqual([sha256Hex(keep)]);
    await store.close();
  });

  it('is what createBlobStore opens for the default configuration, in <dataDir>/evidence', async () => {
    const dataDir = temp.make();
    const config = parseConfig({ TRUCELINE_DATA_DIR: dataDir });
    expect(config.evidence.store).toEqual({ kind: 'local', dir: path.join(dataDir, 'evidence') });
    const store = await createBlobStore(config.evidence, config.database.dataDir);
    expect(store.kind).toBe('local');
    const staged = await store.stage(sourceOf(Buffer.from('x')), { maxBytes: 1 });
    await staged.commit();
    expect(filesUnder(path.join(dataDir, 'evidence'))).toEqual([
      path.join('sha256', staged.sha256.slice(0, 2), staged.sha256.slice(2, 4), staged.sha256),
    ]);
    await store.close();
  });
});
