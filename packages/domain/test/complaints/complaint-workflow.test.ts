import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPLAINT_COMMANDS,
  COMPLAINT_STATES,
  FINDING_OUTCOMES,
  allowedCommands,
  applyReview,
  evaluate,
  isTerminal,
  pendingReviewers,
  targetState,
  transitionsFrom,
  type Actor,
  type ComplaintCommand,
  type ComplaintState,
  type WorkflowActor,
  type WorkflowRefusal,
  type WorkflowSnapshot,
  type WorkflowVerdict,
} from '../../src/index.ts';

// ---- the cast: two mediator organisations, the two parties, the secretariat, an observer -------
const TR = 'org-turkiye';
const QA = 'org-qatar';
const PK = 'org-pakistan';
const AF = 'org-afghanistan';
const SEC = 'org-secretariat';
const OBS = 'org-observer';

function actor(
  role: Actor['role'],
  organisationId: string,
  userId = `${role}@${organisationId}`,
): Actor {
  const kind: Actor['organisationKind'] =
    organisationId === TR || organisationId === QA
      ? 'mediator'
      : organisationId === PK || organisationId === AF
        ? 'party'
        : organisationId === SEC
          ? 'secretariat'
          : 'observer';
  return { userId, role, organisationId, organisationKind: kind };
}

const mediatorTR = actor('mediator', TR);
const mediatorQA = actor('mediator', QA);
const mediatorSEC = actor('mediator', SEC); // a mediator of the secretariat: not a reviewing org
const officerPK = actor('party_officer', PK);
const officerAF = actor('party_officer', AF);
const monitorTR = actor('monitor', TR);
const admin = actor('admin', SEC);
const observer = actor('observer', OBS);

const T0 = new Date('2025-11-10T09:00:00Z');
const DUE = new Date('2025-11-17T09:00:00Z');
const hours = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);

function snapshot(state: ComplaintState, over: Partial<WorkflowSnapshot> = {}): WorkflowSnapshot {
  return {
    state,
    filerOrganisationId: PK,
    accusedOrganisationId: AF,
    replyDueAt: state === 'awaiting_reply' ? DUE : null,
    mediatorOrganisationIds: [TR, QA],
    draftVersion: ['in_review', 'finding_issued', 'follow_up', 'closed'].includes(state) ? 1 : 0,
    reviews: [],
    ...over,
  };
}

function refusal(v: WorkflowVerdict): WorkflowRefusal {
  if (v.ok) throw new Error(`expected a refusal, got ${v.from} -> ${v.to}`);
  return v.refusal;
}

function expectOk(v: WorkflowVerdict, from: ComplaintState, to: ComplaintState) {
  expect(v).toEqual({ ok: true, from, to });
}

function expectKind(v: WorkflowVerdict, kind: WorkflowRefusal['kind']) {
  expect(refusal(v).kind).toBe(kind);
}

function expectPrecondition(v: WorkflowVerdict, code: string) {
  const r = refusal(v);
  expect(r.kind).toBe('precondition');
  if (r.kind === 'precondition') expect(r.code).toBe(code);
}

describe('the transition table', () => {
  const EXPECTED: Record<ComplaintState, Partial<Record<ComplaintCommand, ComplaintState>>> = {
    received: {
      register: 'registered',
      reject: 'rejected',
      merge: 'merged',
      withdraw: 'withdrawn',
    },
    registered: {
      open_reply_window: 'awaiting_reply',
      task_investigation: 'investigating',
      merge: 'merged',
      withdraw: 'withdrawn',
    },
    rejected: { reopen: 'reopened' },
    awaiting_reply: {
      reply: 'reply_received',
      mark_reply_overdue: 'reply_overdue',
      merge: 'merged',
      withdraw: 'withdrawn',
    },
    reply_received: { task_investigation: 'investigating', merge: 'merged', withdraw: 'withdrawn' },
    reply_overdue: { task_investigation: 'investigating', merge: 'merged', withdraw: 'withdrawn' },
    investigating: {
      report_investigation: 'investigation_reported',
      merge: 'merged',
      withdraw: 'withdrawn',
    },
    investigation_reported: { draft_finding: 'in_review', merge: 'merged', withdraw: 'withdrawn' },
    in_review: {
      draft_finding: 'in_review',
      sign_off: 'in_review',
      dissent: 'in_review',
      issue_finding: 'finding_issued',
      withdraw: 'withdrawn',
    },
    finding_issued: { record_follow_up: 'follow_up', close: 'closed' },
    follow_up: { record_follow_up: 'follow_up', close: 'closed' },
    closed: { reopen: 'reopened' },
    merged: {},
    withdrawn: {},
    reopened: {
      open_reply_window: 'awaiting_reply',
      task_investigation: 'investigating',
      merge: 'merged',
      withdraw: 'withdrawn',
    },
  };

  it('is exactly the agreed table', () => {
    for (const state of COMPLAINT_STATES) {
      const actual = Object.fromEntries(
        transitionsFrom(state).map((c) => [c, targetState(state, c)]),
      );
      expect(actual, state).toEqual(EXPECTED[state]);
      for (const c of COMPLAINT_COMMANDS) {
        expect(targetState(state, c)).toBe(EXPECTED[state][c] ?? null);
      }
    }
  });

  it('lists commands in COMPLAINT_COMMANDS order', () => {
    for (const state of COMPLAINT_STATES) {
      const listed = transitionsFrom(state);
      expect([...listed]).toEqual(COMPLAINT_COMMANDS.filter((c) => listed.includes(c)));
    }
  });

  it('reaches every state from received', () => {
    const seen = new Set<ComplaintState>(['received']);
    const queue: ComplaintState[] = ['received'];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      for (const c of transitionsFrom(s)) {
        const t = targetState(s, c);
        if (t !== null && !seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
      }
    }
    expect([...seen].sort()).toEqual([...COMPLAINT_STATES].sort());
  });

  it('makes merged and withdrawn terminal; closed and rejected only reopenable', () => {
    expect(COMPLAINT_STATES.filter(isTerminal)).toEqual(['merged', 'withdrawn']);
    expect(transitionsFrom('closed')).toEqual(['reopen']);
    expect(transitionsFrom('rejected')).toEqual(['reopen']);
  });

  it('has four finding outcomes', () => {
    expect(FINDING_OUTCOMES).toEqual([
      'violation_attributed',
      'violation_not_attributable',
      'unsubstantiated',
      'not_a_violation',
    ]);
  });
});

describe('evaluate: invalid transitions', () => {
  it('names the state, the command and what the state allows', () => {
    const r = refusal(evaluate(snapshot('awaiting_reply'), 'reject', mediatorTR, T0));
    expect(r).toEqual({
      kind: 'invalid_transition',
      state: 'awaiting_reply',
      command: 'reject',
      allowed: ['reply', 'mark_reply_overdue', 'merge', 'withdraw'],
      message:
        'Cannot reject a complaint that is awaiting_reply; allowed from awaiting_reply: reply, mark_reply_overdue, merge, withdraw',
    });
  });

  it('says a terminal state allows nothing', () => {
    const r = refusal(
      evaluate(snapshot('merged'), 'reopen', mediatorTR, T0, { newEvidenceCount: 3 }),
    );
    expect(r.kind).toBe('invalid_transition');
    if (r.kind === 'invalid_transition') expect(r.allowed).toEqual([]);
    expect(r.message).toMatch(/allowed from merged: none/);
  });

  it('checks the table before who asks and before preconditions', () => {
    // An observer asking for a command the state lacks gets invalid_transition, not not_permitted.
    expectKind(evaluate(snapshot('closed'), 'register', observer, T0), 'invalid_transition');
    expectKind(evaluate(snapshot('received'), 'reply', 'system', T0), 'invalid_transition');
    // A wrong actor with an unmet precondition gets not_permitted, not precondition.
    expectKind(evaluate(snapshot('closed'), 'reopen', officerPK, T0), 'not_permitted');
    expectKind(
      evaluate(snapshot('awaiting_reply'), 'mark_reply_overdue', officerAF, T0),
      'not_permitted',
    );
  });
});

describe('evaluate: each rule', () => {
  it('register and reject: a mediator, from received', () => {
    expectOk(evaluate(snapshot('received'), 'register', mediatorTR, T0), 'received', 'registered');
    expectOk(evaluate(snapshot('received'), 'reject', mediatorSEC, T0), 'received', 'rejected');
    for (const who of [admin, monitorTR, officerPK, officerAF, observer, 'system'] as const) {
      expectKind(evaluate(snapshot('received'), 'register', who, T0), 'not_permitted');
      expectKind(evaluate(snapshot('received'), 'reject', who, T0), 'not_permitted');
    }
  });

  it('open_reply_window: a mediator, from registered or reopened, when a party is accused', () => {
    for (const from of ['registered', 'reopened'] as const) {
      expectOk(
        evaluate(snapshot(from), 'open_reply_window', mediatorQA, T0),
        from,
        'awaiting_reply',
      );
      expectPrecondition(
        evaluate(
          snapshot(from, { accusedOrganisationId: null }),
          'open_reply_window',
          mediatorQA,
          T0,
        ),
        'no_accused_party',
      );
    }
    expectKind(evaluate(snapshot('registered'), 'open_reply_window', admin, T0), 'not_permitted');
  });

  it('reply: only an officer of the accused party, until the deadline', () => {
    const s = snapshot('awaiting_reply');
    expectOk(evaluate(s, 'reply', officerAF, T0), 'awaiting_reply', 'reply_received');
    expectOk(evaluate(s, 'reply', officerAF, DUE), 'awaiting_reply', 'reply_received');
    expectPrecondition(evaluate(s, 'reply', officerAF, hours(DUE, 1)), 'reply_deadline_passed');
    for (const who of [officerPK, mediatorTR, monitorTR, admin, observer, 'system'] as const) {
      expectKind(evaluate(s, 'reply', who, T0), 'not_permitted');
    }
    // An officer of another organisation, even with the right role, may not reply.
    expectKind(evaluate(s, 'reply', actor('party_officer', 'org-other'), T0), 'not_permitted');
    // With no deadline recorded, the window has no end.
    expectOk(
      evaluate({ ...s, replyDueAt: null }, 'reply', officerAF, hours(DUE, 1000)),
      'awaiting_reply',
      'reply_received',
    );
  });

  it('mark_reply_overdue: the system or a mediator, only after the deadline', () => {
    const s = snapshot('awaiting_reply');
    for (const who of ['system', mediatorTR] as const) {
      expectOk(
        evaluate(s, 'mark_reply_overdue', who, hours(DUE, 1)),
        'awaiting_reply',
        'reply_overdue',
      );
      expectPrecondition(evaluate(s, 'mark_reply_overdue', who, DUE), 'reply_deadline_not_passed');
      expectPrecondition(evaluate(s, 'mark_reply_overdue', who, T0), 'reply_deadline_not_passed');
    }
    expectPrecondition(
      evaluate({ ...s, replyDueAt: null }, 'mark_reply_overdue', 'system', hours(DUE, 1)),
      'reply_deadline_not_passed',
    );
    for (const who of [monitorTR, admin, officerPK, officerAF, observer] as const) {
      expectKind(evaluate(s, 'mark_reply_overdue', who, hours(DUE, 1)), 'not_permitted');
    }
  });

  it('reply and mark_reply_overdue never both pass at the same instant', () => {
    const s = snapshot('awaiting_reply');
    for (const now of [T0, hours(DUE, -1), DUE, new Date(DUE.getTime() + 1), hours(DUE, 5)]) {
      const reply = evaluate(s, 'reply', officerAF, now).ok;
      const overdue = evaluate(s, 'mark_reply_overdue', 'system', now).ok;
      expect(reply !== overdue).toBe(true);
    }
  });

  it('task_investigation: a mediator, after the reply (or its deadline), or at once when no party is accused', () => {
    for (const from of ['reply_received', 'reply_overdue', 'reopened'] as const) {
      expectOk(
        evaluate(snapshot(from), 'task_investigation', mediatorTR, T0),
        from,
        'investigating',
      );
    }
    expectPrecondition(
      evaluate(snapshot('registered'), 'task_investigation', mediatorTR, T0),
      'accused_party_must_reply_first',
    );
    expectOk(
      evaluate(
        snapshot('registered', { accusedOrganisationId: null }),
        'task_investigation',
        mediatorTR,
        T0,
      ),
      'registered',
      'investigating',
    );
    expectKind(
      evaluate(snapshot('reply_received'), 'task_investigation', monitorTR, T0),
      'not_permitted',
    );
  });

  it('report_investigation: a mediator or a monitor', () => {
    const s = snapshot('investigating');
    expectOk(
      evaluate(s, 'report_investigation', monitorTR, T0),
      'investigating',
      'investigation_reported',
    );
    expectOk(
      evaluate(s, 'report_investigation', mediatorQA, T0),
      'investigating',
      'investigation_reported',
    );
    for (const who of [admin, officerPK, officerAF, observer, 'system'] as const) {
      expectKind(evaluate(s, 'report_investigation', who, T0), 'not_permitted');
    }
  });

  it('draft_finding: a mediator, first draft or redraft', () => {
    expectOk(
      evaluate(snapshot('investigation_reported'), 'draft_finding', mediatorTR, T0),
      'investigation_reported',
      'in_review',
    );
    expectOk(
      evaluate(snapshot('in_review'), 'draft_finding', mediatorQA, T0),
      'in_review',
      'in_review',
    );
    expectKind(evaluate(snapshot('in_review'), 'draft_finding', monitorTR, T0), 'not_permitted');
  });

  it('sign_off and dissent: a mediator of a reviewing organisation, once per draft', () => {
    const s = snapshot('in_review', { draftVersion: 2 });
    for (const verdict of ['sign_off', 'dissent'] as const) {
      expectOk(evaluate(s, verdict, mediatorTR, T0), 'in_review', 'in_review');
      // A mediator outside the agreement's mediator organisations may not review.
      expectKind(evaluate(s, verdict, mediatorSEC, T0), 'not_permitted');
      for (const who of [monitorTR, admin, officerPK, observer, 'system'] as const) {
        expectKind(evaluate(s, verdict, who, T0), 'not_permitted');
      }
    }
    const reviewed = applyReview(s, { organisationId: TR, verdict: 'dissent', draftVersion: 2 });
    expectPrecondition(evaluate(reviewed, 'sign_off', mediatorTR, T0), 'already_reviewed');
    // Another mediator of the same organisation speaks for the same organisation.
    expectPrecondition(
      evaluate(reviewed, 'dissent', actor('mediator', TR, 'second@tr'), T0),
      'already_reviewed',
    );
    expectOk(evaluate(reviewed, 'sign_off', mediatorQA, T0), 'in_review', 'in_review');
    // A review of an earlier draft does not count.
    const redrafted = { ...reviewed, draftVersion: 3 };
    expectOk(evaluate(redrafted, 'sign_off', mediatorTR, T0), 'in_review', 'in_review');
  });

  it('issue_finding: every mediator organisation reviewed the current draft, at least one signed off', () => {
    const s = snapshot('in_review', { draftVersion: 2 });
    expectPrecondition(evaluate(s, 'issue_finding', mediatorTR, T0), 'reviews_incomplete');
    const one = applyReview(s, { organisationId: TR, verdict: 'sign_off', draftVersion: 2 });
    expect(pendingReviewers(one)).toEqual([QA]);
    const r = refusal(evaluate(one, 'issue_finding', mediatorTR, T0));
    expect(r.kind === 'precondition' && r.code).toBe('reviews_incomplete');
    expect(r.message).toContain(QA);

    const both = applyReview(one, { organisationId: QA, verdict: 'dissent', draftVersion: 2 });
    expect(pendingReviewers(both)).toEqual([]);
    expectOk(evaluate(both, 'issue_finding', mediatorQA, T0), 'in_review', 'finding_issued');
    expectKind(evaluate(both, 'issue_finding', monitorTR, T0), 'not_permitted');

    const bothDissent = applyReview(
      applyReview(s, { organisationId: TR, verdict: 'dissent', draftVersion: 2 }),
      { organisationId: QA, verdict: 'dissent', draftVersion: 2 },
    );
    expectPrecondition(evaluate(bothDissent, 'issue_finding', mediatorTR, T0), 'no_sign_off');

    // Reviews of an earlier draft lapse on a redraft.
    expectPrecondition(
      evaluate({ ...both, draftVersion: 3 }, 'issue_finding', mediatorTR, T0),
      'reviews_incomplete',
    );
    // Reviews from organisations that are not the agreement's mediators do not count.
    const stranger = applyReview(one, {
      organisationId: SEC,
      verdict: 'sign_off',
      draftVersion: 2,
    });
    expectPrecondition(evaluate(stranger, 'issue_finding', mediatorTR, T0), 'reviews_incomplete');
    // With no mediator organisations at all, no one can sign off, so no finding is issued.
    expectPrecondition(
      evaluate({ ...s, mediatorOrganisationIds: [] }, 'issue_finding', mediatorTR, T0),
      'no_sign_off',
    );
  });

  it('record_follow_up and close: a mediator, after the finding', () => {
    for (const from of ['finding_issued', 'follow_up'] as const) {
      expectOk(evaluate(snapshot(from), 'record_follow_up', mediatorTR, T0), from, 'follow_up');
      expectOk(evaluate(snapshot(from), 'close', mediatorQA, T0), from, 'closed');
      expectKind(evaluate(snapshot(from), 'close', admin, T0), 'not_permitted');
      expectKind(evaluate(snapshot(from), 'record_follow_up', monitorTR, T0), 'not_permitted');
    }
  });

  it('merge: a mediator, before a finding is being drafted', () => {
    const mergeable: ComplaintState[] = [
      'received',
      'registered',
      'awaiting_reply',
      'reply_received',
      'reply_overdue',
      'investigating',
      'investigation_reported',
      'reopened',
    ];
    for (const state of COMPLAINT_STATES) {
      const v = evaluate(snapshot(state), 'merge', mediatorTR, T0);
      if (mergeable.includes(state)) expectOk(v, state, 'merged');
      else expectKind(v, 'invalid_transition');
    }
    expectKind(evaluate(snapshot('received'), 'merge', officerPK, T0), 'not_permitted');
  });

  it('withdraw: only someone of the filing organisation, until the finding is issued', () => {
    const withdrawable: ComplaintState[] = [
      'received',
      'registered',
      'awaiting_reply',
      'reply_received',
      'reply_overdue',
      'investigating',
      'investigation_reported',
      'in_review',
      'reopened',
    ];
    for (const state of COMPLAINT_STATES) {
      const v = evaluate(snapshot(state), 'withdraw', officerPK, T0);
      if (withdrawable.includes(state)) expectOk(v, state, 'withdrawn');
      else expectKind(v, 'invalid_transition');
    }
    // A monitor or a mediator withdraws a complaint their own organisation filed.
    const filedByTR = snapshot('investigating', { filerOrganisationId: TR });
    expectOk(evaluate(filedByTR, 'withdraw', monitorTR, T0), 'investigating', 'withdrawn');
    expectOk(evaluate(filedByTR, 'withdraw', mediatorTR, T0), 'investigating', 'withdrawn');
    // Nobody else: not the accused, not another mediator, not an admin or observer of the filer.
    const s = snapshot('received');
    for (const who of [officerAF, mediatorTR, monitorTR, 'system'] as const) {
      expectKind(evaluate(s, 'withdraw', who, T0), 'not_permitted');
    }
    const filedBySEC = snapshot('received', { filerOrganisationId: SEC });
    expectKind(evaluate(filedBySEC, 'withdraw', admin, T0), 'not_permitted');
    const filedByOBS = snapshot('received', { filerOrganisationId: OBS });
    expectKind(evaluate(filedByOBS, 'withdraw', observer, T0), 'not_permitted');
  });

  it('reopen: a mediator, from closed or rejected, only on new evidence', () => {
    for (const from of ['closed', 'rejected'] as const) {
      expectOk(
        evaluate(snapshot(from), 'reopen', mediatorTR, T0, { newEvidenceCount: 1 }),
        from,
        'reopened',
      );
      expectPrecondition(
        evaluate(snapshot(from), 'reopen', mediatorTR, T0),
        'new_evidence_required',
      );
      expectPrecondition(
        evaluate(snapshot(from), 'reopen', mediatorTR, T0, { newEvidenceCount: 0 }),
        'new_evidence_required',
      );
      expectKind(
        evaluate(snapshot(from), 'reopen', officerPK, T0, { newEvidenceCount: 2 }),
        'not_permitted',
      );
    }
  });

  it('lets the system do nothing but mark a reply overdue', () => {
    for (const state of COMPLAINT_STATES) {
      for (const c of transitionsFrom(state)) {
        const v = evaluate(snapshot(state), c, 'system', hours(DUE, 1), { newEvidenceCount: 1 });
        if (c === 'mark_reply_overdue') expect(v.ok).toBe(true);
        else expectKind(v, 'not_permitted');
      }
    }
  });

  it('refuses every change through a read-only API token', () => {
    const readOnly: Actor = { ...mediatorTR, tokenScopes: ['read'] };
    const writer: Actor = { ...mediatorTR, tokenScopes: ['read', 'write'] };
    expectKind(evaluate(snapshot('received'), 'register', readOnly, T0), 'not_permitted');
    expectOk(evaluate(snapshot('received'), 'register', writer, T0), 'received', 'registered');
  });
});

describe('allowedCommands', () => {
  it('offers each actor what it may do now', () => {
    expect(allowedCommands(snapshot('received'), mediatorTR, T0)).toEqual([
      'register',
      'reject',
      'merge',
    ]);
    expect(allowedCommands(snapshot('received'), officerPK, T0)).toEqual(['withdraw']);
    expect(allowedCommands(snapshot('awaiting_reply'), officerAF, T0)).toEqual(['reply']);
    expect(allowedCommands(snapshot('awaiting_reply'), 'system', hours(DUE, 1))).toEqual([
      'mark_reply_overdue',
    ]);
    expect(allowedCommands(snapshot('in_review'), observer, T0)).toEqual([]);
  });

  it('lists reopen only when the facts report new evidence', () => {
    expect(allowedCommands(snapshot('closed'), mediatorTR, T0)).toEqual([]);
    expect(allowedCommands(snapshot('closed'), mediatorTR, T0, { newEvidenceCount: 1 })).toEqual([
      'reopen',
    ]);
  });
});

// ---- property tests: random sequences of commands run through a small simulator ---------------

const CAST: readonly WorkflowActor[] = [
  mediatorTR,
  actor('mediator', TR, 'second@tr'),
  mediatorQA,
  mediatorSEC,
  officerPK,
  officerAF,
  monitorTR,
  admin,
  observer,
  'system',
];

interface Step {
  readonly actor: number;
  readonly command: number;
  /**
   * Guided steps look for an actor who may do something now and pick one of its allowed commands,
   * so runs get deep into the workflow; unguided steps try any command with any actor.
   */
  readonly guided: boolean;
  /** On a guided step, also consider the commands that end or restart the work. */
  readonly detour: boolean;
  readonly advanceHours: number;
  readonly newEvidenceCount: number;
  readonly replyWindowHours: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  actor: fc.nat({ max: CAST.length - 1 }),
  command: fc.nat({ max: 1000 }),
  guided: fc.boolean(),
  detour: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  advanceHours: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 24 }),
    fc.integer({ min: 25, max: 400 }),
  ),
  newEvidenceCount: fc.nat({ max: 2 }),
  replyWindowHours: fc.integer({ min: 1, max: 240 }),
});

const startArb = fc.record({
  filer: fc.constantFrom(PK, AF, TR),
  accused: fc.constantFrom<string | null>(AF, PK, null),
});

/** Commands that end the work or send it back: guided steps take them only on a detour. */
function isDetour(state: ComplaintState, command: ComplaintCommand): boolean {
  return (
    command === 'merge' ||
    command === 'withdraw' ||
    command === 'reject' ||
    (state === 'in_review' && command === 'draft_finding')
  );
}

/** What the server does with an accepted command: the parts of the record the workflow reads. */
function apply(
  s: WorkflowSnapshot,
  command: ComplaintCommand,
  who: WorkflowActor,
  to: ComplaintState,
  now: Date,
  step: Step,
): WorkflowSnapshot {
  let next: WorkflowSnapshot = { ...s, state: to };
  if (command === 'draft_finding') next = { ...next, draftVersion: s.draftVersion + 1 };
  if ((command === 'sign_off' || command === 'dissent') && who !== 'system') {
    next = applyReview(next, {
      organisationId: who.organisationId,
      verdict: command,
      draftVersion: s.draftVersion,
    });
  }
  if (command === 'open_reply_window') {
    next = { ...next, replyDueAt: hours(now, step.replyWindowHours) };
  }
  return next;
}

/** A cheap assertion for the hot loop (vitest's expect is too slow for tens of thousands). */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

const REACHABLE = new Set<ComplaintState>(COMPLAINT_STATES);

function run(
  start: { filer: string; accused: string | null },
  steps: readonly Step[],
  visit: (state: ComplaintState) => void = () => {},
) {
  let s: WorkflowSnapshot = {
    state: 'received',
    filerOrganisationId: start.filer,
    accusedOrganisationId: start.accused,
    replyDueAt: null,
    mediatorOrganisationIds: [TR, QA],
    draftVersion: 0,
    reviews: [],
  };
  let now = T0;
  visit(s.state);
  for (const step of steps) {
    now = hours(now, step.advanceHours);
    const facts = { newEvidenceCount: step.newEvidenceCount };

    let who = CAST[step.actor] as WorkflowActor;
    let command = COMPLAINT_COMMANDS[step.command % COMPLAINT_COMMANDS.length] as ComplaintCommand;
    if (step.guided) {
      for (let k = 0; k < CAST.length; k += 1) {
        const candidate = CAST[(step.actor + k) % CAST.length] as WorkflowActor;
        const options = allowedCommands(s, candidate, now, facts).filter(
          (c) => step.detour || !isDetour(s.state, c),
        );
        if (options.length > 0) {
          who = candidate;
          command = options[step.command % options.length] as ComplaintCommand;
          break;
        }
      }
    }

    // allowedCommands agrees with evaluate for every command, given the same facts.
    const allowed = allowedCommands(s, who, now, facts);
    for (const c of COMPLAINT_COMMANDS) {
      const ok = evaluate(s, c, who, now, facts).ok;
      check(allowed.includes(c) === ok, () => `allowedCommands disagrees on ${c} in ${s.state}`);
    }
    // Terminal states accept nothing from anyone.
    if (isTerminal(s.state)) check(allowed.length === 0, () => `${s.state} accepted a command`);

    const verdict = evaluate(s, command, who, now, facts);
    if (!verdict.ok) {
      // Refused for the table exactly when the table lacks the command.
      check(
        (verdict.refusal.kind === 'invalid_transition') ===
          (targetState(s.state, command) === null),
        () => `${command} in ${s.state} refused as ${verdict.refusal.kind}`,
      );
      continue;
    }
    // Every accepted step follows the table.
    check(verdict.from === s.state, () => `from ${verdict.from}, but the state is ${s.state}`);
    check(
      transitionsFrom(s.state).includes(command) && verdict.to === targetState(s.state, command),
      () => `${command} took ${s.state} to ${verdict.to}, off the table`,
    );
    // A finding is issued only when every mediator organisation reviewed the current draft and
    // at least one of them signed it off.
    if (verdict.to === 'finding_issued') {
      const current = s.reviews.filter(
        (r) =>
          r.draftVersion === s.draftVersion && s.mediatorOrganisationIds.includes(r.organisationId),
      );
      check(s.draftVersion > 0, () => 'finding issued without a draft');
      check(
        s.mediatorOrganisationIds.every((org) => current.some((r) => r.organisationId === org)),
        () => 'finding issued before every mediator organisation reviewed the current draft',
      );
      check(
        current.some((r) => r.verdict === 'sign_off'),
        () => 'finding issued without a sign-off',
      );
    }
    s = apply(s, command, who, verdict.to, now, step);
    check(REACHABLE.has(s.state), () => `unknown state ${s.state}`);
    // One review per organisation per draft.
    const keys = s.reviews.map((r) => `${r.organisationId}#${r.draftVersion}`);
    check(new Set(keys).size === keys.length, () => 'an organisation reviewed a draft twice');
    visit(s.state);
  }
}

describe('the workflow under random sequences of commands', () => {
  it('keeps its invariants', () => {
    fc.assert(
      fc.property(startArb, fc.array(stepArb, { maxLength: 60 }), (start, steps) => {
        run(start, steps);
      }),
      { numRuns: 400 },
    );
  });

  it('reaches every state, finding_issued included, over a fixed sample', () => {
    const visited = new Set<ComplaintState>();
    fc.assert(
      fc.property(startArb, fc.array(stepArb, { minLength: 20, maxLength: 80 }), (start, steps) => {
        run(start, steps, (s) => visited.add(s));
      }),
      { numRuns: 200, seed: 20251110 },
    );
    expect([...visited].sort()).toEqual([...COMPLAINT_STATES].sort());
  });
});
