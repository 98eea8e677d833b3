/**
 * Property: random sequences of workflow commands by random people, through the HTTP API, never
 * take a complaint anywhere the domain's state machine would not, and a finding is never issued
 * without a review from every mediator organisation of the current draft and one sign-off.
 * The server's answer to every command is checked against the domain's verdict.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowedCommands,
  evaluate,
  transitionsFrom,
  type ComplaintCommand,
  type ComplaintState,
} from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';
import {
  command,
  complaintBody,
  file,
  getComplaint,
  loadWorld,
  type Who,
  type World,
} from '../support/complaints.ts';
import { snapshotOf } from '../../src/features/complaints/complaint-commands.service.ts';
import * as repo from '../../src/features/complaints/complaints.repository.ts';

const PEOPLE: readonly Who[] = ['pk', 'af', 'tr', 'qa', 'monitor', 'observer'];

/** A command as the API takes it: its endpoint and a valid body (less the version). */
function request(cmd: ComplaintCommand, w: World): { path: string; body: Record<string, unknown> } {
  switch (cmd) {
    case 'reply':
      return { path: 'reply', body: { text: 'Our answer', language: 'en' } };
    case 'task_investigation':
      return {
        path: 'investigation',
        body: { reason: 'r', teamUserIds: [w.as.monitor.userId], instructions: 'Go and look' },
      };
    case 'report_investigation':
      return { path: 'investigation/report', body: { report: 'Seen' } };
    case 'draft_finding':
      return {
        path: 'finding',
        body: { reason: 'r', outcome: 'unsubstantiated', provisionIds: [], summary: 'Not shown' },
      };
    case 'sign_off':
    case 'dissent':
      return { path: 'reviews', body: { verdict: cmd, note: 'n' } };
    case 'record_follow_up':
      return { path: 'follow-ups', body: { kind: 'measure', text: 'Done' } };
    default:
      return { path: 'transitions', body: { command: cmd, reason: 'r' } };
  }
}

const COMMANDS: readonly ComplaintCommand[] = [
  'register',
  'reject',
  'open_reply_window',
  'reply',
  'mark_reply_overdue',
  'task_investigation',
  'report_investigation',
  'draft_finding',
  'sign_off',
  'dissent',
  'issue_finding',
  'record_follow_up',
  'close',
  'withdraw',
];

/** Where guided steps go: onwards through the workflow, not out of it. */
const FORWARD: readonly ComplaintCommand[] = COMMANDS.filter(
  (c) => !['reject', 'withdraw', 'dissent'].includes(c),
);

// PGlite only: the property is about the service's logic, which is the same on both backends,
// and a hundred complaints through HTTP are quick there.
const [pglite] = await backends();

describe.runIf(pglite)('workflow through the API matches the state machine (property)', () => {
  let t: TestContext;
  let w: World;
  const actors = new Map<Who, Awaited<ReturnType<typeof actorOf>>>();
  async function actorOf(who: Who) {
    const session = await t.app.inject({
      url: '/api/v1/auth/session',
      headers: { cookie: w.as[who].cookie },
    });
    const s = session.json() as {
      user: { id: string; role: 'admin' };
      organisation: { id: string; kind: 'party' };
    };
    return {
      userId: s.user.id,
      role: s.user.role,
      organisationId: s.organisation.id,
      organisationKind: s.organisation.kind,
    };
  }
  beforeAll(async () => {
    if (!pglite) return;
    t = await createTestApp(pglite);
    w = await loadWorld(t.app);
    for (const who of PEOPLE) actors.set(who, await actorOf(who));
  });
  afterAll(async () => t?.close());

  it('agrees with evaluate() on every step', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom(...PEOPLE),
            fc.constantFrom(...COMMANDS),
            fc.nat(),
            fc.boolean(),
          ),
          { minLength: 4, maxLength: 24 },
        ),
        async (steps) => {
          const filed = await file(t.app, w.as.pk, complaintBody(w));
          const id = filed.json.id;
          for (const [randomWho, randomCmd, pick, guided] of steps) {
            const db = t.database.db;
            const row = await repo.findComplaint(db, id);
            if (!row) throw new Error('complaint vanished');
            const snap = snapshotOf(
              row,
              await repo.mediatorsOf(db, row.agreementId),
              await repo.listReviews(db, id),
            );
            // Half the steps are guided to something the machine allows (so runs get deep into
            // the workflow), the others are anything by anyone.
            const options = PEOPLE.flatMap((p) => {
              const a = actors.get(p);
              return a
                ? allowedCommands(snap, a, t.clock.now)
                    .filter((c) => FORWARD.includes(c))
                    .map((c) => [p, c] as const)
                : [];
            });
            const [who, cmd] =
              guided && options.length > 0
                ? (options[pick % options.length] ?? [randomWho, randomCmd])
                : [randomWho, randomCmd];
            const actor = actors.get(who);
            if (!actor) throw new Error('no actor');
            const verdict = evaluate(snap, cmd, actor, t.clock.now);
            const { path, body } = request(cmd, w);
            const res = await command(t.app, w.as[who], id, path, {
              version: row.version,
              ...body,
            });
            if (verdict.ok) {
              expect(
                res.status,
                `${who} ${cmd} from ${row.state}: ${JSON.stringify(res.json)}`,
              ).toBe(200);
              expect(res.json.complaint.state).toBe(verdict.to);
              expect(transitionsFrom(row.state as ComplaintState)).toContain(cmd);
            } else {
              // Refused by authorisation (403), visibility (404) or the workflow (409); never applied.
              expect([403, 404, 409]).toContain(res.status);
              const after = await repo.findComplaint(db, id);
              expect(after?.version).toBe(row.version);
              expect(after?.state).toBe(row.state);
            }
          }
          const detail = await getComplaint(t.app, w.as.tr, id);
          const c = detail.json.complaint;
          if (c.state === 'finding_issued' || c.state === 'follow_up' || c.state === 'closed') {
            const issued = detail.json.transitions.find((x) => x.toState === 'finding_issued');
            const draft = detail.json.transitions.filter(
              (x) => x.command === 'draft_finding' && x.version < (issued?.version ?? 0),
            ).length;
            const reviews = detail.json.reviews.filter((r) => r.draftVersion === draft);
            expect(new Set(reviews.map((r) => r.organisationId))).toEqual(
              new Set([w.org.TUR.id, w.org.QAT.id]),
            );
            expect(reviews.some((r) => r.verdict === 'sign_off')).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
