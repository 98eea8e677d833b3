/**
 * The one place where Truceline decides who may do what.
 *
 * Handlers never test roles themselves: they ask `decide(actor, action)` (or the server's
 * `authorize` helper built on it). Later features add their actions here, so a reviewer reads one
 * table to know every permission in the system, and the web app asks the server for the verdicts
 * instead of keeping a copy.
 */
import type { OrganisationKind, Role, TokenScope } from '../accounts/roles.ts';
import type { RecordVisibility } from '../record/log-entry.ts';

/** Who is asking. `null` stands for an anonymous member of the public. */
export interface Actor {
  readonly userId: string;
  readonly role: Role;
  readonly organisationId: string;
  readonly organisationKind: OrganisationKind;
  /** Present when the request came with an API token: what the token allows, besides the role. */
  readonly tokenScopes?: readonly TokenScope[];
}

/** Every action the policy knows, grouped by feature. */
export const ACTIONS = {
  'agreement.read': { scope: 'read', public: true },
  'crossing.read': { scope: 'read', public: true },
  'talks.read': { scope: 'read', public: true },
  'log.read': { scope: 'read', public: true },
  /** Witnesses post cosignatures: the signature itself authenticates, so no account is needed. */
  'log.cosign': { scope: 'write', public: true },
  'log.open': { scope: 'read', public: true },
  /** Who takes part in the mechanism is public: the public page names parties and mediators. */
  'organisation.list': { scope: 'read', public: true },
  /** The people a mediator may task with an investigation. */
  'investigator.list': { scope: 'read', public: false },
  'user.list': { scope: 'read', public: false },
  'user.create': { scope: 'write', public: false },
  'user.disable': { scope: 'write', public: false },
  'session.own.read': { scope: 'read', public: false },
  'session.own.revoke': { scope: 'write', public: false },
  /** The user's own settings (the interface language). */
  'account.own.update': { scope: 'write', public: false },
  'token.own.list': { scope: 'read', public: false },
  'token.own.create': { scope: 'write', public: false },
  'token.own.revoke': { scope: 'write', public: false },
  'token.any.revoke': { scope: 'write', public: false },
  'jobs.read': { scope: 'read', public: false },
  /** Complaints: reads are open to all, then filtered record by record (`maySeeComplaint`). */
  'complaint.read': { scope: 'read', public: true },
  'complaint.create': { scope: 'write', public: false },
  /** Workflow commands; the workflow then decides per command who may issue it. */
  'complaint.transition': { scope: 'write', public: false },
  'complaint.reply': { scope: 'write', public: false },
  'complaint.review': { scope: 'write', public: false },
  'complaint.publish': { scope: 'write', public: false },
  'evidence.read': { scope: 'read', public: true },
  'evidence.add': { scope: 'write', public: false },
  'observation.read': { scope: 'read', public: true },
  'observation.create': { scope: 'write', public: false },
  'gazetteer.read': { scope: 'read', public: true },
  'notification.own.read': { scope: 'read', public: false },
  'notification.own.update': { scope: 'write', public: false },
  'webhook.own.manage': { scope: 'write', public: false },
  'webhook.own.read': { scope: 'read', public: false },
  /** Commitments: public reads filtered by visibility; only mediators decide a status. */
  'commitment.read': { scope: 'read', public: true },
  'commitment.create': { scope: 'write', public: false },
  'commitment.decide': { scope: 'write', public: false },
  'commitment.report': { scope: 'write', public: false },
  'assurance.read': { scope: 'read', public: true },
  'assurance.submit': { scope: 'write', public: false },
  'party_key.read': { scope: 'read', public: true },
  'party_key.manage': { scope: 'write', public: false },
  'crossing.manage': { scope: 'write', public: false },
  'talks.manage': { scope: 'write', public: false },
  'intel.read': { scope: 'read', public: false },
  'intel.share': { scope: 'write', public: false },
  'handover.read': { scope: 'read', public: false },
  'handover.manage': { scope: 'write', public: false },
  /**
   * Open-source monitoring: the news is public, but which sources the mechanism follows and how
   * it reads them (stories, origins, contradictions) is the mediators' side's own analysis.
   */
  'osint.read': { scope: 'read', public: false },
  'osint.manage': { scope: 'write', public: false },
} as const satisfies Record<string, { scope: TokenScope; public: boolean }>;

export type Action = keyof typeof ACTIONS;

/** Roles allowed each non-public action. Public actions are open to everyone, anonymous included. */
const ROLES_FOR: Readonly<Record<Action, readonly Role[] | 'everyone'>> = {
  'agreement.read': 'everyone',
  'crossing.read': 'everyone',
  'talks.read': 'everyone',
  'log.read': 'everyone',
  'log.cosign': 'everyone',
  'log.open': 'everyone',
  'organisation.list': 'everyone',
  'investigator.list': ['mediator'],
  'user.list': ['admin'],
  'user.create': ['admin'],
  'user.disable': ['admin'],
  'session.own.read': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'session.own.revoke': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'account.own.update': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'token.own.list': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'token.own.create': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'token.own.revoke': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'token.any.revoke': ['admin'],
  'jobs.read': ['admin'],
  'complaint.read': 'everyone',
  'complaint.create': ['party_officer', 'monitor', 'mediator'],
  'complaint.transition': ['party_officer', 'monitor', 'mediator'],
  'complaint.reply': ['party_officer'],
  'complaint.review': ['mediator'],
  'complaint.publish': ['mediator'],
  'evidence.read': 'everyone',
  'evidence.add': ['party_officer', 'monitor', 'mediator'],
  'observation.read': 'everyone',
  'observation.create': ['monitor', 'mediator'],
  'gazetteer.read': 'everyone',
  'notification.own.read': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'notification.own.update': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'webhook.own.manage': ['admin', 'mediator', 'party_officer'],
  'webhook.own.read': ['admin', 'mediator', 'party_officer'],
  'commitment.read': 'everyone',
  'commitment.create': ['mediator'],
  'commitment.decide': ['mediator'],
  'commitment.report': ['party_officer'],
  'assurance.read': 'everyone',
  'assurance.submit': ['party_officer'],
  'party_key.read': 'everyone',
  'party_key.manage': ['admin', 'mediator'],
  'crossing.manage': ['mediator'],
  'talks.manage': ['mediator'],
  'intel.read': ['admin', 'mediator', 'party_officer', 'monitor', 'observer'],
  'intel.share': ['party_officer'],
  'handover.read': ['mediator', 'party_officer', 'monitor'],
  'handover.manage': ['mediator', 'party_officer'],
  'osint.read': ['admin', 'mediator', 'monitor'],
  'osint.manage': ['mediator', 'monitor'],
};

/** The outcome of a permission check, with a reason a log or an error can show. */
export type Decision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: 'unauthenticated' | 'forbidden' | 'token_scope';
    };

const ALLOW: Decision = { allowed: true };

/** Decides whether `actor` may perform `action`. Pure: the same inputs give the same verdict. */
export function decide(actor: Actor | null, action: Action): Decision {
  const rule = ROLES_FOR[action];
  if (rule === 'everyone') {
    return actor?.tokenScopes && !actor.tokenScopes.includes(ACTIONS[action].scope)
      ? { allowed: false, reason: 'token_scope' }
      : ALLOW;
  }
  if (actor === null) return { allowed: false, reason: 'unauthenticated' };
  if (!rule.includes(actor.role)) return { allowed: false, reason: 'forbidden' };
  if (actor.tokenScopes && !actor.tokenScopes.includes(ACTIONS[action].scope)) {
    return { allowed: false, reason: 'token_scope' };
  }
  return ALLOW;
}

/** Every action this actor may perform: what the web app uses to show or hide controls. */
export function capabilities(actor: Actor | null): Action[] {
  return (Object.keys(ACTIONS) as Action[]).filter((a) => decide(actor, a).allowed);
}

/**
 * Whether `actor` may see a record of the given visibility class: the one rule behind every read
 * path of restricted material (lists, search, exports, files, log openings).
 * - `public`: everyone, anonymous included;
 * - `joint`: the parties' officers and the mediators' side (mediators, monitors, administrators);
 * - `mediators`: the mediators' side only;
 * - `originator`: the mediators' side and the officers of the party that owns the record;
 * - `internal`: administrators (accounts, tokens).
 */
export function maySeeRecord(
  actor: Actor | null,
  visibility: RecordVisibility,
  ownerOrganisationId: string | null = null,
): boolean {
  if (visibility === 'public') return true;
  if (actor === null) return false;
  const mediatorSide =
    actor.role === 'mediator' || actor.role === 'monitor' || actor.role === 'admin';
  switch (visibility) {
    case 'joint':
      return mediatorSide || actor.role === 'party_officer';
    case 'mediators':
      return mediatorSide;
    case 'originator':
      return (
        mediatorSide ||
        (actor.role === 'party_officer' && actor.organisationId === ownerOrganisationId)
      );
    case 'internal':
      return actor.role === 'admin';
  }
}
