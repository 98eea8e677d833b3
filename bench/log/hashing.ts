/**
 * The SHA-256 limit: how fast this process can compute a Merkle tree's hashes (one leaf hash per
 * entry, n - 1 node hashes) with node:crypto and nothing else. The sequencer and the auditor must
 * compute at least these hashes, so the ratio to this rate says how much of their time is
 * everything else (database, HTTP, JSON, allocation).
 */
import crypto from 'node:crypto';
import { leafHash, rootHash } from '@truceline/domain';
import { nodeHasher } from '../../packages/server/src/platform/secrets/log-signing-key.ts';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export interface HashRun {
  readonly method: string;
  readonly hashes: number;
  /** Best of the runs, in milliseconds. */
  readonly ms: number;
  readonly perSecond: number;
  readonly root: Buffer;
}

type Sha = (prefix: Buffer, a: Buffer, b?: Buffer) => Buffer;

/** Incremental hashing: no concatenation, one Hash object per hash. */
const streaming: Sha = (prefix, a, b) => {
  const h = crypto.createHash('sha256').update(prefix).update(a);
  if (b) h.update(b);
  return h.digest();
};

/** One-shot crypto.hash over the concatenated input (Node ≥ 20.12). */
const oneShot: Sha = (prefix, a, b) =>
  crypto.hash('sha256', b ? Buffer.concat([prefix, a, b]) : Buffer.concat([prefix, a]), 'buffer');

/** RFC 9162 root, level by level (an unpaired last node moves up unchanged): n + (n - 1) hashes. */
function treeRoot(entries: readonly Buffer[], sha: Sha): { root: Buffer; hashes: number } {
  let level = entries.map((e) => sha(LEAF, e));
  let hashes = level.length;
  while (level.length > 1) {
    const next: Buffer[] = new Array<Buffer>(Math.ceil(level.length / 2));
    for (let i = 0; i + 1 < level.length; i += 2) next[i / 2] = sha(NODE, level[i]!, level[i + 1]!);
    if (level.length % 2 === 1) next[next.length - 1] = level[level.length - 1]!;
    hashes += Math.floor(level.length / 2);
    level = next;
  }
  return { root: level[0] ?? crypto.hash('sha256', Buffer.alloc(0), 'buffer'), hashes };
}

function best(runs: number, budgetMs: number, run: () => { root: Buffer; hashes: number }) {
  let ms = Infinity;
  let result: { root: Buffer; hashes: number } = { root: Buffer.alloc(0), hashes: 0 };
  const deadline = performance.now() + budgetMs;
  for (let r = 0; r < runs && (r === 0 || performance.now() < deadline); r++) {
    const t0 = performance.now();
    result = run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ...result, ms };
}

/**
 * The raw limit: the faster of incremental and one-shot node:crypto hashing, best of `runs`
 * (within `budgetMs`). Also times the domain's own leafHash + rootHash through the server's
 * nodeHasher, which is what the auditor runs.
 */
export function measureHashing(
  entries: readonly Buffer[],
  runs = 3,
  budgetMs = 30_000,
): { raw: HashRun; domain: HashRun } {
  const candidates = [
    {
      method: 'createHash().update().digest()',
      ...best(runs, budgetMs, () => treeRoot(entries, streaming)),
    },
    { method: 'crypto.hash() one-shot', ...best(runs, budgetMs, () => treeRoot(entries, oneShot)) },
  ];
  const fastest = candidates.reduce((a, b) => (b.ms < a.ms ? b : a));
  const domain = best(runs, budgetMs, () => {
    const leaves = entries.map((e) => leafHash(nodeHasher, e));
    const root = Buffer.from(rootHash(nodeHasher, leaves));
    return { root, hashes: entries.length * 2 - 1 };
  });
  const toRun = (method: string, r: { root: Buffer; hashes: number; ms: number }): HashRun => ({
    method,
    hashes: r.hashes,
    ms: r.ms,
    perSecond: r.hashes / (r.ms / 1000),
    root: r.root,
  });
  if (!fastest.root.equals(domain.root) || !candidates.every((c) => c.root.equals(domain.root))) {
    throw new Error('the raw and domain tree hashes disagree: the baseline is wrong');
  }
  return {
    raw: toRun(fastest.method, fastest),
    domain: toRun('domain leafHash + rootHash (nodeHasher)', domain),
  };
}
