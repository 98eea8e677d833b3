/**
 * Border crossings: the status history with the reason for each change, the conditions for
 * reopening and what each still waits for, and the latest daily figures observed at the crossing.
 * Every change is one transaction with its log entries (public: crossings are the public record).
 */
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  CROSSING_FIGURE_TYPES,
  GAZETTEER_PLACES,
  distanceKm,
  maySeeComplaint,
  maySeeRecord,
  type Actor,
  type AddCrossingConditionRequest,
  type ConditionMetRequest,
  type Crossing,
  type CrossingCondition,
  type CrossingDetail,
  type CrossingFigure,
  type CrossingStatusChangeRequest,
  type MaterialVisibility,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  commitments,
  complaints,
  crossingConditions,
  crossingStatusChanges,
  crossingStatusDetails,
  crossings,
  findings,
  observations,
} from '../../platform/database/schema/index.ts';
import { AppError, type FieldError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import { listCrossings } from '../agreements/agreements.repository.ts';
import { observationVisibleTo } from '../observations/observations.visibility.ts';
import { evaluateCondition } from './crossing-conditions.ts';

export interface CrossingsService {
  /** Every crossing with its status history (the public list, unchanged in shape). */
  list(): Promise<Crossing[]>;
  get(id: string, actor: Actor | null): Promise<CrossingDetail>;
  changeStatus(
    id: string,
    input: CrossingStatusChangeRequest,
    actor: Actor,
  ): Promise<CrossingDetail>;
  addCondition(
    id: string,
    input: AddCrossingConditionRequest,
    actor: Actor,
  ): Promise<CrossingCondition>;
  markConditionMet(
    id: string,
    conditionId: string,
    input: ConditionMetRequest,
    actor: Actor,
  ): Promise<CrossingCondition>;
}

type CrossingRow = typeof crossings.$inferSelect;
type ConditionRow = typeof crossingConditions.$inferSelect;

/**
 * The gazetteer places whose observations are the crossing's figures: the crossings and border
 * towns within this distance of the crossing's coordinates (both sides of Torkham; Chaman and its
 * Friendship Gate). Crossings carry no place id of their own, so the match is by distance.
 */
export const CROSSING_PLACE_RADIUS_KM = 2;

export function placesAt(c: { latitude: number; longitude: number }): string[] {
  return GAZETTEER_PLACES.filter(
    (p) =>
      (p.kind === 'crossing' || p.kind === 'town') && distanceKm(c, p) <= CROSSING_PLACE_RADIUS_KM,
  )
    .map((p) => p.id)
    .sort();
}

const DAY_MS = 24 * 60 * 60 * 1000;
const crossingNotFound = () => new AppError('not_found', 'No such crossing');
const conditionNotFound = () => new AppError('not_found', 'No such condition of this crossing');
const invalid = (detail: string, errors: FieldError[]) =>
  new AppError('validation_failed', detail, { errors });

/** The log's record of a condition: what it asks for and whether it was decided met. */
const conditionRecord = (c: ConditionRow) => ({
  id: c.id,
  crossingId: c.crossingId,
  description: c.description,
  commitmentIds: c.commitmentIds,
  findingComplaintIds: c.findingComplaintIds,
  metAt: c.metAt?.toISOString() ?? null,
  metReason: c.metReason,
  createdAt: c.createdAt.toISOString(),
});

/** The conditions of the given rows, evaluated, with linked details as far as `actor` may see. */
async function presentConditions(
  db: Db,
  rows: readonly ConditionRow[],
  actor: Actor | null,
): Promise<CrossingCondition[]> {
  const commitmentIds = [...new Set(rows.flatMap((r) => r.commitmentIds))];
  const complaintIds = [...new Set(rows.flatMap((r) => r.findingComplaintIds))];
  const commitmentRows =
    commitmentIds.length === 0
      ? []
      : await db
          .select({
            id: commitments.id,
            number: commitments.number,
            title: commitments.title,
            status: commitments.status,
            visibility: commitments.visibility,
            partyOrganisationId: commitments.partyOrganisationId,
          })
          .from(commitments)
          .where(inArray(commitments.id, commitmentIds));
  const complaintRows =
    complaintIds.length === 0
      ? []
      : await db
          .select({
            id: complaints.id,
            number: complaints.number,
            title: complaints.title,
            visibility: complaints.visibility,
            filerOrganisationId: complaints.filerOrganisationId,
            accusedOrganisationId: complaints.accusedOrganisationId,
            replyDueAt: complaints.replyDueAt,
          })
          .from(complaints)
          .where(inArray(complaints.id, complaintIds));
  const issuedRows =
    complaintIds.length === 0
      ? []
      : await db
          .select({ complaintId: findings.complaintId, outcome: findings.outcome })
          .from(findings)
          .where(and(inArray(findings.complaintId, complaintIds), isNotNull(findings.issuedAt)));
  const commitmentById = new Map(commitmentRows.map((c) => [c.id, c]));
  const complaintById = new Map(complaintRows.map((c) => [c.id, c]));
  const linked = {
    commitmentStatus: new Map(commitmentRows.map((c) => [c.id, c.status])),
    issuedFindings: new Map(issuedRows.map((f) => [f.complaintId, f.outcome])),
  };
  const seesCommitment = (id: string) => {
    const c = commitmentById.get(id);
    return c && maySeeRecord(actor, c.visibility as MaterialVisibility, c.partyOrganisationId)
      ? c
      : undefined;
  };
  const seesComplaint = (id: string) => {
    const c = complaintById.get(id);
    return c && maySeeComplaint(actor, c) ? c : undefined;
  };
  return rows.map((row) => {
    const verdict = evaluateCondition(row, linked);
    const missing: string[] = [];
    if (verdict.awaitsDecision) {
      missing.push("the mediators' decision (no commitment or finding is linked)");
    }
    for (const id of verdict.missingCommitmentIds) {
      const c = seesCommitment(id);
      missing.push(
        c
          ? `commitment ${c.number} "${c.title}" is ${c.status}, not met`
          : `commitment ${id} is not met`,
      );
    }
    for (const id of verdict.missingFindingComplaintIds) {
      const c = seesComplaint(id);
      missing.push(
        c
          ? `no finding issued yet on complaint C-${c.number} "${c.title}"`
          : `no finding issued yet on complaint ${id}`,
      );
    }
    return {
      id: row.id,
      crossingId: row.crossingId,
      description: row.description,
      met: verdict.met,
      metBy: verdict.metBy,
      metAt: row.metAt?.toISOString() ?? null,
      metReason: row.metReason,
      commitments: row.commitmentIds.map((id) => {
        const c = seesCommitment(id);
        return {
          id,
          met: linked.commitmentStatus.get(id) === 'met',
          number: c?.number ?? null,
          title: c?.title ?? null,
          status: c?.status ?? null,
        };
      }),
      findings: row.findingComplaintIds.map((complaintId) => {
        const c = seesComplaint(complaintId);
        return {
          complaintId,
          met: linked.issuedFindings.has(complaintId),
          reference: c ? `C-${c.number}` : null,
          title: c?.title ?? null,
          outcome: c ? (linked.issuedFindings.get(complaintId) ?? null) : null,
        };
      }),
      missing: verdict.met ? [] : missing,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
    };
  });
}

async function conditionsOf(db: Db, crossingId: string): Promise<ConditionRow[]> {
  return db
    .select()
    .from(crossingConditions)
    .where(eq(crossingConditions.crossingId, crossingId))
    .orderBy(asc(crossingConditions.createdAt), asc(crossingConditions.id));
}

/** The crossing as the public list presents it: what the log records for a crossing. */
async function crossingRecord(db: Db, id: string): Promise<Crossing> {
  const found = (await listCrossings(db)).find((c) => c.id === id);
  if (!found) throw crossingNotFound();
  return found;
}

export function createCrossingsService(deps: { db: Db; clock: () => Date }): CrossingsService {
  const { db, clock } = deps;

  async function latestFigures(
    placeIds: readonly string[],
    actor: Actor | null,
  ): Promise<CrossingFigure[]> {
    if (placeIds.length === 0) return [];
    const out: CrossingFigure[] = [];
    for (const type of CROSSING_FIGURE_TYPES) {
      const [row] = await db
        .select()
        .from(observations)
        .where(
          and(
            eq(observations.type, type),
            inArray(observations.placeId, [...placeIds]),
            observationVisibleTo(actor),
          ),
        )
        .orderBy(desc(observations.observedAt), desc(observations.id))
        .limit(1);
      if (row) {
        out.push({
          type,
          count: row.count,
          observedAt: row.observedAt.toISOString(),
          observationId: row.id,
          placeId: row.placeId,
          source: row.source,
          sourceKind: row.sourceKind,
          visibility: row.visibility,
        });
      }
    }
    return out;
  }

  async function lockCrossing(tx: Db, id: string): Promise<CrossingRow> {
    const [row] = await tx.select().from(crossings).where(eq(crossings.id, id)).for('update');
    if (!row) throw crossingNotFound();
    return row;
  }

  const service: CrossingsService = {
    list: () => listCrossings(db),

    async get(id, actor) {
      const [row] = await db.select().from(crossings).where(eq(crossings.id, id));
      if (!row) throw crossingNotFound();
      const history = await db
        .select({
          id: crossingStatusChanges.id,
          status: crossingStatusChanges.status,
          reason: crossingStatusChanges.reason,
          effectiveOn: crossingStatusChanges.effectiveOn,
          recordedAt: crossingStatusChanges.recordedAt,
          onConditionsMet: crossingStatusDetails.onConditionsMet,
          decidedBy: crossingStatusDetails.decidedBy,
        })
        .from(crossingStatusChanges)
        .leftJoin(
          crossingStatusDetails,
          eq(crossingStatusDetails.changeId, crossingStatusChanges.id),
        )
        .where(eq(crossingStatusChanges.crossingId, id))
        .orderBy(
          asc(crossingStatusChanges.effectiveOn),
          asc(crossingStatusChanges.recordedAt),
          asc(crossingStatusChanges.id),
        );
      const conditions = await presentConditions(db, await conditionsOf(db, id), actor);
      const placeIds = placesAt(row);
      return {
        id: row.id,
        name: row.name,
        description: row.description,
        latitude: row.latitude,
        longitude: row.longitude,
        status: row.status,
        demo: row.demo,
        history: history.map((h) => ({
          id: h.id,
          status: h.status,
          reason: h.reason,
          effectiveOn: h.effectiveOn,
          recordedAt: h.recordedAt.toISOString(),
          onConditionsMet: h.onConditionsMet ?? false,
          decidedBy: h.decidedBy ?? null,
        })),
        conditions,
        conditionsMet: conditions.length > 0 && conditions.every((c) => c.met),
        placeIds,
        latestFigures: await latestFigures(placeIds, actor),
      };
    },

    async changeStatus(id, input, actor) {
      const now = clock();
      const onConditionsMet = input.onConditionsMet ?? false;
      if (onConditionsMet && input.status === 'closed') {
        throw invalid('Closing a crossing is not a reopening', [
          {
            field: 'body.onConditionsMet',
            message: 'applies only to a reopening (a status other than closed)',
          },
        ]);
      }
      // A day of slack: in Kabul and Islamabad the date runs ahead of UTC.
      const latestAllowed = new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
      if (input.effectiveOn > latestAllowed) {
        throw invalid('The change takes effect in the future', [
          { field: 'body.effectiveOn', message: 'is in the future' },
        ]);
      }
      await db.transaction(async (tx) => {
        const crossing = await lockCrossing(tx, id);
        const [last] = await tx
          .select({ effectiveOn: crossingStatusChanges.effectiveOn })
          .from(crossingStatusChanges)
          .where(eq(crossingStatusChanges.crossingId, crossing.id))
          .orderBy(desc(crossingStatusChanges.effectiveOn))
          .limit(1);
        if (last && input.effectiveOn < last.effectiveOn) {
          throw invalid('The change predates the last recorded change', [
            {
              field: 'body.effectiveOn',
              message: `is before the last recorded change (${last.effectiveOn})`,
            },
          ]);
        }
        if (onConditionsMet) {
          const conditions = await presentConditions(tx, await conditionsOf(tx, id), actor);
          if (conditions.length === 0) {
            throw new AppError(
              'workflow_precondition',
              'No conditions for reopening are recorded for this crossing, so it cannot be reopened on conditions met',
              { workflow: { state: crossing.status, precondition: 'no_conditions' } },
            );
          }
          const unmet = conditions.filter((c) => !c.met);
          if (unmet.length > 0) {
            throw new AppError(
              'workflow_precondition',
              `${unmet.length} of ${conditions.length} conditions for reopening are not met: ` +
                unmet
                  .map((c) => `"${c.description}" (${c.id}; missing: ${c.missing.join('; ')})`)
                  .join(', '),
              {
                errors: unmet.map((c) => ({
                  field: 'body.onConditionsMet',
                  message: `condition ${c.id} "${c.description}" is not met: ${c.missing.join('; ')}`,
                })),
                workflow: { state: crossing.status, precondition: 'conditions_unmet' },
              },
            );
          }
        }
        const [change] = await tx
          .insert(crossingStatusChanges)
          .values({
            crossingId: crossing.id,
            status: input.status,
            reason: { [input.language ?? 'en']: input.reason },
            effectiveOn: input.effectiveOn,
            recordedAt: now,
          })
          .returning();
        if (!change) throw new Error('status change not inserted');
        await tx
          .insert(crossingStatusDetails)
          .values({ changeId: change.id, onConditionsMet, decidedBy: actor.userId });
        // The current status is the latest change's (changes never predate the last one).
        await tx
          .update(crossings)
          .set({ status: input.status })
          .where(eq(crossings.id, crossing.id));
        await appendToLog(tx, {
          action: 'crossing.status',
          actor,
          recordType: 'crossing_status_change',
          recordId: change.id,
          record: {
            id: change.id,
            crossingId: crossing.id,
            fromStatus: crossing.status,
            status: change.status,
            reason: change.reason,
            effectiveOn: change.effectiveOn,
            onConditionsMet,
            recordedAt: now.toISOString(),
          },
          visibility: 'public',
          now,
        });
        await appendToLog(tx, {
          action: 'crossing.status',
          actor,
          recordType: 'crossing',
          recordId: crossing.id,
          record: await crossingRecord(tx, crossing.id),
          visibility: 'public',
          now,
        });
      });
      return service.get(id, actor);
    },

    async addCondition(id, input, actor) {
      const [crossing] = await db
        .select({ id: crossings.id })
        .from(crossings)
        .where(eq(crossings.id, id));
      if (!crossing) throw crossingNotFound();
      const errors: FieldError[] = [];
      if (input.commitmentIds.length > 0) {
        const found = new Set(
          (
            await db
              .select({ id: commitments.id })
              .from(commitments)
              .where(inArray(commitments.id, input.commitmentIds))
          ).map((r) => r.id),
        );
        const unknown = input.commitmentIds.filter((c) => !found.has(c));
        if (unknown.length > 0) {
          errors.push({
            field: 'body.commitmentIds',
            message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a commitment' : 'are not commitments'}`,
          });
        }
      }
      if (input.findingComplaintIds.length > 0) {
        const found = new Set(
          (
            await db
              .select({ id: complaints.id })
              .from(complaints)
              .where(inArray(complaints.id, input.findingComplaintIds))
          ).map((r) => r.id),
        );
        const unknown = input.findingComplaintIds.filter((c) => !found.has(c));
        if (unknown.length > 0) {
          errors.push({
            field: 'body.findingComplaintIds',
            message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a complaint' : 'are not complaints'}`,
          });
        }
      }
      if (errors.length > 0) throw invalid('The condition names unknown records', errors);
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(crossingConditions)
          .values({
            crossingId: id,
            description: input.description,
            commitmentIds: input.commitmentIds,
            findingComplaintIds: input.findingComplaintIds,
            createdBy: actor.userId,
            createdAt: now,
          })
          .returning();
        if (!inserted) throw new Error('condition not inserted');
        await appendToLog(tx, {
          action: 'crossing.condition.add',
          actor,
          recordType: 'crossing_condition',
          recordId: inserted.id,
          record: conditionRecord(inserted),
          visibility: 'public',
          now,
        });
        return inserted;
      });
      const [presented] = await presentConditions(db, [row], actor);
      if (!presented) throw new Error('condition not presented');
      return presented;
    },

    async markConditionMet(id, conditionId, input, actor) {
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(crossingConditions)
          .where(and(eq(crossingConditions.id, conditionId), eq(crossingConditions.crossingId, id)))
          .for('update');
        if (!current) throw conditionNotFound();
        if (current.metAt !== null) {
          throw new AppError(
            'invalid_transition',
            `The mediators already recorded this condition met on ${current.metAt.toISOString()}`,
          );
        }
        const [updated] = await tx
          .update(crossingConditions)
          .set({ metAt: now, metReason: input.reason })
          .where(eq(crossingConditions.id, current.id))
          .returning();
        if (!updated) throw new Error('condition changed under a row lock');
        await appendToLog(tx, {
          action: 'crossing.condition.met',
          actor,
          recordType: 'crossing_condition',
          recordId: updated.id,
          record: conditionRecord(updated),
          visibility: 'public',
          now,
        });
        return updated;
      });
      const [presented] = await presentConditions(db, [row], actor);
      if (!presented) throw new Error('condition not presented');
      return presented;
    },
  };
  return service;
}
