/**
 * Shared intelligence through the API: the originator widens a release (more parties, a later
 * end), renews a lapsed one and withdraws; recipients and mediators cannot change a release (no
 * route lets them pass a report on); stale versions get 409 version_conflict; a recipient sees only
 * itself among the recipients; the log commits to the content without revealing it; and bad input
 * (unknown or unfit organisations, an expiry in the past, a narrowing) is refused with nothing
 * stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { IntelReport, IntelView } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';
import { loadWorld, type World } from '../support/complaints.ts';
import { logPending, organisations } from '../../src/platform/database/schema/index.ts';
import { HOOK_TIMEOUT_MS, ZERO_ID, allRowCounts, call } from '../crossings/support.ts';

const T0 = new Date('2025-11-20T09:00:00Z');
const HOUR = 60 * 60 * 1000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR).toISOString();

for (const backend of await backends()) {
  describe(`shared intelligence (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let thirdParty: string;

    const share = async (body: Record<string, unknown> = {}) => {
      const res = await call<IntelReport>(t, w.as.pk, 'POST', '/api/v1/intel', {
        title: 'Convoy seen near Kurram',
        body: 'A source saw twelve vehicles crossing at night.',
        language: 'en',
        ...body,
      });
      expect(res.status, res.body).toBe(201);
      return res.json;
    };
    const release = (who: Parameters<typeof call>[1], id: string, body: Record<string, unknown>) =>
      call<IntelReport>(t, who, 'POST', `/api/v1/intel/${id}/release`, body);
    const sees = async (who: Parameters<typeof call>[1], id: string) =>
      (await call(t, who, 'GET', `/api/v1/intel/${id}`)).status === 200;

    beforeAll(async () => {
      t = await createTestApp(backend, {
        env: { TRUCELINE_SESSION_IDLE_MINUTES: '10000', TRUCELINE_SESSION_ABSOLUTE_HOURS: '1000' },
      });
      t.clock.now = T0;
      w = await loadWorld(t.app);
      const [row] = await t.database.db
        .insert(organisations)
        .values({ name: 'A third party (test)', shortName: 'TP3', kind: 'party' })
        .returning();
      thirdParty = row!.id;
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => t.close());

    it('shares with the mediators only, then widens to a party until a time, and extends it', async () => {
      const r = await share();
      expect(r).toMatchObject({
        originatorOrganisationId: w.org.PAK.id,
        releasedTo: [],
        releaseExpiresAt: null,
        withdrawnAt: null,
        state: 'released',
        version: 1,
      });
      expect(await sees(w.as.tr, r.id)).toBe(true);
      expect(await sees(w.as.af, r.id)).toBe(false);

      const widened = await release(w.as.pk, r.id, {
        version: 1,
        releasedTo: [w.org.AFG.id],
        releaseExpiresAt: null,
      });
      expect(widened.status, widened.body).toBe(200);
      expect(widened.json).toMatchObject({ version: 2, releasedTo: [w.org.AFG.id] });
      expect(await sees(w.as.af, r.id)).toBe(true);

      const stale = await release(w.as.pk, r.id, {
        version: 1,
        releasedTo: [w.org.AFG.id, thirdParty],
        releaseExpiresAt: null,
      });
      expect(stale.status).toBe(409);
      expect(stale.json.code).toBe('version_conflict');
      expect(stale.json.workflow?.currentVersion).toBe(2);

      const wider = await release(w.as.pk, r.id, {
        version: 2,
        releasedTo: [thirdParty, w.org.AFG.id],
        releaseExpiresAt: null,
      });
      expect(wider.status, wider.body).toBe(200);
      expect(wider.json.releasedTo).toEqual([w.org.AFG.id, thirdParty].sort());
      // A recipient sees that it is released to itself, not to whom else; mediators see all.
      const afView = await call<IntelReport>(t, w.as.af, 'GET', `/api/v1/intel/${r.id}`);
      expect(afView.json.releasedTo).toEqual([w.org.AFG.id]);
      const trView = await call<IntelReport>(t, w.as.tr, 'GET', `/api/v1/intel/${r.id}`);
      expect(trView.json.releasedTo).toHaveLength(2);
    });

    it('expires: then only the originator sees it, until the originator renews the release', async () => {
      t.clock.now = T0;
      const r = await share({ releasedTo: [w.org.AFG.id], releaseExpiresAt: at(1) });
      const longer = await release(w.as.pk, r.id, {
        version: 1,
        releasedTo: [w.org.AFG.id],
        releaseExpiresAt: at(2),
      });
      expect(longer.status, longer.body).toBe(200);
      t.clock.now = new Date(at(2));
      expect(await sees(w.as.af, r.id)).toBe(false);
      expect(await sees(w.as.tr, r.id)).toBe(false);
      const own = await call<IntelReport>(t, w.as.pk, 'GET', `/api/v1/intel/${r.id}`);
      expect(own.json.state).toBe('expired');
      const renewed = await release(w.as.pk, r.id, {
        version: 2,
        releasedTo: [w.org.AFG.id],
        releaseExpiresAt: at(5),
      });
      expect(renewed.status, renewed.body).toBe(200);
      expect(renewed.json.state).toBe('released');
      expect(await sees(w.as.af, r.id)).toBe(true);
      expect(await sees(w.as.qa, r.id)).toBe(true);
      t.clock.now = T0;
    });

    it('recipients and mediators cannot change a release; a withdrawn report stays withdrawn', async () => {
      const r = await share({ releasedTo: [w.org.AFG.id] });
      const body = { version: 1, releasedTo: [w.org.AFG.id, thirdParty], releaseExpiresAt: null };
      const byRecipient = await release(w.as.af, r.id, body);
      expect(byRecipient.status).toBe(403);
      expect(byRecipient.json.code).toBe('forbidden');
      const withdrawByRecipient = await call(t, w.as.af, 'POST', `/api/v1/intel/${r.id}/withdraw`, {
        version: 1,
      });
      expect(withdrawByRecipient.status).toBe(403);
      expect((await release(w.as.tr, r.id, body)).status).toBe(403);
      expect((await release(w.as.observer, r.id, body)).status).toBe(403);
      // Afghanistan's officer on a report not released to it: as if it did not exist.
      const hidden = await share();
      const notThere = await release(w.as.af, hidden.id, body);
      expect(notThere.status).toBe(404);
      expect((await release(w.as.af, ZERO_ID, body)).json).toMatchObject({
        code: 'not_found',
        detail: notThere.json.detail,
      });

      const withdrawn = await call<IntelReport>(
        t,
        w.as.pk,
        'POST',
        `/api/v1/intel/${r.id}/withdraw`,
        {
          version: 1,
        },
      );
      expect(withdrawn.status, withdrawn.body).toBe(200);
      expect(withdrawn.json).toMatchObject({ state: 'withdrawn', version: 2 });
      expect(withdrawn.json.withdrawnAt).toBe(T0.toISOString());
      expect(await sees(w.as.af, r.id)).toBe(false);
      expect(await sees(w.as.tr, r.id)).toBe(false);
      expect(await sees(w.as.pk, r.id)).toBe(true);
      const again = await call(t, w.as.pk, 'POST', `/api/v1/intel/${r.id}/withdraw`, {
        version: 2,
      });
      expect(again.status).toBe(409);
      expect(again.json.code).toBe('invalid_transition');
      const revive = await release(w.as.pk, r.id, { ...body, version: 2 });
      expect(revive.status).toBe(409);
      expect(revive.json.code).toBe('invalid_transition');
      const staleWithdraw = await call(t, w.as.pk, 'POST', `/api/v1/intel/${hidden.id}/withdraw`, {
        version: 7,
      });
      expect(staleWithdraw.status).toBe(409);
      expect(staleWithdraw.json.code).toBe('version_conflict');
    });

    it('the originator and the mediators see who viewed a report; recipients do not', async () => {
      const r = await share({ releasedTo: [w.org.AFG.id] });
      for (const [i, who] of [w.as.tr, w.as.qa, w.as.af, w.as.pk].entries()) {
        t.clock.now = new Date(T0.getTime() + i * 1000);
        expect(await sees(who, r.id)).toBe(true);
      }
      t.clock.now = T0;
      const byOriginator = await call<{ items: IntelView[] }>(
        t,
        w.as.pk,
        'GET',
        `/api/v1/intel/${r.id}/views`,
      );
      expect(byOriginator.status).toBe(200);
      expect(byOriginator.json.items.map((v) => [v.userId, v.via])).toEqual([
        [w.as.tr.userId, 'read'],
        [w.as.qa.userId, 'read'],
        [w.as.af.userId, 'read'],
        [w.as.pk.userId, 'read'],
      ]);
      expect(byOriginator.json.items[0]).toMatchObject({
        role: 'mediator',
        organisationShortName: 'TUR',
        at: T0.toISOString(),
      });
      expect((await call(t, w.as.tr, 'GET', `/api/v1/intel/${r.id}/views`)).status).toBe(200);
      const byRecipient = await call(t, w.as.af, 'GET', `/api/v1/intel/${r.id}/views`);
      expect(byRecipient.status).toBe(403);
    });

    it('logs each change as an originator record that commits to the content without revealing it', async () => {
      const r = await share({ title: 'Secret title word', body: 'Secret body word' });
      await release(w.as.pk, r.id, {
        version: 1,
        releasedTo: [w.org.AFG.id],
        releaseExpiresAt: null,
      });
      await call(t, w.as.pk, 'POST', `/api/v1/intel/${r.id}/withdraw`, { version: 2 });
      const entries = await t.database.db
        .select()
        .from(logPending)
        .where(and(eq(logPending.recordType, 'intel_report'), eq(logPending.recordId, r.id)));
      expect(entries).toHaveLength(3);
      for (const e of entries) {
        expect(e.visibility).toBe('originator');
        expect(e.ownerOrganisationId).toBe(w.org.PAK.id);
        expect(e.salt).not.toBeNull();
        expect(e.record).not.toContain('Secret');
        expect(JSON.parse(e.record)).toHaveProperty('contentSha256');
      }
    });

    it('refuses bad input with a clear problem and stores nothing', async () => {
      const r = await share({ releasedTo: [w.org.AFG.id], releaseExpiresAt: at(3) });
      const before = await allRowCounts(t.database);
      const valid = { title: 'x', body: 'y', language: 'en' };
      const cases: [string, string, unknown, number, string, string][] = [
        [
          'unknown organisation',
          '/api/v1/intel',
          { ...valid, releasedTo: [ZERO_ID] },
          400,
          'validation_failed',
          'body.releasedTo',
        ],
        [
          'own party',
          '/api/v1/intel',
          { ...valid, releasedTo: [w.org.PAK.id] },
          400,
          'validation_failed',
          'body.releasedTo',
        ],
        [
          'not a party',
          '/api/v1/intel',
          { ...valid, releasedTo: [w.org.IRN.id] },
          400,
          'validation_failed',
          'body.releasedTo',
        ],
        [
          'expiry in the past',
          '/api/v1/intel',
          { ...valid, releaseExpiresAt: at(-1) },
          400,
          'validation_failed',
          'body.releaseExpiresAt',
        ],
        [
          'expiry now',
          '/api/v1/intel',
          { ...valid, releaseExpiresAt: T0.toISOString() },
          400,
          'validation_failed',
          'body.releaseExpiresAt',
        ],
        [
          'no title',
          '/api/v1/intel',
          { ...valid, title: '' },
          400,
          'validation_failed',
          'body.title',
        ],
        [
          'unknown language',
          '/api/v1/intel',
          { ...valid, language: 'xx' },
          400,
          'validation_failed',
          'body.language',
        ],
        [
          'duplicate recipients',
          '/api/v1/intel',
          { ...valid, releasedTo: [w.org.AFG.id, w.org.AFG.id] },
          400,
          'validation_failed',
          'body.releasedTo',
        ],
        [
          'release to an unknown organisation',
          `/api/v1/intel/${r.id}/release`,
          { version: 1, releasedTo: [w.org.AFG.id, ZERO_ID], releaseExpiresAt: at(3) },
          400,
          'validation_failed',
          'body.releasedTo',
        ],
        [
          'release narrowed',
          `/api/v1/intel/${r.id}/release`,
          { version: 1, releasedTo: [], releaseExpiresAt: at(3) },
          400,
          'validation_failed',
          'body.releasedTo',
        ],
        [
          'release shortened',
          `/api/v1/intel/${r.id}/release`,
          { version: 1, releasedTo: [w.org.AFG.id], releaseExpiresAt: at(2) },
          400,
          'validation_failed',
          'body.releaseExpiresAt',
        ],
        [
          'release into the past',
          `/api/v1/intel/${r.id}/release`,
          { version: 1, releasedTo: [w.org.AFG.id], releaseExpiresAt: at(-2) },
          400,
          'validation_failed',
          'body.releaseExpiresAt',
        ],
        [
          'release without a version',
          `/api/v1/intel/${r.id}/release`,
          { releasedTo: [w.org.AFG.id], releaseExpiresAt: null },
          400,
          'validation_failed',
          'body.version',
        ],
      ];
      for (const [label, url, payload, status, code, field] of cases) {
        const res = await call(t, w.as.pk, 'POST', url, payload);
        expect(res.status, `${label}: ${res.body}`).toBe(status);
        expect(res.json.code, label).toBe(code);
        expect(res.json.detail, label).toBeTruthy();
        expect(
          res.json.errors?.map((e) => e.field),
          label,
        ).toContain(field);
      }
      const unknown = await call(t, w.as.pk, 'POST', '/api/v1/intel', {
        ...valid,
        releasedTo: [ZERO_ID],
      });
      expect(unknown.json.errors?.[0]?.message).toContain(ZERO_ID);
      const byMediator = await call(t, w.as.tr, 'POST', '/api/v1/intel', valid);
      expect(byMediator.status).toBe(403);
      const badCursor = await call(t, w.as.pk, 'GET', '/api/v1/intel?cursor=nonsense');
      expect(badCursor.status).toBe(400);
      expect(await allRowCounts(t.database)).toEqual(before);
    });

    it('pages the list with a cursor, newest first', async () => {
      for (let i = 0; i < 3; i += 1) {
        t.clock.now = new Date(T0.getTime() + (i + 10) * HOUR);
        await share({ title: `Paged report ${i}` });
      }
      const first = await call<{ items: IntelReport[]; nextCursor: string | null }>(
        t,
        w.as.tr,
        'GET',
        '/api/v1/intel?q=Paged&limit=2',
      );
      expect(first.json.items.map((i) => i.title)).toEqual(['Paged report 2', 'Paged report 1']);
      const second = await call<{ items: IntelReport[]; nextCursor: string | null }>(
        t,
        w.as.tr,
        'GET',
        `/api/v1/intel?q=Paged&limit=2&cursor=${first.json.nextCursor}`,
      );
      expect(second.json.items.map((i) => i.title)).toEqual(['Paged report 0']);
      expect(second.json.nextCursor).toBeNull();
      // Wildcards are literal.
      const literal = await call<{ items: IntelReport[] }>(
        t,
        w.as.tr,
        'GET',
        '/api/v1/intel?q=%25',
      );
      expect(literal.json.items).toEqual([]);
    });
  });
}
