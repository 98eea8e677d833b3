/**
 * What the dashboard asks of the complaints API, on both backends: the timeline of complaints by
 * period, category and accused party (the same visibility and filters as the list), reply
 * deadlines due before an instant, and the findings awaiting the caller's organisation's review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Complaint, ComplaintPage, ComplaintTimeline } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type TestContext } from '../support/test-app.ts';
import { command, complaintBody, file, loadWorld, type World } from '../support/complaints.ts';

const DAY = 24 * 60 * 60 * 1000;

for (const backend of await backends()) {
  describe(`dashboard queries (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    /** A: joint, Pakistan against Afghanistan; walked to a draft finding below. */
    let a: Complaint;
    /** B: Pakistan's own (originator), against Afghanistan, on the last evening of October. */
    let b: Complaint;
    /** C: Afghanistan's, mediators only, against Pakistan. */
    let c: Complaint;
    /** D: made public by a mediator. */
    let d: Complaint;
    let versionA = 1;

    const get = async <T>(url: string, who: keyof World['as'] | null) => {
      const res = await t.app.inject({ url, headers: who ? asSession(w.as[who]) : {} });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as T;
    };
    const timeline = (query: string, who: keyof World['as'] | null) =>
      get<ComplaintTimeline>(`/api/v1/complaints/timeline?${query}`, who);
    const search = async (query: string, who: keyof World['as'] | null) =>
      (await get<ComplaintPage>(`/api/v1/complaints?${query}`, who)).items.map((x) => x.id);
    const stepA = async (who: keyof World['as'], path: string, body: Record<string, unknown>) => {
      const r = await command(t.app, w.as[who], a.id, path, { version: versionA, ...body });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      versionA = r.json.complaint.version;
    };

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      const filed = async (by: 'pk' | 'af', overrides: Record<string, unknown>) => {
        const res = await file(t.app, w.as[by], complaintBody(w, overrides));
        expect(res.status, JSON.stringify(res.json)).toBe(201);
        return res.json;
      };
      a = await filed('pk', { when: { from: '2025-10-20T04:00:00Z', precision: 'hour' } });
      b = await filed('pk', {
        visibility: 'originator',
        category: 'air_drone_strike',
        // 04:30 on 1 November in Pakistan, but October in UTC: periods are UTC.
        when: { from: '2025-10-31T23:30:00Z', precision: 'hour' },
      });
      c = await filed('af', {
        visibility: 'mediators',
        accusedOrganisationId: w.org.PAK.id,
        when: { from: '2025-11-03T10:00:00Z', precision: 'hour' },
      });
      d = await filed('pk', {
        category: 'ied',
        when: { from: '2025-11-15T08:00:00Z', precision: 'day' },
      });
      const published = await command(t.app, w.as.tr, d.id, 'visibility', {
        version: d.version,
        visibility: 'public',
        reason: 'Published',
      });
      expect(published.status, JSON.stringify(published.json)).toBe(200);
    });
    afterAll(async () => t.close());

    const AFG = () => w.org.AFG.id;
    const PAK = () => w.org.PAK.id;

    it('counts by month, category and accused party, oldest first, for a mediator', async () => {
      expect(await timeline('', 'tr')).toEqual({
        bucket: 'month',
        items: [
          { period: '2025-10-01', category: 'air_drone_strike', accused: AFG(), count: 1 },
          { period: '2025-10-01', category: 'shelling_artillery', accused: AFG(), count: 1 },
          { period: '2025-11-01', category: 'ied', accused: AFG(), count: 1 },
          { period: '2025-11-01', category: 'shelling_artillery', accused: PAK(), count: 1 },
        ],
      });
      const weeks = await timeline('bucket=week', 'tr');
      expect(weeks.bucket).toBe('week');
      // ISO weeks start on Monday.
      expect(weeks.items.map((i) => i.period)).toEqual([
        '2025-10-20',
        '2025-10-27',
        '2025-11-03',
        '2025-11-10',
      ]);
    });

    it('counts only what each caller may see', async () => {
      const seen = async (who: keyof World['as'] | null) =>
        (await timeline('', who)).items
          .map((i) => `${i.period} ${i.category} ${i.accused === AFG() ? 'AFG' : 'PAK'}`)
          .sort();
      // Pakistan: the joint one, its own originator one, the public one; not Kabul's mediators-only.
      expect(await seen('pk')).toEqual([
        '2025-10-01 air_drone_strike AFG',
        '2025-10-01 shelling_artillery AFG',
        '2025-11-01 ied AFG',
      ]);
      // Afghanistan: the joint one, its own, the public one; not Pakistan's originator one.
      expect(await seen('af')).toEqual([
        '2025-10-01 shelling_artillery AFG',
        '2025-11-01 ied AFG',
        '2025-11-01 shelling_artillery PAK',
      ]);
      for (const who of [null, 'observer'] as const) {
        expect(await seen(who)).toEqual(['2025-11-01 ied AFG']);
      }
      // The same as the counts under the same filters.
      for (const who of ['pk', 'af', 'tr', null] as const) {
        const counts = await get<{ byCategory: { key: string; count: number }[] }>(
          '/api/v1/complaints/counts?accused=' + AFG(),
          who,
        );
        const total = (await timeline(`accused=${AFG()}`, who)).items.reduce(
          (sum, i) => sum + i.count,
          0,
        );
        expect(total).toBe(counts.byCategory.reduce((sum, i) => sum + i.count, 0));
      }
    });

    it('applies the search filters and refuses an unknown bucket', async () => {
      const shelling = await timeline('category=shelling_artillery', 'tr');
      expect(shelling.items.map((i) => i.accused)).toEqual([AFG(), PAK()]);
      const november = await timeline('from=2025-11-01T00:00:00Z', 'tr');
      expect(november.items.map((i) => i.category)).toEqual(['ied', 'shelling_artillery']);
      const bad = await t.app.inject({
        url: '/api/v1/complaints/timeline?bucket=day',
        headers: asSession(w.as.tr),
      });
      expect(bad.statusCode).toBe(400);
      const paged = await t.app.inject({ url: '/api/v1/complaints/timeline?limit=5' });
      expect(paged.statusCode).toBe(400);
    });

    it('finds reply deadlines due before an instant', async () => {
      await stepA('tr', 'transitions', { command: 'register', reason: 'Within the mandate' });
      await stepA('tr', 'transitions', { command: 'open_reply_window', reason: 'Kabul to answer' });
      const now = t.clock.now.getTime();
      const before = (days: number) => new Date(now + days * DAY).toISOString();
      // The window is ten days.
      for (const who of ['tr', 'af', 'pk'] as const) {
        expect(await search(`state=awaiting_reply&replyDueBefore=${before(11)}`, who)).toEqual([
          a.id,
        ]);
        expect(await search(`state=awaiting_reply&replyDueBefore=${before(9)}`, who)).toEqual([]);
      }
      // Still filtered by visibility: the public sees no joint complaint.
      expect(await search(`replyDueBefore=${before(11)}`, null)).toEqual([]);
      const bad = await t.app.inject({ url: '/api/v1/complaints?replyDueBefore=soon' });
      expect(bad.statusCode).toBe(400);
    });

    it("lists the findings awaiting the caller's mediator organisation, and no one else's", async () => {
      await stepA('af', 'reply', { text: 'We answered fire.', language: 'ps' });
      await stepA('tr', 'investigation', {
        reason: 'Field visit',
        teamUserIds: [w.as.monitor.userId],
        instructions: 'Visit the impact sites.',
      });
      await stepA('monitor', 'investigation/report', { report: 'Craters consistent with mortar.' });
      expect(await search('awaitingReviewBy=me', 'tr')).toEqual([]);
      await stepA('tr', 'finding', {
        reason: 'Draft for review',
        outcome: 'violation_attributed',
        attributedOrganisationId: AFG(),
        confidence: 'medium',
        provisionIds: [w.agreement.provisions[0]?.id],
        summary: 'Mortar fire from the Afghan side.',
      });
      expect(await search('awaitingReviewBy=me', 'tr')).toEqual([a.id]);
      expect(await search('awaitingReviewBy=me', 'qa')).toEqual([a.id]);

      await stepA('tr', 'reviews', { verdict: 'sign_off', note: 'Agreed' });
      expect(await search('awaitingReviewBy=me', 'tr')).toEqual([]);
      expect(await search('awaitingReviewBy=me', 'qa')).toEqual([a.id]);
      // Only mediators review: everyone else gets nothing, even those who see the complaint.
      for (const who of ['pk', 'af', 'monitor', 'admin', 'observer', null] as const) {
        expect(await search('awaitingReviewBy=me', who)).toEqual([]);
      }
      // A new draft asks every mediator organisation again.
      await stepA('tr', 'finding', {
        reason: 'Redraft',
        outcome: 'violation_attributed',
        attributedOrganisationId: AFG(),
        confidence: 'medium',
        provisionIds: [w.agreement.provisions[0]?.id],
        summary: 'Mortar fire from the Afghan side, redrafted.',
      });
      expect(await search('awaitingReviewBy=me', 'tr')).toEqual([a.id]);
      const bad = await t.app.inject({
        url: '/api/v1/complaints?awaitingReviewBy=someone',
        headers: asSession(w.as.tr),
      });
      expect(bad.statusCode).toBe(400);
      // B, C and D were never in review.
      expect([b.id, c.id, d.id]).not.toContain((await search('awaitingReviewBy=me', 'qa'))[0]);
    });
  });
}
