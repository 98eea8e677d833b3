/**
 * Who may see a piece of shared intelligence, and what its originator may do with its release.
 * The server applies the same rule in SQL for lists, search and exports (`intel.visibility.ts`);
 * a property test holds the two together.
 *
 * Intelligence is a party's own material, lent to the mediators (and, if the party chooses, to
 * named other parties) under the party's control. So, deliberately narrower than `maySeeRecord`:
 * - the originator (the officers of the party that shared it) always sees it, withdrawn or
 *   expired;
 * - while it is released (not withdrawn, its release not expired), the mediators see it: role
 *   `mediator` only. Monitors are field staff who report what they observe, not analysts of a
 *   party's sources, and administrators run the software; neither is who a party means when it
 *   shares "with the mediators", and every extra reader widens the circle the party did not choose.
 *   A party that wants a monitor briefed asks the mediators to do it;
 * - while it is released, the officers of every party named in `releasedTo` see it;
 * - nobody else: not observers, not the public, not other parties.
 * Recipients cannot pass it on: only the originator widens or withdraws the release.
 */
import type { Actor } from '../policy/policy.ts';

/** The parts of a report the rule looks at. */
export interface IntelAccessFacts {
  readonly originatorOrganisationId: string;
  /** Parties beyond the mediators it is released to. */
  readonly releasedTo: readonly string[];
  /** From this moment on, only the originator sees it; null for no end. */
  readonly releaseExpiresAt: Date | string | null;
  /** Set when the originator withdrew it; then only the originator sees it. */
  readonly withdrawnAt: Date | string | null;
}

export const INTEL_RELEASE_STATES = ['released', 'expired', 'withdrawn'] as const;
export type IntelReleaseState = (typeof INTEL_RELEASE_STATES)[number];

const millis = (v: Date | string): number => (v instanceof Date ? v : new Date(v)).getTime();

/** Where the release stands at `now`: withdrawal is final; expiry happens at the instant given. */
export function intelReleaseState(report: IntelAccessFacts, now: Date): IntelReleaseState {
  if (report.withdrawnAt !== null) return 'withdrawn';
  if (report.releaseExpiresAt !== null && millis(report.releaseExpiresAt) <= now.getTime()) {
    return 'expired';
  }
  return 'released';
}

/** True for the officers of the party that shared the report: the ones who control its release. */
export function isIntelOriginator(
  actor: Actor | null,
  report: Pick<IntelAccessFacts, 'originatorOrganisationId'>,
): boolean {
  return (
    actor !== null &&
    actor.role === 'party_officer' &&
    actor.organisationId === report.originatorOrganisationId
  );
}

/** Whether `actor` may see the report at `now` (see the rule above). */
export function maySeeIntel(actor: Actor | null, report: IntelAccessFacts, now: Date): boolean {
  if (actor === null) return false;
  if (isIntelOriginator(actor, report)) return true;
  if (intelReleaseState(report, now) !== 'released') return false;
  if (actor.role === 'mediator') return true;
  return actor.role === 'party_officer' && report.releasedTo.includes(actor.organisationId);
}

/**
 * Who sees the record of who viewed a report: the originator (it controls the release, so it must
 * know how it was used) and the mediators while they may see the report (they keep the mechanism's
 * record). Other recipients do not learn who else read it.
 */
export function maySeeIntelViews(
  actor: Actor | null,
  report: IntelAccessFacts,
  now: Date,
): boolean {
  return (
    maySeeIntel(actor, report, now) &&
    (isIntelOriginator(actor, report) || actor?.role === 'mediator')
  );
}

/**
 * Whether the full release list is shown to `actor`: to the originator and the mediators. A
 * recipient party sees only that the report is released to itself, not to whom else.
 */
export function maySeeIntelRecipients(actor: Actor | null, report: IntelAccessFacts): boolean {
  return isIntelOriginator(actor, report) || actor?.role === 'mediator';
}

/** A field-level objection to a release change. */
export interface IntelReleaseError {
  readonly field: string;
  readonly message: string;
}

export type IntelReleasePlan =
  | {
      readonly ok: true;
      readonly releasedTo: string[];
      readonly releaseExpiresAt: Date | null;
    }
  | { readonly ok: false; readonly kind: 'withdrawn'; readonly message: string }
  | { readonly ok: false; readonly kind: 'invalid'; readonly errors: IntelReleaseError[] };

/**
 * Checks a change of release by the originator. A release only widens: every party already named
 * stays named (a party that has read a report cannot be made to unread it; withdraw instead), and
 * the release lasts at least as long as before (a later expiry, or none). An expiry must lie in
 * the future, so a lapsed release can be renewed. A withdrawn report stays withdrawn.
 */
export function planIntelRelease(
  current: IntelAccessFacts,
  next: { readonly releasedTo: readonly string[]; readonly releaseExpiresAt: string | null },
  now: Date,
): IntelReleasePlan {
  if (current.withdrawnAt !== null) {
    return {
      ok: false,
      kind: 'withdrawn',
      message: 'The report was withdrawn; share a new report instead',
    };
  }
  const errors: IntelReleaseError[] = [];
  const removed = current.releasedTo.filter((id) => !next.releasedTo.includes(id));
  if (removed.length > 0) {
    errors.push({
      field: 'body.releasedTo',
      message: `leaves out ${removed.join(', ')}: a release can only widen (withdraw the report instead)`,
    });
  }
  const expires = next.releaseExpiresAt === null ? null : new Date(next.releaseExpiresAt);
  if (expires !== null) {
    if (expires.getTime() <= now.getTime()) {
      errors.push({ field: 'body.releaseExpiresAt', message: 'is in the past' });
    } else if (current.releaseExpiresAt === null) {
      errors.push({
        field: 'body.releaseExpiresAt',
        message: 'would end a release that has no end: a release can only be extended',
      });
    } else if (expires.getTime() < millis(current.releaseExpiresAt)) {
      errors.push({
        field: 'body.releaseExpiresAt',
        message: `is before the current expiry (${new Date(millis(current.releaseExpiresAt)).toISOString()}): a release can only be extended`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, kind: 'invalid', errors };
  return { ok: true, releasedTo: [...new Set(next.releasedTo)].sort(), releaseExpiresAt: expires };
}
