/** The sequencer against real databases: gapless indices, RFC 9162 roots, signed checkpoints. */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ed25519VerifierKey,
  leafHash,
  parseCheckpoint,
  rootHash,
  verifyNote,
} from '@truceline/domain';
import { appendToLog } from '../../src/features/log/log.writer.ts';
import {
  createSequencer,
  MAX_BATCH,
  type Sequencer,
} from '../../src/features/log/log.sequencer.ts';
import { latestCheckpoint, readEntries, treeSize } from '../../src/features/log/log.repository.ts';
import {
  nodeHasher,
  nodeVerifier,
  signingKeyFrom,
} from '../../src/platform/secrets/log-signing-key.ts';
import type { Database } from '../../src/platform/database/database.ts';
import { backends } from '../support/test-db.ts';

const ORIGIN = 'test.truceline.example/log';

async function appendMany(database: Database, n: number, tag: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      await appendToLog(tx, {
        action: 'test.append',
        actor: null,
        recordType: 'test',
        recordId: `${tag}-${i}`,
        record: { tag, i },
        visibility: i % 2 === 0 ? 'public' : 'mediators',
        now: new Date(),
      });
    }
  });
}

for (const backend of await backends()) {
  describe(`log sequencer (${backend.name})`, () => {
    let database: Database;
    let sequencer: Sequencer;
    const key = signingKeyFrom(crypto.generateKeyPairSync('ed25519').privateKey);
    const vkey = ed25519VerifierKey(nodeHasher, ORIGIN, key.publicKey);

    beforeAll(async () => {
      database = await backend.open();
      sequencer = createSequencer({ db: database.db, hasher: nodeHasher, origin: ORIGIN, key });
    });
    afterAll(async () => database.close());

    const checkTree = async () => {
      const size = await treeSize(database.db);
      const entries = await readEntries(database.db, 0, size);
      expect(entries.map((e) => e.idx)).toEqual([...Array(size).keys()]);
      const root = rootHash(
        nodeHasher,
        entries.map((e) => leafHash(nodeHasher, e.entry)),
      );
      const cp = await latestCheckpoint(database.db);
      expect(cp).toBeDefined();
      const verified = verifyNote(cp!.note, [vkey], nodeVerifier);
      const parsed = parseCheckpoint(verified.text);
      expect(parsed.origin).toBe(ORIGIN);
      expect(parsed.treeSize).toBe(size);
      expect(Buffer.from(parsed.rootHash).toString('hex')).toBe(Buffer.from(root).toString('hex'));
      return size;
    };

    it('signs a checkpoint for the empty tree', async () => {
      expect(await sequencer.integrate()).toBe(0);
      expect(await checkTree()).toBe(0);
      expect(await sequencer.integrate()).toBeUndefined();
    });

    it('integrates batches of every shape with gapless indices and correct roots', async () => {
      let expected = 0;
      for (const n of [1, 1, 2, 3, 5, 8, 13, 250, 7]) {
        await appendMany(database, n, `b${n}`);
        expected += n;
        expect(await sequencer.integrate()).toBe(expected);
        expect(await checkTree()).toBe(expected);
      }
    });

    it('drains a backlog larger than one batch', async () => {
      const before = await treeSize(database.db);
      await appendMany(database, MAX_BATCH + 10, 'big');
      expect(await sequencer.integrate()).toBe(before + MAX_BATCH);
      expect(await sequencer.integrate()).toBe(before + MAX_BATCH + 10);
      await checkTree();
    });

    it('during a key rotation, checkpoints carry the new and the retiring key', async () => {
      const next = signingKeyFrom(crypto.generateKeyPairSync('ed25519').privateKey);
      const rotating = createSequencer({
        db: database.db,
        hasher: nodeHasher,
        origin: ORIGIN,
        key: next,
        previousKey: key,
      });
      await appendMany(database, 3, 'rotation');
      await rotating.integrate();
      const note = (await latestCheckpoint(database.db))!.note;
      const nextKey = ed25519VerifierKey(nodeHasher, ORIGIN, next.publicKey);
      const verified = verifyNote(note, [vkey, nextKey], nodeVerifier);
      expect(verified.verified.map((v) => v.key)).toEqual([nextKey, vkey]);
      // An auditor still pinned to the old key keeps verifying while it re-pins.
      expect(() => verifyNote(note, [vkey], nodeVerifier)).not.toThrow();
      // Back to the original key for the remaining tests.
      await appendMany(database, 1, 'after');
      await sequencer.integrate();
    });

    it('a rolled-back change leaves no entry', async () => {
      const before = await treeSize(database.db);
      await expect(
        database.db.transaction(async (tx) => {
          await appendToLog(tx, {
            action: 'test.append',
            actor: null,
            recordType: 'test',
            recordId: 'doomed',
            record: {},
            visibility: 'public',
            now: new Date(),
          });
          throw new Error('change failed');
        }),
      ).rejects.toThrow('change failed');
      expect(await sequencer.integrate()).toBeUndefined();
      expect(await treeSize(database.db)).toBe(before);
    });
  });
}
