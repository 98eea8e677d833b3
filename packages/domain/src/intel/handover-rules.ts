/**
 * Handovers of named persons at a crossing: who may see a request and the small workflow it goes
 * through. A party requests, the other party answers (accepts or refuses), and the outcome of an
 * accepted handover is recorded (completed or failed).
 *
 * ```
 * requested ──answer(accept)──▶ accepted ──outcome──▶ completed | failed
 *     └──────answer(refuse)──▶ refused
 * ```
 *
 * The server applies the visibility rule in SQL for lists (`handovers.visibility.ts`).
 */
import type { Actor } from '../policy/policy.ts';

export const HANDOVER_STATUSES = [
  'requested',
  'accepted',
  'refused',
  'completed',
  'failed',
] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];
export const HANDOVER_DECISIONS = ['accept', 'refuse'] as const;
export type HandoverDecision = (typeof HANDOVER_DECISIONS)[number];
export const HANDOVER_OUTCOMES = ['completed', 'failed'] as const;
export type HandoverOutcome = (typeof HANDOVER_OUTCOMES)[number];
export const HANDOVER_COMMANDS = ['answer', 'record_outcome'] as const;
export type HandoverCommand = (typeof HANDOVER_COMMANDS)[number];

/** The parts of a handover the rules look at. */
export interface HandoverFacts {
  readonly requestingOrganisationId: string;
  readonly respondingOrganisationId: string;
  readonly status: string;
}

/**
 * Persons' names and the circumstances of a handover are sensitive: the two parties' officers,
 * the mediators and the monitors (who attend handovers at the crossing) see them; administrators,
 * observers, other parties and the public do not.
 */
export function maySeeHandover(actor: Actor | null, h: HandoverFacts): boolean {
  if (actor === null) return false;
  if (actor.role === 'mediator' || actor.role === 'monitor') return true;
  return (
    actor.role === 'party_officer' &&
    (actor.organisationId === h.requestingOrganisationId ||
      actor.organisationId === h.respondingOrganisationId)
  );
}

const FROM: Readonly<Record<HandoverCommand, HandoverStatus>> = {
  answer: 'requested',
  record_outcome: 'accepted',
};

/** Whether `actor` may issue `command` at all, whatever the status. */
function permitted(actor: Actor, h: HandoverFacts, command: HandoverCommand): boolean {
  switch (command) {
    case 'answer':
      // Only the side that is asked answers.
      return actor.role === 'party_officer' && actor.organisationId === h.respondingOrganisationId;
    case 'record_outcome':
      // The mediators, or either party's officers, record what happened at the crossing.
      return (
        actor.role === 'mediator' ||
        (actor.role === 'party_officer' &&
          (actor.organisationId === h.requestingOrganisationId ||
            actor.organisationId === h.respondingOrganisationId))
      );
  }
}

export type HandoverVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly kind: 'invalid_transition' | 'not_permitted';
      readonly message: string;
      /** What the current status allows this actor. */
      readonly allowed: HandoverCommand[];
    };

/** The commands the status allows `actor` now. */
export function allowedHandoverCommands(actor: Actor | null, h: HandoverFacts): HandoverCommand[] {
  if (actor === null) return [];
  return HANDOVER_COMMANDS.filter((c) => FROM[c] === h.status && permitted(actor, h, c));
}

/** Decides a command on a handover the actor may see. Pure. */
export function evaluateHandover(
  h: HandoverFacts,
  command: HandoverCommand,
  actor: Actor,
): HandoverVerdict {
  const allowed = allowedHandoverCommands(actor, h);
  if (!permitted(actor, h, command)) {
    return {
      ok: false,
      kind: 'not_permitted',
      message:
        command === 'answer'
          ? 'Only the officers of the party asked for the handover answer it'
          : "Only the mediators and the two parties' officers record the outcome",
      allowed,
    };
  }
  if (FROM[command] !== h.status) {
    return {
      ok: false,
      kind: 'invalid_transition',
      message:
        command === 'answer'
          ? `The handover is ${h.status}; only a requested handover is answered`
          : `The handover is ${h.status}; an outcome is recorded only for an accepted handover`,
      allowed,
    };
  }
  return { ok: true };
}
