/**
 * kill -9 of the service during sustained writes: after a restart every committed change has
 * exactly one log entry, indices are gapless, and a full audit passes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '@truceline/domain';
import { audit } from '../../src/clients/log-auditor.ts';
import { logHttp, type Fetch } from '../../src/clients/log-http.ts';
import { nodeHasher, nodeVerifier } from '../../src/platform/secrets/log-signing-key.ts';
import { backends, createScratchPostgres } from '../support/test-db.ts';
import {
  freePort,
  killAll,
  postgresEnv,
  signInHttp,
  spawnServer,
  tempDir,
  waitFor,
  waitForReady,
  type Child,
} from './support.ts';

const WRITERS = 6;

for (const backend of await backends()) {
  describe(`crash during writes (${backend.name})`, () => {
    const tmp = tempDir('truceline-crash-');
    const children: Child[] = [];
    let dropDb: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await killAll(children);
      await dropDb?.();
      tmp.remove();
    });

    it(
      'keeps exactly one entry per committed change across a kill -9',
      { timeout: 240_000 },
      async () => {
        let env: Record<string, string> = {
          TRUCELINE_DATA_DIR: tmp.dir,
          TRUCELINE_LOG_INTEGRATE_MS: '100',
        };
        if (backend.name === 'postgres') {
          const scratch = await createScratchPostgres();
          dropDb = scratch.drop;
          env = { ...env, ...postgresEnv(scratch.url, tmp.dir) };
        }
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        const first = spawnServer(port, env);
        children.push(first);
        await waitForReady(base, { child: first });
        const admin = await signInHttp(base);
        const created = await fetch(`${base}/api/v1/tokens`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: admin.cookie,
            'x-csrf-token': admin.csrf,
          },
          body: JSON.stringify({ name: 'writer', scopes: ['read', 'write'], expiresInDays: 1 }),
        });
        const writerToken = ((await created.json()) as { secret: string }).secret;

        // Sustained writes from several clients; remember every change the service confirmed.
        const confirmed = new Set<string>();
        let stop = false;
        const writer = async (w: number) => {
          for (let i = 0; i < 100_000 && !stop; i++) {
            try {
              const res = await fetch(`${base}/api/v1/tokens`, {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${writerToken}`,
                },
                body: JSON.stringify({ name: `w${w}-${i}`, scopes: ['read'], expiresInDays: 1 }),
                signal: AbortSignal.timeout(5000),
              });
              if (res.status === 201)
                confirmed.add(((await res.json()) as { token: { id: string } }).token.id);
            } catch {
              return; // the server died under us
            }
          }
        };
        const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
        await waitFor('some writes to land', () => confirmed.size >= 150, { timeoutMs: 60_000 });
        first.process.kill('SIGKILL');
        await first.exited;
        stop = true;
        await writing;

        // Restart on the same data: the dead process's lock is taken over.
        const second = spawnServer(port, env);
        children.push(second);
        await waitForReady(base, { child: second });
        const logged = await waitFor(
          'the pending entries to be integrated',
          async () => {
            const cp = await (await fetch(`${base}/api/v1/log/checkpoint`)).text();
            const size = Number(cp.split('\n')[1]);
            const pendingGone = size >= confirmed.size + 20; // demo (19) + the writer token, at least
            return pendingGone ? size : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 200 },
        );

        // Every confirmed change has exactly one entry; every logged token exists.
        const idsInLog = new Map<string, number>();
        for (let start = 0; start < logged; start += 1000) {
          const page = (await (
            await fetch(
              `${base}/api/v1/log/entries?start=${start}&end=${Math.min(logged, start + 1000)}`,
            )
          ).json()) as {
            items: { index: number; decoded: { action: string; recordId: string } }[];
          };
          page.items.forEach((item, k) => expect(item.index).toBe(start + k)); // gapless
          for (const item of page.items) {
            if (item.decoded.action === 'token.create')
              idsInLog.set(item.decoded.recordId, (idsInLog.get(item.decoded.recordId) ?? 0) + 1);
          }
        }
        for (const id of confirmed) expect(idsInLog.get(id), `token ${id}`).toBe(1);
        for (const count of idsInLog.values()) expect(count).toBe(1);
        const adminAgain = await signInHttp(base);
        const tokens = (await (
          await fetch(`${base}/api/v1/tokens`, { headers: { cookie: adminAgain.cookie } })
        ).json()) as { items: { id: string }[] };
        const existing = new Set(tokens.items.map((t) => t.id));
        for (const id of idsInLog.keys())
          expect(existing.has(id), `logged token ${id} exists`).toBe(true);
        expect(existing.size).toBe(idsInLog.size);

        // And a full audit, from outside, passes.
        const keys = (await (await fetch(`${base}/api/v1/log/keys`)).text()).trim().split('\n');
        const result = await audit({
          http: logHttp(fetch as unknown as Fetch, `${base}/api/v1/log`),
          hasher: nodeHasher,
          verifier: nodeVerifier,
          logKey: parseVerifierKey(nodeHasher, keys[0]!),
          witnessKeys: [],
          previous: undefined,
          full: true,
        });
        expect(result.findings).toEqual([]);
        expect(result.entriesChecked).toBeGreaterThanOrEqual(logged);
      },
    );
  });
}
