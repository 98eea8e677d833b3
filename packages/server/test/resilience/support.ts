/**
 * Helpers for the resilience suites: bounded polling, free loopback ports, a TCP proxy that can be
 * cut and restored to simulate a database outage, `truceline` child processes, and HTTP calls
 * against a listening server (real sockets, loopback only).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'truceline.mjs');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'packages', 'server', 'migrations');
export const DEMO_PASSWORD = 'correct-horse-battery-staple';
export const ADMIN_EMAIL = 'admin@demo.truceline.test';
export const TEST_SECRET = 'resilience-test-secret-0123456789-abcdefghijklmnop';

/** Thrown from a `waitFor` check to stop polling at once (the condition can no longer hold). */
export class GiveUp extends Error {
  override name = 'GiveUp';
}

/**
 * Polls `check` until it returns something other than `undefined`/`false`, at most every
 * `intervalMs`, and fails after `timeoutMs` (or `maxAttempts`) with the last error or value seen.
 */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; maxAttempts?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const maxAttempts = options.maxAttempts ?? Math.ceil(timeoutMs / intervalMs) + 10;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'never checked';
  for (let attempt = 0; attempt < maxAttempts && Date.now() < deadline; attempt++) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
      last = result;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${description} (last: ${last instanceof Error ? last.message : String(last)})`,
  );
}

/** A port free on 127.0.0.1 right now (listen on 0, note the port, close). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return address.port;
}

/** A promise with its resolve exposed. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface TcpProxy {
  readonly port: number;
  /** Connections accepted since the proxy was created. */
  readonly accepted: number;
  /** Stops accepting and destroys every open connection, on both sides. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 forwarding to `target`; `stop`/`start` simulate an outage. */
export async function tcpProxy(
  target: { host: string; port: number },
  listenPort = 0,
): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = listenPort;
  let accepted = 0;

  const listen = async () => {
    const s = net.createServer((client) => {
      accepted++;
      const upstream = net.connect(target.port, target.host);
      sockets.add(client);
      sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve();
      });
    });
    const address = s.address();
    if (typeof address !== 'object' || !address) throw new Error('proxy has no address');
    port = address.port;
    server = s;
  };
  await listen();

  return {
    get port() {
      return port;
    },
    get accepted() {
      return accepted;
    },
    async stop() {
      const s = server;
      server = undefined;
      const closed = s ? new Promise<void>((resolve) => s.close(() => resolve())) : undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },
    async start() {
      if (server) return;
      await listen();
    },
  };
}

/**
 * Settings every process on a shared PostgreSQL database needs: the URL, the shared server secret
 * and the shared transparency-log signing key (a fresh Ed25519 PKCS #8 PEM written into `dir`).
 */
export function postgresEnv(url: string, dir: string): Record<string, string> {
  const keyFile = path.join(dir, 'log-key.pem');
  if (!fs.existsSync(keyFile)) {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
  }
  return {
    DATABASE_URL: url,
    TRUCELINE_SECRET: TEST_SECRET,
    TRUCELINE_LOG_KEY_FILE: keyFile,
    TRUCELINE_EVIDENCE_DIR: path.join(dir, 'evidence'),
  };
}

/**
 * A temporary directory, created on first use of `dir` (so a skipped suite leaves nothing behind)
 * and removed by `remove`.
 */
export function tempDir(prefix = 'truceline-resilience-'): {
  readonly dir: string;
  remove(): void;
} {
  let dir: string | undefined;
  return {
    get dir() {
      dir ??= fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      return dir;
    },
    remove() {
      if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process has exited yet. */
  hasExited(): boolean;
  /** Kills the process with SIGKILL if still running and waits for it to exit (bounded). */
  kill(): Promise<void>;
}

/** Environment for a child: the parent's, minus every Truceline setting, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('TRUCELINE_') || key === 'DATABASE_URL' || key === 'PORT' || key === 'HOST')
      continue;
    base[key] = value;
  }
  return { ...base, TRUCELINE_LOG_LEVEL: 'warn', ...env };
}

/** Every child still running; killed if this test process exits without cleaning up. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs `node bin/truceline.mjs <args>` from the repository root, capturing its output. */
export function spawnTruceline(args: readonly string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  let done = false;
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      resolve({ code, signal });
    });
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${BIN}`);
  return {
    process: child,
    pid: child.pid,
    stdout: () => out,
    stderr: () => err,
    exited,
    hasExited: () => done,
    async kill() {
      if (done) return;
      child.kill('SIGKILL');
      await withDeadline(exited, 10_000, `pid ${child.pid} to exit after SIGKILL`);
    },
  };
}

/** Spawns `truceline serve` on `port` (extra flags in `args`). */
export function spawnServer(
  port: number,
  env: Record<string, string>,
  args: readonly string[] = [],
): Child {
  return spawnTruceline(['serve', ...args], {
    PORT: String(port),
    TRUCELINE_DEMO_PASSWORD: DEMO_PASSWORD,
    ...env,
  });
}

/** Rejects if `promise` does not settle within `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET `url` with a per-request timeout; never throws on HTTP status. */
export async function get(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<Response> {
  return fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
}

/** Polls `<base>/readyz` until it answers `status`. */
export async function waitForReady(
  base: string,
  options: { status?: number; timeoutMs?: number; child?: Child } = {},
): Promise<void> {
  const want = options.status ?? 200;
  await waitFor(
    `${base}/readyz to answer ${want}`,
    async () => {
      // A child that died says why on stderr; surface it instead of a bare timeout.
      if (options.child?.hasExited()) {
        throw new GiveUp(
          `server pid ${options.child.pid} exited before ready; stderr:\n${options.child.stderr()}`,
        );
      }
      const res = await get(`${base}/readyz`, {}, 3000);
      await res.arrayBuffer();
      return res.status === want;
    },
    { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 100 },
  );
}

export interface HttpSession {
  readonly cookie: string;
  readonly csrf: string;
}

/** Signs in over HTTP and returns the cookie and CSRF token. */
export async function signInHttp(
  base: string,
  email = ADMIN_EMAIL,
  password = DEMO_PASSWORD,
): Promise<HttpSession> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${text}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('truceline_session='));
  if (!setCookie) throw new Error('no session cookie');
  const cookie = setCookie.split(';')[0] ?? '';
  const body = JSON.parse(text) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

/** Kills every child still running; waits for each (bounded). Never throws. */
export async function killAll(children: readonly Child[]): Promise<void> {
  await Promise.all(children.map((c) => c.kill().catch(() => undefined)));
}
