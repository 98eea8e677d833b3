/**
 * Starts bench/log/log-server.ts in a child process and stops it again (the same protocol as
 * bench/server-process.ts, whose spawner is tied to bench/server-under-test.ts).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { assertLoopback } from '../loopback.ts';
import { stopChild } from '../server-process.ts';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'log-server.ts');
const READY_TIMEOUT_MS = 60_000;

export interface LogServerProcess {
  readonly url: string;
  readonly pid: number | undefined;
  /** The last lines it wrote to stderr. */
  stderrTail(): string[];
  stop(): Promise<void>;
}

export async function startLogServerProcess(env: {
  LOG_BENCH_DATABASE_URL: string;
  LOG_BENCH_DATA_DIR: string;
  LOG_BENCH_KEY_FILE: string;
  LOG_BENCH_ORIGIN: string;
}): Promise<LogServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  if (child.stderr) {
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
  }
  try {
    const url = await new Promise<string>((resolve, reject) => {
      if (!child.stdout) return reject(new Error('log server: no stdout'));
      const lines = readline.createInterface({ input: child.stdout });
      const timer = setTimeout(
        () => reject(new Error(`log server: not ready after ${READY_TIMEOUT_MS / 1000} s`)),
        READY_TIMEOUT_MS,
      );
      lines.once('line', (line) => {
        clearTimeout(timer);
        lines.close();
        try {
          const parsed = JSON.parse(line) as { url?: unknown };
          resolve(String(parsed.url));
        } catch {
          reject(new Error(`log server: unexpected first line ${line}`));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`log server exited before it was ready (${signal ?? `code ${code}`})`));
      });
    });
    assertLoopback(url, 'The log server');
    child.stdout?.resume();
    return { url, pid: child.pid, stderrTail: () => [...tail], stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}${tail.length ? `\n--- its stderr ---\n${tail.join('\n')}` : ''}`);
  }
}
