/**
 * Bad input to complaints, evidence, workflow commands, searches, observations and webhooks: each
 * gets the right status and an RFC 9457 problem document (naming the field when a field is wrong),
 * and nothing is stored: every table keeps its row count and the evidence directory gains no file,
 * neither a blob nor a staging leftover. A truncated upload is sent over a real socket.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { MAX_NARRATIVE_CHARS } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type SignedIn, type TestContext } from '../support/test-app.ts';
import { rowCounts } from '../support/row-counts.ts';
import { command, complaintBody, file, loadWorld, type World } from '../support/complaints.ts';
import type { Database } from '../../src/platform/database/database.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../blobs/fixtures');
const PHOTO = fs.readFileSync(path.join(FIXTURES, 'photo.jpg'));
const LIMIT = 16 * 1024;
const ZERO_ID = '00000000-0000-4000-8000-000000000000';

/** Row counts of every table of the schema (the shared helper's list, and every other table). */
async function allRowCounts(database: Database): Promise<Record<string, number>> {
  const tables = (
    (await database.db.execute(
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )) as unknown as { rows: { name: string }[] }
  ).rows.map((r) => r.name);
  const counts: Record<string, number> = { ...(await rowCounts(database)) };
  for (const table of tables) {
    const result = (await database.db.execute(
      sql.raw(`select count(*)::int as n from "${table}"`),
    )) as unknown as { rows: { n: number }[] };
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}

/** Every file under a directory (committed blobs and staging files alike). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

type Res = LightMyRequestResponse;
type Problem = {
  status: number;
  code: string;
  detail?: string;
  errors?: { field: string; message: string }[];
};

for (const backend of await backends()) {
  describe(`bad input to complaints, evidence, observations and webhooks (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let evidenceDir: string;
    let complaintId: string;
    let complaintVersion: number;
    let before: Record<string, number>;
    let filesBefore: string[];

    beforeAll(async () => {
      evidenceDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'truceline-bad-'));
      t = await createTestApp(backend, {
        env: { TRUCELINE_EVIDENCE_DIR: evidenceDir, TRUCELINE_EVIDENCE_MAX_BYTES: String(LIMIT) },
      });
      w = await loadWorld(t.app);
      const filed = await file(t.app, w.as.pk, complaintBody(w));
      expect(filed.status).toBe(201);
      complaintId = filed.json.id;
      complaintVersion = filed.json.version;
      // One good upload first, so the store's directories exist and a refusal must add nothing.
      const good = await upload(w.as.pk, PHOTO);
      expect(good.statusCode, good.body).toBe(201);
    });
    afterAll(async () => {
      await t.close();
      fs.rmSync(evidenceDir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      before = await allRowCounts(t.database);
      filesBefore = filesUnder(evidenceDir);
    });

    const expectProblem = (res: Res, status: number, code: string, field?: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      const body = res.json() as Problem;
      expect(body).toMatchObject({ status, code });
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/);
      if (field !== undefined) {
        expect(body.errors?.map((e) => e.field) ?? [], JSON.stringify(body)).toContain(field);
      }
      return body;
    };
    const expectNothingStored = async () => {
      expect(await allRowCounts(t.database)).toEqual(before);
      expect(filesUnder(evidenceDir)).toEqual(filesBefore);
    };

    const fileComplaint = (overrides: Record<string, unknown>, as: SignedIn = w.as.pk) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: asSession(as),
        payload: complaintBody(w, overrides),
      });
    function upload(
      as: SignedIn,
      body: Buffer,
      query: Record<string, string> = {},
      contentType = 'application/octet-stream',
    ) {
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/complaints/${complaintId}/evidence/files`,
        query: { title: 'Photo of the crater', visibility: 'joint', fileName: 'a.jpg', ...query },
        headers: { ...asSession(as), 'content-type': contentType },
        payload: body,
      });
    }

    describe('filing a complaint', () => {
      const where = { latitude: 34.1, longitude: 71.09, precision: 'approximate' };
      const cases: [string, () => Record<string, unknown>, string][] = [
        [
          'latitude above 90',
          () => ({ where: { ...where, latitude: 90.5 } }),
          'body.where.latitude',
        ],
        [
          'latitude below -90',
          () => ({ where: { ...where, latitude: -91 } }),
          'body.where.latitude',
        ],
        [
          'longitude beyond 180',
          () => ({ where: { ...where, longitude: 181 } }),
          'body.where.longitude',
        ],
        ['a radius of zero', () => ({ where: { ...where, radiusKm: 0 } }), 'body.where.radiusKm'],
        [
          'coordinates as text',
          () => ({ where: { ...where, latitude: '34.1' } }),
          'body.where.latitude',
        ],
        [
          'an end before the start',
          () => ({
            when: { from: '2025-10-20T05:00:00Z', to: '2025-10-20T04:00:00Z', precision: 'hour' },
          }),
          'body.when.to',
        ],
        [
          'a date that is not a date',
          () => ({ when: { from: '20/10/2025', precision: 'hour' } }),
          'body.when.from',
        ],
        [
          'an incident in the future',
          () => ({ when: { from: '2099-01-01T00:00:00Z', precision: 'day' } }),
          'body.when.from',
        ],
        ['an unknown category', () => ({ category: 'alien_landing' }), 'body.category'],
        ['an unknown provision', () => ({ provisionIds: [ZERO_ID] }), 'body.provisionIds'],
        ['no provision', () => ({ provisionIds: [] }), 'body.provisionIds'],
        [
          'a provision that is not a UUID',
          () => ({ provisionIds: ['art-1'] }),
          'body.provisionIds.0',
        ],
        [
          'a negative number killed',
          () => ({
            casualties: [{ status: 'civilian', killed: -1, injured: 0, reportedBy: 'ISPR' }],
          }),
          'body.casualties.0.killed',
        ],
        [
          'a negative number injured',
          () => ({
            casualties: [
              { status: 'civilian', killed: 0, injured: 0, reportedBy: 'ISPR' },
              { status: 'combatant', killed: 0, injured: -3, reportedBy: 'MoD' },
            ],
          }),
          'body.casualties.1.injured',
        ],
        [
          'a fractional casualty count',
          () => ({
            casualties: [{ status: 'civilian', killed: 1.5, injured: 0, reportedBy: 'ISPR' }],
          }),
          'body.casualties.0.killed',
        ],
        [
          'a narrative over the size limit',
          () => ({ narrative: { text: 'x'.repeat(MAX_NARRATIVE_CHARS + 1), language: 'en' } }),
          'body.narrative.text',
        ],
        [
          'an empty narrative',
          () => ({ narrative: { text: '', language: 'en' } }),
          'body.narrative.text',
        ],
        [
          'an unknown language',
          () => ({ narrative: { text: 'x', language: 'xx' } }),
          'body.narrative.language',
        ],
        ['a title too short', () => ({ title: 'ab' }), 'body.title'],
        ['a title too long', () => ({ title: 't'.repeat(201) }), 'body.title'],
        ['an unknown field', () => ({ severity: 'high' }), 'body.severity'],
        [
          'an unknown nested field',
          () => ({ where: { ...where, altitude: 1200 } }),
          'body.where.altitude',
        ],
        ['filing as public', () => ({ visibility: 'public' }), 'body.visibility'],
        [
          'an unknown place',
          () => ({ where: { ...where, placeId: 'atlantis' } }),
          'body.where.placeId',
        ],
        ['an unknown agreement', () => ({ agreementId: ZERO_ID }), 'body.agreementId'],
        [
          'accusing its own party',
          () => ({ accusedOrganisationId: w.org.PAK.id }),
          'body.accusedOrganisationId',
        ],
        [
          'accusing an organisation that is not a party',
          () => ({ accusedOrganisationId: w.org.TUR.id }),
          'body.accusedOrganisationId',
        ],
        [
          'accusing no one',
          () => ({ accusedOrganisationId: undefined }),
          'body.accusedOrganisationId',
        ],
        [
          'an observation it cannot see',
          () => ({ observationIds: [ZERO_ID] }),
          'body.observationIds',
        ],
        [
          'a related complaint that does not exist',
          () => ({ relatedComplaintIds: [ZERO_ID] }),
          'body.relatedComplaintIds',
        ],
      ];
      for (const [name, overrides, field] of cases) {
        it(`${name}: 400 naming ${field}, nothing stored`, async () => {
          const res = await fileComplaint(overrides());
          expectProblem(res, 400, 'validation_failed', field);
          await expectNothingStored();
        });
      }

      it('malformed JSON: 400, nothing stored', async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/complaints',
          headers: { ...asSession(w.as.pk), 'content-type': 'application/json' },
          payload: '{"title": "Shelling near',
        });
        expectProblem(res, 400, 'malformed_json', 'body');
        await expectNothingStored();
      });
    });

    describe('uploading evidence', () => {
      it('an executable renamed .jpg (ELF, Windows PE): 415, nothing stored', async () => {
        const elf = Buffer.concat([
          Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
          Buffer.alloc(400),
        ]);
        const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(400, 0x90)]);
        for (const [bytes, name] of [
          [elf, 'holiday.jpg'],
          [pe, 'scan.jpg'],
        ] as const) {
          const body = expectProblem(
            await upload(w.as.pk, bytes, { fileName: name }),
            415,
            'unsupported_content',
          );
          expect(body.detail).toMatch(/executable/);
        }
        await expectNothingStored();
      });

      it('a script renamed .txt and a ZIP renamed .pdf: 415, nothing stored', async () => {
        const script = Buffer.from('#!/bin/sh\nrm -rf /\n');
        const zip = fs.readFileSync(path.join(FIXTURES, 'archive.zip'));
        expectProblem(
          await upload(w.as.pk, script, { fileName: 'notes.txt' }),
          415,
          'unsupported_content',
        );
        expectProblem(
          await upload(w.as.pk, zip, { fileName: 'report.pdf' }),
          415,
          'unsupported_content',
        );
        await expectNothingStored();
      });

      it('an upload over the limit: 413, nothing stored', async () => {
        const big = Buffer.concat([PHOTO, Buffer.alloc(LIMIT, 0x20)]);
        const body = expectProblem(await upload(w.as.pk, big), 413, 'payload_too_large');
        expect(body.detail).toContain(String(LIMIT));
        await expectNothingStored();
      });

      it('an empty upload: 400 naming the body, nothing stored', async () => {
        expectProblem(await upload(w.as.pk, Buffer.alloc(0)), 400, 'validation_failed', 'body');
        await expectNothingStored();
      });

      it('bad query parameters name the field, nothing stored', async () => {
        const cases: [Record<string, string>, string][] = [
          [{ visibility: 'secret' }, 'querystring.visibility'],
          [{ title: '' }, 'querystring.title'],
          [{ fileName: 'x'.repeat(256) }, 'querystring.fileName'],
          [{ uploader: 'me' }, 'querystring.uploader'],
        ];
        for (const [query, field] of cases) {
          expectProblem(await upload(w.as.pk, PHOTO, query), 400, 'validation_failed', field);
        }
        // Publishing is the mediators' decision.
        expectProblem(
          await upload(w.as.pk, PHOTO, { visibility: 'public' }),
          400,
          'validation_failed',
          'querystring.visibility',
        );
        await expectNothingStored();
      });

      it('an upload that is not application/octet-stream: 415, nothing stored', async () => {
        expectProblem(
          await upload(w.as.pk, PHOTO, {}, 'image/jpeg'),
          415,
          'unsupported_media_type',
        );
        await expectNothingStored();
      });

      it('an upload to a complaint that does not exist: 404, nothing stored', async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/complaints/${ZERO_ID}/evidence/files`,
          query: { title: 'x', visibility: 'joint' },
          headers: { ...asSession(w.as.pk), 'content-type': 'application/octet-stream' },
          payload: PHOTO,
        });
        expectProblem(res, 404, 'not_found');
        await expectNothingStored();
      });

      it('a statement or link that is not valid names the field, nothing stored', async () => {
        const post = (payload: Record<string, unknown>) =>
          t.app.inject({
            method: 'POST',
            url: `/api/v1/complaints/${complaintId}/evidence`,
            headers: asSession(w.as.pk),
            payload,
          });
        const cases: [Record<string, unknown>, string][] = [
          [{ type: 'statement', title: 'Witness', visibility: 'joint' }, 'body.statement'],
          [
            { type: 'link', title: 'Video', url: 'javascript:alert(1)', visibility: 'joint' },
            'body.url',
          ],
          [{ type: 'link', title: 'Video', url: 'not a url', visibility: 'joint' }, 'body.url'],
          [
            {
              type: 'link',
              title: 'Video',
              url: 'https://example.org/v',
              statement: 'x',
              visibility: 'joint',
            },
            'body.statement',
          ],
          [{ type: 'photo', title: 'x', visibility: 'joint' }, 'body.type'],
          [
            { type: 'statement', title: 'x', statement: 'y', visibility: 'joint', secret: true },
            'body.secret',
          ],
          // Publishing is the mediators' decision; the field is named where the body carries it.
          [
            { type: 'statement', title: 'x', statement: 'y', visibility: 'public' },
            'body.visibility',
          ],
        ];
        for (const [payload, field] of cases) {
          expectProblem(await post(payload), 400, 'validation_failed', field);
        }
        await expectNothingStored();
      });

      it('a truncated upload (Content-Length 10000, 100 bytes, then the socket closes): nothing stored, staging left empty', async () => {
        const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = new URL(address);
        const s = w.as.pk;
        const head = [
          `POST /api/v1/complaints/${complaintId}/evidence/files?title=Cut%20off&visibility=joint&fileName=cut.txt HTTP/1.1`,
          'Host: 127.0.0.1',
          `Cookie: ${s.cookie}`,
          `X-CSRF-Token: ${s.csrf}`,
          'Content-Type: application/octet-stream',
          'Content-Length: 10000',
          '',
          '',
        ].join('\r\n');
        const staging = path.join(evidenceDir, 'staging');
        const parts = () => filesUnder(staging).filter((f) => f.endsWith('.part'));
        /** Polls `done` every 25 ms, for at most 10 s. */
        const until = async (done: () => boolean) => {
          for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
          return done();
        };
        const socket = net.connect(Number(port), '127.0.0.1');
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        });
        socket.write(head);
        socket.write(Buffer.alloc(100, 0x61));
        // The server is part-way through the upload once its staging file exists…
        expect(await until(() => parts().length === 1)).toBe(true);
        // …and then the client vanishes.
        socket.destroy();
        // The server notices, refuses the upload and removes what it had staged.
        expect(await until(() => parts().length === 0)).toBe(true);
        await expectNothingStored();
        // And it goes on serving.
        const after = await upload(w.as.pk, Buffer.from('A note after the cut.\n'), {
          fileName: 'after.txt',
        });
        expect(after.statusCode, after.body).toBe(201);
      });
    });

    describe('workflow commands', () => {
      it('a command name the workflow does not know, or one that is not a simple transition: 400 naming body.command', async () => {
        for (const name of ['explode', 'reply', 'sign_off', 'REGISTER', '']) {
          const r = await t.app.inject({
            method: 'POST',
            url: `/api/v1/complaints/${complaintId}/transitions`,
            headers: asSession(w.as.tr),
            payload: { command: name, version: complaintVersion, reason: 'x' },
          });
          expectProblem(r, 400, 'validation_failed', 'body.command');
        }
        await expectNothingStored();
      });

      it('a workflow route that does not exist: 404 route_not_found, nothing stored', async () => {
        const r = await t.app.inject({
          method: 'POST',
          url: `/api/v1/complaints/${complaintId}/explode`,
          headers: asSession(w.as.tr),
          payload: { version: complaintVersion },
        });
        expectProblem(r, 404, 'route_not_found');
        await expectNothingStored();
      });

      it('bad versions, unknown fields and missing reasons name the field', async () => {
        const cases: [string, Record<string, unknown>, string][] = [
          ['transitions', { command: 'register', version: 0, reason: 'x' }, 'body.version'],
          ['transitions', { command: 'register', version: '1', reason: 'x' }, 'body.version'],
          ['transitions', { command: 'register', version: 1 }, 'body.reason'],
          [
            'transitions',
            { command: 'register', version: 1, reason: 'x', force: true },
            'body.force',
          ],
          [
            'transitions',
            { command: 'register', version: 1, reason: 'r'.repeat(4001) },
            'body.reason',
          ],
          ['reviews', { version: 1, verdict: 'maybe', note: 'x' }, 'body.verdict'],
          [
            'finding',
            { version: 1, reason: 'x', outcome: 'guilty', provisionIds: [], summary: 'x' },
            'body.outcome',
          ],
          ['visibility', { version: 1, visibility: 'everyone', reason: 'x' }, 'body.visibility'],
          ['merge', { version: 1, reason: 'x', duplicateOf: 'C-1' }, 'body.duplicateOf'],
          ['follow-ups', { version: 1, kind: 'apology', text: 'x' }, 'body.kind'],
        ];
        for (const [route, payload, field] of cases) {
          const r = await command(t.app, w.as.tr, complaintId, route, payload);
          expect(r.status, `${route} ${JSON.stringify(payload)}`).toBe(400);
          expect(r.json.code).toBe('validation_failed');
          expect(
            (r.json as unknown as Problem).errors?.map((e) => e.field),
            `${route} ${JSON.stringify(payload)}`,
          ).toContain(field);
        }
        await expectNothingStored();
      });

      it('a stale version: 409 version_conflict naming body.version and the current version, nothing stored', async () => {
        const r = await command(t.app, w.as.tr, complaintId, 'transitions', {
          command: 'register',
          version: complaintVersion + 5,
          reason: 'x',
        });
        expect(r.status).toBe(409);
        expect(r.json.code).toBe('version_conflict');
        expect(r.json.workflow?.currentVersion).toBe(complaintVersion);
        expect((r.json as unknown as Problem).errors?.[0]?.field).toBe('body.version');
        await expectNothingStored();
      });
    });

    describe('searching', () => {
      const garbage = [
        'not-a-cursor',
        Buffer.from('{"a":1}').toString('base64url'),
        Buffer.from('["yesterday","x"]').toString('base64url'),
        Buffer.from(`["2025-01-01T00:00:00Z","' or 1=1 --"]`).toString('base64url'),
      ];
      for (const url of ['/api/v1/complaints', '/api/v1/observations']) {
        it(`a cursor this API did not issue on ${url}: 400 naming querystring.cursor`, async () => {
          for (const cursor of garbage) {
            const res = await t.app.inject({
              url,
              query: { cursor },
              headers: asSession(w.as.tr),
            });
            expectProblem(res, 400, 'validation_failed', 'querystring.cursor');
          }
          await expectNothingStored();
        });
      }

      // The export and the map are not paged (they hold every match, up to a cap): a cursor or a
      // limit would be silently ignored, handing a script that pages through them the same rows
      // again and again. Unknown parameters are refused on every route, these included.
      for (const url of [
        '/api/v1/complaints/export',
        '/api/v1/complaints/map',
        '/api/v1/observations/map',
      ]) {
        it(`${url} refuses the paging parameters it does not honour (cursor, limit) and unknown ones`, async () => {
          for (const query of [{ cursor: garbage[0] ?? '' }, { limit: '10' }, { colour: 'red' }]) {
            const res = await t.app.inject({ url, query, headers: asSession(w.as.tr) });
            expectProblem(res, 400, 'validation_failed', `querystring.${Object.keys(query)[0]}`);
          }
          await expectNothingStored();
        });
      }

      it('bad filters name the parameter', async () => {
        const cases: [string, Record<string, string>, string][] = [
          ['/api/v1/complaints', { limit: '0' }, 'querystring.limit'],
          ['/api/v1/complaints', { limit: '201' }, 'querystring.limit'],
          ['/api/v1/complaints', { state: 'lost' }, 'querystring.state.0'],
          ['/api/v1/complaints', { category: 'alien_landing' }, 'querystring.category.0'],
          ['/api/v1/complaints', { lat: '91', lon: '0', withinKm: '5' }, 'querystring.lat'],
          ['/api/v1/complaints', { from: 'yesterday' }, 'querystring.from'],
          ['/api/v1/complaints', { party: 'PAK' }, 'querystring.party'],
          ['/api/v1/complaints', { sort: 'title' }, 'querystring.sort'],
          ['/api/v1/complaints/counts', { q: '' }, 'querystring.q'],
          ['/api/v1/complaints/export', { format: 'xlsx' }, 'querystring.format'],
          ['/api/v1/observations', { limit: '1001' }, 'querystring.limit'],
          ['/api/v1/gazetteer', { q: '' }, 'querystring.q'],
          ['/api/v1/gazetteer', {}, 'querystring.q'],
        ];
        for (const [url, query, field] of cases) {
          const res = await t.app.inject({ url, query, headers: asSession(w.as.tr) });
          expectProblem(res, 400, 'validation_failed', field);
        }
        await expectNothingStored();
      });
    });

    describe('observations', () => {
      const good = () => ({
        observedAt: '2025-10-20T04:00:00Z',
        timePrecision: 'hour',
        latitude: 34.1,
        longitude: 71.09,
        locationPrecision: 'approximate',
        type: 'people_crossing',
        count: 1200,
        source: 'JMVS team 3',
        sourceKind: 'monitor',
        notes: '',
        visibility: 'joint',
      });
      const record = (items: unknown[]) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/observations',
          headers: asSession(w.as.monitor),
          payload: { items },
        });
      const cases: [string, Record<string, unknown>, string][] = [
        ['a latitude out of range', { latitude: 100 }, 'latitude'],
        ['a negative count', { count: -5 }, 'count'],
        ['an unknown type', { type: 'ufo' }, 'type'],
        ['an unknown field', { weather: 'rain' }, 'weather'],
        ['an unknown place', { placeId: 'atlantis' }, 'placeId'],
        ['a time in the future', { observedAt: '2099-01-01T00:00:00Z' }, 'observedAt'],
      ];
      for (const [name, bad, field] of cases) {
        it(`one bad item among good ones (${name}): 400 naming body.items.2.${field}, none stored`, async () => {
          const res = await record([good(), good(), { ...good(), ...bad }, good()]);
          expectProblem(res, 400, 'validation_failed', `body.items.2.${field}`);
          await expectNothingStored();
        });
      }

      it('an empty batch and a batch over 1000: 400 naming body.items', async () => {
        expectProblem(await record([]), 400, 'validation_failed', 'body.items');
        expectProblem(
          await record(Array.from({ length: 1001 }, good)),
          400,
          'validation_failed',
          'body.items',
        );
        await expectNothingStored();
      });
    });

    describe('webhooks and notifications', () => {
      const subscribe = (payload: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/webhooks',
          headers: asSession(w.as.pk),
          payload,
        });
      const events = ['complaint.names_your_party'];
      for (const url of [
        'javascript:alert(1)',
        'ftp://example.org/hook',
        'not a url',
        'file:///etc/passwd',
        '',
        `https://example.org/${'a'.repeat(2000)}`,
      ]) {
        it(`a webhook URL ${JSON.stringify(url.slice(0, 40))}: 400 naming body.url, nothing stored`, async () => {
          expectProblem(await subscribe({ url, events }), 400, 'validation_failed', 'body.url');
          await expectNothingStored();
        });
      }

      it('unknown, repeated or no events: 400 naming body.events, nothing stored', async () => {
        const url = 'https://example.org/hook';
        expectProblem(
          await subscribe({ url, events: ['complaint.exploded'] }),
          400,
          'validation_failed',
          'body.events.0',
        );
        expectProblem(
          await subscribe({ url, events: [] }),
          400,
          'validation_failed',
          'body.events',
        );
        expectProblem(
          await subscribe({ url, events: [...events, ...events] }),
          400,
          'validation_failed',
          'body.events',
        );
        expectProblem(
          await subscribe({ url, events, secret: 'mine' }),
          400,
          'validation_failed',
          'body.secret',
        );
        await expectNothingStored();
      });

      it('marking notifications read with ids that are not ids: 400 naming body.ids', async () => {
        for (const ids of [['x'], [], 'everything']) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/v1/me/notifications/read',
            headers: asSession(w.as.pk),
            payload: { ids },
          });
          expectProblem(res, 400, 'validation_failed');
          expect(JSON.stringify(res.json())).toContain('body.ids');
        }
        await expectNothingStored();
      });
    });
  });
}
