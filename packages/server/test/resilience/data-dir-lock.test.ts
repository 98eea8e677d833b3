/**
 * The data-directory lock: one process per embedded database. Unit checks of acquire/release and
 * stale-lock takeover, then the must-hold behaviour with real `truceline serve` processes: a second
 * server on the same directory is refused with a message naming the directory and the holder, the
 * first keeps serving, SIGTERM releases the lock, and a lock left by `kill -9` is taken over.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DataDirInUseError,
  type DataDirLock,
} from '../../src/platform/database/data-dir-lock.ts';
import {
  freePort,
  get,
  killAll,
  signInHttp,
  spawnServer,
  tempDir,
  waitFor,
  waitForReady,
  withDeadline,
  type Child,
} from './support.ts';

const LOCK_FILE = 'truceline.lock';

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  await withDeadline(
    new Promise((resolve) => child.once('exit', resolve)),
    10_000,
    'the throwaway process to exit',
  );
  if (pid === undefined) throw new Error('no pid');
  return pid;
}

function writeLock(dir: string, content: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, LOCK_FILE), content, { mode: 0o600 });
}

function readLock(dir: string): { pid: number; hostname: string; startedAt: string } {
  return JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as {
    pid: number;
    hostname: string;
    startedAt: string;
  };
}

describe('acquireDataDirLock (in process)', () => {
  const data = tempDir('truceline-lock-unit-');
  const held: DataDirLock[] = [];
  let n = 0;
  const freshDir = () => path.join(data.dir, `d${n++}`);

  afterEach(() => {
    for (const lock of held.splice(0)) lock.release();
  });
  afterAll(() => data.remove());

  it('refuses a second acquisition in the same process, naming the directory and pid', () => {
    const dir = freshDir();
    held.push(acquireDataDirLock(dir));
    let caught: unknown;
    try {
      held.push(acquireDataDirLock(dir));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataDirInUseError);
    const error = caught as DataDirInUseError;
    expect(error.dataDir).toBe(dir);
    expect(error.holder.pid).toBe(process.pid);
    expect(error.message).toContain(dir);
    expect(error.message).toContain(String(process.pid));
    // The refusal left the holder's lock in place.
    expect(readLock(dir).pid).toBe(process.pid);
  });

  it('can be acquired again after release, and release removes the lock file', () => {
    const dir = freshDir();
    const first = acquireDataDirLock(dir);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    first.release();
    first.release(); // idempotent
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const second = acquireDataDirLock(dir);
    held.push(second);
    expect(readLock(dir).pid).toBe(process.pid);
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = freshDir();
    const pid = await deadPid();
    writeLock(
      dir,
      JSON.stringify({
        pid,
        hostname: os.hostname(),
        startedAt: new Date().toISOString(),
        command: 'truceline.mjs serve',
      }),
    );
    held.push(acquireDataDirLock(dir));
    expect(readLock(dir).pid).toBe(process.pid);
    // Nothing left beside it from the takeover.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(LOCK_FILE))).toEqual([LOCK_FILE]);
  });

  it('takes over a lock left by an earlier process that had the same pid (container restart)', () => {
    // In a container the server is often pid 1 both before a `kill -9` and after the restart, on
    // the same hostname: a lock naming our pid that this process does not hold is stale.
    const dir = freshDir();
    writeLock(
      dir,
      JSON.stringify({
        pid: process.pid,
        hostname: os.hostname(),
        startedAt: '2020-01-01T00:00:00.000Z',
        command: 'truceline.mjs serve',
      }),
    );
    const lock = acquireDataDirLock(dir);
    held.push(lock);
    expect(readLock(dir).startedAt).not.toBe('2020-01-01T00:00:00.000Z');
    // Still refused while this process holds it.
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirInUseError);
  });

  it('takes over a lock file with garbage content', () => {
    for (const garbage of ['', 'not json at all', '{"pid":"12"}', '{"pid":', '\u0000\u0000']) {
      const dir = freshDir();
      writeLock(dir, garbage);
      const lock = acquireDataDirLock(dir);
      expect(readLock(dir).pid, JSON.stringify(garbage)).toBe(process.pid);
      lock.release();
    }
  });

  it('refuses a lock held by a live process, and never deletes a successor lock on release', () => {
    const dir = freshDir();
    const live = process.ppid; // the parent of this worker is certainly alive
    const lock = acquireDataDirLock(dir);
    // Someone else took the directory over (e.g. an operator removed our lock by hand).
    const successor = JSON.stringify({
      pid: live,
      hostname: os.hostname(),
      startedAt: new Date().toISOString(),
      command: 'other',
    });
    fs.writeFileSync(path.join(dir, LOCK_FILE), successor);
    lock.release();
    expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(successor);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirInUseError);
    expect(() => acquireDataDirLock(dir)).toThrow(String(live));
  });
});

describe('truceline serve processes on one data directory', () => {
  const data = tempDir('truceline-lock-proc-');
  const children: Child[] = [];
  const serve = (port: number, dir: string) => {
    const child = spawnServer(port, { TRUCELINE_DATA_DIR: dir });
    children.push(child);
    return child;
  };
  /** Ready means /readyz answers 200 and the process has installed its signal handlers. */
  const ready = async (child: Child, base: string) => {
    await waitForReady(base, { child, timeoutMs: 90_000 });
    await waitFor('the serving banner', () => child.stdout().includes('Truceline is serving at'), {
      timeoutMs: 10_000,
    });
  };

  afterAll(async () => {
    await killAll(children);
    data.remove();
  });

  it(
    'refuses a second server on the same directory; the first keeps serving; SIGTERM releases',
    { timeout: 180_000 },
    async () => {
      const dir = path.join(data.dir, 'shared');
      const port1 = await freePort();
      const base1 = `http://127.0.0.1:${port1}`;
      const first = serve(port1, dir);
      await ready(first, base1);
      expect(readLock(dir).pid).toBe(first.pid);

      const port2 = await freePort();
      const second = serve(port2, dir);
      const exit = await withDeadline(second.exited, 30_000, 'the second server to exit');
      expect(exit, second.stderr()).toEqual({ code: 5, signal: null });
      expect(second.stderr()).toContain(path.resolve(dir));
      expect(second.stderr()).toContain(`process ${first.pid}`);
      expect(second.stdout()).not.toContain('Truceline is serving');

      // The refused process neither broke the lock nor disturbed the first server.
      expect(readLock(dir).pid).toBe(first.pid);
      expect(first.hasExited()).toBe(false);
      expect((await get(`${base1}/readyz`)).status).toBe(200);
      const crossings = await get(`${base1}/api/v1/crossings`);
      expect(crossings.status).toBe(200);
      expect(((await crossings.json()) as { items: unknown[] }).items).toHaveLength(2);

      first.process.kill('SIGTERM');
      const stopped = await withDeadline(first.exited, 30_000, 'the first server to stop');
      expect(stopped, first.stderr()).toEqual({ code: 0, signal: null });
      expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    },
  );

  it(
    'takes over the lock of a server killed with SIGKILL, with its data intact',
    { timeout: 180_000 },
    async () => {
      const dir = path.join(data.dir, 'killed');
      const port1 = await freePort();
      const base1 = `http://127.0.0.1:${port1}`;
      const first = serve(port1, dir);
      await ready(first, base1);
      expect(first.stdout()).toContain('Demo accounts');
      // A committed write before the crash: a session row.
      const session = await signInHttp(base1);

      first.process.kill('SIGKILL');
      expect(await withDeadline(first.exited, 10_000, 'SIGKILL')).toEqual({
        code: null,
        signal: 'SIGKILL',
      });
      expect(readLock(dir).pid).toBe(first.pid); // left behind: stale

      const port2 = await freePort();
      const base2 = `http://127.0.0.1:${port2}`;
      const second = serve(port2, dir);
      await ready(second, base2);
      expect(readLock(dir).pid).toBe(second.pid);
      expect(second.stdout()).not.toContain('Demo accounts'); // not loaded twice

      const crossings = await get(`${base2}/api/v1/crossings`);
      expect(crossings.status).toBe(200);
      expect(((await crossings.json()) as { items: unknown[] }).items).toHaveLength(2);
      // The session written before the crash survived (and so did the generated server secret).
      const before = await get(`${base2}/api/v1/auth/session`, { cookie: session.cookie });
      expect(before.status).toBe(200);
      // The demo accounts still sign in.
      const again = await signInHttp(base2);
      const users = await get(`${base2}/api/v1/users`, { cookie: again.cookie });
      expect(users.status).toBe(200);
      expect(((await users.json()) as { items: unknown[] }).items).toHaveLength(7);

      second.process.kill('SIGTERM');
      expect(await withDeadline(second.exited, 30_000, 'the second server to stop')).toEqual({
        code: 0,
        signal: null,
      });
      expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    },
  );
});
