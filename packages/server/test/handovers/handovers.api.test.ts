/**
 * Handovers through the API: Pakistan asks Afghanistan to hand over named persons at Torkham,
 * Afghanistan answers, the outcome is recorded. Only the two parties' officers, the mediators and
 * the monitors see a handover (404, like a missing one, for an officer of another party); stale
 * versions get 409 version_conflict, steps out of order 409 invalid_transition, the wrong side
 * 403; every change is logged as a `joint` record, never public; bad input stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Crossing, HandoverDetail } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, signIn, type SignedIn, type TestContext } from '../support/test-app.ts';
import { loadWorld, type World } from '../support/complaints.ts';
import { logPending, organisations, users } from '../../src/platform/database/schema/index.ts';
import { hashPassword } from '../../src/features/auth/password.ts';
import {
  HOOK_TIMEOUT_MS,
  ZERO_ID,
  allRowCounts,
  call,
  loadPrincipals,
  stable,
  type Principal,
  type PrincipalName,
} from '../crossings/support.ts';

for (const backend of await backends()) {
  describe(`handovers (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let p: Record<PrincipalName, Principal>;
    let torkham: Crossing;
    let thirdOfficer: SignedIn;

    const request = () => ({
      respondingOrganisationId: w.org.AFG.id,
      crossingId: torkham.id,
      persons: [
        { name: 'Abdul Wali', details: 'Son of Gul Khan, about 40, held in Jalalabad' },
        { name: 'Noor Ahmad', details: 'Driver, detained 14 October at Torkham' },
      ],
      reason: 'Named in the Istanbul understanding on detainees',
    });

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      p = await loadPrincipals(t, w);
      const list = await call<{ items: Crossing[] }>(t, null, 'GET', '/api/v1/crossings');
      torkham = list.json.items.find((c) => c.name === 'Torkham')!;
      // An officer of a third party, who must see nothing of the two parties' handovers.
      const [org] = await t.database.db
        .insert(organisations)
        .values({ name: 'A third party (test)', shortName: 'TP3', kind: 'party' })
        .returning();
      await t.database.db.insert(users).values({
        email: 'officer.tp3@test.truceline.test',
        displayName: 'Third-party officer',
        passwordHash: await hashPassword('correct-horse-battery-staple'),
        role: 'party_officer',
        organisationId: org!.id,
      });
      thirdOfficer = await signIn(t.app, 'officer.tp3@test.truceline.test');
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => t.close());

    it('request, answer and outcome, each with its version; seen by the right people only', async () => {
      const created = await call<HandoverDetail>(
        t,
        w.as.pk,
        'POST',
        '/api/v1/handovers',
        request(),
      );
      expect(created.status, created.body).toBe(201);
      const h = created.json;
      expect(h).toMatchObject({
        requestingOrganisationId: w.org.PAK.id,
        respondingOrganisationId: w.org.AFG.id,
        crossingId: torkham.id,
        status: 'requested',
        answer: null,
        outcome: null,
        version: 1,
        createdBy: w.as.pk.userId,
        allowedCommands: [],
      });
      expect(h.persons).toHaveLength(2);

      const missing = stable((await call(t, w.as.tr, 'GET', `/api/v1/handovers/${ZERO_ID}`)).body);
      for (const name of ['tr', 'qa', 'monitor', 'pk', 'af', 'pk-read-token'] as const) {
        const res = await call<HandoverDetail>(t, p[name], 'GET', `/api/v1/handovers/${h.id}`);
        expect(res.status, name).toBe(200);
        const listed = await call<{ items: HandoverDetail[] }>(
          t,
          p[name],
          'GET',
          '/api/v1/handovers',
        );
        expect(
          listed.json.items.map((x) => x.id),
          name,
        ).toContain(h.id);
      }
      for (const name of ['anonymous', 'admin', 'observer'] as const) {
        const res = await call(t, p[name], 'GET', `/api/v1/handovers/${h.id}`);
        expect(res.status, name).toBe(name === 'anonymous' ? 401 : 403);
      }
      const third = await call(t, thirdOfficer, 'GET', `/api/v1/handovers/${h.id}`);
      expect(third.status).toBe(404);
      expect(stable(third.body)).toEqual(missing);
      const thirdList = await call<{ items: HandoverDetail[] }>(
        t,
        thirdOfficer,
        'GET',
        '/api/v1/handovers',
      );
      expect(thirdList.json.items).toEqual([]);
      const thirdAnswer = await call(t, thirdOfficer, 'POST', `/api/v1/handovers/${h.id}/answer`, {
        version: 1,
        decision: 'accept',
        text: 'x',
      });
      expect(thirdAnswer.status).toBe(404);

      expect(
        (await call<HandoverDetail>(t, w.as.af, 'GET', `/api/v1/handovers/${h.id}`)).json
          .allowedCommands,
      ).toEqual(['answer']);
      // The requesting side cannot answer its own request; the outcome waits for an answer.
      const ownAnswer = await call(t, w.as.pk, 'POST', `/api/v1/handovers/${h.id}/answer`, {
        version: 1,
        decision: 'accept',
        text: 'Accepted',
      });
      expect(ownAnswer.status).toBe(403);
      const early = await call(t, w.as.tr, 'POST', `/api/v1/handovers/${h.id}/outcome`, {
        version: 1,
        outcome: 'completed',
        text: 'Handed over',
      });
      expect(early.status).toBe(409);
      expect(early.json.code).toBe('invalid_transition');
      expect(early.json.workflow).toMatchObject({ state: 'requested', currentVersion: 1 });

      const accepted = await call<HandoverDetail>(
        t,
        w.as.af,
        'POST',
        `/api/v1/handovers/${h.id}/answer`,
        {
          version: 1,
          decision: 'accept',
          text: 'Both will be brought to Torkham on Thursday at 10:00',
        },
      );
      expect(accepted.status, accepted.body).toBe(200);
      expect(accepted.json).toMatchObject({
        status: 'accepted',
        version: 2,
        allowedCommands: ['record_outcome'],
      });

      const stale = await call(t, w.as.af, 'POST', `/api/v1/handovers/${h.id}/answer`, {
        version: 1,
        decision: 'refuse',
        text: 'Changed our mind',
      });
      expect(stale.status).toBe(409);
      expect(stale.json.code).toBe('version_conflict');
      expect(stale.json.workflow?.currentVersion).toBe(2);
      const twice = await call(t, w.as.af, 'POST', `/api/v1/handovers/${h.id}/answer`, {
        version: 2,
        decision: 'refuse',
        text: 'Changed our mind',
      });
      expect(twice.status).toBe(409);
      expect(twice.json.code).toBe('invalid_transition');

      const outcome = await call<HandoverDetail>(
        t,
        w.as.qa,
        'POST',
        `/api/v1/handovers/${h.id}/outcome`,
        {
          version: 2,
          outcome: 'completed',
          text: 'Both handed over at Torkham in the presence of the joint monitors',
        },
      );
      expect(outcome.status, outcome.body).toBe(200);
      expect(outcome.json).toMatchObject({
        status: 'completed',
        version: 3,
        answer: 'Both will be brought to Torkham on Thursday at 10:00',
        outcome: 'Both handed over at Torkham in the presence of the joint monitors',
        allowedCommands: [],
      });
      const completed = await call<{ items: HandoverDetail[] }>(
        t,
        w.as.tr,
        'GET',
        '/api/v1/handovers?status=completed',
      );
      expect(completed.json.items.map((x) => x.id)).toEqual([h.id]);
      const requested = await call<{ items: HandoverDetail[] }>(
        t,
        w.as.tr,
        'GET',
        '/api/v1/handovers?status=requested',
      );
      expect(requested.json.items.map((x) => x.id)).not.toContain(h.id);

      const entries = await t.database.db
        .select()
        .from(logPending)
        .where(eq(logPending.recordId, h.id));
      expect(entries.map((e) => [e.recordType, e.visibility])).toEqual([
        ['handover', 'joint'],
        ['handover', 'joint'],
        ['handover', 'joint'],
      ]);
      expect(entries.every((e) => e.salt !== null)).toBe(true);
    });

    it('a refused handover ends there', async () => {
      const created = await call<HandoverDetail>(t, w.as.af, 'POST', '/api/v1/handovers', {
        ...request(),
        respondingOrganisationId: w.org.PAK.id,
      });
      expect(created.status, created.body).toBe(201);
      const refused = await call<HandoverDetail>(
        t,
        w.as.pk,
        'POST',
        `/api/v1/handovers/${created.json.id}/answer`,
        { version: 1, decision: 'refuse', text: 'Not held by us' },
      );
      expect(refused.status, refused.body).toBe(200);
      expect(refused.json.status).toBe('refused');
      const outcome = await call(
        t,
        w.as.tr,
        'POST',
        `/api/v1/handovers/${created.json.id}/outcome`,
        {
          version: 2,
          outcome: 'failed',
          text: 'x',
        },
      );
      expect(outcome.status).toBe(409);
      expect(outcome.json.code).toBe('invalid_transition');
    });

    it('refuses bad input with a clear problem and stores nothing', async () => {
      const before = await allRowCounts(t.database);
      const cases: [string, unknown, number, string, string?][] = [
        [
          'unknown organisation',
          { ...request(), respondingOrganisationId: ZERO_ID },
          400,
          'validation_failed',
          'body.respondingOrganisationId',
        ],
        [
          'own party',
          { ...request(), respondingOrganisationId: w.org.PAK.id },
          400,
          'validation_failed',
          'body.respondingOrganisationId',
        ],
        [
          'not a party',
          { ...request(), respondingOrganisationId: w.org.TUR.id },
          400,
          'validation_failed',
          'body.respondingOrganisationId',
        ],
        [
          'unknown crossing',
          { ...request(), crossingId: ZERO_ID },
          400,
          'validation_failed',
          'body.crossingId',
        ],
        ['no persons', { ...request(), persons: [] }, 400, 'validation_failed', 'body.persons'],
        [
          'a person without a name',
          { ...request(), persons: [{ name: '', details: '' }] },
          400,
          'validation_failed',
          'body.persons.0.name',
        ],
        ['no reason', { ...request(), reason: '' }, 400, 'validation_failed', 'body.reason'],
      ];
      for (const [label, payload, status, code, field] of cases) {
        const res = await call(t, w.as.pk, 'POST', '/api/v1/handovers', payload);
        expect(res.status, `${label}: ${res.body}`).toBe(status);
        expect(res.json.code, label).toBe(code);
        expect(res.json.detail, label).toBeTruthy();
        if (field)
          expect(
            res.json.errors?.map((e) => e.field),
            label,
          ).toContain(field);
      }
      const byMediator = await call(t, w.as.tr, 'POST', '/api/v1/handovers', request());
      expect(byMediator.status).toBe(403);
      const missing = await call(t, w.as.af, 'POST', `/api/v1/handovers/${ZERO_ID}/answer`, {
        version: 1,
        decision: 'accept',
        text: 'x',
      });
      expect(missing.status).toBe(404);
      const badDecision = await call(t, w.as.af, 'POST', `/api/v1/handovers/${ZERO_ID}/answer`, {
        version: 1,
        decision: 'maybe',
        text: 'x',
      });
      expect(badDecision.status).toBe(400);
      expect(await allRowCounts(t.database)).toEqual(before);
    });
  });
}
