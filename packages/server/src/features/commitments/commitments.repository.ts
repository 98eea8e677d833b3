/**
 * Reading and writing commitments, their status history, reports, party keys and assurances, and
 * the visibility rule as SQL. No rules here beyond visibility: the services ask the domain.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type {
  Actor,
  Assurance,
  Commitment,
  CommitmentReport,
  CommitmentStatus,
  CommitmentStatusChange,
  MaterialVisibility,
  PartyKey,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  agreementParties,
  assurances,
  commitmentReports,
  commitmentStatusChanges,
  commitments,
  complaints,
  findings,
  partyKeys,
} from '../../platform/database/schema/index.ts';
import { complaintVisibleTo } from '../complaints/complaints.visibility.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';

export type CommitmentRow = typeof commitments.$inferSelect;
export type StatusChangeRow = typeof commitmentStatusChanges.$inferSelect;
export type ReportRow = typeof commitmentReports.$inferSelect;
export type PartyKeyRow = typeof partyKeys.$inferSelect;
export type AssuranceRow = typeof assurances.$inferSelect;

/** The human reference of a commitment. */
export const commitmentReference = (row: Pick<CommitmentRow, 'number'>): string =>
  `K-${row.number}`;

const mediatorSide = (actor: Actor | null): boolean =>
  actor !== null &&
  (actor.role === 'mediator' || actor.role === 'monitor' || actor.role === 'admin');

/**
 * `maySeeRecord(actor, visibility, owner)` as SQL, for a table's visibility and owner columns:
 * public to all; joint to the parties' officers and the mediators' side; mediators and originator
 * to the mediators' side, originator also to the owning party's officers.
 */
function visibleTo(
  actor: Actor | null,
  visibility: typeof commitments.visibility | typeof assurances.visibility,
  owner: typeof commitments.partyOrganisationId | typeof assurances.organisationId,
): SQL {
  if (mediatorSide(actor)) return sql`true`;
  if (actor === null || actor.role !== 'party_officer') return eq(visibility, 'public');
  return or(
    inArray(visibility, ['public', 'joint']),
    and(eq(visibility, 'originator'), eq(owner, actor.organisationId)),
  ) as SQL;
}

/** Condition on `commitments` rows the actor may see (the domain's `maySeeRecord`). */
export const commitmentVisibleTo = (actor: Actor | null): SQL =>
  visibleTo(actor, commitments.visibility, commitments.partyOrganisationId);

/** Condition on `assurances` rows the actor may see. */
export const assuranceVisibleTo = (actor: Actor | null): SQL =>
  visibleTo(actor, assurances.visibility, assurances.organisationId);

export function presentCommitment(row: CommitmentRow): Commitment {
  return {
    id: row.id,
    number: row.number,
    reference: commitmentReference(row),
    agreementId: row.agreementId,
    partyOrganisationId: row.partyOrganisationId,
    roundId: row.roundId,
    title: row.title,
    text: row.text,
    language: row.language,
    provisionIds: row.provisionIds,
    indicators: row.indicators.map((i) => ({
      description: i.description,
      meansOfVerification: i.meansOfVerification,
    })),
    dueOn: row.dueOn,
    status: row.status as CommitmentStatus,
    version: row.version,
    visibility: row.visibility as MaterialVisibility,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    demo: row.demo,
  };
}

const presentEvidence = (list: StatusChangeRow['evidence']) =>
  list.map((e) => ({
    kind: e.kind,
    ref: e.ref,
    ...(e.note !== undefined ? { note: e.note } : {}),
  }));

export function presentStatusChange(row: StatusChangeRow): CommitmentStatusChange {
  return {
    version: row.version,
    fromStatus: row.fromStatus as CommitmentStatus | null,
    toStatus: row.toStatus as CommitmentStatus,
    reason: row.reason,
    evidence: presentEvidence(row.evidence),
    decidedBy: row.decidedBy,
    decidedByOrganisationId: row.decidedByOrganisationId,
    at: row.at.toISOString(),
  };
}

export function presentReport(row: ReportRow): CommitmentReport {
  return {
    id: row.id,
    commitmentId: row.commitmentId,
    organisationId: row.organisationId,
    userId: row.userId,
    text: row.text,
    language: row.language,
    evidence: presentEvidence(row.evidence),
    submittedAt: row.submittedAt.toISOString(),
  };
}

export function presentPartyKey(row: PartyKeyRow): PartyKey {
  return {
    id: row.id,
    organisationId: row.organisationId,
    name: row.name,
    publicKey: row.publicKey,
    fingerprint: row.fingerprint,
    registeredBy: row.registeredBy,
    registeredAt: row.registeredAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
  };
}

export function presentAssurance(row: AssuranceRow, fingerprint: string): Assurance {
  return {
    id: row.id,
    organisationId: row.organisationId,
    keyId: row.keyId,
    keyFingerprint: fingerprint,
    commitmentId: row.commitmentId,
    signedText: row.signedText,
    signature: row.signature,
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt.toISOString(),
    visibility: row.visibility as MaterialVisibility,
  };
}

// ---------------------------------------------------------------------------------------------
// Commitments

export async function findCommitment(db: Db, id: string): Promise<CommitmentRow | undefined> {
  const [row] = await db.select().from(commitments).where(eq(commitments.id, id));
  return row;
}

/** Reads and locks a commitment for the rest of the transaction. */
export async function lockCommitment(
  tx: Db,
  id: string,
  strength: 'update' | 'share' = 'update',
): Promise<CommitmentRow | undefined> {
  const [row] = await tx.select().from(commitments).where(eq(commitments.id, id)).for(strength);
  return row;
}

/** The next number of a commitment on this agreement; call with the agreement row locked. */
export async function nextCommitmentNumber(tx: Db, agreementId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${commitments.number}), 0)::int` })
    .from(commitments)
    .where(eq(commitments.agreementId, agreementId));
  return Number(row?.n ?? 0) + 1;
}

export async function insertCommitment(
  tx: Db,
  values: typeof commitments.$inferInsert,
): Promise<CommitmentRow> {
  const [row] = await tx.insert(commitments).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Applies `patch` only if the commitment is still at `expectedVersion`, bumping the version. */
export async function updateCommitment(
  tx: Db,
  id: string,
  expectedVersion: number,
  patch: Partial<typeof commitments.$inferInsert>,
): Promise<CommitmentRow | undefined> {
  const [row] = await tx
    .update(commitments)
    .set({ ...patch, version: expectedVersion + 1 })
    .where(and(eq(commitments.id, id), eq(commitments.version, expectedVersion)))
    .returning();
  return row;
}

export async function insertStatusChange(
  tx: Db,
  values: typeof commitmentStatusChanges.$inferInsert,
): Promise<StatusChangeRow> {
  const [row] = await tx.insert(commitmentStatusChanges).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function listStatusChanges(db: Db, commitmentId: string) {
  return db
    .select()
    .from(commitmentStatusChanges)
    .where(eq(commitmentStatusChanges.commitmentId, commitmentId))
    .orderBy(asc(commitmentStatusChanges.version));
}

export async function insertReport(
  tx: Db,
  values: typeof commitmentReports.$inferInsert,
): Promise<ReportRow> {
  const [row] = await tx.insert(commitmentReports).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function listReports(db: Db, commitmentId: string) {
  return db
    .select()
    .from(commitmentReports)
    .where(eq(commitmentReports.commitmentId, commitmentId))
    .orderBy(asc(commitmentReports.submittedAt), asc(commitmentReports.id));
}

/** Parties to an agreement. */
export async function partiesOf(db: Db, agreementId: string): Promise<string[]> {
  const rows = await db
    .select({ id: agreementParties.organisationId })
    .from(agreementParties)
    .where(
      and(eq(agreementParties.agreementId, agreementId), eq(agreementParties.capacity, 'party')),
    )
    .orderBy(asc(agreementParties.organisationId));
  return rows.map((r) => r.id);
}

/** One page of the commitments the actor may see, in the order they were recorded. */
export async function searchCommitments(
  db: Db,
  actor: Actor | null,
  q: {
    agreement?: string | undefined;
    party?: string | undefined;
    status?: readonly string[] | undefined;
    round?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): Promise<{ rows: CommitmentRow[]; nextCursor: string | null }> {
  const where: SQL[] = [commitmentVisibleTo(actor)];
  if (q.agreement) where.push(eq(commitments.agreementId, q.agreement));
  if (q.party === 'all') where.push(isNull(commitments.partyOrganisationId));
  else if (q.party) where.push(eq(commitments.partyOrganisationId, q.party));
  if (q.status?.length) where.push(inArray(commitments.status, [...q.status]));
  if (q.round) where.push(eq(commitments.roundId, q.round));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(
      sql`(${commitments.createdAt}, ${commitments.id}) > (${new Date(c.at)}, ${c.id}::uuid)`,
    );
  }
  const limit = q.limit ?? 50;
  const rows = await db
    .select()
    .from(commitments)
    .where(and(...where))
    .orderBy(asc(commitments.createdAt), asc(commitments.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * Issued findings attributing a violation to one of `attributedTo` (the candidates for a breach of
 * a commitment), of complaints the actor may see on the agreement: the current draft of each.
 */
export async function candidateBreachFindings(
  db: Db,
  actor: Actor | null,
  agreementId: string,
  attributedTo: readonly string[],
) {
  if (attributedTo.length === 0) return [];
  return db
    .select({
      complaintId: findings.complaintId,
      complaintNumber: complaints.number,
      draftVersion: findings.draftVersion,
      outcome: findings.outcome,
      attributedOrganisationId: findings.attributedOrganisationId,
      provisionIds: findings.provisionIds,
      summary: findings.summary,
      issuedAt: findings.issuedAt,
    })
    .from(findings)
    .innerJoin(complaints, eq(complaints.id, findings.complaintId))
    .where(
      and(
        eq(complaints.agreementId, agreementId),
        eq(findings.draftVersion, complaints.draftVersion),
        isNotNull(findings.issuedAt),
        eq(findings.outcome, 'violation_attributed'),
        inArray(findings.attributedOrganisationId, [...attributedTo]),
        complaintVisibleTo(actor),
      ),
    )
    .orderBy(asc(findings.issuedAt), asc(findings.complaintId));
}

// ---------------------------------------------------------------------------------------------
// Party keys and assurances

export async function listPartyKeys(db: Db, organisationId?: string): Promise<PartyKeyRow[]> {
  return db
    .select()
    .from(partyKeys)
    .where(organisationId ? eq(partyKeys.organisationId, organisationId) : undefined)
    .orderBy(asc(partyKeys.registeredAt), asc(partyKeys.id));
}

export async function findPartyKey(db: Db, id: string): Promise<PartyKeyRow | undefined> {
  const [row] = await db.select().from(partyKeys).where(eq(partyKeys.id, id));
  return row;
}

/** The key with this fingerprint, share-locked so that a revocation waits for the submission. */
export async function findPartyKeyByFingerprint(
  tx: Db,
  fingerprint: string,
  lock: 'share' | 'update' | 'none' = 'none',
): Promise<PartyKeyRow | undefined> {
  const query = tx.select().from(partyKeys).where(eq(partyKeys.fingerprint, fingerprint));
  const [row] = lock === 'none' ? await query : await query.for(lock);
  return row;
}

export async function lockPartyKey(tx: Db, id: string): Promise<PartyKeyRow | undefined> {
  const [row] = await tx.select().from(partyKeys).where(eq(partyKeys.id, id)).for('update');
  return row;
}

export async function insertPartyKey(
  tx: Db,
  values: typeof partyKeys.$inferInsert,
): Promise<PartyKeyRow> {
  const [row] = await tx.insert(partyKeys).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function revokePartyKey(
  tx: Db,
  id: string,
  revokedAt: Date,
  reason: string,
): Promise<PartyKeyRow | undefined> {
  const [row] = await tx
    .update(partyKeys)
    .set({ revokedAt, revocationReason: reason })
    .where(and(eq(partyKeys.id, id), isNull(partyKeys.revokedAt)))
    .returning();
  return row;
}

export async function insertAssurance(
  tx: Db,
  values: typeof assurances.$inferInsert,
): Promise<AssuranceRow> {
  const [row] = await tx.insert(assurances).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findAssurance(
  db: Db,
  id: string,
): Promise<{ assurance: AssuranceRow; key: PartyKeyRow } | undefined> {
  const [row] = await db
    .select({ assurance: assurances, key: partyKeys })
    .from(assurances)
    .innerJoin(partyKeys, eq(partyKeys.id, assurances.keyId))
    .where(eq(assurances.id, id));
  return row;
}

/** Assurances the actor may see, oldest first, optionally of one party or one commitment. */
export async function searchAssurances(
  db: Db,
  actor: Actor | null,
  q: {
    organisation?: string | undefined;
    commitment?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): Promise<{ rows: { assurance: AssuranceRow; key: PartyKeyRow }[]; nextCursor: string | null }> {
  const where: SQL[] = [assuranceVisibleTo(actor)];
  if (q.organisation) where.push(eq(assurances.organisationId, q.organisation));
  if (q.commitment) where.push(eq(assurances.commitmentId, q.commitment));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(
      sql`(${assurances.submittedAt}, ${assurances.id}) > (${new Date(c.at)}, ${c.id}::uuid)`,
    );
  }
  const limit = q.limit ?? 50;
  const rows = await db
    .select({ assurance: assurances, key: partyKeys })
    .from(assurances)
    .innerJoin(partyKeys, eq(partyKeys.id, assurances.keyId))
    .where(and(...where))
    .orderBy(asc(assurances.submittedAt), asc(assurances.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor:
      rows.length > limit && last
        ? encodeCursor(last.assurance.submittedAt, last.assurance.id)
        : null,
  };
}
