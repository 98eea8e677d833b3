/** `truceline complaint …` acting as demo accounts, against a real embedded database. */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agreement, Complaint, ComplaintDetail } from '@truceline/domain';
import { EXIT } from '../../src/cli/exit-codes.ts';
import {
  AF,
  complaintJson,
  demoAgreement,
  fileComplaint,
  MONITOR,
  OBSERVER,
  PK,
  QA,
  startCli,
  TR,
  type CliHarness,
} from './cli-harness.ts';

let h: CliHarness;
let agreement: Agreement;

describe('truceline complaint', () => {
  beforeAll(async () => {
    h = await startCli('complaints-cli');
    agreement = await demoAgreement(h);
  }, 120_000);
  afterAll(() => h?.close());

  it('has --help on every complaint command', async () => {
    for (const sub of [
      'list',
      'show',
      'file',
      'export',
      'transition',
      'reply',
      'review',
      'investigate',
      'report',
      'draft-finding',
      'follow-up',
      'merge',
      'reopen',
      'visibility',
    ]) {
      const r = await h.cli(['complaint', sub, '--help']);
      expect(r.code, sub).toBe(EXIT.ok);
      expect(r.out).toMatch(/Usage: truceline complaint/);
    }
  });

  it('files, registers, lists, shows and exports a complaint', async () => {
    const body = h.file('complaint.json', complaintJson(agreement));
    const filed = await h.cli(['complaint', 'file', '--file', body, '--as', PK]);
    expect(filed.code, filed.err).toBe(EXIT.ok);
    const ref = /Filed (C-\d+) \(([0-9a-f-]{36})\): received, version 1/.exec(filed.out);
    expect(ref).not.toBeNull();
    const [, reference, id] = ref!;

    const registered = await h.cli([
      'complaint',
      'transition',
      reference!,
      'register',
      '--reason',
      "Within the mechanism's remit",
      '--as',
      TR,
    ]);
    expect(registered.code, registered.err).toBe(EXIT.ok);
    expect(registered.out).toBe(`${reference}: registered (version 2)`);

    const list = await h.cli(['complaint', 'list', '--state', 'registered', '--as', TR, '--json']);
    expect(list.code, list.err).toBe(EXIT.ok);
    const items = JSON.parse(list.out) as Complaint[];
    expect(items.map((c) => c.id)).toContain(id);
    expect(items.every((c) => c.state === 'registered')).toBe(true);

    const table = await h.cli([
      'complaint',
      'list',
      '--party',
      'PAK',
      '--q',
      'Torkham',
      '--as',
      PK,
    ]);
    expect(table.code, table.err).toBe(EXIT.ok);
    expect(table.out).toMatch(/^REF\s+STATE/);
    expect(table.out).toMatch(new RegExp(`${reference}\\s+registered\\s+shelling_artillery`));

    const none = await h.cli(['complaint', 'list', '--state', 'closed', '--as', TR]);
    expect(none.out).toBe('No complaints match.');

    const shown = await h.cli(['complaint', 'show', reference!.toLowerCase(), '--as', TR]);
    expect(shown.code, shown.err).toBe(EXIT.ok);
    expect(shown.out).toContain(`${reference}  Shelling near Torkham`);
    expect(shown.out).toMatch(/state\s+registered \(version 2\)/);
    expect(shown.out).toMatch(/register\s+registered\s+TUR\s+Within the mechanism's remit/);

    const json = await h.cli(['complaint', 'show', id!, '--as', TR, '--json']);
    const detail = JSON.parse(json.out) as ComplaintDetail;
    expect(detail.complaint.reference).toBe(reference);
    expect(detail.transitions.map((t) => t.command)).toEqual(['file', 'register']);

    // A joint complaint is not public: without --as the public view is empty.
    const anonymous = await h.cli(['complaint', 'show', reference!]);
    expect(anonymous.code).toBe(EXIT.notFound);
    expect(anonymous.err).toMatch(/public/);

    const out = h.file('export.csv');
    const exported = await h.cli(['complaint', 'export', '--out', out, '--as', TR]);
    expect(exported.code, exported.err).toBe(EXIT.ok);
    const rows = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r['event_id_cnty'] === reference);
    expect(row).toMatchObject({
      event_date: '2025-10-20',
      actor1: 'unidentified armed group',
      location: 'Torkham',
      fatalities: '2',
      tags: 'state: registered',
    });

    const asJson = await h.cli(['complaint', 'export', '--format', 'json', '--as', TR]);
    const doc = JSON.parse(asJson.out) as {
      items: { event_id_cnty: string }[];
      truncated: boolean;
    };
    expect(doc.truncated).toBe(false);
    expect(doc.items.map((i) => i.event_id_cnty)).toContain(reference);

    // The observer sees only published complaints (the demo publishes one): visibility applies
    // to exports as to lists, so the joint complaint filed here is not among them.
    const observed = await h.cli(['complaint', 'export', '--format', 'json', '--as', OBSERVER]);
    const seen = (JSON.parse(observed.out) as { items: { event_id_cnty: string }[] }).items;
    expect(seen.map((i) => i.event_id_cnty)).not.toContain(reference);
    expect(seen.length).toBeLessThan(doc.items.length);
  }, 90_000);

  it('exits 2 naming each invalid field of a complaint file', async () => {
    const body = h.file(
      'bad.json',
      complaintJson(agreement, { title: 'x', when: { from: 'yesterday', precision: 'hour' } }),
    );
    const r = await h.cli(['complaint', 'file', '--file', body, '--as', PK]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/is not a valid complaint/);
    expect(r.err).toMatch(/^\s+title: must NOT have fewer than 3 characters$/m);
    expect(r.err).toMatch(/^\s+when\.from: must match format "date-time"$/m);

    const unknown = h.file('unknown.json', complaintJson(agreement, { severity: 'high' }));
    const extra = await h.cli(['complaint', 'file', '--file', unknown, '--as', PK]);
    expect(extra.code).toBe(EXIT.usage);
    expect(extra.err).toMatch(/severity: is not a known field/);

    const notJson = await h.cli(['complaint', 'file', '--file', h.file('x.json', '{'), '--as', PK]);
    expect(notJson.code).toBe(EXIT.usage);
    expect(notJson.err).toMatch(/is not JSON/);

    // Checks only the service can make (against the database) come back as field errors too.
    const future = await h.cli(
      ['complaint', 'file', '--file', '-', '--as', PK],
      complaintJson(agreement, { when: { from: '2999-01-01T00:00:00Z', precision: 'day' } }),
    );
    expect(future.code).toBe(EXIT.usage);
    expect(future.err).toMatch(/when\.from is in the future/);
  }, 90_000);

  it('acts only as an existing account that the policy allows', async () => {
    const body = h.file('ok.json', complaintJson(agreement));
    const noAs = await h.cli(['complaint', 'file', '--file', body]);
    expect(noAs.code).toBe(EXIT.usage);
    expect(noAs.err).toMatch(/--as EMAIL/);
    const nobody = await h.cli(['complaint', 'file', '--file', body, '--as', 'nobody@x.org']);
    expect(nobody.code).toBe(EXIT.notFound);
    const observer = await h.cli(['complaint', 'file', '--file', body, '--as', OBSERVER]);
    expect(observer.code).toBe(EXIT.usage);
    expect(observer.err).toMatch(/may not do complaint\.create/);
    // TRUCELINE_AS stands in for --as.
    const viaEnv = await h.cli(['complaint', 'file', '--file', body], '', { TRUCELINE_AS: PK });
    expect(viaEnv.code, viaEnv.err).toBe(EXIT.ok);
  }, 90_000);

  it('exits 4 on a stale version and prints the current one', async () => {
    const { reference } = await fileComplaint(h, agreement);
    const ok = await h.cli([
      'complaint',
      'transition',
      reference,
      'register',
      '--reason',
      'ok',
      '--version',
      '1',
      '--as',
      TR,
    ]);
    expect(ok.code, ok.err).toBe(EXIT.ok);
    const stale = await h.cli([
      'complaint',
      'transition',
      reference,
      'withdraw',
      '--reason',
      'late',
      '--version',
      '1',
      '--as',
      PK,
    ]);
    expect(stale.code).toBe(EXIT.conflict);
    expect(stale.err).toMatch(/now at version 2/);
    expect(stale.err).toMatch(/current version: 2, state: registered/);

    // A command the state does not allow is a conflict too, and says what is allowed.
    const again = await h.cli([
      'complaint',
      'transition',
      reference,
      'register',
      '--reason',
      'twice',
      '--as',
      TR,
    ]);
    expect(again.code).toBe(EXIT.conflict);
    expect(again.err).toMatch(/allowed from this state: .*task_investigation/);
  }, 90_000);

  it('exits 3 for an unknown complaint, 2 for something that is no id', async () => {
    const byRef = await h.cli(['complaint', 'show', 'C-999999', '--as', TR]);
    expect(byRef.code).toBe(EXIT.notFound);
    expect(byRef.err).toMatch(/No complaint C-999999/);
    const byId = await h.cli([
      'complaint',
      'transition',
      '00000000-0000-4000-8000-000000000000',
      'register',
      '--reason',
      'x',
      '--as',
      TR,
    ]);
    expect(byId.code).toBe(EXIT.notFound);
    const junk = await h.cli(['complaint', 'show', 'complaint-one', '--as', TR]);
    expect(junk.code).toBe(EXIT.usage);
    expect((await h.cli(['complaint', 'list', '--state', 'asleep'])).code).toBe(EXIT.usage);
    expect((await h.cli(['complaint', 'list', '--party', 'NOPE', '--as', TR])).code).toBe(
      EXIT.notFound,
    );
  }, 90_000);

  it('runs the whole workflow: reply, investigation, finding, reviews, issue, close', async () => {
    const users = JSON.parse((await h.cli(['user', 'list', '--json'])).out) as {
      email: string;
      organisationId: string;
    }[];
    const afghanistan = users.find((u) => u.email === AF)?.organisationId;
    const { reference } = await fileComplaint(h, agreement, {
      accusedGroup: undefined,
      accusedOrganisationId: afghanistan,
    });
    const step = async (args: string[], as: string, state: string) => {
      const [command, ...rest] = args;
      const r = await h.cli(['complaint', command!, reference, ...rest, '--as', as]);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(EXIT.ok);
      expect(r.out).toMatch(new RegExp(`^${reference}: ${state} \\(version \\d+\\)$`));
    };
    await step(['transition', 'register', '--reason', 'ok'], TR, 'registered');
    await step(['transition', 'open_reply_window', '--reason', 'ask'], TR, 'awaiting_reply');
    // Only the accused party replies.
    const wrong = await h.cli(['complaint', 'reply', reference, '--text', 'No', '--as', PK]);
    expect(wrong.code).toBe(EXIT.usage);
    expect(wrong.err).toMatch(/Only an officer of the accused party/);
    await step(['reply', '--text', 'We deny it.', '--language', 'ps'], AF, 'reply_received');
    await step(
      ['investigate', '--team', MONITOR, '--instructions', 'Visit the crossing', '--reason', 'go'],
      TR,
      'investigating',
    );
    await step(
      ['report', '--report', 'Craters consistent with mortar fire.'],
      MONITOR,
      'investigation_reported',
    );
    const finding = h.file(
      'finding.json',
      JSON.stringify({
        reason: 'The evidence is clear',
        outcome: 'violation_attributed',
        attributedOrganisationId: afghanistan,
        confidence: 'medium',
        provisionIds: [agreement.provisions[0]?.id],
        summary: 'Mortar fire from across the border.',
      }),
    );
    await step(['draft-finding', '--file', finding], TR, 'in_review');
    await step(['review', '--verdict', 'sign_off', '--note', 'Agreed'], TR, 'in_review');
    const early = await h.cli([
      'complaint',
      'transition',
      reference,
      'issue_finding',
      '--reason',
      'done',
      '--as',
      TR,
    ]);
    expect(early.code).toBe(EXIT.conflict);
    expect(early.err).toMatch(/waiting for/);
    await step(['review', '--verdict', 'sign_off', '--note', 'Agreed too'], QA, 'in_review');
    await step(['transition', 'issue_finding', '--reason', 'Both signed'], TR, 'finding_issued');
    await step(['follow-up', '--kind', 'measure', '--text', 'Joint patrol'], TR, 'follow_up');
    await step(['transition', 'close', '--reason', 'Done'], TR, 'closed');

    const shown = await h.cli(['complaint', 'show', reference, '--as', PK]);
    expect(shown.out).toMatch(/reply from AFG \(ps, .*\): We deny it\./);
    expect(shown.out).toMatch(/finding \(draft 1, issued .*\): violation_attributed/);
  }, 180_000);
});
