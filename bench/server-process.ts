/** Starts bench/server-under-test.ts in a child process and stops it again. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ReadyMessage, ServerMode } from './server-under-test.ts';
import { assertLoopback } from './loopback.ts';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server-under-test.ts');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const KILL_TIMEOUT_MS = 5_000;
const STDERR_LINES_KEPT = 20;

/** A running server under test. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number | undefined;
  /** How many lines it wrote to stderr (warnings and errors), the first, and the last few. */
  stderr(): { readonly count: number; readonly first: string; readonly tail: readonly string[] };
  /** Asks it to shut down gracefully, then kills it if it does not exit in time. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM, then SIGKILL if the child has not exited in time; shared by every bench child. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
  child.kill('SIGKILL');
  await waitForExit(child, KILL_TIMEOUT_MS);
}

function collectStderr(child: ChildProcess): ServerProcess['stderr'] {
  const tail: string[] = [];
  let count = 0;
  let first = '';
  if (child.stderr) {
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      if (count === 0) first = line;
      count += 1;
      tail.push(line);
      if (tail.length > STDERR_LINES_KEPT) tail.shift();
    });
  }
  return () => ({ count, first, tail: [...tail] });
}

function parseReady(line: string): ReadyMessage {
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null || !('url' in parsed)) {
    throw new Error(`unexpected first line from the server: ${line}`);
  }
  const url = String(parsed.url);
  assertLoopback(url, 'The server under test');
  return { url };
}

/** Resolves with the ready message, or rejects if the child exits or is too slow. */
function waitForReady(child: ChildProcess, label: string): Promise<ReadyMessage> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error(`${label}: no stdout`));
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(
      () => reject(new Error(`${label}: not ready after ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    const settle = (): void => {
      clearTimeout(timer);
      lines.close();
    };
    lines.once('line', (line) => {
      settle();
      try {
        resolve(parseReady(line));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code, signal) => {
      settle();
      reject(new Error(`${label}: exited before it was ready (${signal ?? `code ${code}`})`));
    });
  });
}

/**
 * Starts the server under test in `mode` with `env` added to this process's environment and
 * waits until it listens. On failure the child is stopped and its last stderr lines reported.
 */
export async function startServerProcess(
  mode: ServerMode,
  env: Readonly<Record<string, string>> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr = collectStderr(child);
  try {
    const { url } = await waitForReady(child, `server (${mode})`);
    child.stdout?.resume(); // nothing more is expected there; never let the pipe fill up
    return { url, pid: child.pid, stderr, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    const tail = stderr().tail.join('\n');
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}${tail ? `\n--- its stderr (last lines) ---\n${tail}` : ''}`);
  }
}
