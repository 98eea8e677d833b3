/**
 * The intelligence visibility matrix: every principal (anonymous, every role, both parties, a
 * read-only token) against every release setting (mediators only; plus one named party; plus one
 * named party until a time; withdrawn), by id, in the list, in search and in the export, and the
 * record of views — before and after the release expires (the test clock moves past it). Every
 * answer must be what the domain rule (`maySeeIntel`, `maySeeIntelViews`) says; a refusal is the
 * 404 of an id that does not exist. Every view is recorded, the mediators' included, and nobody
 * else's view appears.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import {
  maySeeIntel,
  maySeeIntelViews,
  type IntelPage,
  type IntelReport,
  type IntelView,
} from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';
import { loadWorld, type World } from '../support/complaints.ts';
import { intelViews } from '../../src/platform/database/schema/index.ts';
import {
  HOOK_TIMEOUT_MS,
  PRINCIPAL_NAMES,
  ZERO_ID,
  call,
  loadPrincipals,
  stable,
  type Principal,
  type PrincipalName,
} from '../crossings/support.ts';

const T0 = new Date('2025-11-20T09:00:00Z');
const HOUR = 60 * 60 * 1000;

interface Fixture {
  readonly label: string;
  readonly bodyWord: string;
  report: IntelReport;
}

for (const backend of await backends()) {
  describe(`intelligence visibility matrix (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let p: Record<PrincipalName, Principal>;
    const fixtures: Fixture[] = [];
    /** Reads and exports that should have been recorded, per report and user. */
    const expectedViews = new Map<string, Map<string, { read: number; export: number }>>();
    let missing: Record<string, unknown>;

    const noteView = (reportId: string, userId: string, via: 'read' | 'export') => {
      const byUser = expectedViews.get(reportId) ?? new Map();
      const n = byUser.get(userId) ?? { read: 0, export: 0 };
      n[via] += 1;
      byUser.set(userId, n);
      expectedViews.set(reportId, byUser);
    };

    beforeAll(async () => {
      t = await createTestApp(backend, {
        env: { TRUCELINE_SESSION_IDLE_MINUTES: '10000', TRUCELINE_SESSION_ABSOLUTE_HOURS: '1000' },
      });
      t.clock.now = T0;
      w = await loadWorld(t.app);
      p = await loadPrincipals(t, w);
      const tag = `imx${crypto.randomBytes(4).toString('hex')}`;
      const share = async (
        label: string,
        who: 'pk' | 'af',
        body: Record<string, unknown>,
        withdraw = false,
      ) => {
        const bodyWord = `${tag}${fixtures.length}body`;
        const res = await call<IntelReport>(t, p[who], 'POST', '/api/v1/intel', {
          title: `${label} ${tag}`,
          body: `Sources report movement near the border. ${bodyWord}`,
          language: 'en',
          ...body,
        });
        expect(res.status, res.body).toBe(201);
        let report = res.json;
        if (withdraw) {
          const wd = await call<IntelReport>(
            t,
            p[who],
            'POST',
            `/api/v1/intel/${report.id}/withdraw`,
            {
              version: report.version,
            },
          );
          expect(wd.status, wd.body).toBe(200);
          report = wd.json;
        }
        fixtures.push({ label, bodyWord, report });
      };
      const inAnHour = new Date(T0.getTime() + HOUR).toISOString();
      await share('PAK to the mediators only', 'pk', {});
      await share('PAK plus Afghanistan', 'pk', { releasedTo: [w.org.AFG.id] });
      await share('PAK plus Afghanistan for an hour', 'pk', {
        releasedTo: [w.org.AFG.id],
        releaseExpiresAt: inAnHour,
      });
      await share('PAK plus Afghanistan, withdrawn', 'pk', { releasedTo: [w.org.AFG.id] }, true);
      await share('AFG plus Pakistan for an hour', 'af', {
        releasedTo: [w.org.PAK.id],
        releaseExpiresAt: inAnHour,
      });
      await share('AFG to the mediators only, for an hour', 'af', { releaseExpiresAt: inAnHour });
      missing = stable((await call(t, p.tr, 'GET', `/api/v1/intel/${ZERO_ID}`)).body);
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => t.close());

    const fixtureIds = () => new Set(fixtures.map((f) => f.report.id));
    const expectedFor = (who: Principal) =>
      fixtures.filter((f) => maySeeIntel(who.actor, f.report, t.clock.now)).map((f) => f.report.id);

    for (const phase of ['before expiry', 'after expiry'] as const) {
      describe(phase, () => {
        beforeAll(() => {
          t.clock.now = new Date(T0.getTime() + (phase === 'before expiry' ? 0 : 2 * HOUR));
        });

        it('the settings are what the matrix needs', () => {
          const states = fixtures.map((f) => maySeeIntel(p.tr.actor, f.report, t.clock.now));
          expect(states).toEqual(
            phase === 'before expiry'
              ? [true, true, true, false, true, true]
              : [true, true, false, false, false, false],
          );
        });

        for (const name of PRINCIPAL_NAMES) {
          it(`${name}: by id, list, search, export and views follow maySeeIntel`, async () => {
            const who = p[name];
            const list = await call<IntelPage>(t, who, 'GET', '/api/v1/intel?limit=200');
            if (who.actor === null) {
              expect(list.status).toBe(401);
              for (const f of fixtures) {
                expect((await call(t, who, 'GET', `/api/v1/intel/${f.report.id}`)).status).toBe(
                  401,
                );
              }
              expect((await call(t, who, 'GET', '/api/v1/intel/export')).status).toBe(401);
              return;
            }
            const expected = expectedFor(who);
            expect(list.status, list.body).toBe(200);
            const listed = list.json.items.filter((i) => fixtureIds().has(i.id)).map((i) => i.id);
            expect(new Set(listed)).toEqual(new Set(expected));
            for (const item of list.json.items) expect(item).not.toHaveProperty('body');

            for (const f of fixtures) {
              const sees = expected.includes(f.report.id);
              const one = await call<IntelReport>(t, who, 'GET', `/api/v1/intel/${f.report.id}`);
              if (sees) {
                expect(one.status, `${f.label}: ${one.body}`).toBe(200);
                expect(one.json.body).toContain(f.bodyWord);
                noteView(f.report.id, who.actor.userId, 'read');
              } else {
                expect(one.status, f.label).toBe(404);
                expect(stable(one.body), f.label).toEqual(missing);
              }
              const found = await call<IntelPage>(
                t,
                who,
                'GET',
                `/api/v1/intel?q=${encodeURIComponent(f.bodyWord.toUpperCase())}`,
              );
              expect(found.status).toBe(200);
              expect(
                found.json.items.map((i) => i.id),
                f.label,
              ).toEqual(sees ? [f.report.id] : []);
              const views = await call<{ items: IntelView[] }>(
                t,
                who,
                'GET',
                `/api/v1/intel/${f.report.id}/views`,
              );
              if (maySeeIntelViews(who.actor, f.report, t.clock.now)) {
                expect(views.status, `${f.label}: ${views.body}`).toBe(200);
              } else if (sees) {
                expect(views.status, f.label).toBe(403);
                expect(views.json.code).toBe('forbidden');
              } else {
                expect(views.status, f.label).toBe(404);
                expect(stable(views.body), f.label).toEqual(missing);
              }
            }

            const exported = await call<{ items: IntelReport[]; truncated: boolean }>(
              t,
              who,
              'GET',
              '/api/v1/intel/export',
            );
            expect(exported.status, exported.body).toBe(200);
            expect(exported.json.truncated).toBe(false);
            const inExport = exported.json.items.filter((i) => fixtureIds().has(i.id));
            expect(new Set(inExport.map((i) => i.id))).toEqual(new Set(expected));
            for (const item of inExport) {
              expect(item.body).toContain(fixtures.find((f) => f.report.id === item.id)?.bodyWord);
              noteView(item.id, who.actor.userId, 'export');
            }
          });
        }

        it('every view was recorded, the mediators’ included, and no other', async () => {
          const rows = await t.database.db
            .select()
            .from(intelViews)
            .where(inArray(intelViews.reportId, [...fixtureIds()]));
          const actual = new Map<string, Map<string, { read: number; export: number }>>();
          for (const r of rows) {
            const byUser = actual.get(r.reportId) ?? new Map();
            const n = byUser.get(r.userId) ?? { read: 0, export: 0 };
            n[r.via as 'read' | 'export'] += 1;
            byUser.set(r.userId, n);
            actual.set(r.reportId, byUser);
          }
          expect(actual).toEqual(expectedViews);
          const first = fixtures[0]!.report.id;
          const mediatorViews = await t.database.db
            .select()
            .from(intelViews)
            .where(eq(intelViews.reportId, first));
          expect(mediatorViews.some((v) => v.userId === p.tr.actor?.userId)).toBe(true);
          expect(mediatorViews.some((v) => v.userId === p.qa.actor?.userId)).toBe(true);
          // The originator reads the record, mediators included.
          const seen = await call<{ items: IntelView[] }>(
            t,
            p.pk,
            'GET',
            `/api/v1/intel/${first}/views`,
          );
          expect(seen.status).toBe(200);
          expect(seen.json.items.filter((v) => v.role === 'mediator').length).toBeGreaterThan(0);
          for (const v of seen.json.items) {
            expect(['mediator', 'party_officer']).toContain(v.role);
          }
        });
      });
    }
  });
}
