/**
 * The foundation benchmark: `npm run bench`.
 *
 * Measures a validated, authenticated write and read of the real Truceline server, on PGlite and
 * on PostgreSQL, against a bare Fastify hello-world measured in the same run, and prints a
 * Markdown table on stdout (progress goes to stderr). Each server runs in its own child process;
 * see docs/benchmarks.md for the method and how to read the figures.
 *
 * Environment (all optional):
 *   BENCH_SECONDS          measured seconds per row (default 10)
 *   BENCH_WARMUP_SECONDS   warm-up seconds per row (default 2)
 *   BENCH_CONNECTIONS      concurrent connections (default 50)
 *   BENCH_POSTGRES_URL     admin URL on which scratch databases are created
 *                          (default postgres://postgres@127.0.0.1:5432/test)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiToken } from './api-token.ts';
import { Cleanup, installStopHandlers } from './cleanup.ts';
import { measure, probe, type LoadSettings, type Target } from './load.ts';
import { createScratchDatabase, probePostgres } from './postgres.ts';
import { describeFailures, renderReport, type Row } from './report.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import type { ServerMode } from './server-under-test.ts';

interface Settings extends LoadSettings {
  readonly postgresUrl: string;
}

type Backend = Exclude<ServerMode, 'hello'>;

const ADMIN_EMAIL = 'admin@demo.truceline.test';
const BACKEND_NAMES: Record<Backend, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };
/** Hello-world twice, then read and write on each backend. */
const MEASURED_RUNS = 6;
/** Time for starting servers, migrations, the demo and clean-up, on top of the load itself. */
const OVERHEAD_SECONDS = 180;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function readSettings(): Settings {
  return {
    seconds: intEnv('BENCH_SECONDS', 10, 1, 120),
    warmupSeconds: intEnv('BENCH_WARMUP_SECONDS', 2, 0, 60),
    connections: intEnv('BENCH_CONNECTIONS', 50, 1, 1000),
    postgresUrl: process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}

/** A warning when other work already competes for the CPUs: the figures will be noisy. */
function busyMachineNote(): string | undefined {
  const load = os.loadavg()[0] ?? 0;
  const cpus = os.availableParallelism();
  if (load < cpus / 2) return undefined;
  return (
    `Warning: the machine was already busy when the run started (load average ${load.toFixed(1)} ` +
    `on ${cpus} CPUs); other processes competed for the CPUs, so the figures are noisy.`
  );
}

async function startServer(
  cleanup: Cleanup,
  mode: ServerMode,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  log(`starting the ${mode} server`);
  const server = await startServerProcess(mode, env);
  cleanup.defer(`stop the ${mode} server`, server.stop);
  log(`${mode} server (pid ${server.pid}) listening at ${server.url}`);
  return server;
}

function reportStderr(server: ServerProcess, name: string, notes: string[]): void {
  const { count, first, tail } = server.stderr();
  if (count === 0) return;
  const excerpt = first.length > 160 ? `${first.slice(0, 160)}…` : first;
  notes.push(
    `Note: the ${name} server wrote ${count} line(s) to stderr, the first: \`${excerpt}\``,
  );
  log(`${name} server stderr (last ${tail.length} of ${count} lines):\n${tail.join('\n')}`);
}

async function measureRow(
  backend: string,
  endpoint: string,
  target: Target,
  settings: LoadSettings,
): Promise<Row> {
  await probe(target);
  log(`${backend} ${endpoint}: ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
  const measurement = await measure(target, settings);
  log(
    `  ${Math.round(measurement.requestsPerSecond)} req/s, p99 ${measurement.p99Ms} ms, ` +
      `failures: ${describeFailures(measurement)}`,
  );
  if (measurement.warmupFailures > 0) {
    log(`  warning: ${measurement.warmupFailures} failures during the warm-up`);
  }
  return { backend, endpoint, measurement, loadAverage: os.loadavg()[0] ?? 0 };
}

async function benchHelloWorld(
  cleanup: Cleanup,
  settings: Settings,
  when: 'start' | 'end',
): Promise<Row> {
  return cleanup.scope(async () => {
    const server = await startServer(cleanup, 'hello');
    const target: Target = { url: `${server.url}/`, method: 'GET', expectedStatus: 200 };
    return measureRow('Fastify', `GET / hello-world (baseline, ${when})`, target, settings);
  });
}

function trucelineTargets(url: string, token: string): { endpoint: string; target: Target }[] {
  const authorization = `Bearer ${token}`;
  return [
    {
      endpoint: 'GET /api/v1/organisations (read)',
      target: {
        url: `${url}/api/v1/organisations`,
        method: 'GET',
        headers: { authorization },
        expectedStatus: 200,
      },
    },
    {
      endpoint: 'POST /api/v1/tokens (write)',
      target: {
        url: `${url}/api/v1/tokens`,
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', scopes: ['read'], expiresInDays: 1 }),
        expectedStatus: 201,
      },
    },
  ];
}

/** The environment of a Truceline server on `backend`: a fresh data directory and database. */
async function prepareBackend(
  cleanup: Cleanup,
  backend: Backend,
  settings: Settings,
  demoPassword: string,
): Promise<Record<string, string>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-bench-'));
  cleanup.defer(`remove ${dataDir}`, async () =>
    fs.rmSync(dataDir, { recursive: true, force: true }),
  );
  const env: Record<string, string> = {
    BENCH_DATA_DIR: dataDir,
    BENCH_DEMO_PASSWORD: demoPassword,
  };
  if (backend === 'postgres') {
    const database = await createScratchDatabase(settings.postgresUrl);
    cleanup.defer(`drop database ${database.name}`, database.drop);
    log(`created scratch database ${database.name}`);
    env['BENCH_DATABASE_URL'] = database.url;
  }
  return env;
}

async function benchTruceline(
  cleanup: Cleanup,
  settings: Settings,
  backend: Backend,
  notes: string[],
): Promise<Row[]> {
  return cleanup.scope(async () => {
    const demoPassword = `bench-${crypto.randomBytes(12).toString('hex')}`;
    const env = await prepareBackend(cleanup, backend, settings, demoPassword);
    const server = await startServer(cleanup, backend, env);
    const token = await createApiToken(server.url, ADMIN_EMAIL, demoPassword);
    const rows: Row[] = [];
    for (const { endpoint, target } of trucelineTargets(server.url, token)) {
      rows.push(await measureRow(BACKEND_NAMES[backend], endpoint, target, settings));
    }
    reportStderr(server, BACKEND_NAMES[backend], notes);
    return rows;
  });
}

async function main(): Promise<void> {
  const settings = readSettings();
  const cleanup = new Cleanup();
  const limit = OVERHEAD_SECONDS + 2 * MEASURED_RUNS * (settings.seconds + settings.warmupSeconds);
  installStopHandlers(cleanup, limit, log);
  try {
    const notes: string[] = [];
    const busy = busyMachineNote();
    if (busy) {
      log(busy);
      notes.push(busy);
    }
    const rows = [await benchHelloWorld(cleanup, settings, 'start')];
    rows.push(...(await benchTruceline(cleanup, settings, 'pglite', notes)));
    const postgres = await probePostgres(settings.postgresUrl);
    if (postgres.ok) {
      notes.push(`PostgreSQL ${postgres.version}, same machine, default pool of 10 connections.`);
      rows.push(...(await benchTruceline(cleanup, settings, 'postgres', notes)));
    } else {
      const skipped = `PostgreSQL skipped: unreachable at ${settings.postgresUrl} (${postgres.problem}).`;
      log(skipped);
      notes.push(skipped);
    }
    const end = await benchHelloWorld(cleanup, settings, 'end');
    rows.push(end);
    const first = rows[0]?.measurement.requestsPerSecond ?? 0;
    const baselineRps = (first + end.measurement.requestsPerSecond) / 2;
    process.stdout.write(renderReport({ settings, rows, baselineRps, notes }));
    if (rows.some((row) => row.measurement.failures > 0)) {
      log('some requests failed: see the table');
      process.exitCode = 1;
    }
  } finally {
    await cleanup.runAll();
  }
}

await main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
