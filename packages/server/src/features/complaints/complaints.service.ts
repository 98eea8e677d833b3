/** Filing, reading and searching complaints: used by the API and the CLI alike. */
import { and, eq, inArray } from 'drizzle-orm';
import {
  allowedCommands,
  maySeeComplaint,
  placeById,
  type Actor,
  type Complaint,
  type ComplaintDetail,
  type ComplaintPage,
  type ComplaintSearchQuery,
  type CreateComplaintRequest,
  type FindingOutcome,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  agreements,
  complaints,
  observations,
  provisions,
} from '../../platform/database/schema/index.ts';
import { AppError, type FieldError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import type { ComplaintEventSink } from './complaint-events.ts';
import * as repo from './complaints.repository.ts';
import { snapshotOf } from './complaint-commands.service.ts';
import { observationVisibleTo } from '../observations/observations.visibility.ts';

export interface ComplaintsService {
  /** Files a complaint; `demo` marks the demo's illustrative cases. */
  file(
    input: CreateComplaintRequest,
    actor: Actor,
    options?: { demo?: boolean },
  ): Promise<Complaint>;
  /** The complaint with what the actor may see of its history; 404 if it may not see it. */
  get(id: string, actor: Actor | null): Promise<ComplaintDetail>;
  search(query: ComplaintSearchQuery, actor: Actor | null): Promise<ComplaintPage>;
  counts(query: ComplaintSearchQuery, actor: Actor | null): ReturnType<typeof repo.countComplaints>;
}

const invalid = (detail: string, errors: FieldError[]) =>
  new AppError('validation_failed', detail, { errors });

/** A complaint the actor may not see is reported exactly like one that does not exist. */
export const complaintNotFound = () => new AppError('not_found', 'No such complaint');

export function createComplaintsService(deps: {
  db: Db;
  clock: () => Date;
  events: ComplaintEventSink;
}): ComplaintsService {
  const { db, clock, events } = deps;

  async function checkFiling(input: CreateComplaintRequest, actor: Actor) {
    const [agreement] = await db
      .select()
      .from(agreements)
      .where(eq(agreements.id, input.agreementId));
    if (!agreement) {
      throw invalid('No such agreement', [
        { field: 'body.agreementId', message: 'does not name an agreement' },
      ]);
    }
    if (!agreement.violationCategories.includes(input.category)) {
      throw invalid('This category does not apply under the agreement', [
        {
          field: 'body.category',
          message: `is not one of the agreement's categories (${agreement.violationCategories.join(', ')})`,
        },
      ]);
    }
    const known = await db
      .select({ id: provisions.id })
      .from(provisions)
      .where(
        and(eq(provisions.agreementId, agreement.id), inArray(provisions.id, input.provisionIds)),
      );
    const knownIds = new Set(known.map((p) => p.id));
    const unknown = input.provisionIds.filter((id) => !knownIds.has(id));
    if (unknown.length > 0) {
      throw invalid('Unknown provision', [
        {
          field: 'body.provisionIds',
          message: `${unknown.join(', ')} is not a provision of this agreement`,
        },
      ]);
    }
    const parties = await repo.partiesOf(db, agreement.id);
    if (input.accusedOrganisationId === undefined && input.accusedGroup === undefined) {
      throw invalid('Name who is alleged responsible', [
        { field: 'body.accusedOrganisationId', message: 'or body.accusedGroup is required' },
      ]);
    }
    if (input.accusedOrganisationId !== undefined) {
      if (!parties.includes(input.accusedOrganisationId)) {
        throw invalid('The accused organisation is not a party to this agreement', [
          { field: 'body.accusedOrganisationId', message: 'is not a party to this agreement' },
        ]);
      }
      if (actor.role === 'party_officer' && input.accusedOrganisationId === actor.organisationId) {
        throw invalid('A party cannot file a complaint against itself', [
          { field: 'body.accusedOrganisationId', message: 'is your own party' },
        ]);
      }
    }
    if (actor.role === 'party_officer' && !parties.includes(actor.organisationId)) {
      throw new AppError('forbidden', 'Your organisation is not a party to this agreement');
    }
    const from = new Date(input.when.from);
    const to = new Date(input.when.to ?? input.when.from);
    if (to < from) {
      throw invalid('The incident ends before it starts', [
        { field: 'body.when.to', message: 'is before body.when.from' },
      ]);
    }
    if (from.getTime() > clock().getTime() + 60 * 60 * 1000) {
      throw invalid('The incident is in the future', [
        { field: 'body.when.from', message: 'is in the future' },
      ]);
    }
    const place = input.where.placeId === undefined ? undefined : placeById(input.where.placeId);
    if (input.where.placeId !== undefined && !place) {
      throw invalid('Unknown place', [
        { field: 'body.where.placeId', message: 'is not a place in the gazetteer' },
      ]);
    }
    if (input.observationIds?.length) {
      const seen = await db
        .select({ id: observations.id })
        .from(observations)
        .where(and(inArray(observations.id, input.observationIds), observationVisibleTo(actor)));
      if (seen.length !== input.observationIds.length) {
        throw invalid('Unknown observation', [
          { field: 'body.observationIds', message: 'names an observation you cannot see' },
        ]);
      }
    }
    if (input.relatedComplaintIds?.length) {
      const seen = await db
        .select({ id: complaints.id })
        .from(complaints)
        .where(
          and(
            inArray(complaints.id, input.relatedComplaintIds),
            ...repo.searchConditions(actor, {}),
          ),
        );
      if (seen.length !== input.relatedComplaintIds.length) {
        throw invalid('Unknown complaint', [
          { field: 'body.relatedComplaintIds', message: 'names a complaint you cannot see' },
        ]);
      }
    }
    return { from, to, place };
  }

  return {
    async file(input, actor, options = {}) {
      const { from, to, place } = await checkFiling(input, actor);
      const now = clock();
      return db.transaction(async (tx) => {
        const row = await repo.insertComplaint(tx, {
          agreementId: input.agreementId,
          state: 'received',
          version: 1,
          visibility: input.visibility,
          filerUserId: actor.userId,
          filerOrganisationId: actor.organisationId,
          accusedOrganisationId: input.accusedOrganisationId ?? null,
          accusedGroup: input.accusedGroup ?? null,
          category: input.category,
          title: input.title,
          narrative: input.narrative.text,
          narrativeLanguage: input.narrative.language,
          occurredFrom: from,
          occurredTo: to,
          timePrecision: input.when.precision,
          latitude: input.where.latitude,
          longitude: input.where.longitude,
          radiusKm: input.where.radiusKm ?? null,
          locationPrecision: input.where.precision,
          placeId: place?.id ?? null,
          placeName: place?.name ?? null,
          district: place?.district ?? null,
          province: place?.province ?? null,
          country: place?.country ?? null,
          casualties: input.casualties,
          killedMax: Math.max(0, ...input.casualties.map((c) => c.killed)),
          injuredMax: Math.max(0, ...input.casualties.map((c) => c.injured)),
          filedAt: now,
          updatedAt: now,
          demo: options.demo ?? false,
        });
        const links: repo.ComplaintLinks = {
          provisionIds: [...input.provisionIds].sort(),
          observationIds: [...(input.observationIds ?? [])].sort(),
          relatedComplaintIds: [...(input.relatedComplaintIds ?? [])].sort(),
        };
        await repo.insertLinks(tx, row.id, links);
        await repo.insertTransition(tx, {
          complaintId: row.id,
          version: 1,
          command: 'file',
          fromState: null,
          toState: 'received',
          actorUserId: actor.userId,
          actorOrganisationId: actor.organisationId,
          reason: 'Filed',
          details: {},
          at: now,
        });
        const complaint = repo.presentComplaint(row, links);
        await appendToLog(tx, {
          action: 'complaint.file',
          actor,
          recordType: 'complaint',
          recordId: row.id,
          record: complaint,
          visibility: row.visibility,
          ownerOrganisationId: row.filerOrganisationId,
          now,
        });
        await events.emit(tx, 'complaint.filed', row, now);
        return complaint;
      });
    },

    async get(id, actor) {
      const row = await repo.findComplaint(db, id);
      if (!row || !maySeeComplaint(actor, row)) throw complaintNotFound();
      const links = (await repo.loadLinks(db, [id])).get(id);
      if (!links) throw complaintNotFound();
      const transitions = await repo.listTransitions(db, id);
      const reply = await repo.findReply(db, id);
      const investigation = await repo.findInvestigation(db, id);
      const finding =
        row.draftVersion > 0 ? await repo.findFinding(db, id, row.draftVersion) : undefined;
      const reviews = await repo.listReviews(db, id);
      const mediators = await repo.mediatorsOf(db, row.agreementId);
      // The deliberation (investigation, drafts, reviews) is the mediators' side's business until
      // a finding is issued; then the finding and the reviews of the issued draft are shown.
      const mediatorSide = actor !== null && ['mediator', 'monitor', 'admin'].includes(actor.role);
      const issued = finding?.issuedAt != null;
      return {
        complaint: repo.presentComplaint(row, links),
        allowedCommands:
          actor === null
            ? []
            : allowedCommands(snapshotOf(row, mediators, reviews), actor, clock()),
        transitions: transitions
          .filter((t) => mediatorSide || !DELIBERATION.has(t.command))
          .map((t) => ({
            version: t.version,
            command: t.command,
            fromState: t.fromState,
            toState: t.toState,
            actorUserId: t.actorUserId,
            actorOrganisationId: t.actorOrganisationId,
            reason: t.reason,
            details: mediatorSide ? t.details : {},
            at: t.at.toISOString(),
          })),
        reply: reply
          ? {
              organisationId: reply.organisationId,
              userId: reply.userId,
              text: reply.text,
              language: reply.language,
              submittedAt: reply.submittedAt.toISOString(),
            }
          : null,
        investigation:
          investigation && mediatorSide
            ? {
                teamUserIds: investigation.teamUserIds,
                instructions: investigation.instructions,
                taskedAt: investigation.taskedAt.toISOString(),
                report: investigation.report,
                reportedAt: investigation.reportedAt?.toISOString() ?? null,
              }
            : null,
        finding:
          finding && (mediatorSide || issued)
            ? {
                draftVersion: finding.draftVersion,
                outcome: finding.outcome as FindingOutcome,
                attributedOrganisationId: finding.attributedOrganisationId,
                attributedGroup: finding.attributedGroup,
                confidence: finding.confidence,
                provisionIds: finding.provisionIds,
                summary: finding.summary,
                penalty: finding.penalty,
                draftedAt: finding.draftedAt.toISOString(),
                issuedAt: finding.issuedAt?.toISOString() ?? null,
              }
            : null,
        reviews: reviews
          .filter((r) => mediatorSide || (issued && r.draftVersion === row.draftVersion))
          .map((r) => ({
            draftVersion: r.draftVersion,
            organisationId: r.organisationId,
            userId: r.userId,
            verdict: r.verdict,
            note: r.note,
            at: r.at.toISOString(),
          })),
      };
    },

    async search(query, actor) {
      const { rows, nextCursor } = await repo.searchComplaints(db, actor, query);
      const links = await repo.loadLinks(
        db,
        rows.map((r) => r.id),
      );
      return {
        items: rows.map((r) =>
          repo.presentComplaint(
            r,
            links.get(r.id) ?? { provisionIds: [], observationIds: [], relatedComplaintIds: [] },
          ),
        ),
        nextCursor,
      };
    },

    counts(query, actor) {
      return repo.countComplaints(db, actor, query);
    },
  };
}

/** Transitions that belong to the mediators' deliberation, hidden from the parties and public. */
const DELIBERATION = new Set(['draft_finding', 'sign_off', 'dissent']);
