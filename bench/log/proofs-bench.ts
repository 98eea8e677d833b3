/**
 * Proof latency: inclusion and consistency proofs against the latest tree, one at a time, through
 * the service (createLogService(...), in this process, over its own pool) and over HTTP (the real
 * server in a child process). Indices are random but seeded, so runs compare.
 */
import pg from 'pg';
import { leafHash, verifyConsistency, verifyInclusion } from '@truceline/domain';
import {
  createLogService,
  type LogService,
} from '../../packages/server/src/features/log/log.service.ts';
import type { Database } from '../../packages/server/src/platform/database/database.ts';
import { nodeHasher } from '../../packages/server/src/platform/secrets/log-signing-key.ts';
import { ed25519VerifierKey } from '@truceline/domain';
import { seededRandom, summarise, type Latency } from './stats.ts';
import { syntheticEntry, syntheticHashesSql } from './synthetic.ts';

export interface ProofLatency {
  readonly inclusion: Latency;
  readonly consistency: Latency;
}

export function benchLogService(database: Database): LogService {
  return createLogService({
    db: database.db,
    hasher: nodeHasher,
    logKey: ed25519VerifierKey(nodeHasher, 'bench.truceline.test/log', new Uint8Array(32)),
    witnessKeys: async () => [],
  });
}

interface Prover {
  inclusion(index: number, size: number): Promise<Uint8Array[]>;
  consistency(from: number, to: number): Promise<Uint8Array[]>;
}

export const serviceProver = (service: LogService): Prover => ({
  inclusion: (index, size) => service.inclusionProof(index, size),
  consistency: (from, to) => service.consistencyProof(from, to),
});

async function getJson(url: string): Promise<{ hashes: string[] }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as { hashes: string[] };
}

const fromB64 = (hashes: string[]) => hashes.map((h) => new Uint8Array(Buffer.from(h, 'base64')));

export const httpProver = (baseUrl: string): Prover => ({
  inclusion: async (index, size) =>
    fromB64(
      (await getJson(`${baseUrl}/api/v1/log/proof/inclusion?treeSize=${size}&index=${index}`))
        .hashes,
    ),
  consistency: async (from, to) =>
    fromB64(
      (await getJson(`${baseUrl}/api/v1/log/proof/consistency?from=${from}&to=${to}`)).hashes,
    ),
});

/**
 * `inclusions` inclusion proofs of random leaves and `consistencies` consistency proofs from random
 * sizes, all to `size`, after a short warm-up; bounded by `timeLimitMs` overall. `baseline` runs
 * right after every proof, so that both see the same machine: on a shared machine a baseline
 * measured before or after drifts by a factor of several.
 */
export async function measureProofs(
  prover: Prover,
  size: number,
  baseline: () => Promise<unknown>,
  counts: { inclusions: number; consistencies: number; timeLimitMs: number },
): Promise<ProofLatency & { baseline: Latency }> {
  const random = seededRandom(size);
  const deadline = performance.now() + counts.timeLimitMs;
  const time = async (run: () => Promise<unknown>, samples: number[], base: number[]) => {
    if (performance.now() > deadline) throw new Error('proof latency: time limit reached');
    const t = performance.now();
    await run();
    const t1 = performance.now();
    await baseline();
    samples.push(t1 - t);
    base.push(performance.now() - t1);
  };
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) {
    await time(() => prover.inclusion(Math.floor(random() * size), size), warm, warm);
    await time(() => prover.consistency(1 + Math.floor(random() * (size - 1)), size), warm, warm);
  }
  const base: number[] = [];
  const inclusion: number[] = [];
  for (let i = 0; i < counts.inclusions; i++)
    await time(() => prover.inclusion(Math.floor(random() * size), size), inclusion, base);
  const consistency: number[] = [];
  for (let i = 0; i < counts.consistencies; i++)
    await time(
      () => prover.consistency(1 + Math.floor(random() * (size - 1)), size),
      consistency,
      base,
    );
  return {
    inclusion: summarise(inclusion),
    consistency: summarise(consistency),
    baseline: summarise(base),
  };
}

/**
 * Checks proofs from the real tree against its signed root: the latency rows measure proofs that
 * verify. Consistency from a size with a stored checkpoint, whose root the table gives.
 */
export async function verifySample(
  prover: Prover,
  database: Database,
  size: number,
  root: Uint8Array,
): Promise<void> {
  const random = seededRandom(7);
  for (let k = 0; k < 5; k++) {
    const index = Math.floor(random() * size);
    const proof = await prover.inclusion(index, size);
    verifyInclusion(
      nodeHasher,
      leafHash(nodeHasher, syntheticEntry(index)),
      index,
      size,
      proof,
      root,
    );
  }
  const { rows } = await database.executeSql(
    'select size, root_hash from log_checkpoints where size > 0 and size < $1 order by size limit 3',
    [size],
  );
  for (const row of rows as { size: string | number; root_hash: Uint8Array }[]) {
    const from = Number(row.size);
    verifyConsistency(
      nodeHasher,
      from,
      size,
      row.root_hash,
      root,
      await prover.consistency(from, size),
    );
  }
}

/**
 * Makes `database` (migrated, empty) hold the hashes of a tree of `size` leaves and a checkpoint
 * for it, by SQL only. The hashes are SHA-256 of each position, not a Merkle tree: only latency means anything.
 * log_hashes is made UNLOGGED (no WAL) and loses its secondary hash index, which proofs never
 * use, so that 20 million rows load in minutes; the primary key the proofs read is kept.
 */
export async function fillSyntheticTree(
  database: Database,
  url: string,
  size: number,
): Promise<void> {
  await database.executeSql('alter table log_hashes set unlogged');
  await database.executeSql('drop index if exists log_hashes_hash_idx');
  // Two connections, one per half of the rows (level 0 | levels 1…): the machine has two cores.
  const clients = syntheticHashesSql(size).map(() => new pg.Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await Promise.all(syntheticHashesSql(size).map((text, i) => clients[i]!.query(text)));
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
  await database.executeSql(
    `insert into log_checkpoints (size, root_hash, note) values ($1, sha256('synthetic root'::bytea), $2)`,
    [size, 'bench.truceline.test/log\nsynthetic\n'],
  );
  await database.executeSql('analyze log_hashes');
}

/** One indexed point read of log_hashes through the raw pg pool: the database round trip. */
export function pointRead(database: Database, size: number): () => Promise<unknown> {
  const random = seededRandom(size + 1);
  return () =>
    database.executeSql('select hash from log_hashes where level = $1 and idx = $2', [
      0,
      Math.floor(random() * size),
    ]);
}

/** One GET /healthz: the HTTP round trip of the same server. */
export function healthz(baseUrl: string): () => Promise<unknown> {
  return async () => {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
    await response.text();
    if (response.status !== 200) throw new Error(`GET /healthz: ${response.status}`);
  };
}
