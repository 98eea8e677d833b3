/**
 * End-to-end appends: the real server (bench/server-under-test.ts, in its own process, demo
 * loaded) under autocannon POST /api/v1/tokens with a read+write bearer token. Each 201 is an
 * authenticated, validated change and its log entry committed in one transaction; the server's
 * own sequencer loop integrates them meanwhile (default TRUCELINE_LOG_INTEGRATE_MS, 1 s).
 *
 * Then the integration lag: right after the load, one more token (the marker) is created and
 * GET /api/v1/log/records/api_token/<id> is polled until its entry is in the tree. Entries are
 * integrated in commit (seq) order, so the marker in the tree means every load entry is too, under
 * a signed checkpoint (the checkpoint is written in the same transaction).
 *
 * Baseline: GET /healthz on the same server process, same connections and duration: the ceiling
 * of that process's HTTP stack on this machine, with no authentication and no database.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiToken } from '../api-token.ts';
import type { Cleanup } from '../cleanup.ts';
import { measure, probe, type Measurement, type Target } from '../load.ts';
import { createScratchDatabase } from '../postgres.ts';
import { startServerProcess } from '../server-process.ts';
import { checkDeadline, log, sleep } from './stats.ts';

const ADMIN_EMAIL = 'admin@demo.truceline.test';
const LAG_LIMIT_MS = 180_000;
const POLL_MS = 20;

export interface AppendResult {
  readonly backend: 'pglite' | 'postgres';
  readonly healthz: Measurement;
  readonly appends: Measurement;
  /** Entries the load appended (warm-up included), counted in the tree. */
  readonly entriesAppended: number;
  /** Checkpoint size growth during the load, per second of load. */
  readonly integratedPerSecondDuringLoad: number;
  /** Seconds the load ran, warm-up included. */
  readonly loadSeconds: number;
  /** Entries not yet in a checkpoint when the load stopped. */
  readonly backlogAtEnd: number;
  /** From the end of the load until a checkpoint covers every entry it appended. */
  readonly lagMs: number;
  readonly loadAverage: number;
  readonly stderrLines: number;
  readonly stderrFirst: string;
}

async function checkpointSize(url: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/log/checkpoint`, {
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET checkpoint: ${response.status} ${text.slice(0, 200)}`);
  const size = Number(text.split('\n')[1]);
  if (!Number.isInteger(size)) throw new Error(`unexpected checkpoint: ${text.slice(0, 200)}`);
  return size;
}

async function createToken(url: string, token: string, name: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, scopes: ['read'], expiresInDays: 1 }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`POST tokens: ${response.status} ${text.slice(0, 200)}`);
  return (JSON.parse(text) as { token: { id: string } }).token.id;
}

/** Polls until the token's creation is in the tree; returns its leaf index and when it was seen. */
async function waitForEntry(url: string, tokenId: string): Promise<{ index: number; at: number }> {
  const deadline = performance.now() + LAG_LIMIT_MS;
  for (;;) {
    checkDeadline(deadline, `waiting for the entry of token ${tokenId}`);
    const response = await fetch(`${url}/api/v1/log/records/api_token/${tokenId}`, {
      signal: AbortSignal.timeout(30_000),
    });
    const at = performance.now();
    const text = await response.text();
    if (response.status === 200) {
      const items = (JSON.parse(text) as { items: { index: number }[] }).items;
      return { index: items[0]!.index, at };
    }
    if (response.status !== 404)
      throw new Error(`GET records: ${response.status} ${text.slice(0, 200)}`);
    await sleep(POLL_MS);
  }
}

export async function benchAppends(
  cleanup: Cleanup,
  backend: 'pglite' | 'postgres',
  settings: { connections: number; seconds: number; warmupSeconds: number; postgresUrl: string },
): Promise<AppendResult> {
  return cleanup.scope(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-logbench-'));
    cleanup.defer(`remove ${dataDir}`, async () =>
      fs.rmSync(dataDir, { recursive: true, force: true }),
    );
    const password = `bench-${crypto.randomBytes(12).toString('hex')}`;
    const env: Record<string, string> = { BENCH_DATA_DIR: dataDir, BENCH_DEMO_PASSWORD: password };
    if (backend === 'postgres') {
      const database = await createScratchDatabase(settings.postgresUrl);
      cleanup.defer(`drop database ${database.name}`, database.drop);
      env['BENCH_DATABASE_URL'] = database.url;
    }
    log(`appends ${backend}: starting the server`);
    const server = await startServerProcess(backend, env);
    cleanup.defer(`stop the ${backend} server`, server.stop);
    const { url } = server;
    const token = await createApiToken(url, ADMIN_EMAIL, password);

    const healthz: Target = { url: `${url}/healthz`, method: 'GET', expectedStatus: 200 };
    await probe(healthz);
    log(`appends ${backend}: GET /healthz ${settings.warmupSeconds} s + ${settings.seconds} s`);
    const healthzResult = await measure(healthz, settings);

    // Start from a drained log: the demo's and the token's entries integrated.
    const before = await createToken(url, token, 'bench-before');
    await waitForEntry(url, before);
    const appends: Target = {
      url: `${url}/api/v1/tokens`,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', scopes: ['read'], expiresInDays: 1 }),
      expectedStatus: 201,
    };
    await probe(appends);
    const s0 = await checkpointSize(url);
    log(
      `appends ${backend}: POST /api/v1/tokens ${settings.warmupSeconds} s + ${settings.seconds} s (tree at ${s0})`,
    );
    const t0 = performance.now();
    const appendsResult = await measure(appends, settings);
    const tEnd = performance.now();
    const s1 = await checkpointSize(url);
    const marker = await createToken(url, token, 'bench-marker');
    const seen = await waitForEntry(url, marker);
    const entriesAppended = seen.index - s0;
    const lagMs = seen.at - tEnd;
    log(
      `appends ${backend}: ${Math.round(appendsResult.requestsPerSecond)}/s, ${entriesAppended} entries, ` +
        `backlog ${seen.index - s1} at the end, in the tree ${(lagMs / 1000).toFixed(2)} s later`,
    );
    const { count, first } = server.stderr();
    return {
      backend,
      healthz: healthzResult,
      appends: appendsResult,
      entriesAppended,
      integratedPerSecondDuringLoad: (s1 - s0) / ((tEnd - t0) / 1000),
      loadSeconds: (tEnd - t0) / 1000,
      backlogAtEnd: seen.index - s1,
      lagMs,
      loadAverage: os.loadavg()[0] ?? 0,
      stderrLines: count,
      stderrFirst: first,
    };
  });
}
