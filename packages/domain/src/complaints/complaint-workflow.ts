/**
 * The verification workflow of a ceasefire complaint, as an explicit and pure state machine.
 *
 * A complaint is received, registered (or rejected), put to the accused party for a reply within a
 * deadline, investigated, reported on, and settled by a finding that every mediator organisation of
 * the agreement reviews before it is issued; then it is followed up and closed. It may be merged
 * into another complaint as a duplicate, withdrawn by the side that filed it, and reopened on new
 * evidence once closed or rejected.
 *
 * `evaluate` says whether a command may run now and, if not, why; it changes nothing. The server
 * applies an accepted command to its record (state `to`; `draftVersion + 1` on `draft_finding`; the
 * review appended on `sign_off` / `dissent`; `replyDueAt` set on `open_reply_window`).
 *
 * Checks run in a fixed order, so a refusal always names the first problem:
 * 1. `invalid_transition`: the table has no such command from this state (whoever asks);
 * 2. `not_permitted`: this actor may not give this command on this complaint;
 * 3. `precondition`: the command fits, but the complaint is not ready for it.
 *
 * Who is a mediator here is `actor.role === 'mediator'` only: administrators run the software and
 * monitors gather evidence, neither decides a complaint. An API token without the `write` scope
 * never changes a complaint (`not_permitted`), whatever its owner's role.
 */
import type { Actor } from '../policy/policy.ts';

export const COMPLAINT_STATES = [
  'received',
  'registered',
  'rejected',
  'awaiting_reply',
  'reply_received',
  'reply_overdue',
  'investigating',
  'investigation_reported',
  'in_review',
  'finding_issued',
  'follow_up',
  'closed',
  'merged',
  'withdrawn',
  'reopened',
] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const COMPLAINT_COMMANDS = [
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
  'merge',
  'withdraw',
  'reopen',
] as const;
export type ComplaintCommand = (typeof COMPLAINT_COMMANDS)[number];

/** What an issued finding concludes. */
export const FINDING_OUTCOMES = [
  'violation_attributed',
  'violation_not_attributable',
  'unsubstantiated',
  'not_a_violation',
] as const;
export type FindingOutcome = (typeof FINDING_OUTCOMES)[number];

/** Who acts: a signed-in actor, or the system (deadline jobs). */
export type WorkflowActor = Actor | 'system';

/** One mediator organisation's verdict on one draft of the finding. */
export interface ComplaintReview {
  readonly organisationId: string;
  readonly verdict: 'sign_off' | 'dissent';
  readonly draftVersion: number;
}

/** What the workflow needs to know of a complaint to decide a command. */
export interface WorkflowSnapshot {
  readonly state: ComplaintState;
  readonly filerOrganisationId: string;
  /** `null` when only a group is accused (no party of the agreement is asked to reply). */
  readonly accusedOrganisationId: string | null;
  readonly replyDueAt: Date | null;
  /** The agreement's mediator organisations: each must review the current draft of the finding. */
  readonly mediatorOrganisationIds: readonly string[];
  /** 0 before any draft finding; each `draft_finding` makes a new draft, and older reviews lapse. */
  readonly draftVersion: number;
  readonly reviews: readonly ComplaintReview[];
}

export type PreconditionCode =
  | 'reply_deadline_passed'
  | 'reply_deadline_not_passed'
  | 'reviews_incomplete'
  | 'no_sign_off'
  | 'already_reviewed'
  | 'no_accused_party'
  | 'accused_party_must_reply_first'
  | 'new_evidence_required';

export type WorkflowRefusal =
  | {
      kind: 'invalid_transition';
      state: ComplaintState;
      command: ComplaintCommand;
      /** The commands the table allows from this state, whoever asks. */
      allowed: ComplaintCommand[];
      message: string;
    }
  | { kind: 'not_permitted'; command: ComplaintCommand; message: string }
  | { kind: 'precondition'; command: ComplaintCommand; code: PreconditionCode; message: string };

export type WorkflowVerdict =
  { ok: true; from: ComplaintState; to: ComplaintState } | { ok: false; refusal: WorkflowRefusal };

/** Facts the snapshot does not hold, supplied by the caller when a command needs them. */
export interface WorkflowFacts {
  /** Evidence items added since the complaint was closed or rejected: `reopen` needs at least one. */
  readonly newEvidenceCount?: number;
}

/** States from which a complaint may be merged into another as a duplicate. */
const MERGEABLE: readonly ComplaintState[] = [
  'received',
  'registered',
  'awaiting_reply',
  'reply_received',
  'reply_overdue',
  'investigating',
  'investigation_reported',
  'reopened',
];

/** States from which the filing side may withdraw its complaint (not once a finding is issued). */
const WITHDRAWABLE: readonly ComplaintState[] = [...MERGEABLE, 'in_review'];

type Row = Partial<Record<ComplaintCommand, ComplaintState>>;

/** Each state's own transitions; `merge` and `withdraw` are added from the lists above. */
const OWN: Readonly<Record<ComplaintState, Row>> = {
  received: { register: 'registered', reject: 'rejected' },
  registered: { open_reply_window: 'awaiting_reply', task_investigation: 'investigating' },
  rejected: { reopen: 'reopened' },
  awaiting_reply: { reply: 'reply_received', mark_reply_overdue: 'reply_overdue' },
  reply_received: { task_investigation: 'investigating' },
  reply_overdue: { task_investigation: 'investigating' },
  investigating: { report_investigation: 'investigation_reported' },
  investigation_reported: { draft_finding: 'in_review' },
  in_review: {
    draft_finding: 'in_review',
    sign_off: 'in_review',
    dissent: 'in_review',
    issue_finding: 'finding_issued',
  },
  finding_issued: { record_follow_up: 'follow_up', close: 'closed' },
  follow_up: { record_follow_up: 'follow_up', close: 'closed' },
  closed: { reopen: 'reopened' },
  merged: {},
  withdrawn: {},
  reopened: { open_reply_window: 'awaiting_reply', task_investigation: 'investigating' },
};

/** The transition table: for each state, each command it accepts and the state it leads to. */
const TABLE: Readonly<Record<ComplaintState, Row>> = Object.fromEntries(
  COMPLAINT_STATES.map((state): [ComplaintState, Row] => [
    state,
    {
      ...OWN[state],
      ...(MERGEABLE.includes(state) ? { merge: 'merged' } : {}),
      ...(WITHDRAWABLE.includes(state) ? { withdraw: 'withdrawn' } : {}),
    },
  ]),
) as Record<ComplaintState, Row>;

/** The commands the table accepts from `state` (whoever asks), in `COMPLAINT_COMMANDS` order. */
export function transitionsFrom(state: ComplaintState): readonly ComplaintCommand[] {
  const entries = TABLE[state];
  return COMPLAINT_COMMANDS.filter((c) => entries[c] !== undefined);
}

/** The state a command leads to from `state`, or `null` when the table has no such transition. */
export function targetState(
  state: ComplaintState,
  command: ComplaintCommand,
): ComplaintState | null {
  return TABLE[state][command] ?? null;
}

/**
 * True for states nothing can leave: `merged` and `withdrawn`. `closed` and `rejected` are not
 * terminal: a mediator may reopen them on new evidence.
 */
export function isTerminal(state: ComplaintState): boolean {
  return transitionsFrom(state).length === 0;
}

/** Mediator organisations that have not yet reviewed the current draft of the finding. */
export function pendingReviewers(snapshot: WorkflowSnapshot): string[] {
  const reviewed = new Set(currentReviews(snapshot).map((r) => r.organisationId));
  return snapshot.mediatorOrganisationIds.filter((id) => !reviewed.has(id));
}

/** The snapshot with `review` recorded, as the server does on an accepted `sign_off` or `dissent`. */
export function applyReview(snapshot: WorkflowSnapshot, review: ComplaintReview): WorkflowSnapshot {
  return { ...snapshot, reviews: [...snapshot.reviews, review] };
}

function currentReviews(snapshot: WorkflowSnapshot): ComplaintReview[] {
  return snapshot.reviews.filter(
    (r) =>
      r.draftVersion === snapshot.draftVersion &&
      snapshot.mediatorOrganisationIds.includes(r.organisationId),
  );
}

const PHRASES: Readonly<Record<ComplaintCommand, string>> = {
  register: 'register',
  reject: 'reject',
  open_reply_window: 'open the reply window of',
  reply: 'reply to',
  mark_reply_overdue: 'mark the reply overdue on',
  task_investigation: 'task an investigation of',
  report_investigation: 'report the investigation of',
  draft_finding: 'draft a finding on',
  sign_off: 'sign off the finding on',
  dissent: 'dissent from the finding on',
  issue_finding: 'issue the finding on',
  record_follow_up: 'record follow-up on',
  close: 'close',
  merge: 'merge',
  withdraw: 'withdraw',
  reopen: 'reopen',
};

function invalidTransition(state: ComplaintState, command: ComplaintCommand): WorkflowVerdict {
  const allowed = [...transitionsFrom(state)];
  const list = allowed.length > 0 ? allowed.join(', ') : 'none (it is final)';
  return {
    ok: false,
    refusal: {
      kind: 'invalid_transition',
      state,
      command,
      allowed,
      message: `Cannot ${PHRASES[command]} a complaint that is ${state}; allowed from ${state}: ${list}`,
    },
  };
}

function notPermitted(command: ComplaintCommand, message: string): WorkflowVerdict {
  return { ok: false, refusal: { kind: 'not_permitted', command, message } };
}

function precondition(
  command: ComplaintCommand,
  code: PreconditionCode,
  message: string,
): WorkflowVerdict {
  return { ok: false, refusal: { kind: 'precondition', command, code, message } };
}

/** Why `actor` may not give `command` on this complaint, or `null` when it may. */
function permissionProblem(
  snapshot: WorkflowSnapshot,
  command: ComplaintCommand,
  actor: WorkflowActor,
): string | null {
  if (actor === 'system') {
    return command === 'mark_reply_overdue'
      ? null
      : 'The system may only mark a reply overdue; a person must ' +
          PHRASES[command] +
          ' a complaint';
  }
  if (actor.tokenScopes && !actor.tokenScopes.includes('write')) {
    return 'This API token may not change complaints: it lacks the write scope';
  }
  const mediator = actor.role === 'mediator';
  switch (command) {
    case 'reply':
      return actor.role === 'party_officer' &&
        snapshot.accusedOrganisationId !== null &&
        actor.organisationId === snapshot.accusedOrganisationId
        ? null
        : 'Only an officer of the accused party may reply to a complaint';
    case 'report_investigation':
      return mediator || actor.role === 'monitor'
        ? null
        : 'Only a mediator or a monitor may report an investigation';
    case 'sign_off':
    case 'dissent':
      return mediator && snapshot.mediatorOrganisationIds.includes(actor.organisationId)
        ? null
        : "Only a mediator of one of the agreement's mediator organisations may review a finding";
    case 'withdraw':
      return (mediator || actor.role === 'monitor' || actor.role === 'party_officer') &&
        actor.organisationId === snapshot.filerOrganisationId
        ? null
        : 'Only the organisation that filed a complaint may withdraw it';
    default:
      return mediator ? null : `Only a mediator may ${PHRASES[command]} a complaint`;
  }
}

/** Why the complaint is not ready for `command`, or `null` when it is. */
function preconditionProblem(
  snapshot: WorkflowSnapshot,
  command: ComplaintCommand,
  actor: WorkflowActor,
  now: Date,
  facts: WorkflowFacts,
): WorkflowVerdict | null {
  const due = snapshot.replyDueAt;
  switch (command) {
    case 'open_reply_window':
      return snapshot.accusedOrganisationId === null
        ? precondition(
            command,
            'no_accused_party',
            'No party is accused, so there is no one to ask for a reply; task an investigation instead',
          )
        : null;
    case 'reply':
      // No deadline recorded means the window has no end.
      return due !== null && now.getTime() > due.getTime()
        ? precondition(
            command,
            'reply_deadline_passed',
            `The reply was due by ${due.toISOString()}; the deadline has passed`,
          )
        : null;
    case 'mark_reply_overdue':
      return due === null || now.getTime() <= due.getTime()
        ? precondition(
            command,
            'reply_deadline_not_passed',
            due === null
              ? 'The reply window has no deadline, so the reply cannot be overdue'
              : `The reply is due by ${due.toISOString()}; it is not overdue yet`,
          )
        : null;
    case 'task_investigation':
      return snapshot.state === 'registered' && snapshot.accusedOrganisationId !== null
        ? precondition(
            command,
            'accused_party_must_reply_first',
            'A party is accused: open the reply window and let it reply (or the deadline pass) first',
          )
        : null;
    case 'sign_off':
    case 'dissent': {
      const organisationId = actor === 'system' ? '' : actor.organisationId;
      return currentReviews(snapshot).some((r) => r.organisationId === organisationId)
        ? precondition(
            command,
            'already_reviewed',
            `Organisation ${organisationId} has already reviewed draft ${snapshot.draftVersion} of the finding`,
          )
        : null;
    }
    case 'issue_finding': {
      const pending = pendingReviewers(snapshot);
      if (pending.length > 0) {
        return precondition(
          command,
          'reviews_incomplete',
          `Every mediator organisation must review draft ${snapshot.draftVersion} first; waiting for: ${pending.join(', ')}`,
        );
      }
      return currentReviews(snapshot).some((r) => r.verdict === 'sign_off')
        ? null
        : precondition(
            command,
            'no_sign_off',
            `No mediator organisation signed off draft ${snapshot.draftVersion}; redraft the finding`,
          );
    }
    case 'reopen':
      return (facts.newEvidenceCount ?? 0) > 0
        ? null
        : precondition(
            command,
            'new_evidence_required',
            'A closed or rejected complaint is reopened only on new evidence',
          );
    default:
      return null;
  }
}

/**
 * Whether `actor` may give `command` on the complaint at `now`, and where it leads. Pure: it reads
 * the snapshot and changes nothing.
 */
export function evaluate(
  snapshot: WorkflowSnapshot,
  command: ComplaintCommand,
  actor: WorkflowActor,
  now: Date,
  facts: WorkflowFacts = {},
): WorkflowVerdict {
  const to = targetState(snapshot.state, command);
  if (to === null) return invalidTransition(snapshot.state, command);
  const forbidden = permissionProblem(snapshot, command, actor);
  if (forbidden !== null) return notPermitted(command, forbidden);
  const unready = preconditionProblem(snapshot, command, actor, now, facts);
  if (unready !== null) return unready;
  return { ok: true, from: snapshot.state, to };
}

/**
 * The commands `evaluate` would accept from `actor` now, in `COMPLAINT_COMMANDS` order: what the
 * web app offers as buttons. `reopen` depends on a fact the snapshot does not hold, so it is listed
 * only when `facts.newEvidenceCount > 0` is passed (without facts it is left out, as `evaluate`
 * would refuse it).
 */
export function allowedCommands(
  snapshot: WorkflowSnapshot,
  actor: WorkflowActor,
  now: Date,
  facts: WorkflowFacts = {},
): ComplaintCommand[] {
  return transitionsFrom(snapshot.state).filter((c) => evaluate(snapshot, c, actor, now, facts).ok);
}
