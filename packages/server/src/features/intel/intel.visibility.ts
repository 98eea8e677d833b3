/**
 * The domain's intelligence rule (`maySeeIntel`) as SQL, so that lists, search and exports filter
 * in the database and never load a report the actor may not see. `now` is passed in (the
 * service's clock), never the database's, so both forms judge expiry at the same instant.
 * `intel-visibility-rules.test.ts` holds the two forms together.
 */
import { and, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@truceline/domain';
import { intelReports } from '../../platform/database/schema/index.ts';

/** Released: not withdrawn, and its release not expired at `now`. */
export function intelReleasedAt(now: Date): SQL {
  return and(
    isNull(intelReports.withdrawnAt),
    or(isNull(intelReports.releaseExpiresAt), gt(intelReports.releaseExpiresAt, now)),
  ) as SQL;
}

/** Condition on `intel_reports` rows the actor may see at `now`. */
export function intelVisibleTo(actor: Actor | null, now: Date): SQL {
  if (actor === null) return sql`false`;
  if (actor.role === 'mediator') return intelReleasedAt(now);
  if (actor.role !== 'party_officer') return sql`false`;
  return or(
    eq(intelReports.originatorOrganisationId, actor.organisationId),
    and(
      intelReleasedAt(now),
      sql`${intelReports.releasedTo} @> ${JSON.stringify([actor.organisationId])}::jsonb`,
    ),
  ) as SQL;
}
