/**
 * The sequencer: gives pending entries gapless indices in the order they became visible, stores
 * the new complete-subtree hashes, and signs a checkpoint, all in one short transaction. Several
 * processes may run it; an advisory lock lets one at a time through.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import {
  completeSubtrees,
  ed25519NoteSigner,
  formatCheckpoint,
  leafHash,
  nodeHash,
  rootHashFromSubtrees,
  signNote,
  type Hasher,
  type NoteSigner,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  logCheckpoints,
  logEntries,
  logHashes,
  logPending,
} from '../../platform/database/schema/index.ts';
import type { LogSigningKey } from '../../platform/secrets/log-signing-key.ts';
import { readHashes, treeSize } from './log.repository.ts';

const SEQUENCER_LOCK_KEY = 0x544c4f47; // "TLOG"
/** Entries integrated per transaction: bounds how long one integration holds the database. */
export const MAX_BATCH = 4096;
/** Rows per INSERT statement, well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 2000;

export interface Sequencer {
  /** Integrates what is pending (one batch); returns the new tree size, or undefined if nothing changed. */
  integrate(): Promise<number | undefined>;
}

const key = (level: number, index: number) => `${level}/${index}`;

export function createSequencer(deps: {
  db: Db;
  hasher: Hasher;
  origin: string;
  key: LogSigningKey;
  /**
   * During a key rotation, the key being retired: checkpoints carry both signatures until every
   * witness and auditor has pinned the new key (see README, "Rotating the log key").
   */
  previousKey?: LogSigningKey | undefined;
}): Sequencer {
  const { db, hasher } = deps;
  const signers: NoteSigner[] = [deps.key, ...(deps.previousKey ? [deps.previousKey] : [])].map(
    (k) => ed25519NoteSigner(hasher, deps.origin, k.signer),
  );

  async function insertChunked<T>(
    rows: T[],
    insert: (chunk: T[]) => Promise<unknown>,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await insert(rows.slice(i, i + INSERT_CHUNK));
  }

  return {
    async integrate() {
      return db.transaction(async (tx) => {
        const locked = await tx.execute(
          sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK_KEY}) as ok`,
        );
        if (!(locked as unknown as { rows: { ok: boolean }[] }).rows[0]?.ok) return undefined;

        const pending = await tx
          .select()
          .from(logPending)
          .orderBy(asc(logPending.seq))
          .limit(MAX_BATCH);
        const size = await treeSize(tx);
        if (pending.length === 0) {
          // Make sure a checkpoint exists even for the empty tree, so clients always find one.
          const [any] = await tx
            .select({ size: logCheckpoints.size })
            .from(logCheckpoints)
            .limit(1);
          if (any) return undefined;
        }

        // The left siblings the new leaves will hash with are exactly the current tree's
        // maximal complete subtrees; fetch them once.
        const known = new Map<string, Uint8Array>();
        for (const h of await readHashes(tx, completeSubtrees(0, size)))
          known.set(key(h.level, h.index), h.hash);
        const newHashes: { level: number; idx: number; hash: Uint8Array }[] = [];
        const put = (level: number, index: number, hash: Uint8Array) => {
          known.set(key(level, index), hash);
          newHashes.push({ level, idx: index, hash });
        };

        const entries = pending.map((p, i) => {
          const idx = size + i;
          let hash = leafHash(hasher, p.entry);
          put(0, idx, hash);
          for (let level = 0, index = idx; index % 2 === 1; level++, index = (index - 1) / 2) {
            const left = known.get(key(level, index - 1));
            if (!left)
              throw new Error(
                `log hash (${level}, ${index - 1}) missing: the stored tree is damaged`,
              );
            hash = nodeHash(hasher, left, hash);
            put(level + 1, (index - 1) / 2, hash);
          }
          return {
            idx,
            entry: p.entry,
            salt: p.salt,
            recordType: p.recordType,
            recordId: p.recordId,
            record: p.record,
            visibility: p.visibility,
            ownerOrganisationId: p.ownerOrganisationId,
          };
        });

        const newSize = size + entries.length;
        const root = rootHashFromSubtrees(
          hasher,
          (level, index) => {
            const h = known.get(key(level, index));
            if (!h) throw new Error(`log hash (${level}, ${index}) missing`);
            return h;
          },
          newSize,
        );
        const note = signNote(
          formatCheckpoint({ origin: deps.origin, treeSize: newSize, rootHash: root }),
          signers,
        );

        await insertChunked(entries, (chunk) => tx.insert(logEntries).values(chunk));
        await insertChunked(newHashes, (chunk) => tx.insert(logHashes).values(chunk));
        await tx
          .insert(logCheckpoints)
          .values({ size: newSize, rootHash: root, note })
          .onConflictDoNothing();
        if (pending.length > 0) {
          await tx.delete(logPending).where(
            inArray(
              logPending.seq,
              pending.map((p) => p.seq),
            ),
          );
        }
        return newSize;
      });
    },
  };
}

/**
 * Runs the sequencer every `intervalMs` (the bound between a change and its checkpoint), draining
 * large backlogs batch by batch. `stop` waits for the batch in progress.
 */
export function startSequencerLoop(
  sequencer: Sequencer,
  options: { intervalMs: number; onError: (error: unknown) => void },
): { stop(): Promise<void>; flush(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const drain = async () => {
    for (let rounds = 0; rounds < 1000 && !stopped; rounds++) {
      const grown = await sequencer.integrate();
      if (grown === undefined) return;
      // A full batch suggests more is waiting: go again at once.
      if (grown % MAX_BATCH !== 0) return;
    }
  };
  const tick = () => {
    running = drain()
      .catch(options.onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    async flush() {
      await running;
      await drain();
    },
  };
}
