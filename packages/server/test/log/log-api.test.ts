/**
 * The log's read API end to end: changes made through the API appear in the log, checkpoints
 * verify, tiles and proofs match what the domain computes, and bad input gets a 4xx, never a 5xx.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeEntryBundle,
  decodeTile,
  leafHash,
  parseCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
  verifyNote,
  type Checkpoint,
} from '@truceline/domain';
import { nodeHasher, nodeVerifier } from '../../src/platform/secrets/log-signing-key.ts';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type TestContext,
} from '../support/test-app.ts';

for (const backend of await backends()) {
  describe(`log read API (${backend.name})`, () => {
    let t: TestContext;
    const sizes: number[] = [];

    const checkpoint = async (): Promise<Checkpoint> => {
      const keys = (await t.app.inject({ method: 'GET', url: '/api/v1/log/keys' })).body
        .trim()
        .split('\n');
      const logKey = parseVerifierKey(nodeHasher, keys[0]!);
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/log/checkpoint' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      return parseCheckpoint(verifyNote(res.body, [logKey], nodeVerifier).text);
    };

    beforeAll(async () => {
      t = await createTestApp(backend);
      // Demo load appended entries; integrate them, then make more changes in several batches.
      sizes.push((await t.services.sequencer.integrate())!);
      const admin = await signIn(t.app, demoAccount('admin').email);
      for (let batch = 0; batch < 3; batch++) {
        for (let i = 0; i < 4 + batch * 90; i++) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/v1/tokens',
            headers: asSession(admin),
            payload: { name: `batch ${batch} token ${i}`, scopes: ['read'], expiresInDays: 1 },
          });
          expect(res.statusCode).toBe(201);
        }
        sizes.push((await t.services.sequencer.integrate())!);
      }
    });
    afterAll(async () => t.close());

    it('every API change is in the log, with its action and a salted commitment', async () => {
      const cp = await checkpoint();
      expect(cp.treeSize).toBe(sizes.at(-1));
      // demo: 6 organisations, 7 users, 1 agreement, 3 rounds, 2 crossings; then 4 + 94 + 184 tokens
      expect(sizes[0]).toBe(19);
      expect(cp.treeSize).toBe(19 + 4 + 94 + 184);
      const page = (
        await t.app.inject({ method: 'GET', url: '/api/v1/log/entries?start=19&end=21' })
      ).json();
      expect(page.items).toHaveLength(2);
      expect(page.items[0].decoded).toMatchObject({
        v: 1,
        action: 'token.create',
        recordType: 'api_token',
        salted: true,
      });
      expect(page.items[0].decoded.commitment).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(page)).not.toContain('batch 0 token');
    });

    it('inclusion proofs verify against the signed checkpoint, by index and by leaf hash', async () => {
      const cp = await checkpoint();
      const entries = (
        await t.app.inject({ method: 'GET', url: `/api/v1/log/entries?start=0&end=${cp.treeSize}` })
      ).json().items as { index: number; entry: string }[];
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: cp.treeSize - 1 }), async (index) => {
          const leaf = leafHash(nodeHasher, Buffer.from(entries[index]!.entry, 'base64'));
          const byIndex = (
            await t.app.inject({
              method: 'GET',
              url: `/api/v1/log/proof/inclusion?index=${index}&treeSize=${cp.treeSize}`,
            })
          ).json();
          verifyInclusion(
            nodeHasher,
            leaf,
            index,
            cp.treeSize,
            byIndex.hashes.map((h: string) => Buffer.from(h, 'base64')),
            cp.rootHash,
          );
          const byHash = await t.app.inject({
            method: 'GET',
            url: `/api/v1/log/proof/inclusion?leafHash=${encodeURIComponent(Buffer.from(leaf).toString('base64'))}&treeSize=${cp.treeSize}`,
          });
          expect(byHash.json().leafIndex).toBe(index);
        }),
        { numRuns: 25 },
      );
    });

    it('consistency proofs verify between every pair of published checkpoints', async () => {
      const roots = new Map<number, Uint8Array>();
      for (const size of sizes) {
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/log/tile/0/000.p/1` });
        expect(res.statusCode).toBe(200);
        // Roots of older sizes: recompute from the entries (what an auditor does).
        const entries = (
          await t.app.inject({ method: 'GET', url: `/api/v1/log/entries?start=0&end=${size}` })
        ).json().items as { entry: string }[];
        const { rootHash } = await import('@truceline/domain');
        roots.set(
          size,
          rootHash(
            nodeHasher,
            entries.map((e) => leafHash(nodeHasher, Buffer.from(e.entry, 'base64'))),
          ),
        );
      }
      for (const m of sizes) {
        for (const n of sizes) {
          if (m > n) continue;
          const proof = (
            await t.app.inject({
              method: 'GET',
              url: `/api/v1/log/proof/consistency?from=${m}&to=${n}`,
            })
          ).json();
          verifyConsistency(
            nodeHasher,
            m,
            n,
            roots.get(m)!,
            roots.get(n)!,
            proof.hashes.map((h: string) => Buffer.from(h, 'base64')),
          );
        }
      }
    });

    it('serves C2SP tiles and entry bundles that agree with the entries', async () => {
      const cp = await checkpoint();
      const full = await t.app.inject({ method: 'GET', url: '/api/v1/log/tile/0/000' });
      expect(full.statusCode).toBe(200);
      expect(full.headers['cache-control']).toContain('immutable');
      const hashes = decodeTile(new Uint8Array(full.rawPayload));
      expect(hashes).toHaveLength(256);
      const bundle = decodeEntryBundle(
        new Uint8Array(
          (await t.app.inject({ method: 'GET', url: '/api/v1/log/tile/entries/000' })).rawPayload,
        ),
      );
      expect(bundle).toHaveLength(256);
      bundle.forEach((entry, i) =>
        expect(Buffer.from(leafHash(nodeHasher, entry))).toEqual(Buffer.from(hashes[i]!)),
      );
      const partialWidth = cp.treeSize - 256;
      const partial = await t.app.inject({
        method: 'GET',
        url: `/api/v1/log/tile/entries/001.p/${partialWidth}`,
      });
      expect(partial.statusCode).toBe(200);
      expect(decodeEntryBundle(new Uint8Array(partial.rawPayload))).toHaveLength(partialWidth);
      expect(partial.headers['cache-control']).not.toContain('immutable');
    });

    it('bad input to the read API gets a 4xx problem document, never a 5xx', async () => {
      const cp = await checkpoint();
      const bad = [
        '/api/v1/log/proof/inclusion?index=-1&treeSize=5',
        `/api/v1/log/proof/inclusion?index=${cp.treeSize}&treeSize=${cp.treeSize}`,
        `/api/v1/log/proof/inclusion?index=0&treeSize=${cp.treeSize + 1}`,
        '/api/v1/log/proof/inclusion?index=0&treeSize=99999999999999999999999',
        '/api/v1/log/proof/inclusion?treeSize=5',
        '/api/v1/log/proof/inclusion?index=0&leafHash=AAAA&treeSize=5',
        '/api/v1/log/proof/inclusion?leafHash=not-base64!&treeSize=5',
        `/api/v1/log/proof/inclusion?leafHash=${encodeURIComponent(Buffer.alloc(32).toString('base64'))}&treeSize=5`,
        '/api/v1/log/proof/consistency?from=5&to=3',
        `/api/v1/log/proof/consistency?from=1&to=${cp.treeSize + 10}`,
        '/api/v1/log/proof/consistency?from=abc&to=3',
        '/api/v1/log/entries?start=10&end=5',
        '/api/v1/log/entries?start=0&end=5000',
        '/api/v1/log/entries?start=-3&end=5',
        '/api/v1/log/tile/0/x001/000',
        '/api/v1/log/tile/0/00a',
        '/api/v1/log/tile/64/000',
        '/api/v1/log/tile/0/000.p/256',
        '/api/v1/log/tile/0/000.p/0',
        '/api/v1/log/tile/0/001',
        '/api/v1/log/tile/1/000',
        '/api/v1/log/tile/entries/999',
        '/api/v1/log/tile/../../etc/passwd',
        '/api/v1/log/tile/',
      ];
      for (const url of bad) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, url).toBeLessThan(500);
        expect(res.headers['content-type'], url).toMatch(/problem\+json/);
      }
    });
  });
}
