/**
 * The complaint and evidence visibility rules of the domain (`maySeeComplaint`, `maySeeEvidence`)
 * as SQL conditions, so that lists, search, counts, map data and exports filter in the database
 * and never load what the actor may not see. `complaints-visibility.test.ts` checks that both
 * forms agree on every combination.
 */
import { and, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@truceline/domain';
import { complaints, evidence } from '../../platform/database/schema/index.ts';

const mediatorSide = (actor: Actor | null): boolean =>
  actor !== null &&
  (actor.role === 'mediator' || actor.role === 'monitor' || actor.role === 'admin');

/** Condition on `complaints` rows the actor may see. */
export function complaintVisibleTo(actor: Actor | null): SQL {
  if (mediatorSide(actor)) return sql`true`;
  if (actor === null || actor.role !== 'party_officer') {
    return eq(complaints.visibility, 'public');
  }
  return or(
    inArray(complaints.visibility, ['public', 'joint']),
    eq(complaints.filerOrganisationId, actor.organisationId),
    and(
      eq(complaints.accusedOrganisationId, actor.organisationId),
      isNotNull(complaints.replyDueAt),
    ),
  ) as SQL;
}

/** Condition on `evidence` rows (joined with their complaint) the actor may see. */
export function evidenceVisibleTo(actor: Actor | null): SQL {
  if (mediatorSide(actor)) return sql`true`;
  const own = actor === null ? sql`false` : eq(evidence.ownerOrganisationId, actor.organisationId);
  const byClass =
    actor !== null && actor.role === 'party_officer'
      ? inArray(evidence.visibility, ['public', 'joint'])
      : eq(evidence.visibility, 'public');
  return and(complaintVisibleTo(actor), or(own, byClass)) as SQL;
}
