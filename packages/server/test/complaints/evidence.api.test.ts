/**
 * Evidence through the HTTP API: uploads checked by content, stored once per content, refused
 * cleanly (no rows, no files) when wrong; visibility of `originator` evidence on every read path
 * (by id, list, hash, content); custody records every access.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceDetail, EvidenceItem } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type SignedIn, type TestContext } from '../support/test-app.ts';
import { rowCounts } from '../support/row-counts.ts';
import { command, complaintBody, file, loadWorld, type World } from '../support/complaints.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../blobs/fixtures');
const PHOTO = fs.readFileSync(path.join(FIXTURES, 'photo.jpg'));
const PDF = fs.readFileSync(path.join(FIXTURES, 'document.pdf'));
const LIMIT = 64 * 1024;

/** Every file under the evidence directory (committed blobs and staging). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

for (const backend of await backends()) {
  describe(`evidence (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let evidenceDir: string;
    let complaintId: string;

    const upload = (
      as: SignedIn | null,
      id: string,
      body: Buffer,
      query: Record<string, string> = {},
    ) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/complaints/${id}/evidence/files`,
        query: {
          title: 'Photo of the crater',
          visibility: 'joint',
          fileName: 'crater.jpg',
          ...query,
        },
        headers: { ...(as ? asSession(as) : {}), 'content-type': 'application/octet-stream' },
        payload: body,
      });

    beforeAll(async () => {
      evidenceDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'truceline-evidence-'));
      t = await createTestApp(backend, {
        env: { TRUCELINE_EVIDENCE_DIR: evidenceDir, TRUCELINE_EVIDENCE_MAX_BYTES: String(LIMIT) },
      });
      w = await loadWorld(t.app);
      complaintId = (await file(t.app, w.as.pk, complaintBody(w))).json.id;
    });
    afterAll(async () => {
      await t.close();
      fs.rmSync(evidenceDir, { recursive: true, force: true });
    });

    it('stores a photo by its SHA-256, with its EXIF, and the same file twice as one item', async () => {
      const first = await upload(w.as.pk, complaintId, PHOTO);
      expect(first.statusCode, first.body).toBe(201);
      const item = first.json() as EvidenceItem;
      const sha = crypto.createHash('sha256').update(PHOTO).digest('hex');
      expect(item.file).toMatchObject({
        sha256: sha,
        size: PHOTO.length,
        mime: 'image/jpeg',
        kind: 'image',
      });
      expect(item.purpose).toBe('allegation');
      expect(Object.keys(item.file?.metadata ?? {}).length).toBeGreaterThan(0);
      const again = await upload(w.as.pk, complaintId, PHOTO, { fileName: 'copy.jpg' });
      expect(again.statusCode).toBe(200);
      expect((again.json() as EvidenceItem).id).toBe(item.id);
      const stored = filesUnder(evidenceDir).filter((f) => path.basename(f) === sha);
      expect(stored).toHaveLength(1);
      expect(fs.readFileSync(stored[0] ?? '').equals(PHOTO)).toBe(true);

      const content = await t.app.inject({
        url: `/api/v1/evidence/${item.id}/content`,
        headers: asSession(w.as.tr),
      });
      expect(content.statusCode).toBe(200);
      expect(content.headers['content-type']).toBe('image/jpeg');
      expect(content.headers['x-content-type-options']).toBe('nosniff');
      expect(content.rawPayload.equals(PHOTO)).toBe(true);

      const detail = (
        await t.app.inject({ url: `/api/v1/evidence/${item.id}`, headers: asSession(w.as.pk) })
      ).json() as EvidenceDetail;
      expect(detail.custody.map((c) => c.event)).toEqual([
        'added',
        'uploaded_again',
        'downloaded',
        'viewed',
      ]);
    });

    it('refuses bad uploads with a clear error and leaves no row and no file behind', async () => {
      const before = await rowCounts(t.database);
      const filesBefore = filesUnder(evidenceDir).length;
      const elf = Buffer.concat([
        Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
        Buffer.alloc(200),
      ]);
      const mz = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]);
      const cases: [Buffer, Record<string, string>, number, string][] = [
        [elf, { fileName: 'holiday.jpg' }, 415, 'unsupported_content'],
        [mz, { fileName: 'scan.jpg' }, 415, 'unsupported_content'],
        [Buffer.alloc(LIMIT + 1, 0x41), {}, 413, 'payload_too_large'],
        [Buffer.alloc(0), {}, 400, 'validation_failed'],
        [PHOTO, { visibility: 'secret' }, 400, 'validation_failed'],
        [PHOTO, { title: '' }, 400, 'validation_failed'],
      ];
      for (const [body, query, status, code] of cases) {
        const res = await upload(w.as.pk, complaintId, body, query);
        expect(res.statusCode, res.body).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code });
      }
      expect(await rowCounts(t.database)).toEqual(before);
      expect(filesUnder(evidenceDir).length).toBe(filesBefore);
    });

    it('keeps originator evidence from the other party on every read path, without revealing it exists', async () => {
      const secret = await upload(w.as.pk, complaintId, PDF, {
        title: 'Source report',
        visibility: 'originator',
        fileName: 'report.pdf',
      });
      expect(secret.statusCode).toBe(201);
      const item = secret.json() as EvidenceItem;
      const sha = item.file?.sha256 ?? '';
      const zero = '00000000-0000-4000-8000-000000000000';
      // Let Afghanistan see the complaint (its reply window opens).
      let v = 1;
      for (const cmd of ['register', 'open_reply_window']) {
        const r = await command(t.app, w.as.tr, complaintId, 'transitions', {
          version: v,
          command: cmd,
          reason: 'step',
        });
        v = r.json.complaint.version;
      }
      for (const who of ['af', 'observer', null] as const) {
        const headers = who ? asSession(w.as[who]) : {};
        const byId = await t.app.inject({ url: `/api/v1/evidence/${item.id}`, headers });
        const missing = await t.app.inject({ url: `/api/v1/evidence/${zero}`, headers });
        expect(byId.statusCode).toBe(404);
        expect(byId.json()).toEqual({
          ...missing.json(),
          instance: expect.any(String),
          requestId: expect.any(String),
        });
        expect(
          (await t.app.inject({ url: `/api/v1/evidence/${item.id}/content`, headers })).statusCode,
        ).toBe(404);
        expect((await t.app.inject({ url: `/api/v1/files/${sha}`, headers })).statusCode).toBe(404);
        const list = await t.app.inject({
          url: `/api/v1/complaints/${complaintId}/evidence`,
          headers,
        });
        if (list.statusCode === 200) {
          const ids = (list.json() as { items: EvidenceItem[] }).items.map((i) => i.id);
          expect(ids).not.toContain(item.id);
        } else {
          expect(list.statusCode).toBe(404);
        }
      }
      // The accused party sees the shareable (joint) photo, and both mediators see everything.
      const afList = (
        await t.app.inject({
          url: `/api/v1/complaints/${complaintId}/evidence`,
          headers: asSession(w.as.af),
        })
      ).json() as { items: EvidenceItem[] };
      expect(afList.items.map((i) => i.title)).toEqual(['Photo of the crater']);
      expect(
        (await t.app.inject({ url: `/api/v1/files/${sha}`, headers: asSession(w.as.qa) }))
          .statusCode,
      ).toBe(200);
      // Counter-evidence from the accused party is marked as part of the reply.
      const counter = await t.app.inject({
        method: 'POST',
        url: `/api/v1/complaints/${complaintId}/evidence`,
        headers: asSession(w.as.af),
        payload: {
          type: 'statement',
          title: 'Border post commander',
          statement: 'No firing from our side that morning.',
          language: 'ps',
          visibility: 'joint',
        },
      });
      expect(counter.statusCode, counter.body).toBe(201);
      expect((counter.json() as EvidenceItem).purpose).toBe('reply');
      // The owner sees who looked at its item; the accused party never did.
      const custody = (
        await t.app.inject({ url: `/api/v1/evidence/${item.id}`, headers: asSession(w.as.pk) })
      ).json() as EvidenceDetail;
      expect(custody.custody.some((c) => c.organisationId === w.org.AFG.id)).toBe(false);
      expect(custody.custody.some((c) => c.organisationId === w.org.QAT.id)).toBe(true);
    });

    it('lets mediators publish an item with its complaint, and the public then sees only that', async () => {
      const photo = (
        (await (
          await t.app.inject({
            url: `/api/v1/complaints/${complaintId}/evidence`,
            headers: asSession(w.as.tr),
          })
        ).json()) as { items: EvidenceItem[] }
      ).items.find((i) => i.title === 'Photo of the crater');
      if (!photo) throw new Error('the photo is missing');
      const publish = (as: SignedIn) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/evidence/${photo.id}/visibility`,
          headers: asSession(as),
          payload: { visibility: 'public', reason: 'Published with the finding' },
        });
      expect((await publish(w.as.pk)).statusCode).toBe(403);
      expect((await publish(w.as.tr)).statusCode).toBe(200);
      // Still hidden from the public while the complaint itself is not published.
      expect((await t.app.inject({ url: `/api/v1/evidence/${photo.id}` })).statusCode).toBe(404);
      const current = (
        (await (
          await t.app.inject({
            url: `/api/v1/complaints/${complaintId}`,
            headers: asSession(w.as.tr),
          })
        ).json()) as { complaint: { version: number } }
      ).complaint.version;
      const pub = await command(t.app, w.as.tr, complaintId, 'visibility', {
        version: current,
        visibility: 'public',
        reason: 'Published',
      });
      expect(pub.status).toBe(200);
      const list = (
        await t.app.inject({ url: `/api/v1/complaints/${complaintId}/evidence` })
      ).json() as { items: EvidenceItem[] };
      expect(list.items.map((i) => i.id)).toEqual([photo.id]);
      const custody = (
        await t.app.inject({ url: `/api/v1/evidence/${photo.id}`, headers: asSession(w.as.pk) })
      ).json() as EvidenceDetail;
      expect(custody.custody.map((c) => c.event)).toContain('visibility_changed');
    });
  });
}
