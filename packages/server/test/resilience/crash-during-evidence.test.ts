/**
 * kill -9 during an evidence upload and during complaint transitions: after a restart there is
 * no half-written complaint (every version has its transition), no staging file, and no blob
 * that nothing references — including one committed just before the crash cut off its row.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
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
  type HttpSession,
} from './support.ts';

/** Files under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.join(d.parentPath, d.name))
    : [];

/** A WAV header: an accepted evidence type whose body can be any bytes. */
function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

async function api(base: string, s: HttpSession, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

for (const backend of await backends()) {
  describe(`crash during evidence upload and transitions (${backend.name})`, () => {
    const tmp = tempDir('truceline-crash-evidence-');
    const children: Child[] = [];
    let dropDb: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await killAll(children);
      await dropDb?.();
      tmp.remove();
    });

    it(
      'leaves no half-written complaint and no orphan file once restarted',
      { timeout: 240_000 },
      async () => {
        const evidenceDir = path.join(tmp.dir, 'evidence');
        let env: Record<string, string> = {
          TRUCELINE_DATA_DIR: tmp.dir,
          TRUCELINE_EVIDENCE_DIR: evidenceDir,
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
        const pk = await signInHttp(base, 'officer.pk@demo.truceline.test');
        const tr = await signInHttp(base, 'mediator.tr@demo.truceline.test');
        const agreement = (
          (await (await fetch(`${base}/api/v1/agreements`)).json()) as {
            items: {
              id: string;
              provisions: { id: string }[];
              parties: { organisationId: string; capacity: string }[];
            }[];
          }
        ).items[0]!;
        const pkOrg = (
          (await api(base, pk, 'GET', '/api/v1/auth/session')).json.organisation as { id: string }
        ).id;
        const accused = agreement.parties.find(
          (p) => p.capacity === 'party' && p.organisationId !== pkOrg,
        )!;
        const body = {
          agreementId: agreement.id,
          visibility: 'joint',
          category: 'air_drone_strike',
          provisionIds: [agreement.provisions[0]!.id],
          accusedOrganisationId: accused.organisationId,
          title: 'Drone strike',
          narrative: { text: 'A drone struck a house.', language: 'en' },
          when: { from: '2025-10-21T10:00:00Z', precision: 'hour' },
          where: { latitude: 33.0, longitude: 70.0, precision: 'approximate' },
          casualties: [],
        };
        const target = (await api(base, pk, 'POST', '/api/v1/complaints', body)).json.id as string;

        // A slow upload: the header and some bytes, then the process dies mid-stream.
        const size = 8 * 1024 * 1024;
        const upload = http.request(
          `${base}/api/v1/complaints/${target}/evidence/files?title=audio&visibility=joint`,
          {
            method: 'POST',
            headers: {
              cookie: pk.cookie,
              'x-csrf-token': pk.csrf,
              'content-type': 'application/octet-stream',
              'content-length': String(44 + size),
            },
          },
        );
        upload.on('error', () => undefined);
        upload.write(wavHeader(size));
        upload.write(crypto.randomBytes(256 * 1024));

        // Meanwhile complaints are filed and moved through the workflow.
        let stop = false;
        const confirmed: string[] = [];
        const churn = (async () => {
          while (!stop) {
            try {
              const filed = await api(base, pk, 'POST', '/api/v1/complaints', body);
              if (filed.status !== 201) continue;
              confirmed.push(filed.json.id as string);
              await api(
                base,
                tr,
                'POST',
                `/api/v1/complaints/${filed.json.id as string}/transitions`,
                {
                  version: 1,
                  command: 'register',
                  reason: 'ok',
                },
              );
            } catch {
              return;
            }
          }
        })();

        await waitFor(
          'the upload to be staged and some complaints filed',
          () => filesUnder(path.join(evidenceDir, 'staging')).length > 0 && confirmed.length >= 5,
          { timeoutMs: 60_000 },
        );
        first.process.kill('SIGKILL');
        await first.exited;
        stop = true;
        upload.destroy();
        await churn;

        // A blob committed just before a crash cut off its row: the restart must remove it too.
        const orphanBytes = Buffer.concat([wavHeader(16), Buffer.alloc(16, 7)]);
        const orphanSha = crypto.createHash('sha256').update(orphanBytes).digest('hex');
        const orphanPath = path.join(
          evidenceDir,
          'sha256',
          orphanSha.slice(0, 2),
          orphanSha.slice(2, 4),
          orphanSha,
        );
        fs.mkdirSync(path.dirname(orphanPath), { recursive: true });
        fs.writeFileSync(orphanPath, orphanBytes);
        if (backend.name === 'postgres') {
          // With a shared database other processes may be mid-upload, so young orphans are spared
          // for an hour: age this one past that.
          const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
          fs.utimesSync(orphanPath, old, old);
        }

        const second = spawnServer(port, env);
        children.push(second);
        await waitForReady(base, { child: second });

        expect(filesUnder(path.join(evidenceDir, 'staging'))).toEqual([]);
        expect(fs.existsSync(orphanPath)).toBe(false);
        const pk2 = await signInHttp(base, 'officer.pk@demo.truceline.test');
        const items = (await api(base, pk2, 'GET', `/api/v1/complaints/${target}/evidence`)).json
          .items as unknown[];
        expect(items).toEqual([]);
        expect(filesUnder(path.join(evidenceDir, 'sha256'))).toEqual([]);

        // Every confirmed filing exists, and every complaint's versions each have their transition.
        // Read by a mediator, who sees the whole history, deliberation included.
        const tr2 = await signInHttp(base, 'mediator.tr@demo.truceline.test');
        const list = (await api(base, tr2, 'GET', '/api/v1/complaints?limit=200')).json.items as {
          id: string;
        }[];
        const ids = new Set(list.map((c) => c.id));
        for (const id of confirmed) expect(ids.has(id), `complaint ${id}`).toBe(true);
        for (const { id } of list) {
          const detail = (await api(base, tr2, 'GET', `/api/v1/complaints/${id}`)).json as {
            complaint: { version: number };
            transitions: { version: number }[];
          };
          expect(detail.transitions.map((t) => t.version)).toEqual(
            Array.from({ length: detail.complaint.version }, (_, i) => i + 1),
          );
        }
      },
    );
  });
}
