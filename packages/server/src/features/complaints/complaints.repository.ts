/** Reading and writing complaint rows and their history. No rules here: the service decides. */
import { and, asc, desc, eq, gte, inArray, lte, lt, or, sql, type SQL } from 'drizzle-orm';
import type {
  Actor,
  Complaint,
  ComplaintSearchQuery,
  ComplaintState,
  ViolationCategoryId,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  agreementParties,
  complaintLinks,
  complaintObservations,
  complaintProvisions,
  complaintReplies,
  complaintTransitions,
  complaints,
  findingReviews,
  findings,
  investigations,
} from '../../platform/database/schema/index.ts';
import { complaintVisibleTo } from './complaints.visibility.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';

export type ComplaintRow = typeof complaints.$inferSelect;
export type NewComplaintRow = typeof complaints.$inferInsert;

/** The human reference of a complaint. */
export const referenceOf = (row: Pick<ComplaintRow, 'number'>): string => `C-${row.number}`;

export interface ComplaintLinks {
  readonly provisionIds: string[];
  readonly observationIds: string[];
  readonly relatedComplaintIds: string[];
}

export function presentComplaint(row: ComplaintRow, links: ComplaintLinks): Complaint {
  return {
    id: row.id,
    reference: referenceOf(row),
    agreementId: row.agreementId,
    state: row.state as ComplaintState,
    version: row.version,
    visibility: row.visibility,
    filer: { organisationId: row.filerOrganisationId, userId: row.filerUserId },
    accused: { organisationId: row.accusedOrganisationId, group: row.accusedGroup },
    category: row.category as ViolationCategoryId,
    provisionIds: links.provisionIds,
    title: row.title,
    narrative: { text: row.narrative, language: row.narrativeLanguage },
    when: {
      from: row.occurredFrom.toISOString(),
      to: row.occurredTo.toISOString(),
      precision: row.timePrecision,
    },
    where: {
      latitude: row.latitude,
      longitude: row.longitude,
      radiusKm: row.radiusKm,
      precision: row.locationPrecision,
      placeId: row.placeId,
      placeName: row.placeName,
      district: row.district,
      province: row.province,
      country: row.country,
    },
    casualties: row.casualties,
    replyDueAt: row.replyDueAt?.toISOString() ?? null,
    draftVersion: row.draftVersion,
    duplicateOf: row.duplicateOf,
    observationIds: links.observationIds,
    relatedComplaintIds: links.relatedComplaintIds,
    filedAt: row.filedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    demo: row.demo,
  };
}

export async function insertComplaint(tx: Db, values: NewComplaintRow): Promise<ComplaintRow> {
  const [row] = await tx.insert(complaints).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function insertLinks(tx: Db, complaintId: string, links: ComplaintLinks) {
  if (links.provisionIds.length > 0) {
    await tx
      .insert(complaintProvisions)
      .values(links.provisionIds.map((provisionId) => ({ complaintId, provisionId })));
  }
  if (links.observationIds.length > 0) {
    await tx
      .insert(complaintObservations)
      .values(links.observationIds.map((observationId) => ({ complaintId, observationId })));
  }
  if (links.relatedComplaintIds.length > 0) {
    await tx.insert(complaintLinks).values(
      links.relatedComplaintIds.map((relatedComplaintId) => ({
        complaintId,
        relatedComplaintId,
      })),
    );
  }
}

/** Links of many complaints in three queries (not three per complaint). */
export async function loadLinks(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, ComplaintLinks>> {
  const out = new Map<string, ComplaintLinks>();
  for (const id of ids)
    out.set(id, { provisionIds: [], observationIds: [], relatedComplaintIds: [] });
  if (ids.length === 0) return out;
  const list = [...ids];
  for (const r of await db
    .select()
    .from(complaintProvisions)
    .where(inArray(complaintProvisions.complaintId, list))
    .orderBy(asc(complaintProvisions.provisionId))) {
    out.get(r.complaintId)?.provisionIds.push(r.provisionId);
  }
  for (const r of await db
    .select()
    .from(complaintObservations)
    .where(inArray(complaintObservations.complaintId, list))
    .orderBy(asc(complaintObservations.observationId))) {
    out.get(r.complaintId)?.observationIds.push(r.observationId);
  }
  for (const r of await db
    .select()
    .from(complaintLinks)
    .where(inArray(complaintLinks.complaintId, list))
    .orderBy(asc(complaintLinks.relatedComplaintId))) {
    out.get(r.complaintId)?.relatedComplaintIds.push(r.relatedComplaintId);
  }
  return out;
}

export async function findComplaint(db: Db, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select().from(complaints).where(eq(complaints.id, id));
  return row;
}

/** Reads and locks a complaint for the rest of the transaction, so changes apply one at a time. */
export async function lockComplaint(tx: Db, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await tx.select().from(complaints).where(eq(complaints.id, id)).for('update');
  return row;
}

/**
 * Applies `patch` only if the complaint is still at `expectedVersion`, bumping the version.
 * Returns undefined when someone else changed it first.
 */
export async function updateComplaint(
  tx: Db,
  id: string,
  expectedVersion: number,
  patch: Partial<NewComplaintRow>,
): Promise<ComplaintRow | undefined> {
  const [row] = await tx
    .update(complaints)
    .set({ ...patch, version: expectedVersion + 1 })
    .where(and(eq(complaints.id, id), eq(complaints.version, expectedVersion)))
    .returning();
  return row;
}

export type TransitionRow = typeof complaintTransitions.$inferSelect;

export async function insertTransition(
  tx: Db,
  values: typeof complaintTransitions.$inferInsert,
): Promise<TransitionRow> {
  const [row] = await tx.insert(complaintTransitions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function listTransitions(db: Db, complaintId: string): Promise<TransitionRow[]> {
  return db
    .select()
    .from(complaintTransitions)
    .where(eq(complaintTransitions.complaintId, complaintId))
    .orderBy(asc(complaintTransitions.version));
}

export async function findReply(db: Db, complaintId: string) {
  const [row] = await db
    .select()
    .from(complaintReplies)
    .where(eq(complaintReplies.complaintId, complaintId))
    .orderBy(desc(complaintReplies.submittedAt))
    .limit(1);
  return row;
}

export async function insertReply(tx: Db, values: typeof complaintReplies.$inferInsert) {
  await tx.insert(complaintReplies).values(values);
}

export async function findInvestigation(db: Db, complaintId: string) {
  const [row] = await db
    .select()
    .from(investigations)
    .where(eq(investigations.complaintId, complaintId))
    .orderBy(desc(investigations.taskedAt))
    .limit(1);
  return row;
}

export async function insertInvestigation(tx: Db, values: typeof investigations.$inferInsert) {
  await tx.insert(investigations).values(values);
}

export async function recordInvestigationReport(
  tx: Db,
  id: string,
  report: { report: string; reportedBy: string; reportedAt: Date },
) {
  await tx.update(investigations).set(report).where(eq(investigations.id, id));
}

export async function findFinding(db: Db, complaintId: string, draftVersion: number) {
  const [row] = await db
    .select()
    .from(findings)
    .where(and(eq(findings.complaintId, complaintId), eq(findings.draftVersion, draftVersion)));
  return row;
}

export async function insertFinding(tx: Db, values: typeof findings.$inferInsert) {
  await tx.insert(findings).values(values);
}

export async function markFindingIssued(
  tx: Db,
  complaintId: string,
  draftVersion: number,
  at: Date,
) {
  await tx
    .update(findings)
    .set({ issuedAt: at })
    .where(and(eq(findings.complaintId, complaintId), eq(findings.draftVersion, draftVersion)));
}

export async function listReviews(db: Db, complaintId: string) {
  return db
    .select()
    .from(findingReviews)
    .where(eq(findingReviews.complaintId, complaintId))
    .orderBy(asc(findingReviews.at), asc(findingReviews.id));
}

export async function insertReview(tx: Db, values: typeof findingReviews.$inferInsert) {
  await tx.insert(findingReviews).values(values);
}

/** The mediator organisations of an agreement: each must review a draft finding. */
export async function mediatorsOf(db: Db, agreementId: string): Promise<string[]> {
  const rows = await db
    .select({ id: agreementParties.organisationId })
    .from(agreementParties)
    .where(
      and(eq(agreementParties.agreementId, agreementId), eq(agreementParties.capacity, 'mediator')),
    )
    .orderBy(asc(agreementParties.organisationId));
  return rows.map((r) => r.id);
}

/** Parties to an agreement: who may be accused. */
export async function partiesOf(db: Db, agreementId: string): Promise<string[]> {
  const rows = await db
    .select({ id: agreementParties.organisationId })
    .from(agreementParties)
    .where(
      and(eq(agreementParties.agreementId, agreementId), eq(agreementParties.capacity, 'party')),
    );
  return rows.map((r) => r.id);
}

/** Complaints awaiting a reply whose deadline has passed: for the overdue job. */
export async function listOverdue(db: Db, now: Date, limit: number) {
  return db
    .select({ id: complaints.id, version: complaints.version })
    .from(complaints)
    .where(and(eq(complaints.state, 'awaiting_reply'), lt(complaints.replyDueAt, now)))
    .orderBy(asc(complaints.replyDueAt))
    .limit(limit);
}

/** Complaints awaiting a reply due before `horizon`, not yet reminded: for the reminder job. */
export async function listDueSoon(db: Db, now: Date, horizon: Date, limit: number) {
  return db
    .select()
    .from(complaints)
    .where(
      and(
        eq(complaints.state, 'awaiting_reply'),
        gte(complaints.replyDueAt, now),
        lte(complaints.replyDueAt, horizon),
        sql`${complaints.replyReminderSentAt} is null`,
      ),
    )
    .limit(limit);
}

export async function markReminded(tx: Db, id: string, at: Date) {
  await tx.update(complaints).set({ replyReminderSentAt: at }).where(eq(complaints.id, id));
}

// ---------------------------------------------------------------------------------------------
// Search

/** Great-circle distance in km between the complaint's point and (lat, lon), in SQL. */
export function distanceKmSql(lat: number, lon: number): SQL {
  return sql`(6371.0088 * 2 * asin(sqrt(
    power(sin(radians(${complaints.latitude} - ${lat}) / 2), 2) +
    cos(radians(${lat})) * cos(radians(${complaints.latitude})) *
    power(sin(radians(${complaints.longitude} - ${lon}) / 2), 2))))`;
}

/**
 * The WHERE conditions of a search, visibility first. Shared by the list, counts, map data and
 * exports so that every read path filters the same way.
 */
export function searchConditions(actor: Actor | null, q: ComplaintSearchQuery): SQL[] {
  const where: SQL[] = [complaintVisibleTo(actor)];
  if (q.state?.length) where.push(inArray(complaints.state, q.state));
  if (q.category?.length) where.push(inArray(complaints.category, q.category));
  if (q.party) {
    where.push(
      or(
        eq(complaints.accusedOrganisationId, q.party),
        eq(complaints.filerOrganisationId, q.party),
      ) as SQL,
    );
  }
  if (q.accused) where.push(eq(complaints.accusedOrganisationId, q.accused));
  if (q.filer) where.push(eq(complaints.filerOrganisationId, q.filer));
  if (q.provision) {
    where.push(
      sql`exists (select 1 from ${complaintProvisions} where ${complaintProvisions.complaintId} = ${complaints.id} and ${complaintProvisions.provisionId} = ${q.provision})`,
    );
  }
  // Overlap of [occurredFrom, occurredTo] with [from, to].
  if (q.from) where.push(gte(complaints.occurredTo, new Date(q.from)));
  if (q.to) where.push(lte(complaints.occurredFrom, new Date(q.to)));
  if (q.place) where.push(eq(complaints.placeId, q.place));
  if (q.lat !== undefined && q.lon !== undefined && q.withinKm !== undefined) {
    // A bounding box first (index-friendly), then the exact distance.
    const dLat = q.withinKm / 111;
    where.push(sql`${complaints.latitude} between ${q.lat - dLat} and ${q.lat + dLat}`);
    where.push(sql`${distanceKmSql(q.lat, q.lon)} <= ${q.withinKm}`);
  }
  if (q.q) {
    where.push(sql`${complaints.search} @@ plainto_tsquery('simple'::regconfig, ${q.q})`);
  }
  if (q.replyDueBefore) where.push(lte(complaints.replyDueAt, new Date(q.replyDueBefore)));
  if (q.awaitingReviewBy === 'me') where.push(awaitingReviewBy(actor));
  return where;
}

/**
 * Complaints in review whose current draft the actor's organisation must still review: it is a
 * mediator organisation of the complaint's agreement and has no review of that draft. Only
 * mediators review, so for anyone else nothing matches.
 */
function awaitingReviewBy(actor: Actor | null): SQL {
  if (actor === null || actor.role !== 'mediator') return sql`false`;
  return and(
    eq(complaints.state, 'in_review'),
    sql`exists (select 1 from ${agreementParties} where ${agreementParties.agreementId} = ${complaints.agreementId} and ${agreementParties.organisationId} = ${actor.organisationId} and ${agreementParties.capacity} = 'mediator')`,
    sql`not exists (select 1 from ${findingReviews} where ${findingReviews.complaintId} = ${complaints.id} and ${findingReviews.draftVersion} = ${complaints.draftVersion} and ${findingReviews.organisationId} = ${actor.organisationId})`,
  ) as SQL;
}

/** One page of a search, newest filed first, stable under ties by id. */
export async function searchComplaints(
  db: Db,
  actor: Actor | null,
  q: ComplaintSearchQuery,
): Promise<{ rows: ComplaintRow[]; nextCursor: string | null }> {
  const where = searchConditions(actor, q);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(sql`(${complaints.filedAt}, ${complaints.id}) < (${new Date(c.at)}, ${c.id}::uuid)`);
  }
  const limit = q.limit ?? 50;
  const rows = await db
    .select()
    .from(complaints)
    .where(and(...where))
    .orderBy(desc(complaints.filedAt), desc(complaints.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.filedAt, last.id) : null,
  };
}

/** Counts by state and by accused party, under the same filters and visibility as the list. */
export async function countComplaints(db: Db, actor: Actor | null, q: ComplaintSearchQuery) {
  const where = and(...searchConditions(actor, q));
  const byState = await db
    .select({ key: complaints.state, count: sql<number>`count(*)::int` })
    .from(complaints)
    .where(where)
    .groupBy(complaints.state)
    .orderBy(asc(complaints.state));
  const byCategory = await db
    .select({ key: complaints.category, count: sql<number>`count(*)::int` })
    .from(complaints)
    .where(where)
    .groupBy(complaints.category)
    .orderBy(asc(complaints.category));
  const byAccused = await db
    .select({ key: complaints.accusedOrganisationId, count: sql<number>`count(*)::int` })
    .from(complaints)
    .where(where)
    .groupBy(complaints.accusedOrganisationId)
    .orderBy(asc(complaints.accusedOrganisationId));
  return { byState, byCategory, byAccused };
}

/** Most points in one map response: beyond this, narrow the filters. */
export const MAX_MAP_POINTS = 50_000;

/** Compact map points of the complaints the actor may see, under the list's filters. */
export async function complaintMapPoints(db: Db, actor: Actor | null, q: ComplaintSearchQuery) {
  const rows = await db
    .select({
      id: complaints.id,
      latitude: complaints.latitude,
      longitude: complaints.longitude,
      category: complaints.category,
      state: complaints.state,
    })
    .from(complaints)
    .where(and(...searchConditions(actor, q)))
    .orderBy(desc(complaints.filedAt), desc(complaints.id))
    .limit(MAX_MAP_POINTS + 1);
  return {
    points: rows
      .slice(0, MAX_MAP_POINTS)
      .map((r) => [r.id, r.latitude, r.longitude, r.category, r.state] as const),
    truncated: rows.length > MAX_MAP_POINTS,
  };
}
