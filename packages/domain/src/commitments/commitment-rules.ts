/**
 * Commitments: what a party (or every party) undertook at a round of talks, how the mechanism
 * judges whether it is kept, and who may say so. Pure rules; the server supplies the facts it reads
 * from the database and applies the verdicts.
 *
 * The status of a commitment is the mediators' judgement, never the party's:
 * - only a mediator (`role === 'mediator'`, with a `write`-scoped token if any) decides a status,
 *   and never a mediator of the commitment's own party (a party can never mark its own commitment
 *   met; a party officer has no decide action at all);
 * - a decision cites at least one evidence reference and gives a reason;
 * - a decision changes the status: `not_started` is only the status a commitment starts in (work
 *   once assessed is never "not started" again), a status never changes to itself, and
 *   `withdrawn` is final. Between the other statuses any change is allowed, because the facts on
 *   the ground move both ways: a met commitment can later be breached, a breach can be remedied.
 *
 * Parties speak through progress reports, which change no status: the officers of the party that
 * undertook the commitment (of any party when all undertook it) report, until it is withdrawn.
 *
 * Checks run in a fixed order, so a refusal names the first problem: who (`not_permitted`), then
 * the status table (`invalid_transition`), then the decision itself (`invalid_decision`).
 */
import type { Actor } from '../policy/policy.ts';

export const COMMITMENT_STATUSES = [
  'not_started',
  'in_progress',
  'partly_met',
  'met',
  'breached',
  'withdrawn',
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** The status every commitment starts in. */
export const INITIAL_COMMITMENT_STATUS: CommitmentStatus = 'not_started';

/** What a decision or a report may cite. */
export const EVIDENCE_REFERENCE_KINDS = [
  'evidence',
  'document',
  'file',
  'finding',
  'observation',
  'link',
] as const;
export type EvidenceReferenceKind = (typeof EVIDENCE_REFERENCE_KINDS)[number];

export interface EvidenceReference {
  readonly kind: EvidenceReferenceKind;
  /** An evidence item's or a finding's id, a file's SHA-256, a document's id, a URL. */
  readonly ref: string;
  readonly note?: string;
}

/** A problem with one field of a request; `field` is relative to the request body. */
export interface RuleFieldError {
  readonly field: string;
  readonly message: string;
}

/** Statuses a decision may move a commitment to from `status`. */
export function statusesFrom(status: CommitmentStatus): readonly CommitmentStatus[] {
  if (status === 'withdrawn') return [];
  return COMMITMENT_STATUSES.filter((s) => s !== status && s !== INITIAL_COMMITMENT_STATUS);
}

/** Whether no decision can change `status` any more. */
export function isFinalStatus(status: CommitmentStatus): boolean {
  return statusesFrom(status).length === 0;
}

/** The parts of a commitment the rules look at. */
export interface CommitmentFacts {
  readonly status: CommitmentStatus;
  /** The party that undertook it; null when every party did. */
  readonly partyOrganisationId: string | null;
  /** The parties to the commitment's agreement. */
  readonly partyOrganisationIds: readonly string[];
}

const canWrite = (actor: Actor) => !actor.tokenScopes || actor.tokenScopes.includes('write');

/** Whether `actor` may decide the status of this commitment at all (whatever the status). */
export function mayDecideStatus(actor: Actor | null, c: CommitmentFacts): boolean {
  return (
    actor !== null &&
    actor.role === 'mediator' &&
    actor.organisationKind !== 'party' &&
    actor.organisationId !== c.partyOrganisationId &&
    !c.partyOrganisationIds.includes(actor.organisationId) &&
    canWrite(actor)
  );
}

export interface StatusDecision {
  readonly status: CommitmentStatus;
  readonly reason: string;
  readonly evidence: readonly EvidenceReference[];
}

export type CommitmentRefusal =
  | { readonly kind: 'not_permitted'; readonly message: string }
  | {
      readonly kind: 'invalid_transition';
      readonly message: string;
      readonly allowed: readonly CommitmentStatus[];
    }
  | {
      readonly kind: 'invalid_decision';
      readonly message: string;
      readonly errors: readonly RuleFieldError[];
    };

export type StatusVerdict =
  | { readonly ok: true; readonly from: CommitmentStatus; readonly to: CommitmentStatus }
  | { readonly ok: false; readonly refusal: CommitmentRefusal };

const blank = (text: string) => text.trim().length === 0;

/** Whether `actor` may move the commitment to `decision.status` now, and if not, why. */
export function evaluateStatusDecision(
  c: CommitmentFacts,
  decision: StatusDecision,
  actor: Actor | null,
): StatusVerdict {
  if (!mayDecideStatus(actor, c)) {
    const message =
      actor !== null && actor.role === 'party_officer'
        ? "Only the mediators decide a commitment's status; a party reports its progress instead"
        : actor !== null && actor.role === 'mediator' && !canWrite(actor)
          ? 'This API token may not change records'
          : "Only a mediator outside the commitment's parties decides its status";
    return { ok: false, refusal: { kind: 'not_permitted', message } };
  }
  const allowed = statusesFrom(c.status);
  if (!allowed.includes(decision.status)) {
    const message =
      allowed.length === 0
        ? `The commitment is ${c.status}: that is final`
        : decision.status === c.status
          ? `The commitment is already ${c.status}`
          : `A commitment cannot go from ${c.status} to ${decision.status}`;
    return { ok: false, refusal: { kind: 'invalid_transition', message, allowed } };
  }
  const errors: RuleFieldError[] = [];
  if (blank(decision.reason)) errors.push({ field: 'reason', message: 'must give the reason' });
  if (decision.evidence.length === 0) {
    errors.push({ field: 'evidence', message: 'must cite at least one evidence reference' });
  }
  decision.evidence.forEach((e, i) => {
    if (blank(e.ref)) errors.push({ field: `evidence.${i}.ref`, message: 'must not be blank' });
  });
  if (errors.length > 0) {
    return {
      ok: false,
      refusal: {
        kind: 'invalid_decision',
        message: 'A status decision cites evidence and gives a reason',
        errors,
      },
    };
  }
  return { ok: true, from: c.status, to: decision.status };
}

/** The statuses this actor may decide now: what the web app offers. */
export function allowedStatusDecisions(
  c: CommitmentFacts,
  actor: Actor | null,
): readonly CommitmentStatus[] {
  return mayDecideStatus(actor, c) ? statusesFrom(c.status) : [];
}

/**
 * Whether `actor` speaks for a party that undertook the commitment: one of its officers, for the
 * commitment's party or, when every party undertook it, for any party to the agreement.
 */
export function isOwnPartyOfficer(
  c: Pick<CommitmentFacts, 'partyOrganisationId' | 'partyOrganisationIds'>,
  actor: Actor | null,
): boolean {
  return (
    actor !== null &&
    actor.role === 'party_officer' &&
    (c.partyOrganisationId === null
      ? c.partyOrganisationIds.includes(actor.organisationId)
      : actor.organisationId === c.partyOrganisationId)
  );
}

/** Whether `actor` may give a signed written assurance on the commitment. */
export function mayGiveAssurance(
  c: Pick<CommitmentFacts, 'partyOrganisationId' | 'partyOrganisationIds'>,
  actor: Actor | null,
): boolean {
  return isOwnPartyOfficer(c, actor) && actor !== null && canWrite(actor);
}

/** Whether `actor` may report progress on the commitment now, and if not, why. */
export function evaluateReport(
  c: CommitmentFacts,
  actor: Actor | null,
): { readonly ok: true } | { readonly ok: false; readonly refusal: CommitmentRefusal } {
  if (actor === null || !isOwnPartyOfficer(c, actor) || !canWrite(actor)) {
    return {
      ok: false,
      refusal: {
        kind: 'not_permitted',
        message: 'Only the officers of the party that undertook a commitment report on it',
      },
    };
  }
  if (isFinalStatus(c.status)) {
    return {
      ok: false,
      refusal: {
        kind: 'invalid_transition',
        message: `The commitment is ${c.status}: it takes no more reports`,
        allowed: [],
      },
    };
  }
  return { ok: true };
}

/** A measurable sign that a commitment is kept, and how the mechanism will verify it. */
export interface CommitmentIndicatorInput {
  readonly description: string;
  readonly meansOfVerification: string;
}

/** What a new commitment says, as far as the rules look at it. */
export interface NewCommitmentInput {
  readonly partyOrganisationId: string | null;
  readonly roundId?: string | null | undefined;
  readonly title: string;
  readonly text: string;
  readonly provisionIds: readonly string[];
  readonly indicators: readonly CommitmentIndicatorInput[];
  /** A calendar day, `YYYY-MM-DD`. */
  readonly dueOn?: string | null | undefined;
}

/** What the database knows about the commitment's setting. */
export interface NewCommitmentFacts {
  readonly agreementId: string;
  readonly provisionIds: readonly string[];
  readonly partyOrganisationIds: readonly string[];
  /** The round named by `roundId`: undefined when no such round exists (or none was named). */
  readonly round?:
    | {
        readonly agreementId: string | null;
        readonly startsOn: string;
        readonly endsOn: string;
      }
    | undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Every problem with a new commitment against its setting; empty when it may be recorded. */
export function checkNewCommitment(
  input: NewCommitmentInput,
  facts: NewCommitmentFacts,
): RuleFieldError[] {
  const errors: RuleFieldError[] = [];
  if (blank(input.title)) errors.push({ field: 'title', message: 'must not be blank' });
  if (blank(input.text)) errors.push({ field: 'text', message: 'must not be blank' });
  if (
    input.partyOrganisationId !== null &&
    !facts.partyOrganisationIds.includes(input.partyOrganisationId)
  ) {
    errors.push({ field: 'partyOrganisationId', message: 'is not a party to this agreement' });
  }
  const known = new Set(facts.provisionIds);
  const unknown = input.provisionIds.filter((id) => !known.has(id));
  if (input.provisionIds.length === 0) {
    errors.push({ field: 'provisionIds', message: 'must name at least one provision' });
  } else if (unknown.length > 0) {
    errors.push({
      field: 'provisionIds',
      message: `${unknown.join(', ')} is not a provision of this agreement`,
    });
  }
  if (input.indicators.length === 0) {
    errors.push({ field: 'indicators', message: 'must hold at least one measurable indicator' });
  }
  input.indicators.forEach((indicator, i) => {
    if (blank(indicator.description)) {
      errors.push({ field: `indicators.${i}.description`, message: 'must not be blank' });
    }
    if (blank(indicator.meansOfVerification)) {
      errors.push({
        field: `indicators.${i}.meansOfVerification`,
        message: 'must say how the mechanism will verify the indicator',
      });
    }
  });
  const roundNamed = input.roundId !== undefined && input.roundId !== null;
  if (roundNamed) {
    if (!facts.round) {
      errors.push({ field: 'roundId', message: 'is not a round of talks' });
    } else if (facts.round.agreementId !== null && facts.round.agreementId !== facts.agreementId) {
      errors.push({ field: 'roundId', message: 'is a round of talks on another agreement' });
    }
  }
  if (input.dueOn !== undefined && input.dueOn !== null) {
    if (!isCalendarDate(input.dueOn)) {
      errors.push({ field: 'dueOn', message: 'is not a calendar day (YYYY-MM-DD)' });
    } else if (roundNamed && facts.round && input.dueOn < facts.round.startsOn) {
      errors.push({
        field: 'dueOn',
        message: `is before the round of talks where the commitment was made (from ${facts.round.startsOn})`,
      });
    }
  }
  return errors;
}

/** The parts of a complaint's finding the breach rule looks at. */
export interface FindingFacts {
  readonly issued: boolean;
  readonly outcome: string;
  readonly attributedOrganisationId: string | null;
  readonly provisionIds: readonly string[];
}

/**
 * Whether an issued finding shows a breach of the commitment: it attributes a violation to the
 * commitment's party (to any party of the agreement when every party undertook it) under at least
 * one of the commitment's provisions.
 */
export function findingBreachesCommitment(
  c: Pick<CommitmentFacts, 'partyOrganisationId' | 'partyOrganisationIds'> & {
    readonly provisionIds: readonly string[];
  },
  f: FindingFacts,
): boolean {
  if (!f.issued || f.outcome !== 'violation_attributed' || f.attributedOrganisationId === null) {
    return false;
  }
  const party =
    c.partyOrganisationId === null
      ? c.partyOrganisationIds.includes(f.attributedOrganisationId)
      : f.attributedOrganisationId === c.partyOrganisationId;
  return party && f.provisionIds.some((p) => c.provisionIds.includes(p));
}
