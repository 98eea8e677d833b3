/**
 * The whole verification workflow through the HTTP API, on both backends: filing, registration,
 * the right of reply, investigation, a draft finding, each mediator's review, issue, follow-up and
 * closing; plus refusals that say what the current state allows, version conflicts and the
 * deadline job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/test-db.ts';
import { createTestApp, demoAccount, signIn, type TestContext } from '../support/test-app.ts';
import {
  command,
  complaintBody,
  file,
  getComplaint,
  loadWorld,
  type World,
} from '../support/complaints.ts';

const DAY = 24 * 60 * 60 * 1000;

for (const backend of await backends()) {
  describe(`complaint workflow (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
    });
    afterAll(async () => t.close());

    it('runs from filing to closing, with the right of reply and every mediator signing off', async () => {
      const filed = await file(t.app, w.as.pk, complaintBody(w));
      expect(filed.status).toBe(201);
      const id = filed.json.id;
      expect(filed.json).toMatchObject({
        state: 'received',
        version: 1,
        reference: expect.stringMatching(/^C-\d+$/),
        where: { placeId: 'pk-torkham', placeName: 'Torkham', country: 'PK' },
      });

      // The accused party does not see a joint complaint before it is notified? It does: joint is
      // shared with both parties. But it cannot reply before the window opens.
      const early = await command(t.app, w.as.af, id, 'reply', {
        version: 1,
        text: 'Denied',
        language: 'ps',
      });
      expect(early.status).toBe(409);
      expect(early.json.code).toBe('invalid_transition');
      expect(early.json.workflow?.allowed).toEqual(
        expect.arrayContaining(['register', 'reject', 'merge', 'withdraw']),
      );

      let v = 1;
      const step = async (who: keyof World['as'], path: string, body: Record<string, unknown>) => {
        const r = await command(t.app, w.as[who], id, path, { version: v, ...body });
        expect(r.status, JSON.stringify(r.json)).toBe(200);
        v = r.json.complaint.version;
        return r.json;
      };

      await step('tr', 'transitions', { command: 'register', reason: 'Within the mandate' });
      const opened = await step('tr', 'transitions', {
        command: 'open_reply_window',
        reason: 'Notify the accused party',
      });
      const due = new Date(opened.complaint.replyDueAt ?? '');
      expect(due.getTime() - t.clock.now.getTime()).toBe(10 * DAY);

      // The filer may not answer for the accused.
      const wrongParty = await command(t.app, w.as.pk, id, 'reply', {
        version: v,
        text: 'x',
        language: 'en',
      });
      expect(wrongParty.status).toBe(403);

      const replied = await step('af', 'reply', {
        text: 'Our forces answered fire from across the line.',
        language: 'ps',
      });
      expect(replied.complaint.state).toBe('reply_received');
      expect(replied.reply?.text).toContain('answered fire');

      await step('tr', 'investigation', {
        reason: 'Field visit',
        teamUserIds: [w.as.monitor.userId],
        instructions: 'Visit the impact sites.',
      });
      await step('monitor', 'investigation/report', {
        report: 'Craters consistent with mortar fire.',
      });
      await step('tr', 'finding', {
        reason: 'Draft for review',
        outcome: 'violation_attributed',
        attributedOrganisationId: w.org.AFG.id,
        confidence: 'medium',
        provisionIds: [w.agreement.provisions[0]?.id],
        summary: 'Mortar fire from the Afghan side.',
        penalty: 'A formal warning.',
      });

      // Issuing before every mediator reviewed is refused, naming the precondition.
      const tooSoon = await command(t.app, w.as.tr, id, 'transitions', {
        version: v,
        command: 'issue_finding',
        reason: 'Issue',
      });
      expect(tooSoon.status).toBe(409);
      expect(tooSoon.json.code).toBe('workflow_precondition');
      expect(tooSoon.json.workflow?.precondition).toBe('reviews_incomplete');

      await step('tr', 'reviews', { verdict: 'sign_off', note: 'Agreed' });
      // The same organisation cannot review the same draft twice.
      const twice = await command(t.app, w.as.tr, id, 'reviews', {
        version: v,
        verdict: 'dissent',
        note: 'Changed my mind',
      });
      expect(twice.json.workflow?.precondition).toBe('already_reviewed');
      await step('qa', 'reviews', { verdict: 'dissent', note: 'Attribution too strong' });
      const issued = await step('qa', 'transitions', {
        command: 'issue_finding',
        reason: 'Issued',
      });
      expect(issued.complaint.state).toBe('finding_issued');
      expect(issued.finding?.issuedAt).not.toBeNull();

      // The parties now see the finding and both reviews, but not the deliberation.
      const seenByAfg = await getComplaint(t.app, w.as.af, id);
      expect(seenByAfg.json.finding?.outcome).toBe('violation_attributed');
      expect(seenByAfg.json.reviews.map((r) => r.verdict).sort()).toEqual(['dissent', 'sign_off']);
      expect(seenByAfg.json.investigation).toBeNull();
      expect(seenByAfg.json.transitions.map((x) => x.command)).not.toContain('draft_finding');

      await step('tr', 'follow-ups', { kind: 'penalty', text: 'Warning delivered in writing.' });
      const closed = await step('tr', 'transitions', { command: 'close', reason: 'Done' });
      expect(closed.complaint.state).toBe('closed');
      expect(closed.transitions.map((x) => x.toState)).toEqual([
        'received',
        'registered',
        'awaiting_reply',
        'reply_received',
        'investigating',
        'investigation_reported',
        'in_review',
        'in_review',
        'in_review',
        'finding_issued',
        'follow_up',
        'closed',
      ]);
      // Reopening needs new evidence.
      const reopen = await command(t.app, w.as.tr, id, 'reopen', {
        version: v,
        reason: 'New video',
        evidenceIds: ['00000000-0000-4000-8000-000000000000'],
      });
      expect(reopen.status).toBe(409);
      expect(reopen.json.workflow?.precondition).toBe('new_evidence_required');
    });

    it('refuses a change made against an old version with 409 naming the current one', async () => {
      const { json } = await file(t.app, w.as.pk, complaintBody(w));
      const first = await command(t.app, w.as.tr, json.id, 'transitions', {
        version: 1,
        command: 'register',
        reason: 'ok',
      });
      expect(first.status).toBe(200);
      const second = await command(t.app, w.as.qa, json.id, 'transitions', {
        version: 1,
        command: 'reject',
        reason: 'out of mandate',
      });
      expect(second.status).toBe(409);
      expect(second.json.code).toBe('version_conflict');
      expect(second.json.workflow?.currentVersion).toBe(2);
      const now = await getComplaint(t.app, w.as.tr, json.id);
      expect(now.json.complaint.state).toBe('registered');
    });

    it('records an overdue reply through the deadline job, and the reply is then refused', async () => {
      const { json } = await file(t.app, w.as.pk, complaintBody(w));
      let v = 1;
      for (const [cmd, reason] of [
        ['register', 'ok'],
        ['open_reply_window', 'notify'],
      ] as const) {
        const r = await command(t.app, w.as.tr, json.id, 'transitions', {
          version: v,
          command: cmd,
          reason,
        });
        v = r.json.complaint.version;
      }
      const before = t.clock.now;
      try {
        t.clock.now = new Date(before.getTime() + 9 * DAY);
        expect(await t.services.complaintCommands.remindDueSoon(48)).toBeGreaterThanOrEqual(1);
        expect(await t.services.complaintCommands.markOverdueReplies()).toBe(0);
        t.clock.now = new Date(before.getTime() + 10 * DAY + 1000);
        expect(await t.services.complaintCommands.markOverdueReplies()).toBeGreaterThanOrEqual(1);
        // Sessions expire over ten days: sign in again at the new time.
        const af = await signIn(t.app, demoAccount('party_officer', 'af').email);
        const seen = await getComplaint(t.app, af, json.id);
        expect(seen.json.complaint.state).toBe('reply_overdue');
        const late = await command(t.app, af, json.id, 'reply', {
          version: seen.json.complaint.version,
          text: 'late',
          language: 'en',
        });
        expect(late.status).toBe(409);
        // Both sides were told.
        const inbox = await t.app.inject({
          url: '/api/v1/me/notifications',
          headers: { cookie: af.cookie },
        });
        const events = (inbox.json() as { items: { event: string }[] }).items.map((i) => i.event);
        expect(events).toEqual(
          expect.arrayContaining([
            'complaint.names_your_party',
            'complaint.reply_due_soon',
            'complaint.reply_overdue',
          ]),
        );
      } finally {
        t.clock.now = before;
      }
    });

    it('lets only the filer withdraw, and merged complaints point at the original', async () => {
      const a = (await file(t.app, w.as.pk, complaintBody(w))).json;
      const b = (await file(t.app, w.as.pk, complaintBody(w))).json;
      const notFiler = await command(t.app, w.as.af, a.id, 'transitions', {
        version: 1,
        command: 'withdraw',
        reason: 'x',
      });
      expect(notFiler.status).toBe(403);
      const merged = await command(t.app, w.as.qa, b.id, 'merge', {
        version: 1,
        reason: 'Same incident',
        duplicateOf: a.id,
      });
      expect(merged.status).toBe(200);
      expect(merged.json.complaint).toMatchObject({ state: 'merged', duplicateOf: a.id });
      const withdrawn = await command(t.app, w.as.pk, a.id, 'transitions', {
        version: 1,
        command: 'withdraw',
        reason: 'Resolved bilaterally',
      });
      expect(withdrawn.json.complaint.state).toBe('withdrawn');
    });
  });
}
