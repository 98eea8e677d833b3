/**
 * The authorisation matrix of complaints and evidence: every read and write route × every
 * principal × every visibility class, before and after the accused party's reply window opens.
 *
 * The fixture: for each class (public — published by the mediators —, joint, mediators,
 * originator) a complaint filed by Pakistan's officer against Afghanistan, once left at
 * `registered` (the reply window not open) and once at `awaiting_reply`; on each, files of every
 * class added by Pakistan, by a mediator and (once it may) by Afghanistan, and a few files shared
 * between complaints (one blob, several items). Every principal then reads every complaint and item
 * on every path, and the answer must be what the domain rule (`maySeeComplaint`,
 * `maySeeEvidence`) says. A refusal is a 404 whose body is the one for an id that does not exist
 * (apart from `instance` and `requestId`): nothing says that the record exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  maySeeComplaint,
  maySeeEvidence,
  maySeeRecord,
  type Actor,
  type ComplaintDetail,
  type EvidenceItem,
  type MaterialVisibility,
  type OrganisationKind,
  type Role,
} from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type SignedIn, type TestContext } from '../support/test-app.ts';
import { command, complaintBody, file, loadWorld, type World } from '../support/complaints.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../blobs/fixtures');
const PHOTO = fs.readFileSync(path.join(FIXTURES, 'photo.jpg'));
const PDF = fs.readFileSync(path.join(FIXTURES, 'document.pdf'));
const ZERO_ID = '00000000-0000-4000-8000-000000000000';
const ZERO_SHA = 'f'.repeat(64);
const CLASSES = ['public', 'joint', 'mediators', 'originator'] as const;
const STAGES = ['before', 'after'] as const;
type Stage = (typeof STAGES)[number];

type PrincipalName =
  'anonymous' | 'admin' | 'tr' | 'qa' | 'pk' | 'af' | 'monitor' | 'observer' | 'af-read-token';
const PRINCIPALS: readonly PrincipalName[] = [
  'anonymous',
  'admin',
  'tr',
  'qa',
  'pk',
  'af',
  'monitor',
  'observer',
  'af-read-token',
];

interface Principal {
  readonly name: PrincipalName;
  readonly headers: () => Record<string, string>;
  readonly actor: Actor | null;
  /** The user behind it (notifications), if any. */
  readonly session?: SignedIn;
}

interface FixtureComplaint {
  readonly cls: (typeof CLASSES)[number];
  readonly stage: Stage;
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  /** A word only this complaint's title holds. */
  readonly word: string;
  detail?: ComplaintDetail;
}

interface FixtureItem {
  readonly item: EvidenceItem;
  readonly complaint: FixtureComplaint;
  readonly bytes: Buffer;
  readonly addedBy: 'pk' | 'af' | 'tr';
  /** A word only this item's title holds (never in a complaint). */
  readonly word: string;
}

type Res = LightMyRequestResponse;

/** Runs `fn` over `list`, a few at a time (reads only: order does not matter). */
async function each<T>(list: readonly T[], fn: (x: T) => Promise<void>, width = 6) {
  for (let i = 0; i < list.length; i += width) await Promise.all(list.slice(i, i + width).map(fn));
}

/** A problem document without what differs from request to request. */
const stable = (res: Res) => {
  const body = res.json() as Record<string, unknown>;
  const { instance: _i, requestId: _r, ...rest } = body;
  return rest;
};

for (const backend of await backends()) {
  describe(`visibility matrix (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let evidenceDir: string;
    let tag: string;
    let afWebhookId: string;
    const principals = new Map<PrincipalName, Principal>();
    const fixture: FixtureComplaint[] = [];
    const items: FixtureItem[] = [];
    /** Observations of every class, recorded by a monitor and by a mediator. */
    const observed: { source: string; latitude: number; visibility: string; org: string }[] = [];

    const inject = (p: Principal, opts: InjectOptions): Promise<Res> =>
      t.app.inject({ ...opts, headers: { ...p.headers(), ...(opts.headers ?? {}) } });
    const get = (p: Principal, url: string) => inject(p, { method: 'GET', url });

    /** The complaint as the rule sees it: its current class, filer, accused, reply window. */
    const facts = (c: FixtureComplaint) => {
      const complaint = c.detail?.complaint;
      if (!complaint) throw new Error('fixture not loaded');
      return {
        visibility: complaint.visibility,
        filerOrganisationId: complaint.filer.organisationId,
        accusedOrganisationId: complaint.accused.organisationId,
        replyDueAt: complaint.replyDueAt,
      };
    };
    const seesComplaint = (p: Principal, c: FixtureComplaint) => maySeeComplaint(p.actor, facts(c));
    const seesItem = (p: Principal, x: FixtureItem) =>
      maySeeEvidence(p.actor, facts(x.complaint), x.item);
    const P = (name: PrincipalName) => {
      const p = principals.get(name);
      if (!p) throw new Error(`no principal ${name}`);
      return p;
    };

    let counter = 0;
    const upload = async (
      who: 'pk' | 'af' | 'tr',
      c: FixtureComplaint,
      visibility: MaterialVisibility,
      bytes?: Buffer,
      fileName?: string,
    ) => {
      counter += 1;
      const word = `${tag}ev${counter}`;
      const body = bytes ?? Buffer.from(`Evidence note ${counter} ${tag}\nSeen at dawn.\n`, 'utf8');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/complaints/${c.id}/evidence/files`,
        query: {
          title: `Item ${word} (${visibility} by ${who})`,
          visibility,
          fileName: fileName ?? `note-${counter}.txt`,
        },
        headers: { ...asSession(w.as[who]), 'content-type': 'application/octet-stream' },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(201);
      const x: FixtureItem = { item: res.json(), complaint: c, bytes: body, addedBy: who, word };
      items.push(x);
      return x;
    };

    beforeAll(async () => {
      evidenceDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'truceline-matrix-'));
      t = await createTestApp(backend, { env: { TRUCELINE_EVIDENCE_DIR: evidenceDir } });
      w = await loadWorld(t.app);
      tag = `vmx${crypto.randomBytes(4).toString('hex')}`;

      // Who is who, as the domain rule sees them.
      const signedIn: [PrincipalName, SignedIn][] = [
        ['admin', w.as.admin],
        ['tr', w.as.tr],
        ['qa', w.as.qa],
        ['pk', w.as.pk],
        ['af', w.as.af],
        ['monitor', w.as.monitor],
        ['observer', w.as.observer],
      ];
      for (const [name, s] of signedIn) {
        const session = (
          await t.app.inject({ url: '/api/v1/auth/session', headers: asSession(s) })
        ).json() as {
          user: { id: string; role: Role; organisationId: string };
          organisation: { kind: OrganisationKind };
        };
        principals.set(name, {
          name,
          headers: () => asSession(s),
          session: s,
          actor: {
            userId: session.user.id,
            role: session.user.role,
            organisationId: session.user.organisationId,
            organisationKind: session.organisation.kind,
          },
        });
      }
      principals.set('anonymous', { name: 'anonymous', headers: () => ({}), actor: null });
      const af = P('af');
      const token = await t.services.tokens.create(w.as.af.userId, {
        name: 'read only',
        scopes: ['read'],
        expiresInDays: 1,
      });
      principals.set('af-read-token', {
        name: 'af-read-token',
        headers: () => ({ authorization: `Bearer ${token.secret}` }),
        actor: { ...(af.actor as Actor), tokenScopes: ['read'] },
      });

      // Afghanistan subscribes to every event: its deliveries must only name what it may see.
      const hook = await t.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: asSession(w.as.af),
        payload: {
          url: 'https://receiver.example.org/truceline',
          events: [
            'complaint.filed',
            'complaint.names_your_party',
            'complaint.reply_due_soon',
            'complaint.reply_overdue',
            'complaint.reply_received',
            'finding.awaiting_review',
            'finding.issued',
          ],
        },
      });
      expect(hook.statusCode, hook.body).toBe(201);
      afWebhookId = (hook.json() as { webhook: { id: string } }).webhook.id;

      for (const cls of CLASSES) {
        for (const stage of STAGES) {
          const word = `${tag}${cls}${stage}`;
          const title = `Matrix ${tag} ${word}`;
          const filed = await file(
            t.app,
            w.as.pk,
            complaintBody(w, { title, visibility: cls === 'public' ? 'joint' : cls }),
          );
          expect(filed.status, JSON.stringify(filed.json)).toBe(201);
          const c: FixtureComplaint = {
            cls,
            stage,
            id: filed.json.id,
            reference: filed.json.reference,
            title,
            word,
          };
          fixture.push(c);
          let version = filed.json.version;
          const step = async (path: string, body: Record<string, unknown>) => {
            const r = await command(t.app, w.as.tr, c.id, path, { version, ...body });
            expect(r.status, JSON.stringify(r.json)).toBe(200);
            version = r.json.complaint.version;
          };
          await step('transitions', { command: 'register', reason: 'Within the mandate' });
          for (const v of ['joint', 'mediators', 'originator'] as const) await upload('pk', c, v);
          for (const v of CLASSES) await upload('tr', c, v);
          if (stage === 'after') {
            await step('transitions', { command: 'open_reply_window', reason: 'Ask for a reply' });
            for (const v of ['joint', 'mediators', 'originator'] as const) {
              await upload('af', c, v);
            }
          }
          if (cls === 'public') {
            await step('visibility', { visibility: 'public', reason: 'Published' });
          }
        }
      }
      // Blobs held by several items: visible by hash when any item holding them is.
      const at = (cls: string, stage: Stage) => {
        const c = fixture.find((f) => f.cls === cls && f.stage === stage);
        if (!c) throw new Error('no such fixture complaint');
        return c;
      };
      await upload('pk', at('joint', 'after'), 'originator', PHOTO, 'crater.jpg');
      await upload('pk', at('joint', 'after'), 'originator', PDF, 'report.pdf');
      await upload('tr', at('mediators', 'before'), 'joint', PDF, 'report.pdf');
      const shared = Buffer.from(`Shared note ${tag}\n`, 'utf8');
      await upload('pk', at('joint', 'after'), 'originator', shared, 'shared.txt');
      await upload('pk', at('public', 'after'), 'joint', shared, 'shared.txt');

      // Observations of every class, by the monitors (the secretariat) and by a mediator.
      for (const [by, who] of [
        ['monitor', w.as.monitor],
        ['tr', w.as.tr],
      ] as const) {
        const batch = CLASSES.map((visibility, i) => ({
          observedAt: `2020-01-0${i + 1}T06:00:00Z`,
          timePrecision: 'hour',
          latitude: 12 + observed.length * 0.01 + i * 0.001,
          longitude: 45,
          locationPrecision: 'exact',
          type: 'people_crossing',
          count: 10 + i,
          source: `${tag} ${by} ${visibility}`,
          sourceKind: 'monitor',
          notes: '',
          visibility,
        }));
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/observations',
          headers: asSession(who),
          payload: { items: batch },
        });
        expect(res.statusCode, res.body).toBe(201);
        for (const o of (
          res.json() as {
            items: {
              source: string;
              latitude: number;
              visibility: string;
              organisationId: string;
            }[];
          }
        ).items) {
          observed.push({
            source: o.source,
            latitude: o.latitude,
            visibility: o.visibility,
            org: o.organisationId,
          });
        }
      }

      // The reminder job tells the accused party and the mediators of deadlines that near.
      await t.services.complaintCommands.remindDueSoon(24 * 30);

      for (const c of fixture) {
        const res = await t.app.inject({
          url: `/api/v1/complaints/${c.id}`,
          headers: asSession(w.as.tr),
        });
        c.detail = res.json() as ComplaintDetail;
        expect(c.detail.complaint.visibility).toBe(c.cls);
        expect(c.detail.complaint.replyDueAt === null).toBe(c.stage === 'before');
      }
    });

    afterAll(async () => {
      await t.close();
      fs.rmSync(evidenceDir, { recursive: true, force: true });
    });

    it('the fixture covers every class of complaint and evidence, seen and unseen by every principal', () => {
      expect(fixture).toHaveLength(8);
      const itemClasses = new Set(items.map((x) => `${x.complaint.cls}/${x.item.visibility}`));
      expect(itemClasses.size).toBe(16);
      // Each principal other than the mediators' side both sees and misses something.
      for (const name of ['anonymous', 'pk', 'af', 'observer', 'af-read-token'] as const) {
        const p = P(name);
        const seen = items.filter((x) => seesItem(p, x)).length;
        expect(seen, name).toBeGreaterThan(0);
        expect(seen, name).toBeLessThan(items.length);
      }
    });

    for (const name of PRINCIPALS) {
      describe(`as ${name}`, () => {
        it('GET /complaints/{id} and GET /complaints/{id}/evidence follow maySeeComplaint and maySeeEvidence', async () => {
          const p = P(name);
          const missing = await get(p, `/api/v1/complaints/${ZERO_ID}`);
          const missingList = await get(p, `/api/v1/complaints/${ZERO_ID}/evidence`);
          expect(missing.statusCode).toBe(404);
          expect(missingList.statusCode).toBe(404);
          for (const c of fixture) {
            const label = `${name} → ${c.cls}/${c.stage}`;
            const one = await get(p, `/api/v1/complaints/${c.id}`);
            const list = await get(p, `/api/v1/complaints/${c.id}/evidence`);
            if (seesComplaint(p, c)) {
              expect(one.statusCode, label).toBe(200);
              expect((one.json() as ComplaintDetail).complaint.id).toBe(c.id);
              expect(list.statusCode, label).toBe(200);
              const ids = (list.json() as { items: EvidenceItem[] }).items.map((i) => i.id).sort();
              const expected = items
                .filter((x) => x.complaint === c && seesItem(p, x))
                .map((x) => x.item.id)
                .sort();
              expect(ids, label).toEqual(expected);
            } else {
              expect(one.statusCode, label).toBe(404);
              expect(stable(one), label).toEqual(stable(missing));
              expect(list.statusCode, label).toBe(404);
              expect(stable(list), label).toEqual(stable(missingList));
            }
          }
        });

        it('GET /evidence/{id} and /evidence/{id}/content follow maySeeEvidence', async () => {
          const p = P(name);
          const missing = await get(p, `/api/v1/evidence/${ZERO_ID}`);
          const missingContent = await get(p, `/api/v1/evidence/${ZERO_ID}/content`);
          await each(items, async (x) => {
            const label = `${name} → ${x.item.visibility} item by ${x.addedBy} on ${x.complaint.cls}/${x.complaint.stage}`;
            const [one, content] = await Promise.all([
              get(p, `/api/v1/evidence/${x.item.id}`),
              get(p, `/api/v1/evidence/${x.item.id}/content`),
            ]);
            if (seesItem(p, x)) {
              expect(one.statusCode, label).toBe(200);
              expect(content.statusCode, label).toBe(200);
              expect(content.rawPayload.equals(x.bytes), label).toBe(true);
            } else {
              expect(one.statusCode, label).toBe(404);
              expect(stable(one), label).toEqual(stable(missing));
              expect(content.statusCode, label).toBe(404);
              expect(stable(content), label).toEqual(stable(missingContent));
            }
          });
        });

        it('GET /files/{sha256} answers when any item holding the file is visible, and nothing else', async () => {
          const p = P(name);
          const missing = await get(p, `/api/v1/files/${ZERO_SHA}`);
          expect(missing.statusCode).toBe(404);
          const bySha = new Map<string, FixtureItem[]>();
          for (const x of items) {
            const sha = x.item.file?.sha256 ?? '';
            bySha.set(sha, [...(bySha.get(sha) ?? []), x]);
          }
          expect([...bySha.values()].some((xs) => xs.length > 1)).toBe(true);
          await each([...bySha], async ([sha, holders]) => {
            const label = `${name} → ${holders.map((x) => `${x.item.visibility}@${x.complaint.cls}/${x.complaint.stage}`).join(', ')}`;
            const res = await get(p, `/api/v1/files/${sha}`);
            // The hash in capitals names the same file and must behave the same.
            const upper =
              holders.length > 1 ? await get(p, `/api/v1/files/${sha.toUpperCase()}`) : undefined;
            if (holders.some((x) => seesItem(p, x))) {
              expect(res.statusCode, label).toBe(200);
              expect(res.rawPayload.equals(holders[0]?.bytes ?? Buffer.alloc(0)), label).toBe(true);
              if (upper) expect(upper.statusCode, label).toBe(200);
            } else {
              expect(res.statusCode, label).toBe(404);
              expect(stable(res), label).toEqual(stable(missing));
              if (upper) expect(stable(upper), label).toEqual(stable(missing));
            }
          });
        });

        it('search (q=), counts, map points and exports (CSV and JSON) hold exactly the complaints it may see', async () => {
          const p = P(name);
          const referenceOf = new Map(fixture.map((c) => [c.id, c.reference]));
          const expected = fixture.filter((c) => seesComplaint(p, c));
          const refs = (cs: FixtureComplaint[]) => cs.map((c) => c.reference).sort();
          const readAll = async (q: string) => {
            const list = await get(p, `/api/v1/complaints?q=${q}&limit=200`);
            expect(list.statusCode).toBe(200);
            const counts = await get(p, `/api/v1/complaints/counts?q=${q}`);
            expect(counts.statusCode).toBe(200);
            const json = await get(p, `/api/v1/complaints/export?q=${q}&format=json`);
            expect(json.statusCode).toBe(200);
            const csv = await get(p, `/api/v1/complaints/export?q=${q}&format=csv`);
            expect(csv.statusCode).toBe(200);
            const map = await get(p, `/api/v1/complaints/map?q=${q}`);
            expect(map.statusCode).toBe(200);
            const c = counts.json() as Record<
              'byState' | 'byCategory' | 'byAccused',
              { count: number }[]
            >;
            const sum = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
            const csvLines = csv.body.trim().split(/\r?\n/);
            expect(csvLines[0]?.split(',')[0]).toBe('event_id_cnty');
            return {
              list: (list.json() as { items: { reference: string }[] }).items
                .map((i) => i.reference)
                .sort(),
              counts: [sum(c.byState), sum(c.byCategory), sum(c.byAccused)],
              json: (json.json() as { items: { event_id_cnty: string }[] }).items
                .map((i) => i.event_id_cnty)
                .sort(),
              csv: csvLines
                .slice(1)
                .map((l) => l.split(',')[0] ?? '')
                .sort(),
              map: (map.json() as { points: [string, ...unknown[]][] }).points
                .map(([id]) => referenceOf.get(id) ?? id)
                .sort(),
            };
          };
          const all = await readAll(tag);
          const n = expected.length;
          expect(all).toEqual({
            list: refs(expected),
            counts: [n, n, n],
            json: refs(expected),
            csv: refs(expected),
            map: refs(expected),
          });
          // A word only one complaint's title holds: found only by those who may see it.
          for (const c of fixture) {
            const one = await readAll(c.word);
            const e = seesComplaint(p, c) ? [c.reference] : [];
            expect(one, `${name} → ${c.cls}/${c.stage}`).toEqual({
              list: e,
              counts: [e.length, e.length, e.length],
              json: e,
              csv: e,
              map: e,
            });
          }
        });

        it('workflow commands and evidence uploads on a complaint it may not see are refused as for a missing one', async () => {
          const p = P(name);
          const monitorId = w.as.monitor.userId;
          // Valid bodies at a version that is never current: a visible complaint answers with a
          // conflict (or the workflow's refusal), so nothing changes either way.
          const probes: [string, Record<string, unknown>][] = [
            ['transitions', { command: 'register', version: 999, reason: 'probe' }],
            ['reply', { version: 999, text: 'probe', language: 'en' }],
            [
              'investigation',
              { version: 999, reason: 'probe', teamUserIds: [monitorId], instructions: 'probe' },
            ],
            ['investigation/report', { version: 999, report: 'probe' }],
            [
              'finding',
              {
                version: 999,
                reason: 'probe',
                outcome: 'unsubstantiated',
                provisionIds: [],
                summary: 'probe',
              },
            ],
            ['reviews', { version: 999, verdict: 'sign_off', note: 'probe' }],
            ['follow-ups', { version: 999, kind: 'measure', text: 'probe' }],
            ['merge', { version: 999, reason: 'probe', duplicateOf: ZERO_ID }],
            ['reopen', { version: 999, reason: 'probe', evidenceIds: [ZERO_ID] }],
            ['visibility', { version: 999, visibility: 'mediators', reason: 'probe' }],
          ];
          const probe = (id: string, route: string, body: Record<string, unknown>) =>
            inject(p, { method: 'POST', url: `/api/v1/complaints/${id}/${route}`, payload: body });
          // An empty upload: refused as empty once the complaint is found and the caller may add.
          const emptyUpload = (id: string) =>
            inject(p, {
              method: 'POST',
              url: `/api/v1/complaints/${id}/evidence/files`,
              query: { title: 'probe', visibility: 'joint', fileName: 'probe.txt' },
              headers: { 'content-type': 'application/octet-stream' },
              payload: Buffer.alloc(0),
            });
          const statement = (id: string) =>
            inject(p, {
              method: 'POST',
              url: `/api/v1/complaints/${id}/evidence`,
              payload: { type: 'statement', title: 'probe', visibility: 'joint' },
            });
          const baseline = new Map<string, Res>();
          for (const [route, body] of probes)
            baseline.set(route, await probe(ZERO_ID, route, body));
          baseline.set('upload', await emptyUpload(ZERO_ID));
          baseline.set('statement', await statement(ZERO_ID));
          const versions = new Map(fixture.map((c) => [c.id, c.detail?.complaint.version]));

          for (const c of fixture) {
            const visible = seesComplaint(p, c);
            const answers: [string, Res][] = [];
            for (const [route, body] of probes)
              answers.push([route, await probe(c.id, route, body)]);
            answers.push(['upload', await emptyUpload(c.id)]);
            answers.push(['statement', await statement(c.id)]);
            for (const [route, res] of answers) {
              const label = `${name} POST ${route} on ${c.cls}/${c.stage}`;
              const missing = baseline.get(route);
              if (!missing) throw new Error('no baseline');
              if (visible) {
                if (missing.statusCode === 404) expect(res.statusCode, label).not.toBe(404);
                expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
              } else {
                expect(res.statusCode, `${label}: ${res.body}`).toBe(missing.statusCode);
                expect(stable(res), label).toEqual(stable(missing));
              }
            }
          }
          // Changing an item's visibility is for mediators, who see every item; anyone else is
          // refused before the item is looked up, exactly as for an item that does not exist.
          if (name !== 'tr' && name !== 'qa') {
            const body = { visibility: 'public', reason: 'probe' };
            const missing = await inject(p, {
              method: 'POST',
              url: `/api/v1/evidence/${ZERO_ID}/visibility`,
              payload: body,
            });
            expect([401, 403]).toContain(missing.statusCode);
            await each(items, async (x) => {
              const res = await inject(p, {
                method: 'POST',
                url: `/api/v1/evidence/${x.item.id}/visibility`,
                payload: body,
              });
              expect(res.statusCode).toBe(missing.statusCode);
              expect(stable(res)).toEqual(stable(missing));
            });
          }
          // Nothing changed.
          for (const c of fixture) {
            const now = await t.app.inject({
              url: `/api/v1/complaints/${c.id}`,
              headers: asSession(w.as.tr),
            });
            expect((now.json() as ComplaintDetail).complaint.version).toBe(versions.get(c.id));
          }
        });

        it('observations and their map points follow the class and the recording organisation', async () => {
          const p = P(name);
          const expected = observed.filter(
            (o) =>
              maySeeRecord(p.actor, o.visibility as MaterialVisibility, o.org) ||
              p.actor?.organisationId === o.org,
          );
          const window = 'from=2020-01-01T00:00:00Z&to=2020-01-31T00:00:00Z';
          const list = await get(p, `/api/v1/observations?${window}&limit=1000`);
          expect(list.statusCode).toBe(200);
          const sources = (list.json() as { items: { source: string }[] }).items
            .map((o) => o.source)
            .filter((s) => s.startsWith(tag))
            .sort();
          expect(sources).toEqual(expected.map((o) => o.source).sort());
          const map = await get(p, `/api/v1/observations/map?${window}`);
          expect(map.statusCode).toBe(200);
          const mine = new Set(observed.map((o) => o.latitude));
          const lats = (map.json() as { points: [number, ...unknown[]][] }).points
            .map(([lat]) => lat)
            .filter((lat) => mine.has(lat))
            .sort();
          expect(lats).toEqual(expected.map((o) => o.latitude).sort());
        });

        it('notifications never mention a complaint it may not see', async () => {
          const p = P(name);
          if (p.actor === null) return;
          const res = await get(p, '/api/v1/me/notifications?limit=200');
          expect(res.statusCode).toBe(200);
          const inbox = (
            res.json() as {
              items: { complaintId: string | null; params: Record<string, unknown> }[];
            }
          ).items;
          for (const n of inbox) {
            const c = fixture.find((f) => f.id === n.complaintId);
            if (c) expect(seesComplaint(p, c), `${name} told of ${c.cls}/${c.stage}`).toBe(true);
          }
          for (const c of fixture.filter((f) => !seesComplaint(p, f))) {
            expect(JSON.stringify(inbox)).not.toContain(c.word);
            expect(JSON.stringify(inbox)).not.toContain(c.id);
          }
          // The accused party hears of every complaint whose reply window opened.
          if (name === 'af') {
            const told = new Set(inbox.map((n) => n.complaintId));
            for (const c of fixture.filter((f) => f.stage === 'after')) {
              expect(told.has(c.id), `${c.cls}`).toBe(true);
            }
          }
        });
      });
    }

    it("webhook deliveries to Afghanistan name only complaints Afghanistan's officers may see", async () => {
      const af = P('af');
      const rows = (
        (await t.database.db.execute(
          sql`select payload from webhook_deliveries where webhook_id = ${afWebhookId}`,
        )) as unknown as { rows: { payload: { complaintId: string } }[] }
      ).rows;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const c = fixture.find((f) => f.id === row.payload.complaintId);
        if (c) expect(seesComplaint(af, c), `${c.cls}/${c.stage}`).toBe(true);
      }
      const listed = await get(af, `/api/v1/webhooks/${afWebhookId}/deliveries`);
      expect(listed.statusCode).toBe(200);
      for (const c of fixture.filter((f) => !seesComplaint(af, f))) {
        expect(listed.body).not.toContain(c.id);
      }
      // Another organisation's webhook does not exist for Pakistan.
      const missing = await get(P('pk'), `/api/v1/webhooks/${ZERO_ID}/deliveries`);
      const other = await get(P('pk'), `/api/v1/webhooks/${afWebhookId}/deliveries`);
      expect(other.statusCode).toBe(404);
      expect(stable(other)).toEqual(stable(missing));
    });

    it("a party officer cannot reach the other party's originator evidence by id, search, export or file hash", async () => {
      const af = P('af');
      const secret = items.find(
        (x) =>
          x.addedBy === 'pk' &&
          x.item.visibility === 'originator' &&
          x.complaint.cls === 'joint' &&
          x.complaint.stage === 'after' &&
          x.item.file?.mime === 'image/jpeg',
      );
      if (!secret) throw new Error('no secret photo in the fixture');
      // Afghanistan sees the complaint itself (it was asked to reply)…
      expect(seesComplaint(af, secret.complaint)).toBe(true);
      expect((await get(af, `/api/v1/complaints/${secret.complaint.id}`)).statusCode).toBe(200);
      // …but not the item, on any path.
      const missing = await get(af, `/api/v1/evidence/${ZERO_ID}`);
      const byId = await get(af, `/api/v1/evidence/${secret.item.id}`);
      expect(stable(byId)).toEqual(stable(missing));
      const content = await get(af, `/api/v1/evidence/${secret.item.id}/content`);
      expect(content.statusCode).toBe(404);
      const sha = secret.item.file?.sha256 ?? '';
      const byHash = await get(af, `/api/v1/files/${sha}`);
      const noHash = await get(af, `/api/v1/files/${ZERO_SHA}`);
      expect(stable(byHash)).toEqual(stable(noHash));
      const list = await get(af, `/api/v1/complaints/${secret.complaint.id}/evidence`);
      expect(list.body).not.toContain(secret.item.id);
      expect(list.body).not.toContain(sha);
      // Searching and exporting by a word of its title finds nothing (evidence is not indexed
      // into complaint search, so the complaint does not turn up because of it either).
      for (const url of [
        `/api/v1/complaints?q=${secret.word}`,
        `/api/v1/complaints/export?q=${secret.word}&format=json`,
        `/api/v1/complaints/export?q=${secret.word}&format=csv`,
        `/api/v1/complaints/export?q=${tag}&format=json`,
        `/api/v1/complaints/counts?q=${secret.word}`,
      ]) {
        const res = await get(af, url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).not.toContain(secret.item.id);
        expect(res.body, url).not.toContain(secret.word);
        expect(res.body, url).not.toContain(sha);
      }
      // Its own inbox says nothing of it either.
      const inbox = await get(af, '/api/v1/me/notifications?limit=200');
      expect(inbox.body).not.toContain(secret.item.id);
      expect(inbox.body).not.toContain(secret.word);
      // Pakistan, which added it, and both mediators do see it.
      for (const name of ['pk', 'tr', 'qa'] as const) {
        expect((await get(P(name), `/api/v1/files/${sha}`)).statusCode, name).toBe(200);
      }
    });

    it('log openings hold only records the caller may see (complaints and evidence)', async () => {
      while ((await t.services.sequencer.integrate()) !== undefined) {
        // integrate every pending entry
      }
      const checkpoint = await t.app.inject({ url: '/api/v1/log/checkpoint' });
      expect(checkpoint.statusCode).toBe(200);
      const size = Number(checkpoint.body.split('\n')[1]);
      expect(size).toBeGreaterThan(0);
      const complaintsById = new Map(fixture.map((c) => [c.id, c]));
      const itemsById = new Map(items.map((x) => [x.item.id, x]));
      const leaks: string[] = [];
      for (const name of PRINCIPALS) {
        const p = P(name);
        for (let start = 0; start < size; start += 1000) {
          const res = await get(
            p,
            `/api/v1/log/openings?start=${start}&end=${Math.min(size, start + 1000)}`,
          );
          expect(res.statusCode).toBe(200);
          for (const o of (res.json() as { items: { recordType: string; recordId: string }[] })
            .items) {
            const c = o.recordType === 'complaint' ? complaintsById.get(o.recordId) : undefined;
            if (c && !seesComplaint(p, c)) leaks.push(`${name}: complaint ${c.cls}/${c.stage}`);
            const x = o.recordType === 'evidence' ? itemsById.get(o.recordId) : undefined;
            if (x && !seesItem(p, x)) {
              leaks.push(
                `${name}: ${x.item.visibility} evidence by ${x.addedBy} on ${x.complaint.cls}/${x.complaint.stage}`,
              );
            }
          }
        }
      }
      expect([...new Set(leaks)]).toEqual([]);
    });
  });
}
