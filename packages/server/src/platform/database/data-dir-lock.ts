/**
 * An exclusive lock on a data directory, held for as long as a process uses it.
 *
 * PGlite has no locking of its own: two processes on one data directory corrupt it silently. So
 * before opening it we create `truceline.lock` with O_EXCL, recording who holds it. A lock whose
 * process has died is taken over; one whose process lives is refused with a message naming it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the lock file records about its holder. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  readonly command: string;
}

/** Raised when another live process holds the data directory. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${holder.pid} on ${holder.hostname} ` +
        `(${holder.command}, since ${holder.startedAt}). ` +
        'Only one process may open an embedded database: stop that process first, ' +
        'or set TRUCELINE_DATA_DIR to another directory.',
    );
    this.name = 'DataDirInUseError';
  }
}

/** A held lock; `release` is idempotent. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

const LOCK_FILE = 'truceline.lock';

/**
 * Lock files held by this process. A lock naming our pid that is not here was left by an earlier
 * process with the same pid: a container restarted after `kill -9` runs as pid 1 again.
 */
const heldHere = new Set<string>();

/** Whether `pid` names a live process on this machine (EPERM means alive but not ours). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      hostname: String(parsed.hostname ?? 'unknown host'),
      startedAt: String(parsed.startedAt ?? 'unknown time'),
      command: String(parsed.command ?? 'unknown command'),
    };
  } catch {
    return undefined; // missing, or half-written by a process that died while writing it
  }
}

/**
 * Takes the lock on `dataDir` (creating the directory), or throws {@link DataDirInUseError}.
 * A lock left by a dead process on this host is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const key = path.resolve(lockPath);
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    command:
      process.argv
        .slice(1)
        .map((a) => path.basename(a))
        .join(' ') || 'node',
  };

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(me));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      heldHere.add(key);
      let released = false;
      return {
        path: lockPath,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(key);
          // Only remove the file if it is still ours: never delete a successor's lock.
          if (readHolder(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (holder && holder.hostname !== me.hostname) {
      // Another machine on a shared disk: we cannot tell whether it lives, so refuse.
      throw new DataDirInUseError(dataDir, holder);
    }
    // A lock this process holds counts as alive: a second open within one process would corrupt
    // the data too.
    if (holder && (holder.pid === process.pid ? heldHere.has(key) : isAlive(holder.pid))) {
      throw new DataDirInUseError(dataDir, holder);
    }
    // The holder is dead (or the file is unreadable): move the stale lock aside atomically so that
    // of two processes taking over at once, only one succeeds in renaming it, then retry.
    const aside = `${lockPath}.stale-${process.pid}-${attempt}`;
    try {
      fs.renameSync(lockPath, aside);
      const moved = readHolder(aside);
      fs.rmSync(aside, { force: true });
      if (moved && moved.pid !== holder?.pid && isAlive(moved.pid)) {
        // We moved a lock that a live process had just written: put it back and give up.
        fs.writeFileSync(lockPath, JSON.stringify(moved), { mode: 0o600 });
        throw new DataDirInUseError(dataDir, moved);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const holder = readHolder(lockPath);
  throw holder ? new DataDirInUseError(dataDir, holder) : new Error(`Could not lock ${dataDir}`);
}
