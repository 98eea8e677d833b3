/**
 * Commitments through the HTTP API, on PGlite and PostgreSQL: recording, the mediators' status
 * decisions (never without evidence and a reason, never by a party), the parties' reports, lists
 * and filters, visibility, the findings that breach a commitment, and the log entries of every
 * change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { statusesFrom, type Commitment, type CommitmentPage } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, type SignedIn, type TestContext } from '../support/test-app.ts';
import { loadWorld, type Who, type World } from '../support/complaints.ts';
import { loadDemoCases } from '../../src/features/demo/demo-cases.ts';
import {
  allRowCounts,
  call,
  commitmentBody,
  demoRounds,
  getCommitment,
  type Round,
} from './commitments-support.ts';

const EVIDENCE = [
  { kind: 'observation', ref: 'obs-2025-11-02-torkham', note: 'Monitors at the crossing' },
];

for (const backend of await backends()) {
  describe(`commitments (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let rounds: Round[];
    let doha: Round;
    let before: Record<string, number>;

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      rounds = await demoRounds(t.database);
      doha = rounds[0]!;
      expect(doha.place).toBe('Doha');
    });
    afterAll(async () => t.close());
    beforeEach(async () => {
      before = await allRowCounts(t.database);
    });
    let demo: Promise<unknown> | undefined;
    const demoLoaded = () => (demo ??= loadDemoCases(t.database.db, t.services));
    const expectNothingStored = async () => expect(await allRowCounts(t.database)).toEqual(before);

    const create = async (overrides: Record<string, unknown> = {}, as: SignedIn = w.as.tr) => {
      const res = await call<Commitment>(
        t.app,
        as,
        'POST',
        '/api/v1/commitments',
        commitmentBody(w, doha, overrides),
      );
      return res;
    };
    const created = async (overrides: Record<string, unknown> = {}) => {
      const res = await create(overrides);
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json;
    };
    const decide = (id: string, body: Record<string, unknown>, as: SignedIn = w.as.tr) =>
      call(t.app, as, 'POST', `/api/v1/commitments/${id}/status`, body);
    const report = (id: string, body: Record<string, unknown>, as: SignedIn) =>
      call(t.app, as, 'POST', `/api/v1/commitments/${id}/reports`, body);

    it('a mediator records a commitment made at a round of talks; it starts not_started', async () => {
      const c = await created();
      expect(c).toMatchObject({
        agreementId: w.agreement.id,
        partyOrganisationId: w.org.AFG.id,
        roundId: doha.id,
        status: 'not_started',
        version: 1,
        dueOn: '2025-11-30',
        visibility: 'public',
        createdBy: w.as.tr.userId,
      });
      expect(c.reference).toBe(`K-${c.number}`);
      expect(c.indicators[0]).toEqual({
        description: 'TTP leadership relocated away from the border',
        meansOfVerification: 'as verified by the mechanism',
      });
      const detail = await getCommitment(t.app, null, c.id);
      expect(detail.status).toBe(200);
      expect(detail.json.statusHistory).toEqual([
        expect.objectContaining({ version: 1, fromStatus: null, toStatus: 'not_started' }),
      ]);
      expect(detail.json).toMatchObject({
        reports: [],
        assurances: [],
        breachingFindings: [],
        allowedStatuses: [],
        mayReport: false,
      });
      expect((await getCommitment(t.app, w.as.tr, c.id)).json.allowedStatuses).toEqual([
        ...statusesFrom('not_started'),
      ]);
      expect((await getCommitment(t.app, w.as.af, c.id)).json).toMatchObject({
        allowedStatuses: [],
        mayReport: true,
      });
      expect((await getCommitment(t.app, w.as.pk, c.id)).json.mayReport).toBe(false);
      // The commitment and its first status entered the log with the change.
      await t.services.sequencer.integrate();
      const entries = await call<{ items: { action: string }[] }>(
        t.app,
        null,
        'GET',
        `/api/v1/log/records/commitment/${c.id}`,
      );
      expect(entries.json.items.map((e) => e.action)).toEqual(['commitment.create']);
      // Numbers follow one another on the agreement.
      expect((await created()).number).toBe(c.number + 1);
    });

    it("a status changes only by a mediator's decision citing evidence and giving a reason", async () => {
      const c = await created();
      before = await allRowCounts(t.database);
      const refused: [Record<string, unknown>, string][] = [
        [{ version: 1, status: 'in_progress', reason: 'Started', evidence: [] }, 'body.evidence'],
        [{ version: 1, status: 'in_progress', reason: 'Started' }, 'body.evidence'],
        [{ version: 1, status: 'in_progress', reason: '   ', evidence: EVIDENCE }, 'body.reason'],
        [{ version: 1, status: 'in_progress', evidence: EVIDENCE }, 'body.reason'],
        [
          {
            version: 1,
            status: 'in_progress',
            reason: 'Started',
            evidence: [{ kind: 'link', ref: '  ' }],
          },
          'body.evidence.0.ref',
        ],
        [{ version: 1, status: 'kept', reason: 'Started', evidence: EVIDENCE }, 'body.status'],
      ];
      for (const [body, field] of refused) {
        const res = await decide(c.id, body);
        expect(res.status, JSON.stringify(res.json)).toBe(400);
        expect(res.contentType).toMatch(/^application\/problem\+json/);
        expect(res.json.code).toBe('validation_failed');
        expect(res.json.errors?.map((e) => e.field)).toContain(field);
      }
      await expectNothingStored();
      expect((await getCommitment(t.app, null, c.id)).json.commitment.status).toBe('not_started');

      const ok = await decide(c.id, {
        version: 1,
        status: 'in_progress',
        reason: 'Relocation convoys seen leaving Khost',
        evidence: EVIDENCE,
      });
      expect(ok.status, JSON.stringify(ok.json)).toBe(200);
      const detail = (await getCommitment(t.app, null, c.id)).json;
      expect(detail.commitment).toMatchObject({ status: 'in_progress', version: 2 });
      expect(detail.statusHistory[1]).toEqual({
        version: 2,
        fromStatus: 'not_started',
        toStatus: 'in_progress',
        reason: 'Relocation convoys seen leaving Khost',
        evidence: EVIDENCE,
        decidedBy: w.as.tr.userId,
        decidedByOrganisationId: w.org.TUR.id,
        at: expect.any(String),
      });
      // Every change after the first is a decision with evidence and a reason.
      for (const change of detail.statusHistory.slice(1)) {
        expect(change.evidence.length).toBeGreaterThan(0);
        expect(change.reason.trim()).not.toBe('');
      }
      await t.services.sequencer.integrate();
      const entries = await call<{ items: { action: string }[] }>(
        t.app,
        null,
        'GET',
        `/api/v1/log/records/commitment/${c.id}`,
      );
      expect(entries.json.items.map((e) => e.action)).toEqual([
        'commitment.create',
        'commitment.decide',
      ]);
    });

    it('a party can never mark its own commitment met, nor decide any status', async () => {
      const c = await created();
      before = await allRowCounts(t.database);
      const met = { version: 1, status: 'met', reason: 'We did it', evidence: EVIDENCE };
      for (const who of ['af', 'pk', 'monitor', 'observer', 'admin'] as Who[]) {
        const res = await decide(c.id, met, w.as[who]);
        expect(res.status, who).toBe(403);
        expect(res.json.code).toBe('forbidden');
      }
      // Nor through an API token with the write scope.
      const token = await t.services.tokens.create(w.as.af.userId, {
        name: 'script',
        scopes: ['read', 'write'],
        expiresInDays: 1,
      });
      before = await allRowCounts(t.database);
      const viaToken = await t.app.inject({
        method: 'POST',
        url: `/api/v1/commitments/${c.id}/status`,
        headers: { authorization: `Bearer ${token.secret}` },
        payload: met,
      });
      expect(viaToken.statusCode).toBe(403);
      await expectNothingStored();
      const detail = (await getCommitment(t.app, w.as.af, c.id)).json;
      expect(detail.commitment).toMatchObject({ status: 'not_started', version: 1 });
      expect(detail.statusHistory).toHaveLength(1);
      expect(detail.allowedStatuses).toEqual([]);
    });

    it('refuses stale versions and changes the status table does not allow; withdrawn is final', async () => {
      const c = await created();
      const body = (version: number, status: string) => ({
        version,
        status,
        reason: 'Assessed',
        evidence: EVIDENCE,
      });
      expect((await decide(c.id, body(1, 'partly_met'))).status).toBe(200);
      before = await allRowCounts(t.database);
      const stale = await decide(c.id, body(1, 'met'));
      expect(stale.status).toBe(409);
      expect(stale.json).toMatchObject({
        code: 'version_conflict',
        workflow: { currentVersion: 2, state: 'partly_met' },
      });
      expect(stale.json.errors?.[0]?.field).toBe('body.version');
      const same = await decide(c.id, body(2, 'partly_met'));
      expect(same.status).toBe(409);
      expect(same.json).toMatchObject({
        code: 'invalid_transition',
        workflow: { allowed: [...statusesFrom('partly_met')] },
      });
      expect((await decide(c.id, body(2, 'not_started'))).json.code).toBe('invalid_transition');
      await expectNothingStored();

      expect((await decide(c.id, body(2, 'met'))).status).toBe(200);
      expect((await decide(c.id, body(3, 'breached'), w.as.qa)).status).toBe(200);
      expect((await decide(c.id, body(4, 'withdrawn'))).status).toBe(200);
      before = await allRowCounts(t.database);
      for (const status of ['met', 'in_progress', 'breached']) {
        const res = await decide(c.id, body(5, status));
        expect(res.status).toBe(409);
        expect(res.json).toMatchObject({ code: 'invalid_transition', workflow: { allowed: [] } });
      }
      const late = await report(
        c.id,
        { text: 'Still working on it', language: 'en', evidence: EVIDENCE },
        w.as.af,
      );
      expect(late.status).toBe(409);
      await expectNothingStored();
      const history = (await getCommitment(t.app, null, c.id)).json.statusHistory;
      expect(history.map((h) => h.toStatus)).toEqual([
        'not_started',
        'partly_met',
        'met',
        'breached',
        'withdrawn',
      ]);
    });

    it("the party's own officers report progress with evidence; nobody else does", async () => {
      const c = await created();
      const body = {
        text: 'Two TTP commanders moved to Ghazni on 3 November.',
        language: 'en',
        evidence: [{ kind: 'document', ref: 'MoI letter 2025/311' }],
      };
      const ok = await report(c.id, body, w.as.af);
      expect(ok.status, JSON.stringify(ok.json)).toBe(201);
      expect(ok.json).toMatchObject({
        commitmentId: c.id,
        organisationId: w.org.AFG.id,
        userId: w.as.af.userId,
        text: body.text,
        evidence: body.evidence,
      });
      before = await allRowCounts(t.database);
      expect((await report(c.id, body, w.as.pk)).status).toBe(403);
      expect((await report(c.id, body, w.as.tr)).status).toBe(403);
      const noEvidence = await report(c.id, { ...body, evidence: [] }, w.as.af);
      expect(noEvidence.status).toBe(400);
      expect(noEvidence.json.errors?.map((e) => e.field)).toContain('body.evidence');
      await expectNothingStored();
      // A report changes no status.
      const detail = (await getCommitment(t.app, null, c.id)).json;
      expect(detail.commitment).toMatchObject({ status: 'not_started', version: 1 });
      expect(detail.reports).toEqual([ok.json]);

      const everyone = await created({ partyOrganisationId: null });
      expect((await report(everyone.id, body, w.as.pk)).status).toBe(201);
      expect((await report(everyone.id, body, w.as.af)).status).toBe(201);
      expect((await getCommitment(t.app, null, everyone.id)).json.reports).toHaveLength(2);
    });

    it('lists by party, status and round, page by page', async () => {
      const istanbul = rounds[1]!;
      const pk = await created({ partyOrganisationId: w.org.PAK.id, roundId: istanbul.id });
      const all = await created({ partyOrganisationId: null, roundId: istanbul.id });
      await decide(pk.id, { version: 1, status: 'met', reason: 'Done', evidence: EVIDENCE });
      const list = async (query: string) =>
        (await call<CommitmentPage>(t.app, null, 'GET', `/api/v1/commitments?${query}`)).json;
      const ids = (page: CommitmentPage) => page.items.map((i) => i.id);

      const byPk = await list(`party=${w.org.PAK.id}`);
      expect(byPk.items.every((i) => i.partyOrganisationId === w.org.PAK.id)).toBe(true);
      expect(ids(byPk)).toContain(pk.id);
      const byAll = await list('party=all');
      expect(byAll.items.every((i) => i.partyOrganisationId === null)).toBe(true);
      expect(ids(byAll)).toContain(all.id);
      const byRound = await list(`round=${istanbul.id}`);
      expect(byRound.items.every((i) => i.roundId === istanbul.id)).toBe(true);
      expect(ids(byRound)).toEqual(expect.arrayContaining([pk.id, all.id]));
      const met = await list('status=met');
      expect(met.items.every((i) => i.status === 'met')).toBe(true);
      expect(ids(met)).toContain(pk.id);
      expect(ids(await list('status=met&status=withdrawn'))).toContain(pk.id);

      const everything = ids(await list('limit=200'));
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: CommitmentPage = await list(
          `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        paged.push(...ids(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(everything);
      const bad = await call(t.app, null, 'GET', '/api/v1/commitments?cursor=nonsense');
      expect(bad.status).toBe(400);
      expect(bad.json.errors?.[0]?.field).toBe('querystring.cursor');
      expect((await call(t.app, null, 'GET', '/api/v1/commitments?party=PAK')).status).toBe(400);
    });

    it('is seen by whoever its visibility allows, the same in lists as one by one', async () => {
      const joint = await created({ visibility: 'joint' });
      const mediators = await created({ visibility: 'mediators' });
      const originator = await created({ visibility: 'originator' });
      const expected: Record<Who | 'anonymous', string[]> = {
        anonymous: [],
        observer: [],
        pk: [joint.id],
        af: [joint.id, originator.id],
        tr: [joint.id, mediators.id, originator.id],
        qa: [joint.id, mediators.id, originator.id],
        monitor: [joint.id, mediators.id, originator.id],
        admin: [joint.id, mediators.id, originator.id],
      };
      const mine = new Set([joint.id, mediators.id, originator.id]);
      for (const [who, visible] of Object.entries(expected) as [Who | 'anonymous', string[]][]) {
        const as = who === 'anonymous' ? null : w.as[who];
        const listed = (
          await call<CommitmentPage>(t.app, as, 'GET', '/api/v1/commitments?limit=200')
        ).json.items
          .map((i) => i.id)
          .filter((id) => mine.has(id));
        expect(listed.sort(), who).toEqual([...visible].sort());
        for (const id of mine) {
          const res = await getCommitment(t.app, as, id);
          expect(res.status, `${who} ${id}`).toBe(visible.includes(id) ? 200 : 404);
        }
      }
      // What may not be seen cannot be reported on or decided either: it is missing.
      const hidden = await report(
        mediators.id,
        { text: 'x', language: 'en', evidence: EVIDENCE },
        w.as.af,
      );
      expect(hidden.status).toBe(404);
    });

    it('shows against a commitment the issued findings that breach it', async () => {
      // The demo's cases include an issued, published finding: mortar fire on Chaman attributed to
      // Afghanistan under provision 1.
      await demoLoaded();
      const [p1, p2] = w.agreement.provisions;
      const afgP1 = await created({ provisionIds: [p1!.id, p2!.id] });
      const afgP2 = await created({ provisionIds: [p2!.id] });
      const pakP1 = await created({ partyOrganisationId: w.org.PAK.id, provisionIds: [p1!.id] });
      const allP1 = await created({ partyOrganisationId: null, provisionIds: [p1!.id] });

      const breaches = async (id: string) =>
        (await getCommitment(t.app, null, id)).json.breachingFindings;
      const [finding, ...more] = await breaches(afgP1.id);
      expect(more).toEqual([]);
      expect(finding).toMatchObject({
        attributedOrganisationId: w.org.AFG.id,
        provisionIds: [p1!.id],
        summary: 'Mortar fire from the Afghan side of the border hit Chaman market.',
      });
      expect(finding?.complaintReference).toMatch(/^C-\d+$/);
      const complaint = await call<{ finding: { issuedAt: string } }>(
        t.app,
        null,
        'GET',
        `/api/v1/complaints/${finding!.complaintId}`,
      );
      expect(complaint.json.finding.issuedAt).toBe(finding!.issuedAt);
      expect(await breaches(afgP2.id)).toEqual([]);
      expect(await breaches(pakP1.id)).toEqual([]);
      expect((await breaches(allP1.id)).map((f) => f.complaintId)).toEqual([finding!.complaintId]);
    });

    it("the demo's written assurance is Pakistan's, on the joint ceasefire commitment, and verifies", async () => {
      await demoLoaded();
      const assurances = await call<{
        items: { id: string; organisationId: string; commitmentId: string | null }[];
      }>(t.app, w.as.pk, 'GET', '/api/v1/assurances');
      const [assurance, ...others] = assurances.json.items;
      expect(others).toEqual([]);
      expect(assurance?.organisationId).toBe(w.org.PAK.id);
      const commitment = await getCommitment(t.app, w.as.pk, assurance!.commitmentId!);
      expect(commitment.json.commitment.partyOrganisationId).toBeNull();
      const verdict = await call<{ verdict: string; signatureValid: boolean }>(
        t.app,
        w.as.af,
        'GET',
        `/api/v1/assurances/${assurance!.id}/verification`,
      );
      expect(verdict.json).toMatchObject({ verdict: 'valid', signatureValid: true });
    });
  });
}
