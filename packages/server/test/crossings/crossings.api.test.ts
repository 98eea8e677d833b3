/**
 * Crossings through the API: the public list keeps its shape; a crossing shows its history with
 * the reason for each change, its conditions for reopening with what each still waits for, and the
 * latest daily figures under the observation visibility rule. A reopening "on conditions met" is
 * refused while any condition is unmet (409 naming them) and recorded once every one is met, by
 * its commitments and findings or by the mediators' decision. Bad input stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Crossing, CrossingCondition, CrossingDetail } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';
import { complaintBody, file, loadWorld, type World } from '../support/complaints.ts';
import {
  commitments,
  crossingStatusChanges,
  findings,
  logPending,
} from '../../src/platform/database/schema/index.ts';
import { HOOK_TIMEOUT_MS, ZERO_ID, allRowCounts, call } from './support.ts';

for (const backend of await backends()) {
  describe(`crossings (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let torkham: Crossing;
    let chaman: Crossing;
    const commitmentIds: string[] = [];
    let complaintId: string;

    const detail = (id: string, who: Parameters<typeof call>[1] = null) =>
      call<CrossingDetail>(t, who, 'GET', `/api/v1/crossings/${id}`);

    beforeAll(async () => {
      t = await createTestApp(backend);
      t.clock.now = new Date('2025-11-20T09:00:00Z');
      w = await loadWorld(t.app);
      const list = await call<{ items: Crossing[] }>(t, null, 'GET', '/api/v1/crossings');
      const byName = (n: string) => {
        const c = list.json.items.find((x) => x.name.startsWith(n));
        if (!c) throw new Error(`no crossing ${n}`);
        return c;
      };
      torkham = byName('Torkham');
      chaman = byName('Chaman');
      const now = t.clock.now;
      const rows = await t.database.db
        .insert(commitments)
        .values(
          [1, 2].map((n) => ({
            number: 800 + n,
            agreementId: w.agreement.id,
            partyOrganisationId: w.org.AFG.id,
            title: n === 1 ? 'Act against TTP sanctuaries' : 'Hand over named TTP commanders',
            text: 'Commitment text',
            language: 'en',
            provisionIds: [],
            indicators: [],
            status: 'in_progress',
            visibility: n === 1 ? 'public' : 'mediators',
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning();
      commitmentIds.push(...rows.map((r) => r.id));
      const filed = await file(t.app, w.as.pk, complaintBody(w, { visibility: 'mediators' }));
      expect(filed.status).toBe(201);
      complaintId = filed.json.id;
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => t.close());

    it('the public list keeps the shape the web app reads', async () => {
      const list = await call<{ items: Crossing[] }>(t, null, 'GET', '/api/v1/crossings');
      expect(list.status).toBe(200);
      for (const c of list.json.items) {
        expect(Object.keys(c).sort()).toEqual(
          [
            'demo',
            'description',
            'history',
            'id',
            'latitude',
            'longitude',
            'name',
            'status',
          ].sort(),
        );
        for (const h of c.history) {
          expect(Object.keys(h).sort()).toEqual(['effectiveOn', 'reason', 'status']);
        }
      }
      expect(torkham.status).toBe('closed');
      expect(torkham.history.map((h) => h.effectiveOn)).toEqual(['2025-10-12', '2025-11-09']);
    });

    it('a crossing shows its history, conditions, places and latest figures', async () => {
      const res = await detail(torkham.id);
      expect(res.status, res.body).toBe(200);
      expect(res.json.history.map((h) => [h.status, h.effectiveOn, h.onConditionsMet])).toEqual([
        ['closed', '2025-10-12', false],
        ['closed', '2025-11-09', false],
      ]);
      expect(res.json.history[1]?.reason.en).toContain('no verifiable action against TTP');
      expect(res.json.placeIds).toEqual(['af-torkham', 'pk-torkham']);
      expect(res.json.conditions).toEqual([]);
      expect(res.json.conditionsMet).toBe(false);
      expect(res.json.latestFigures).toEqual([]);
      expect((await detail(chaman.id)).json.placeIds).toEqual(['pk-chaman', 'pk-chaman-crossing']);
      expect((await detail(ZERO_ID)).status).toBe(404);
    });

    it('shows the latest figures each caller may see', async () => {
      const observation = (
        type: string,
        observedAt: string,
        count: number,
        visibility: string,
        placeId = 'pk-torkham',
      ) => ({
        observedAt,
        timePrecision: 'day',
        latitude: 34.1147,
        longitude: 71.0847,
        locationPrecision: 'exact',
        placeId,
        type,
        count,
        source: 'Joint monitors at the crossing',
        sourceKind: 'monitor',
        notes: '',
        visibility,
      });
      const recorded = await call(t, w.as.monitor, 'POST', '/api/v1/observations', {
        items: [
          observation('trucks_held', '2025-11-17T12:00:00Z', 500, 'public'),
          observation('trucks_held', '2025-11-18T12:00:00Z', 650, 'public', 'af-torkham'),
          observation('trucks_held', '2025-11-19T12:00:00Z', 900, 'mediators'),
          observation('people_crossing', '2025-11-19T12:00:00Z', 40, 'joint'),
          // Elsewhere: not Torkham's figures.
          observation('trucks_held', '2025-11-19T18:00:00Z', 7, 'public', 'pk-landi-kotal'),
        ],
      });
      expect(recorded.status, recorded.body).toBe(201);
      const figures = async (who: Parameters<typeof call>[1]) =>
        (await detail(torkham.id, who)).json.latestFigures.map((f) => [f.type, f.count]);
      expect(await figures(null)).toEqual([['trucks_held', 650]]);
      expect(await figures(w.as.observer)).toEqual([['trucks_held', 650]]);
      expect(await figures(w.as.af)).toEqual([
        ['trucks_held', 650],
        ['people_crossing', 40],
      ]);
      expect(await figures(w.as.tr)).toEqual([
        ['trucks_held', 900],
        ['people_crossing', 40],
      ]);
    });

    it('refuses a reopening on conditions met while none are recorded', async () => {
      const res = await call(t, w.as.tr, 'POST', `/api/v1/crossings/${chaman.id}/status`, {
        status: 'open',
        reason: 'Reopened',
        effectiveOn: '2025-11-20',
        onConditionsMet: true,
      });
      expect(res.status, res.body).toBe(409);
      expect(res.json.code).toBe('workflow_precondition');
      expect(res.json.workflow?.precondition).toBe('no_conditions');
    });

    it('conditions: refused while unmet, naming each with what is missing; recorded once all are met', async () => {
      const add = async (body: Record<string, unknown>) => {
        t.clock.now = new Date(t.clock.now.getTime() + 1000);
        const res = await call<CrossingCondition>(
          t,
          w.as.tr,
          'POST',
          `/api/v1/crossings/${torkham.id}/conditions`,
          body,
        );
        expect(res.status, res.body).toBe(201);
        return res.json;
      };
      const a = await add({
        description:
          'Verifiable action against TTP sanctuaries, and a finding on the Torkham shelling',
        commitmentIds: [commitmentIds[0]],
        findingComplaintIds: [complaintId],
      });
      const b = await add({
        description: 'Named commanders handed over',
        commitmentIds: [commitmentIds[1]],
        findingComplaintIds: [],
      });
      const c = await add({
        description: 'Customs staff back at their posts',
        commitmentIds: [],
        findingComplaintIds: [],
      });
      expect(a).toMatchObject({ met: false, metBy: null, crossingId: torkham.id });
      expect(a.missing).toHaveLength(2);
      expect(c.missing).toEqual(["the mediators' decision (no commitment or finding is linked)"]);

      const reopen = (body: Record<string, unknown> = {}) =>
        call(t, w.as.tr, 'POST', `/api/v1/crossings/${torkham.id}/status`, {
          status: 'trade_only',
          reason: 'Reopened for trade once the conditions were met',
          effectiveOn: '2025-11-20',
          onConditionsMet: true,
          ...body,
        });
      const changesBefore = (
        await t.database.db
          .select()
          .from(crossingStatusChanges)
          .where(eq(crossingStatusChanges.crossingId, torkham.id))
      ).length;
      const refused = await reopen();
      expect(refused.status, refused.body).toBe(409);
      expect(refused.json.code).toBe('workflow_precondition');
      expect(refused.json.workflow?.precondition).toBe('conditions_unmet');
      for (const x of [a, b, c]) {
        expect(refused.json.detail).toContain(x.id);
        expect(refused.json.errors?.some((e) => e.message.includes(x.id))).toBe(true);
      }
      expect(refused.json.detail).toContain('Act against TTP sanctuaries');

      // The public sees the conditions; a restricted commitment or complaint only by its id.
      const publicView = (await detail(torkham.id)).json;
      expect(publicView.conditions.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
      expect(publicView.conditionsMet).toBe(false);
      const pa = publicView.conditions[0]!;
      expect(pa.commitments).toEqual([
        {
          id: commitmentIds[0],
          met: false,
          number: 801,
          title: 'Act against TTP sanctuaries',
          status: 'in_progress',
        },
      ]);
      expect(pa.findings).toEqual([
        { complaintId, met: false, reference: null, title: null, outcome: null },
      ]);
      expect(pa.missing).toEqual([
        'commitment 801 "Act against TTP sanctuaries" is in_progress, not met',
        `no finding issued yet on complaint ${complaintId}`,
      ]);
      expect(publicView.conditions[1]!.commitments[0]).toMatchObject({ title: null, status: null });
      const mediatorView = (await detail(torkham.id, w.as.qa)).json;
      expect(mediatorView.conditions[1]!.commitments[0]).toMatchObject({
        title: 'Hand over named TTP commanders',
        status: 'in_progress',
      });
      expect(mediatorView.conditions[0]!.findings[0]?.reference).toMatch(/^C-\d+$/);

      // Condition A: its commitment met and a finding issued.
      await t.database.db
        .update(commitments)
        .set({ status: 'met' })
        .where(eq(commitments.id, commitmentIds[0]!));
      let now = t.clock.now;
      await t.database.db.insert(findings).values({
        complaintId,
        draftVersion: 1,
        outcome: 'violation_confirmed',
        provisionIds: [],
        summary: 'Confirmed.',
        draftedAt: now,
        issuedAt: now,
      });
      // Condition B: its commitment met.
      await t.database.db
        .update(commitments)
        .set({ status: 'met' })
        .where(eq(commitments.id, commitmentIds[1]!));
      const stillC = await reopen();
      expect(stillC.status).toBe(409);
      expect(stillC.json.errors?.map((e) => e.message.includes(c.id))).toEqual([true]);

      // Condition C: the mediators' decision, once.
      const decided = await call<CrossingCondition>(
        t,
        w.as.qa,
        'POST',
        `/api/v1/crossings/${torkham.id}/conditions/${c.id}/met`,
        { reason: 'Confirmed by the joint monitors on site' },
      );
      expect(decided.status, decided.body).toBe(200);
      expect(decided.json).toMatchObject({
        met: true,
        metBy: 'decision',
        metReason: 'Confirmed by the joint monitors on site',
        missing: [],
      });
      const twice = await call(
        t,
        w.as.qa,
        'POST',
        `/api/v1/crossings/${torkham.id}/conditions/${c.id}/met`,
        { reason: 'Again' },
      );
      expect(twice.status).toBe(409);
      expect(twice.json.code).toBe('invalid_transition');
      expect(
        (
          await t.database.db
            .select()
            .from(crossingStatusChanges)
            .where(eq(crossingStatusChanges.crossingId, torkham.id))
        ).length,
      ).toBe(changesBefore);

      now = t.clock.now;
      const reopened = await call<CrossingDetail>(
        t,
        w.as.tr,
        'POST',
        `/api/v1/crossings/${torkham.id}/status`,
        {
          status: 'trade_only',
          reason: 'Ticaret için yeniden açıldı',
          language: 'tr',
          effectiveOn: '2025-11-20',
          onConditionsMet: true,
        },
      );
      expect(reopened.status, reopened.body).toBe(200);
      expect(reopened.json.status).toBe('trade_only');
      expect(reopened.json.conditionsMet).toBe(true);
      expect(reopened.json.conditions.map((x) => x.metBy)).toEqual(['links', 'links', 'decision']);
      expect(reopened.json.history.at(-1)).toMatchObject({
        status: 'trade_only',
        reason: { tr: 'Ticaret için yeniden açıldı' },
        effectiveOn: '2025-11-20',
        onConditionsMet: true,
        decidedBy: w.as.tr.userId,
        recordedAt: now.toISOString(),
      });
      const list = await call<{ items: Crossing[] }>(t, null, 'GET', '/api/v1/crossings');
      const listed = list.json.items.find((x) => x.id === torkham.id);
      expect(listed?.status).toBe('trade_only');
      expect(listed?.history.at(-1)).toEqual({
        status: 'trade_only',
        reason: { tr: 'Ticaret için yeniden açıldı' },
        effectiveOn: '2025-11-20',
      });

      // Logged, publicly: the change, the crossing, the conditions and the decision.
      const entries = await t.database.db
        .select({ type: logPending.recordType, visibility: logPending.visibility })
        .from(logPending)
        .where(
          and(
            eq(logPending.visibility, 'public'),
            eq(logPending.recordType, 'crossing_status_change'),
          ),
        );
      expect(entries).toHaveLength(1);
      const conditionEntries = await t.database.db
        .select()
        .from(logPending)
        .where(eq(logPending.recordType, 'crossing_condition'));
      expect(conditionEntries).toHaveLength(4);
      expect(conditionEntries.every((e) => e.visibility === 'public')).toBe(true);
      const crossingEntries = await t.database.db
        .select()
        .from(logPending)
        .where(and(eq(logPending.recordType, 'crossing'), eq(logPending.recordId, torkham.id)));
      expect(crossingEntries).toHaveLength(2);
      // The web app's log badge: the listed crossing is exactly its latest logged record.
      expect(JSON.parse(crossingEntries.at(-1)!.record)).toEqual(listed);

      // Closing again and partial reopenings need no conditions.
      for (const status of ['closed', 'pedestrians_only', 'returnees_only', 'open'] as const) {
        const res = await call(t, w.as.tr, 'POST', `/api/v1/crossings/${torkham.id}/status`, {
          status,
          reason: `Now ${status}`,
          effectiveOn: '2025-11-20',
        });
        expect(res.status, res.body).toBe(200);
      }
    });

    it('refuses bad input with a clear problem and stores nothing', async () => {
      const before = await allRowCounts(t.database);
      const status = `/api/v1/crossings/${chaman.id}/status`;
      const conditions = `/api/v1/crossings/${chaman.id}/conditions`;
      const valid = { status: 'open', reason: 'Reopened', effectiveOn: '2025-11-20' };
      const cases: [string, string, unknown, number, string, string?][] = [
        [
          'closing on conditions met',
          status,
          { ...valid, status: 'closed', onConditionsMet: true },
          400,
          'validation_failed',
          'body.onConditionsMet',
        ],
        [
          'before the last change',
          status,
          { ...valid, effectiveOn: '2025-11-01' },
          400,
          'validation_failed',
          'body.effectiveOn',
        ],
        [
          'in the future',
          status,
          { ...valid, effectiveOn: '2025-12-25' },
          400,
          'validation_failed',
          'body.effectiveOn',
        ],
        [
          'unknown status',
          status,
          { ...valid, status: 'half_open' },
          400,
          'validation_failed',
          'body.status',
        ],
        ['no reason', status, { ...valid, reason: '' }, 400, 'validation_failed', 'body.reason'],
        ['missing crossing', `/api/v1/crossings/${ZERO_ID}/status`, valid, 404, 'not_found'],
        [
          'unknown commitment',
          conditions,
          { description: 'x', commitmentIds: [ZERO_ID], findingComplaintIds: [] },
          400,
          'validation_failed',
          'body.commitmentIds',
        ],
        [
          'unknown complaint',
          conditions,
          { description: 'x', commitmentIds: [], findingComplaintIds: [ZERO_ID] },
          400,
          'validation_failed',
          'body.findingComplaintIds',
        ],
        [
          'duplicate commitments',
          conditions,
          {
            description: 'x',
            commitmentIds: [commitmentIds[0], commitmentIds[0]],
            findingComplaintIds: [],
          },
          400,
          'validation_failed',
          'body.commitmentIds',
        ],
        [
          'condition of a missing crossing',
          `/api/v1/crossings/${ZERO_ID}/conditions`,
          { description: 'x', commitmentIds: [], findingComplaintIds: [] },
          404,
          'not_found',
        ],
        [
          'missing condition',
          `/api/v1/crossings/${chaman.id}/conditions/${ZERO_ID}/met`,
          { reason: 'x' },
          404,
          'not_found',
        ],
      ];
      for (const [label, url, payload, code, problem, field] of cases) {
        const res = await call(t, w.as.tr, 'POST', url, payload);
        expect(res.status, `${label}: ${res.body}`).toBe(code);
        expect(res.json.code, label).toBe(problem);
        expect(res.json.detail, label).toBeTruthy();
        if (field)
          expect(
            res.json.errors?.map((e) => e.field),
            label,
          ).toContain(field);
      }
      const unknownBoth = await call(t, w.as.tr, 'POST', conditions, {
        description: 'x',
        commitmentIds: [ZERO_ID],
        findingComplaintIds: ['00000000-0000-4000-8000-000000000001'],
      });
      expect(unknownBoth.json.errors?.map((e) => e.field)).toEqual([
        'body.commitmentIds',
        'body.findingComplaintIds',
      ]);
      expect(unknownBoth.json.errors?.[0]?.message).toContain(ZERO_ID);
      const officer = await call(t, w.as.pk, 'POST', status, valid);
      expect(officer.status).toBe(403);
      expect(await allRowCounts(t.database)).toEqual(before);
    });
  });
}
