/**
 * The server under test, run in its own process so that the load generator does not share its
 * event loop:
 *
 *   node --import tsx bench/server-under-test.ts hello|pglite|postgres
 *
 * - `hello`: a bare Fastify hello-world, the baseline (`GET /` answers `{"hello":"world"}`).
 * - `pglite`, `postgres`: the real Truceline server through `startServer(parseConfig(...))`, with
 *   the demo loaded. Reads BENCH_DATA_DIR and BENCH_DEMO_PASSWORD, and for `postgres`
 *   BENCH_DATABASE_URL (an empty database); the server secret and log signing key are generated.
 *   The parent creates and removes the directory and the database, so they are cleaned up even if
 *   this process is killed.
 *
 * Listens on 127.0.0.1 on a free port and prints one line of JSON, `{"url": "..."}`, on stdout
 * once ready; logs go to stderr. Stops on SIGTERM or SIGINT, or when its stdin closes (the parent
 * went away).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { parseConfig } from '../packages/server/src/config/config.ts';
import { startServer } from '../packages/server/src/server.ts';

/** What the parent reads on stdout once the server listens. */
export interface ReadyMessage {
  readonly url: string;
}

/** Which server to start: the baseline, or Truceline on one of its databases. */
export type ServerMode = 'hello' | 'pglite' | 'postgres';

interface Started {
  readonly url: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_TIMEOUT_MS = 10_000;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function startHello(): Promise<Started> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  const url = await app.listen({ port: 0, host: HOST });
  return { url, stop: () => app.close() };
}

/** Writes a fresh Ed25519 transparency-log signing key (PKCS #8 PEM) into `dir`; returns its path. */
function writeLogKey(dir: string): string {
  const file = path.join(dir, 'log-key.pem');
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return file;
}

async function startTruceline(backend: 'pglite' | 'postgres'): Promise<Started> {
  const dataDir = required('BENCH_DATA_DIR');
  const env: Record<string, string> = {
    PORT: '0',
    HOST,
    TRUCELINE_DATA_DIR: dataDir,
    TRUCELINE_DEMO_PASSWORD: required('BENCH_DEMO_PASSWORD'),
    TRUCELINE_LOG_LEVEL: 'warn',
  };
  if (backend === 'postgres') {
    env['DATABASE_URL'] = required('BENCH_DATABASE_URL');
    env['TRUCELINE_SECRET'] = crypto.randomBytes(32).toString('base64url');
    env['TRUCELINE_LOG_KEY_FILE'] = writeLogKey(dataDir);
    env['TRUCELINE_EVIDENCE_DIR'] = path.join(dataDir, 'evidence');
  }
  const running = await startServer(parseConfig(env), { logStream: process.stderr });
  if (!running.url) throw new Error('the server did not start HTTP');
  return { url: running.url, stop: () => running.shutdown('benchmark finished') };
}

function start(mode: string | undefined): Promise<Started> {
  if (mode === 'hello') return startHello();
  if (mode === 'pglite' || mode === 'postgres') return startTruceline(mode);
  throw new Error(`usage: server-under-test.ts hello|pglite|postgres (got ${String(mode)})`);
}

/** Stops once, on the first of the signals or the end of stdin; exits even if stopping hangs. */
function stopOnRequest(server: Started): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.once('end', stop);
  process.stdin.resume();
}

const server = await start(process.argv[2]);
stopOnRequest(server);
const ready: ReadyMessage = { url: server.url };
process.stdout.write(`${JSON.stringify(ready)}\n`);
