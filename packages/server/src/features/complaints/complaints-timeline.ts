/**
 * Complaints over time for the dashboard's chart: how many per period of the incident's start,
 * category and accused party, under the same filters and visibility as the list and the counts.
 */
import { and, asc, sql } from 'drizzle-orm';
import type {
  Actor,
  ComplaintSearchQuery,
  ComplaintTimeline,
  TimelineBucket,
  ViolationCategoryId,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { complaints } from '../../platform/database/schema/index.ts';
import { searchConditions } from './complaints.repository.ts';

/**
 * Counts per UTC month (or ISO week, from Monday) in which the incident began, category and
 * accused party, oldest period first. Periods without complaints are left out.
 */
export async function complaintTimeline(
  db: Db,
  actor: Actor | null,
  q: ComplaintSearchQuery,
  bucket: TimelineBucket,
): Promise<ComplaintTimeline> {
  // A literal from a closed list rather than a parameter: GROUP BY must see the same expression
  // as the select list, and two parameters are never the same expression.
  const unit = sql.raw(bucket === 'week' ? `'week'` : `'month'`);
  const period = sql<string>`to_char(date_trunc(${unit}, ${complaints.occurredFrom} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      period,
      category: complaints.category,
      accused: complaints.accusedOrganisationId,
      count: sql<number>`count(*)::int`,
    })
    .from(complaints)
    .where(and(...searchConditions(actor, q)))
    .groupBy(period, complaints.category, complaints.accusedOrganisationId)
    .orderBy(period, asc(complaints.category), asc(complaints.accusedOrganisationId));
  return {
    bucket,
    items: rows.map((r) => ({
      period: r.period,
      category: r.category as ViolationCategoryId,
      accused: r.accused,
      count: Number(r.count),
    })),
  };
}
