/**
 * Rounds of talks through the API: the demo's three rounds in the list (exactly the logged record,
 * which the web app checks field for field), recording a round, its delegations and its documents, each
 * document seen only under its visibility, the commitments and provisions a round produced, the log
 * entries of every change, and bad input refused with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  maySeeRecord,
  type TalkDocument,
  type TalkRoundDetail,
  type TalkRound,
} from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';
import { loadWorld, type World } from '../support/complaints.ts';
import { commitments, logPending } from '../../src/platform/database/schema/index.ts';
import {
  PRINCIPAL_NAMES,
  HOOK_TIMEOUT_MS,
  ZERO_ID,
  allRowCounts,
  call,
  loadPrincipals,
  type Principal,
  type PrincipalName,
} from './support.ts';

for (const backend of await backends()) {
  describe(`rounds of talks (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let p: Record<PrincipalName, Principal>;

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      p = await loadPrincipals(t, w);
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => t.close());

    const newRound = {
      name: { en: 'Round 4, Doha' },
      place: 'Doha',
      startsOn: '2025-11-20',
      endsOn: '2025-11-21',
      outcome: { en: 'Agreed to exchange lists of detainees.' },
    };

    it('lists the demo rounds, oldest first, exactly in the shape the log records (the web app compares them)', async () => {
      const res = await call<{ items: TalkRound[] }>(t, null, 'GET', '/api/v1/talks');
      expect(res.status).toBe(200);
      const demo = res.json.items.filter((r) => r.demo);
      expect(demo.map((r) => [r.place, r.startsOn, r.endsOn])).toEqual([
        ['Doha', '2025-10-18', '2025-10-19'],
        ['Istanbul', '2025-10-25', '2025-10-30'],
        ['Istanbul', '2025-11-06', '2025-11-07'],
      ]);
      for (const r of demo) {
        expect(Object.keys(r).sort()).toEqual(
          ['agreementId', 'demo', 'endsOn', 'id', 'name', 'outcome', 'place', 'startsOn'].sort(),
        );
        expect(r.agreementId).toBe(w.agreement.id);
        expect(r.name.en).toBeTruthy();
        expect(r.outcome.en).toBeTruthy();
      }
    });

    it('a mediator records a round, delegations and documents; each change is logged', async () => {
      const created = await call<TalkRoundDetail>(t, w.as.tr, 'POST', '/api/v1/talks', {
        ...newRound,
        agreementId: w.agreement.id,
      });
      expect(created.status, created.body).toBe(201);
      const id = created.json.id;
      expect(created.json).toMatchObject({
        ...newRound,
        agreementId: w.agreement.id,
        demo: false,
        participants: [],
        documents: [],
        commitments: [],
        provisions: [],
      });

      const pak = await call(t, w.as.tr, 'POST', `/api/v1/talks/${id}/participants`, {
        organisationId: w.org.PAK.id,
        delegation: ['Defence Minister (head of delegation)', 'Director-General ISI'],
      });
      expect(pak.status, pak.body).toBe(201);
      expect(pak.json).toMatchObject({ capacity: 'party', organisationShortName: 'PAK' });
      const qat = await call(t, w.as.qa, 'POST', `/api/v1/talks/${id}/participants`, {
        organisationId: w.org.QAT.id,
        delegation: ['Minister of State at the Ministry of Foreign Affairs'],
      });
      expect(qat.status, qat.body).toBe(201);
      expect(qat.json).toMatchObject({ capacity: 'mediator' });
      const again = await call(t, w.as.tr, 'POST', `/api/v1/talks/${id}/participants`, {
        organisationId: w.org.PAK.id,
        delegation: [],
      });
      expect(again.status).toBe(409);
      expect(again.json.code).toBe('conflict');

      const docs: Record<string, TalkDocument> = {};
      for (const visibility of ['public', 'joint', 'mediators'] as const) {
        t.clock.now = new Date(t.clock.now.getTime() + 1000);
        const res = await call<TalkDocument>(t, w.as.tr, 'POST', `/api/v1/talks/${id}/documents`, {
          kind: visibility === 'public' ? 'communique' : 'minutes',
          title: `Round 4 ${visibility} document`,
          body: `Text of the ${visibility} document.`,
          language: 'en',
          visibility,
          ...(visibility === 'joint' ? { organisationId: w.org.PAK.id } : {}),
        });
        expect(res.status, res.body).toBe(201);
        expect(res.json).toMatchObject({ roundId: id, visibility, addedBy: w.as.tr.userId });
        docs[visibility] = res.json;
      }

      const list = await call<{ items: TalkRound[] }>(t, null, 'GET', '/api/v1/talks');
      const listed = list.json.items.find((r) => r.id === id);
      expect(listed).not.toHaveProperty('participants');
      const detail = await call<TalkRoundDetail>(t, null, 'GET', `/api/v1/talks/${id}`);
      expect(detail.json.participants.map((x) => [x.organisationShortName, x.capacity])).toEqual([
        ['QAT', 'mediator'],
        ['PAK', 'party'],
      ]);

      // Each principal sees exactly the documents its visibility allows.
      for (const name of PRINCIPAL_NAMES) {
        const res = await call<TalkRoundDetail>(t, p[name], 'GET', `/api/v1/talks/${id}`);
        expect(res.status, `${name}: ${res.body}`).toBe(200);
        const expected = Object.values(docs)
          .filter((d) => maySeeRecord(p[name].actor, d.visibility, d.organisationId))
          .map((d) => d.visibility);
        expect(
          res.json.documents.map((d) => d.visibility),
          name,
        ).toEqual(expected);
        expect(res.json.participants).toHaveLength(2);
      }
      expect(
        (await call<TalkRoundDetail>(t, null, 'GET', `/api/v1/talks/${id}`)).json.documents.map(
          (d) => d.visibility,
        ),
      ).toEqual(['public']);
      expect(
        (await call<TalkRoundDetail>(t, w.as.af, 'GET', `/api/v1/talks/${id}`)).json.documents.map(
          (d) => d.visibility,
        ),
      ).toEqual(['public', 'joint']);

      const logged = await t.database.db
        .select({ type: logPending.recordType, visibility: logPending.visibility })
        .from(logPending)
        .where(eq(logPending.recordId, id));
      expect(logged).toEqual([{ type: 'talk_round', visibility: 'public' }]);
      // The web app's log badge: the listed round is exactly the record the log committed to.
      const [opening] = await t.database.db
        .select({ record: logPending.record })
        .from(logPending)
        .where(and(eq(logPending.recordType, 'talk_round'), eq(logPending.recordId, id)));
      expect(JSON.parse(opening!.record)).toEqual(listed);
      for (const d of Object.values(docs)) {
        const [entry] = await t.database.db
          .select({ visibility: logPending.visibility })
          .from(logPending)
          .where(and(eq(logPending.recordType, 'talk_document'), eq(logPending.recordId, d.id)));
        expect(entry?.visibility).toBe(d.visibility);
      }
      const participantEntries = await t.database.db
        .select()
        .from(logPending)
        .where(eq(logPending.recordType, 'talk_participant'));
      expect(participantEntries.map((e) => e.recordId).sort()).toEqual(
        [`${id}:${w.org.PAK.id}`, `${id}:${w.org.QAT.id}`].sort(),
      );
    });

    it('shows the commitments a round produced, and their provisions, under their visibility', async () => {
      const rounds = (await call<{ items: TalkRound[] }>(t, null, 'GET', '/api/v1/talks')).json
        .items;
      const istanbul = rounds.find((r) => r.demo && r.startsOn === '2025-10-25');
      if (!istanbul) throw new Error('no Istanbul round');
      const [p1, p2, p3] = w.agreement.provisions;
      if (!p1 || !p2 || !p3) throw new Error('no provisions');
      const now = new Date();
      const base = {
        agreementId: w.agreement.id,
        roundId: istanbul.id,
        text: 'Commitment text',
        language: 'en',
        indicators: [],
        status: 'not_started',
        createdAt: now,
        updatedAt: now,
      };
      await t.database.db.insert(commitments).values([
        {
          ...base,
          number: 901,
          title: 'Form the joint monitoring mechanism',
          provisionIds: [p1.id, p3.id],
          visibility: 'public',
        },
        {
          ...base,
          number: 902,
          title: 'Share lists of TTP commanders',
          partyOrganisationId: w.org.AFG.id,
          provisionIds: [p2.id],
          visibility: 'mediators',
        },
      ]);
      const anonymous = await call<TalkRoundDetail>(t, null, 'GET', `/api/v1/talks/${istanbul.id}`);
      expect(anonymous.json.commitments.map((c) => c.number)).toEqual([901]);
      expect(anonymous.json.provisions.map((x) => x.id)).toEqual([p1.id, p3.id]);
      const mediator = await call<TalkRoundDetail>(
        t,
        w.as.qa,
        'GET',
        `/api/v1/talks/${istanbul.id}`,
      );
      expect(mediator.json.commitments.map((c) => c.number)).toEqual([901, 902]);
      expect(mediator.json.provisions.map((x) => x.id)).toEqual([p1.id, p2.id, p3.id]);
      const afghan = await call<TalkRoundDetail>(t, w.as.af, 'GET', `/api/v1/talks/${istanbul.id}`);
      expect(afghan.json.commitments.map((c) => c.number)).toEqual([901]);
    });

    it('refuses bad input with a clear problem and stores nothing', async () => {
      const round = (await call<{ items: TalkRound[] }>(t, null, 'GET', '/api/v1/talks')).json
        .items[0];
      if (!round) throw new Error('no round');
      const before = await allRowCounts(t.database);
      const cases: [string, string, unknown, number, string, string?][] = [
        [
          'dates out of order',
          '/api/v1/talks',
          { ...newRound, startsOn: '2025-11-21', endsOn: '2025-11-20' },
          400,
          'validation_failed',
          'body.endsOn',
        ],
        [
          'unknown agreement',
          '/api/v1/talks',
          { ...newRound, agreementId: ZERO_ID },
          400,
          'validation_failed',
          'body.agreementId',
        ],
        [
          'not a date',
          '/api/v1/talks',
          { ...newRound, startsOn: '20 November' },
          400,
          'validation_failed',
          'body.startsOn',
        ],
        [
          'empty name',
          '/api/v1/talks',
          { ...newRound, name: {} },
          400,
          'validation_failed',
          'body.name',
        ],
        [
          'unknown field',
          '/api/v1/talks',
          { ...newRound, venue: 'Dolmabahçe' },
          400,
          'validation_failed',
          'body.venue',
        ],
        [
          'document of a missing round',
          `/api/v1/talks/${ZERO_ID}/documents`,
          { kind: 'minutes', title: 'x', body: 'y', language: 'en', visibility: 'public' },
          404,
          'not_found',
        ],
        [
          'document visibility not allowed',
          `/api/v1/talks/${round.id}/documents`,
          { kind: 'minutes', title: 'x', body: 'y', language: 'en', visibility: 'originator' },
          400,
          'validation_failed',
          'body.visibility',
        ],
        [
          'document of an unknown organisation',
          `/api/v1/talks/${round.id}/documents`,
          {
            kind: 'statement',
            title: 'x',
            body: 'y',
            language: 'en',
            visibility: 'public',
            organisationId: ZERO_ID,
          },
          400,
          'validation_failed',
          'body.organisationId',
        ],
        [
          'participant of an unknown organisation',
          `/api/v1/talks/${round.id}/participants`,
          { organisationId: ZERO_ID, delegation: [] },
          400,
          'validation_failed',
          'body.organisationId',
        ],
        [
          'participant of a missing round',
          `/api/v1/talks/${ZERO_ID}/participants`,
          { organisationId: w.org.PAK.id, delegation: [] },
          404,
          'not_found',
        ],
      ];
      for (const [label, url, payload, status, code, field] of cases) {
        const res = await call(t, w.as.tr, 'POST', url, payload);
        expect(res.status, `${label}: ${res.body}`).toBe(status);
        expect(res.json.code, label).toBe(code);
        expect(res.json.detail, label).toBeTruthy();
        if (field)
          expect(
            res.json.errors?.map((e) => e.field),
            label,
          ).toContain(field);
      }
      const officer = await call(t, w.as.pk, 'POST', '/api/v1/talks', newRound);
      expect(officer.status).toBe(403);
      expect(await allRowCounts(t.database)).toEqual(before);
      expect((await call(t, null, 'GET', `/api/v1/talks/${ZERO_ID}`)).status).toBe(404);
    });
  });
}
