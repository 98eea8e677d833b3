/**
 * The transparency-log benchmark: `node --import tsx bench/log-bench.ts`.
 *
 * 1. End-to-end appends/s on the real server (PGlite, PostgreSQL) under autocannon, and the lag
 *    until a checkpoint covers them; baseline GET /healthz of the same server.
 * 2. Sequencer integration rate of synthetic pending entries (PGlite in process, PostgreSQL);
 *    baseline the raw SHA-256 rate for the same leaf and node hashes.
 * 3. Inclusion and consistency proof latency at 1M (the real tree of 2) and 10M (synthetic
 *    hashes) entries, through the service and over HTTP; baselines a point read and GET /healthz.
 * 4. A full audit of the 1M tree over HTTP; baseline the raw SHA-256 of the same tree.
 *
 * Prints a Markdown table on stdout (progress on stderr). Everything runs on this machine;
 * servers in child processes, scratch databases dropped and directories removed at the end, on
 * failure, on Ctrl-C and at the time limit. See docs/benchmarks-log.md.
 *
 * Environment (all optional):
 *   BENCH_QUICK=1                  small sizes and short loads (about 2 minutes)
 *   BENCH_LOG_PHASES               comma list of e2e, sequencer, proofs, audit (default: all)
 *   BENCH_LOG_ENTRIES              entries integrated on PostgreSQL, proved from and audited (1000000)
 *   BENCH_LOG_PGLITE_ENTRIES       entries integrated on PGlite (100000)
 *   BENCH_LOG_SIZES                tree sizes for proof latency (default "<ENTRIES>,10000000");
 *                                  a size other than BENCH_LOG_ENTRIES gets synthetic hashes
 *   BENCH_LOG_INCLUSION_PROOFS     inclusion proofs per tree and path (500)
 *   BENCH_LOG_CONSISTENCY_PROOFS   consistency proofs per tree and path (200)
 *   BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS   the end-to-end load (10, 2, 50)
 *   BENCH_POSTGRES_URL             admin URL for scratch databases (postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_LOG_LIMIT_SECONDS        hard limit for the whole run (1800)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cleanup, installStopHandlers } from './cleanup.ts';
import { createScratchDatabase, probePostgres } from './postgres.ts';
import { openPglite } from '../packages/server/src/platform/database/pglite.database.ts';
import { openPostgres } from '../packages/server/src/platform/database/postgres.database.ts';
import type { Database } from '../packages/server/src/platform/database/database.ts';
import { benchAudit } from './log/audit-bench.ts';
import { benchAppends, type AppendResult } from './log/e2e-bench.ts';
import { measureHashing, type HashRun } from './log/hashing.ts';
import { startLogServerProcess, type LogServerProcess } from './log/log-server-process.ts';
import {
  benchLogService,
  fillSyntheticTree,
  httpProver,
  healthz,
  measureProofs,
  pointRead,
  serviceProver,
  verifySample,
} from './log/proofs-bench.ts';
import {
  renderLogReport,
  type AuditRow,
  type IntegrationRow,
  type ProofRow,
} from './log/report.ts';
import { BENCH_ORIGIN, benchIntegration, benchLogKey } from './log/sequencer-bench.ts';
import { readLogBenchSettings, type LogBenchSettings } from './log/settings.ts';
import { log } from './log/stats.ts';
import { syntheticEntry } from './log/synthetic.ts';

const INTEGRATION_LIMIT_MS = 900_000;
const PROOFS_LIMIT_MS = 300_000;
const AUDIT_LIMIT_MS = 600_000;

function tempDir(cleanup: Cleanup, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.defer(`remove ${dir}`, async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function openScratchPostgres(
  cleanup: Cleanup,
  adminUrl: string,
): Promise<{ database: Database; url: string }> {
  const scratch = await createScratchDatabase(adminUrl);
  cleanup.defer(`drop database ${scratch.name}`, scratch.drop);
  log(`created scratch database ${scratch.name}`);
  const database = await openPostgres({ url: scratch.url, poolSize: 4 });
  cleanup.defer(`close the pool on ${scratch.name}`, () => database.close());
  await database.migrate();
  return { database, url: scratch.url };
}

async function startLogServer(
  cleanup: Cleanup,
  databaseUrl: string,
  keyFile: string,
): Promise<LogServerProcess> {
  const server = await startLogServerProcess({
    LOG_BENCH_DATABASE_URL: databaseUrl,
    LOG_BENCH_DATA_DIR: tempDir(cleanup, 'truceline-logbench-srv-'),
    LOG_BENCH_KEY_FILE: keyFile,
    LOG_BENCH_ORIGIN: BENCH_ORIGIN,
  });
  cleanup.defer('stop the log server', server.stop);
  log(`log server (pid ${server.pid}) at ${server.url}`);
  return server;
}

async function proofRow(
  database: Database,
  server: LogServerProcess | undefined,
  size: number,
  synthetic: boolean,
  settings: LogBenchSettings,
): Promise<ProofRow> {
  const counts = {
    inclusions: settings.inclusionProofs,
    consistencies: settings.consistencyProofs,
    timeLimitMs: PROOFS_LIMIT_MS,
  };
  log(`proofs at ${size.toLocaleString('en-GB')}${synthetic ? ' (synthetic)' : ''}: service`);
  const service = await measureProofs(
    serviceProver(benchLogService(database)),
    size,
    pointRead(database, size),
    counts,
  );
  let http;
  if (server) {
    log(`proofs at ${size.toLocaleString('en-GB')}: HTTP`);
    http = await measureProofs(httpProver(server.url), size, healthz(server.url), counts);
  }
  return {
    size,
    synthetic,
    service,
    pointRead: service.baseline,
    http,
    healthz: http?.baseline,
  };
}

async function main(): Promise<void> {
  const settings = readLogBenchSettings();
  const cleanup = new Cleanup();
  installStopHandlers(cleanup, settings.limitSeconds, log);
  const startedAt = new Date();
  const loadAverages = [{ when: 'start', value: os.loadavg()[0] ?? 0 }];
  const notes: string[] = [];
  const appends: AppendResult[] = [];
  const integrations: IntegrationRow[] = [];
  const proofs: ProofRow[] = [];
  let auditRow: AuditRow | undefined;
  const { phases } = settings;

  try {
    const postgres = await probePostgres(settings.postgresUrl);
    if (!postgres.ok) {
      const skipped = `PostgreSQL unreachable at ${settings.postgresUrl} (${postgres.problem}): its rows are skipped.`;
      log(skipped);
      notes.push(skipped);
    }

    // 1. End to end.
    if (phases.has('e2e')) {
      for (const backend of ['pglite', 'postgres'] as const) {
        if (backend === 'postgres' && !postgres.ok) continue;
        const a = await benchAppends(cleanup, backend, settings);
        appends.push(a);
        if (a.stderrLines > 0) {
          const first =
            a.stderrFirst.length > 160 ? `${a.stderrFirst.slice(0, 160)}…` : a.stderrFirst;
          notes.push(
            `The ${backend} server wrote ${a.stderrLines} line(s) to stderr, the first: \`${first}\``,
          );
        }
      }
      loadAverages.push({ when: 'after 1', value: os.loadavg()[0] ?? 0 });
    }

    const wantTree = phases.has('sequencer') || phases.has('proofs') || phases.has('audit');
    const treeSize = settings.postgresEntries;
    const maxEntries = Math.max(
      phases.has('sequencer') ? settings.pgliteEntries : 0,
      wantTree ? treeSize : 0,
    );
    log(
      `generating ${maxEntries.toLocaleString('en-GB')} synthetic entries for the hash baselines`,
    );
    const entries = Array.from({ length: maxEntries }, (_, i) => syntheticEntry(i));
    const hashing = new Map<number, { raw: HashRun; domain: HashRun }>();
    const hashBaseline = (n: number) => {
      let h = hashing.get(n);
      if (!h) {
        log(`raw SHA-256 baseline for ${n.toLocaleString('en-GB')} entries`);
        h = measureHashing(n === entries.length ? entries : entries.slice(0, n));
        hashing.set(n, h);
      }
      return h;
    };
    const { key, pem } = benchLogKey();

    // 2. Sequencer on PGlite, in this process, persisted in a temporary data directory.
    if (phases.has('sequencer')) {
      await cleanup.scope(async () => {
        const dir = tempDir(cleanup, 'truceline-logbench-pglite-');
        const database = await openPglite({ dataDir: dir });
        cleanup.defer('close PGlite', () => database.close());
        await database.migrate();
        const result = await benchIntegration(database, settings.pgliteEntries, {
          key,
          timeLimitMs: INTEGRATION_LIMIT_MS,
          label: 'sequencer PGlite',
        });
        const { raw } = hashBaseline(settings.pgliteEntries);
        if (!raw.root.equals(result.rootHash))
          throw new Error('PGlite: the signed root differs from the recomputed one');
        integrations.push({ backend: 'PGlite (in process, on disk)', result, raw });
      });
      loadAverages.push({ when: 'after 2 PGlite', value: os.loadavg()[0] ?? 0 });
    }

    // 2–4 on PostgreSQL: the real tree.
    if (wantTree && postgres.ok) {
      await cleanup.scope(async () => {
        const { database, url } = await openScratchPostgres(cleanup, settings.postgresUrl);
        const result = await benchIntegration(database, treeSize, {
          key,
          timeLimitMs: INTEGRATION_LIMIT_MS,
          label: 'sequencer PostgreSQL',
        });
        const hashes = hashBaseline(treeSize);
        if (!hashes.raw.root.equals(result.rootHash))
          throw new Error('PostgreSQL: the signed root differs from the recomputed one');
        if (phases.has('sequencer')) {
          integrations.push({ backend: 'PostgreSQL (pool of 4)', result, raw: hashes.raw });
          const st = result.statements ?? {};
          const total = Object.values(st).reduce((a, b) => a + b, 0);
          const parts = Object.entries(st)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => `${k} ${((100 * v) / result.ms).toFixed(0)} %`);
          const hashShare = (result.hashCalls / hashes.domain.hashes) * hashes.domain.ms;
          notes.push(
            `Where PostgreSQL integration time goes (${(result.ms / 1000).toFixed(1)} s, ${result.batches} batches, ` +
              `batch median ${result.batchMs.median.toFixed(0)} ms, max ${result.batchMs.max.toFixed(0)} ms): statements ` +
              `${((100 * total) / result.ms).toFixed(0)} % (${parts.join(', ')}); SHA-256 ≈ ${((100 * hashShare) / result.ms).toFixed(1)} % ` +
              `(${result.hashCalls.toLocaleString('en-GB')} hashes at the measured in-process rate); Ed25519 signing ` +
              `${((100 * result.signMs) / result.ms).toFixed(2)} %; the rest is JavaScript (drizzle row mapping, parameter building). ` +
              `Statement time is measured around each pg query, so it includes the driver's encoding and decoding.`,
          );
        }
        loadAverages.push({ when: 'after 2 PostgreSQL', value: os.loadavg()[0] ?? 0 });

        let server: LogServerProcess | undefined;
        if (phases.has('proofs') || phases.has('audit')) {
          const keyDir = tempDir(cleanup, 'truceline-logbench-key-');
          const keyFile = path.join(keyDir, 'log-key.pem');
          fs.writeFileSync(keyFile, pem, { mode: 0o600 });
          server = await startLogServer(cleanup, url, keyFile);
        }
        if (phases.has('proofs') && settings.proofSizes.includes(treeSize)) {
          const service = serviceProver(benchLogService(database));
          await verifySample(service, database, treeSize, result.rootHash);
          if (server)
            await verifySample(httpProver(server.url), database, treeSize, result.rootHash);
          proofs.push(await proofRow(database, server, treeSize, false, settings));
        }
        if (phases.has('audit') && server) {
          log(`full audit of ${treeSize.toLocaleString('en-GB')} entries over HTTP`);
          const timing = await benchAudit(server.url, key, BENCH_ORIGIN, treeSize, AUDIT_LIMIT_MS);
          auditRow = { timing, raw: hashes.raw, domain: hashes.domain };
          notes.push(
            `Audit breakdown: downloading and decoding ${timing.bundles.toLocaleString('en-GB')} entry bundles took ` +
              `${(timing.downloadMs / 1000).toFixed(1)} s of ${(timing.ms / 1000).toFixed(1)} s; the auditor's own hashing path ` +
              `(domain leafHash + rootHash through nodeHasher) takes ${(hashes.domain.ms / 1000).toFixed(2)} s for this tree ` +
              `in isolation, against ${(hashes.raw.ms / 1000).toFixed(2)} s raw.`,
          );
          loadAverages.push({ when: 'after 4', value: os.loadavg()[0] ?? 0 });
        }
      });
    }
    entries.length = 0;

    // 3 at other sizes: synthetic hashes.
    if (phases.has('proofs') && postgres.ok) {
      for (const size of settings.proofSizes) {
        if (size === treeSize && wantTree) continue;
        await cleanup.scope(async () => {
          const { database, url } = await openScratchPostgres(cleanup, settings.postgresUrl);
          log(`filling synthetic hashes for a tree of ${size.toLocaleString('en-GB')}`);
          const t0 = performance.now();
          await fillSyntheticTree(database, url, size);
          const fillS = (performance.now() - t0) / 1000;
          log(`filled in ${fillS.toFixed(1)} s`);
          notes.push(
            `The ${size.toLocaleString('en-GB')}-entry tree is synthetic: log_hashes holds SHA-256(level, index) values for every ` +
              `complete subtree (${(2 * size).toLocaleString('en-GB')} rows, loaded by SQL in ${fillS.toFixed(0)} s) ` +
              `and log_checkpoints one row of that size, so its proofs measure latency only and verify against nothing. ` +
              `For the load its log_hashes is UNLOGGED and without the secondary hash index; the primary key the proofs read is as in production.`,
          );
          const keyDir = tempDir(cleanup, 'truceline-logbench-key-');
          const keyFile = path.join(keyDir, 'log-key.pem');
          fs.writeFileSync(keyFile, pem, { mode: 0o600 });
          const server = await startLogServer(cleanup, url, keyFile);
          proofs.push(await proofRow(database, server, size, true, settings));
        });
      }
      loadAverages.push({ when: 'after 3', value: os.loadavg()[0] ?? 0 });
    }

    notes.push(
      'For reference (not measured here): transparency-dev Tessera reports about 1,500 entries/s on a small cloud VM and about 10,000/s on local NVMe.',
    );
    const command =
      (Object.entries(process.env)
        .filter(([k]) => k.startsWith('BENCH_'))
        .map(([k, v]) => `${k}=${v} `)
        .join('') ?? '') + 'node --import tsx bench/log-bench.ts';
    process.stdout.write(
      renderLogReport({
        command,
        startedAt,
        seconds: settings.seconds,
        connections: settings.connections,
        warmupSeconds: settings.warmupSeconds,
        appends,
        integrations,
        proofs,
        audit: auditRow,
        postgresVersion: postgres.ok ? postgres.version : undefined,
        loadAverages,
        notes,
      }),
    );
    if (appends.some((a) => a.appends.failures > 0 || a.healthz.failures > 0)) {
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
