/**
 * Property: random sequences of status decisions by random people, with and without evidence and
 * reasons, through the HTTP API. The server answers each exactly as the domain's rule decides, the
 * commitment's status changes only with an accepted decision, and its history is the list of
 * accepted decisions, each by a mediator citing evidence and giving a reason.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMITMENT_STATUSES,
  evaluateStatusDecision,
  type Actor,
  type Commitment,
  type CommitmentStatus,
  type OrganisationKind,
} from '@truceline/domain';
import { eq } from 'drizzle-orm';
import { backends } from '../support/test-db.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';
import { loadWorld, type Who, type World } from '../support/complaints.ts';
import { organisations, users } from '../../src/platform/database/schema/index.ts';
import { call, commitmentBody, demoRounds, getCommitment } from './commitments-support.ts';

const PEOPLE: readonly Who[] = ['pk', 'af', 'tr', 'qa', 'monitor', 'observer', 'admin'];

const arbStep = fc.record({
  who: fc.constantFrom(...PEOPLE),
  status: fc.constantFrom(...COMMITMENT_STATUSES),
  withEvidence: fc.boolean(),
  reason: fc.constantFrom('Seen by the monitors', '   '),
});

for (const backend of await backends()) {
  describe(`commitment status decisions, property (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    const actors = new Map<Who, Actor>();

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      for (const who of PEOPLE) {
        const [row] = await t.database.db
          .select({
            role: users.role,
            organisationId: users.organisationId,
            kind: organisations.kind,
          })
          .from(users)
          .innerJoin(organisations, eq(organisations.id, users.organisationId))
          .where(eq(users.id, w.as[who].userId));
        actors.set(who, {
          userId: w.as[who].userId,
          role: row!.role,
          organisationId: row!.organisationId,
          organisationKind: row!.kind as OrganisationKind,
        });
      }
    });
    afterAll(async () => t.close());

    it('the server decides as the domain does, and the history holds only well-founded decisions', async () => {
      const [doha] = await demoRounds(t.database);
      const parties = [w.org.PAK.id, w.org.AFG.id];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<string | null>(w.org.PAK.id, w.org.AFG.id, null),
          fc.array(arbStep, { minLength: 1, maxLength: 8 }),
          async (party, steps) => {
            const created = await call<Commitment>(
              t.app,
              w.as.qa,
              'POST',
              '/api/v1/commitments',
              commitmentBody(w, doha!, { partyOrganisationId: party }),
            );
            expect(created.status).toBe(201);
            const id = created.json.id;
            let status: CommitmentStatus = 'not_started';
            let version = 1;
            const accepted: CommitmentStatus[] = ['not_started'];
            for (const step of steps) {
              const evidence = step.withEvidence ? [{ kind: 'observation', ref: 'obs-1' }] : [];
              const verdict = evaluateStatusDecision(
                { status, partyOrganisationId: party, partyOrganisationIds: parties },
                { status: step.status, reason: step.reason, evidence: evidence as never },
                actors.get(step.who)!,
              );
              const res = await call(
                t.app,
                w.as[step.who],
                'POST',
                `/api/v1/commitments/${id}/status`,
                {
                  version,
                  status: step.status,
                  reason: step.reason,
                  evidence,
                },
              );
              const who = actors.get(step.who)!;
              if (verdict.ok) {
                expect(res.status, JSON.stringify(res.json)).toBe(200);
                status = verdict.to;
                version += 1;
                accepted.push(status);
              } else {
                // The request path checks in order: the policy (only mediators decide: 403),
                // the body's shape (at least one evidence reference: 400), then the domain's rule.
                const expected =
                  who.role !== 'mediator' || verdict.refusal.kind === 'not_permitted'
                    ? 403
                    : !step.withEvidence || verdict.refusal.kind === 'invalid_decision'
                      ? 400
                      : 409;
                expect(res.status, `${step.who} ${status}→${step.status}`).toBe(expected);
              }
            }
            const detail = (await getCommitment(t.app, w.as.tr, id)).json;
            expect(detail.commitment).toMatchObject({ status, version });
            expect(detail.statusHistory.map((h) => h.toStatus)).toEqual(accepted);
            for (const change of detail.statusHistory.slice(1)) {
              expect([w.org.TUR.id, w.org.QAT.id]).toContain(change.decidedByOrganisationId);
              expect(change.evidence.length).toBeGreaterThan(0);
              expect(change.reason.trim()).not.toBe('');
            }
          },
        ),
        { numRuns: 12 },
      );
    });
  });
}
