/**
 * The real Truceline server over an existing PostgreSQL database that already holds a log (built
 * by the benchmark), run in its own process:
 *
 *   node --import tsx bench/log/log-server.ts
 *
 * Unlike bench/server-under-test.ts it loads no demo and signs with the key the benchmark's own
 * sequencer used (LOG_BENCH_KEY_FILE, LOG_BENCH_ORIGIN), so the checkpoint it serves is exactly
 * the tree the benchmark built. Reads LOG_BENCH_DATABASE_URL and LOG_BENCH_DATA_DIR too. Listens
 * on 127.0.0.1 on a free port, prints `{"url": "..."}` once ready, and stops on SIGTERM, SIGINT
 * or the end of stdin.
 */
import path from 'node:path';
import crypto from 'node:crypto';
import { parseConfig } from '../../packages/server/src/config/config.ts';
import { startServer } from '../../packages/server/src/server.ts';

const STOP_TIMEOUT_MS = 10_000;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const running = await startServer(
  parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: required('LOG_BENCH_DATABASE_URL'),
    TRUCELINE_DATA_DIR: required('LOG_BENCH_DATA_DIR'),
    TRUCELINE_SECRET: crypto.randomBytes(32).toString('base64url'),
    TRUCELINE_LOG_KEY_FILE: required('LOG_BENCH_KEY_FILE'),
    TRUCELINE_EVIDENCE_DIR: path.join(required('LOG_BENCH_DATA_DIR'), 'evidence'),
    TRUCELINE_LOG_ORIGIN: required('LOG_BENCH_ORIGIN'),
    TRUCELINE_DEMO: 'false',
    TRUCELINE_LOG_LEVEL: 'warn',
  }),
  { logStream: process.stderr },
);
if (!running.url) throw new Error('the server did not start HTTP');

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
  running.shutdown('benchmark finished').then(
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
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
