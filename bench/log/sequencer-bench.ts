/**
 * Sequencer integration rate: `n` synthetic entries put into log_pending by one SQL statement,
 * then the real sequencer (createSequencer(...).integrate(), batch after batch, in this process)
 * until they are all in the tree and signed.
 *
 * On PostgreSQL it also times every statement the sequencer sends (by wrapping pg's
 * Client.prototype.query for the duration), so the report can say where the time goes.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { Hasher } from '@truceline/domain';
import {
  createSequencer,
  MAX_BATCH,
} from '../../packages/server/src/features/log/log.sequencer.ts';
import type { Database } from '../../packages/server/src/platform/database/database.ts';
import {
  nodeHasher,
  signingKeyFrom,
  type LogSigningKey,
} from '../../packages/server/src/platform/secrets/log-signing-key.ts';
import { fillPendingSql } from './synthetic.ts';
import { log } from './stats.ts';

export interface IntegrationResult {
  readonly entries: number;
  /** Time to fill log_pending with one INSERT … SELECT generate_series (not part of the rate). */
  readonly fillMs: number;
  readonly ms: number;
  readonly perSecond: number;
  readonly batches: number;
  readonly batchMs: {
    readonly first: number;
    readonly median: number;
    readonly last: number;
    readonly max: number;
  };
  /** Entries per second over the first and the last tenth of the batches. */
  readonly earlyPerSecond: number;
  readonly latePerSecond: number;
  readonly hashCalls: number;
  readonly signMs: number;
  /** Statement time by kind (PostgreSQL only), in milliseconds over the whole run. */
  readonly statements: Readonly<Record<string, number>> | undefined;
  readonly rootHash: Buffer;
}

export const BENCH_ORIGIN = 'bench.truceline.test/log';

/** A fresh Ed25519 log key, with its PEM so a child server can sign with the same key. */
export function benchLogKey(): { key: LogSigningKey; pem: string } {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    key: signingKeyFrom(privateKey),
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function statementKind(text: string): string {
  const t = text.trim().toLowerCase();
  if (t.startsWith('begin') || t.startsWith('commit') || t.startsWith('rollback'))
    return 'begin/commit';
  if (t.includes('pg_try_advisory_xact_lock')) return 'advisory lock';
  if (t.startsWith('select') && t.includes('"log_pending"')) return 'select pending';
  if (t.startsWith('select') && t.includes('max(')) return 'tree size (max idx)';
  if (t.startsWith('select') && t.includes('"log_hashes"')) return 'read subtree hashes';
  if (t.startsWith('select') && t.includes('"log_checkpoints"')) return 'read checkpoint';
  if (t.startsWith('insert into "log_entries"')) return 'insert log_entries';
  if (t.startsWith('insert into "log_hashes"')) return 'insert log_hashes';
  if (t.startsWith('insert into "log_checkpoints"')) return 'insert checkpoint';
  if (t.startsWith('delete from "log_pending"')) return 'delete pending';
  return t.slice(0, 30);
}

/** Times every promise-returning pg Client.query until the returned function is called. */
function timePgStatements(into: Record<string, number>): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const t0 = performance.now();
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const add = () => {
        const kind = statementKind(text);
        into[kind] = (into[kind] ?? 0) + (performance.now() - t0);
      };
      return (result as Promise<unknown>).then(
        (value) => {
          add();
          return value;
        },
        (error: unknown) => {
          add();
          throw error;
        },
      );
    }
    return result;
  };
  return () => {
    proto.query = original;
  };
}

async function latestRoot(database: Database): Promise<{ size: number; root: Buffer }> {
  const { rows } = await database.executeSql(
    'select size, root_hash from log_checkpoints order by size desc limit 1',
    [],
  );
  const row = rows[0] as { size: string | number; root_hash: Uint8Array } | undefined;
  if (!row) throw new Error('no checkpoint after integration');
  return { size: Number(row.size), root: Buffer.from(row.root_hash) };
}

/**
 * Fills log_pending with `n` synthetic entries on an empty, migrated `database`, then integrates
 * them all. Bounded by a batch count (n / MAX_BATCH + 10) and by `timeLimitMs`.
 */
export async function benchIntegration(
  database: Database,
  n: number,
  options: { key: LogSigningKey; timeLimitMs: number; label: string },
): Promise<IntegrationResult> {
  log(`${options.label}: filling log_pending with ${n.toLocaleString('en-GB')} synthetic entries`);
  const f0 = performance.now();
  await database.executeSql(fillPendingSql(0, n));
  // What autovacuum would do shortly after such a load; without it the planner guesses.
  await database.executeSql('analyze log_pending');
  const fillMs = performance.now() - f0;
  log(`${options.label}: filled in ${(fillMs / 1000).toFixed(1)} s; integrating`);

  let hashCalls = 0;
  const hasher: Hasher = {
    sha256: (data) => {
      hashCalls++;
      return nodeHasher.sha256(data);
    },
  };
  let signMs = 0;
  const timedKey: LogSigningKey = {
    publicKey: options.key.publicKey,
    signer: {
      publicKey: options.key.signer.publicKey,
      signEd25519: (message) => {
        const t = performance.now();
        const signature = options.key.signer.signEd25519(message);
        signMs += performance.now() - t;
        return signature;
      },
    },
  };
  const sequencer = createSequencer({
    db: database.db,
    hasher,
    origin: BENCH_ORIGIN,
    key: timedKey,
  });

  const statements: Record<string, number> = {};
  const restore = database.kind === 'postgres' ? timePgStatements(statements) : () => undefined;
  const batchMs: number[] = [];
  const batchSizes: number[] = [];
  let size = 0;
  const maxBatches = Math.ceil(n / MAX_BATCH) + 10;
  const t0 = performance.now();
  const deadline = t0 + options.timeLimitMs;
  let lastReport = t0;
  try {
    for (let b = 0; b < maxBatches && size < n; b++) {
      if (performance.now() > deadline) {
        throw new Error(
          `${options.label}: integration not finished after ${options.timeLimitMs / 1000} s (${size} of ${n})`,
        );
      }
      const bt = performance.now();
      const grown = await sequencer.integrate();
      batchMs.push(performance.now() - bt);
      if (grown === undefined) break;
      batchSizes.push(grown - size);
      size = grown;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const rate = size / ((lastReport - t0) / 1000);
        log(`${options.label}: ${size.toLocaleString('en-GB')} integrated (${Math.round(rate)}/s)`);
      }
    }
  } finally {
    restore();
  }
  const ms = performance.now() - t0;
  if (size !== n) throw new Error(`${options.label}: integrated ${size} of ${n} entries`);

  const sorted = [...batchMs].sort((a, b) => a - b);
  const tenth = Math.max(1, Math.floor(batchMs.length / 10));
  const rate = (from: number, to: number) => {
    const entries = batchSizes.slice(from, to).reduce((a, b) => a + b, 0);
    const time = batchMs.slice(from, to).reduce((a, b) => a + b, 0);
    return entries / (time / 1000);
  };
  const { root } = await latestRoot(database);
  return {
    entries: n,
    fillMs,
    ms,
    perSecond: n / (ms / 1000),
    batches: batchMs.length,
    batchMs: {
      first: batchMs[0] ?? NaN,
      median: sorted[Math.floor(sorted.length / 2)] ?? NaN,
      last: batchMs.at(-1) ?? NaN,
      max: sorted.at(-1) ?? NaN,
    },
    earlyPerSecond: rate(0, tenth),
    latePerSecond: rate(batchSizes.length - tenth, batchSizes.length),
    hashCalls,
    signMs,
    statements: database.kind === 'postgres' ? statements : undefined,
    rootHash: root,
  };
}
