/**
 * Workflow commands on a complaint. Every command goes through {@link runCommand}: one
 * transaction that locks the complaint, checks that the actor may see it, checks the version the
 * client acted on, asks the domain state machine, applies the change, writes the transition, the
 * log entries and the notifications, and commits all of it or none of it.
 */
import { and, desc, eq, gt, inArray } from 'drizzle-orm';
import {
  evaluate,
  maySeeComplaint,
  transitionsFrom,
  type Actor,
  type Complaint,
  type ComplaintCommand,
  type ComplaintState,
  type DraftFindingRequest,
  type FollowUpRequest,
  type InvestigationReportRequest,
  type MergeRequest,
  type ReopenRequest,
  type ReplyRequest,
  type ReviewRequest,
  type TaskInvestigationRequest,
  type TransitionRequest,
  type VisibilityRequest,
  type WorkflowActor,
  type WorkflowRefusal,
  type WorkflowSnapshot,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  agreements,
  complaintTransitions,
  evidence,
  provisions,
  users,
} from '../../platform/database/schema/index.ts';
import { AppError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import type { ComplaintEvent, ComplaintEventSink } from './complaint-events.ts';
import * as repo from './complaints.repository.ts';

type ReviewRow = Awaited<ReturnType<typeof repo.listReviews>>[number];

/** The workflow's view of a complaint row. */
export function snapshotOf(
  row: repo.ComplaintRow,
  mediatorOrganisationIds: readonly string[],
  reviews: readonly ReviewRow[],
): WorkflowSnapshot {
  return {
    state: row.state as ComplaintState,
    filerOrganisationId: row.filerOrganisationId,
    accusedOrganisationId: row.accusedOrganisationId,
    replyDueAt: row.replyDueAt,
    mediatorOrganisationIds,
    draftVersion: row.draftVersion,
    reviews: reviews.map((r) => ({
      organisationId: r.organisationId,
      verdict: r.verdict,
      draftVersion: r.draftVersion,
    })),
  };
}

/** Turns a refusal of the state machine into the API's problem. */
export function refusalError(refusal: WorkflowRefusal, row: repo.ComplaintRow): AppError {
  switch (refusal.kind) {
    case 'invalid_transition':
      return new AppError('invalid_transition', refusal.message, {
        workflow: { state: row.state, currentVersion: row.version, allowed: refusal.allowed },
      });
    case 'not_permitted':
      return new AppError('forbidden', refusal.message);
    case 'precondition':
      return new AppError('workflow_precondition', refusal.message, {
        workflow: {
          state: row.state,
          currentVersion: row.version,
          precondition: refusal.code,
          allowed: [...transitionsFrom(row.state as ComplaintState)],
        },
      });
  }
}

/** What a command changes besides the state, computed inside the transaction. */
interface CommandEffect {
  readonly patch?: Partial<repo.NewComplaintRow>;
  readonly details?: Record<string, unknown>;
  readonly events?: readonly ComplaintEvent[];
  /** Writes of the command's own records (reply, finding, review), after the state check. */
  readonly write?: (tx: Db, row: repo.ComplaintRow, now: Date) => Promise<void>;
}

interface CommandSpec {
  readonly command: ComplaintCommand | 'set_visibility';
  readonly version: number;
  readonly reason: string;
  readonly facts?: (tx: Db, row: repo.ComplaintRow) => Promise<{ newEvidenceCount?: number }>;
  /** Checks of the command's input against the database; throw AppError to refuse. */
  readonly effect: (tx: Db, row: repo.ComplaintRow, now: Date) => Promise<CommandEffect>;
}

export interface ComplaintCommandsService {
  transition(id: string, req: TransitionRequest, actor: Actor): Promise<Complaint>;
  reply(id: string, req: ReplyRequest, actor: Actor): Promise<Complaint>;
  taskInvestigation(id: string, req: TaskInvestigationRequest, actor: Actor): Promise<Complaint>;
  reportInvestigation(
    id: string,
    req: InvestigationReportRequest,
    actor: Actor,
  ): Promise<Complaint>;
  draftFinding(id: string, req: DraftFindingRequest, actor: Actor): Promise<Complaint>;
  review(id: string, req: ReviewRequest, actor: Actor): Promise<Complaint>;
  followUp(id: string, req: FollowUpRequest, actor: Actor): Promise<Complaint>;
  merge(id: string, req: MergeRequest, actor: Actor): Promise<Complaint>;
  reopen(id: string, req: ReopenRequest, actor: Actor): Promise<Complaint>;
  setVisibility(id: string, req: VisibilityRequest, actor: Actor): Promise<Complaint>;
  /** The deadline job: records every overdue reply. Returns how many were recorded. */
  markOverdueReplies(): Promise<number>;
  /** The reminder job: notifies once when a reply deadline is within `withinHours`. */
  remindDueSoon(withinHours: number): Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createComplaintCommandsService(deps: {
  db: Db;
  clock: () => Date;
  events: ComplaintEventSink;
}): ComplaintCommandsService {
  const { db, clock, events } = deps;

  async function runCommand(id: string, actor: WorkflowActor, spec: CommandSpec) {
    return db.transaction(async (tx) => {
      const row = await repo.lockComplaint(tx, id);
      if (!row || (actor !== 'system' && !maySeeComplaint(actor, row))) {
        throw new AppError('not_found', 'No such complaint');
      }
      if (row.version !== spec.version) {
        throw new AppError(
          'version_conflict',
          `The complaint is now at version ${row.version}; your change was made against version ${spec.version}. Reload it and try again.`,
          {
            errors: [
              { field: 'body.version', message: `is not the current version (${row.version})` },
            ],
            workflow: { currentVersion: row.version, state: row.state },
          },
        );
      }
      const now = clock();
      let to = row.state as ComplaintState;
      if (spec.command !== 'set_visibility') {
        const mediators = await repo.mediatorsOf(tx, row.agreementId);
        const reviews = await repo.listReviews(tx, row.id);
        const facts = spec.facts ? await spec.facts(tx, row) : {};
        const verdict = evaluate(
          snapshotOf(row, mediators, reviews),
          spec.command,
          actor,
          now,
          facts,
        );
        if (!verdict.ok) throw refusalError(verdict.refusal, row);
        to = verdict.to;
      }
      const effect = await spec.effect(tx, row, now);
      const updated = await repo.updateComplaint(tx, row.id, row.version, {
        ...effect.patch,
        state: to,
        updatedAt: now,
      });
      if (!updated) throw new Error('complaint changed under a row lock');
      await effect.write?.(tx, updated, now);
      const actorUserId = actor === 'system' ? null : actor.userId;
      const actorOrganisationId = actor === 'system' ? null : actor.organisationId;
      const transition = await repo.insertTransition(tx, {
        complaintId: row.id,
        version: updated.version,
        command: spec.command,
        fromState: row.state,
        toState: to,
        actorUserId,
        actorOrganisationId,
        reason: spec.reason,
        details: effect.details ?? {},
        at: now,
      });
      const links = (await repo.loadLinks(tx, [row.id])).get(row.id);
      const complaint = repo.presentComplaint(updated, links ?? emptyLinks);
      const logActor = actor === 'system' ? null : actor;
      await appendToLog(tx, {
        action: `complaint.${spec.command}`,
        actor: logActor,
        recordType: 'complaint',
        recordId: row.id,
        record: complaint,
        visibility: updated.visibility,
        ownerOrganisationId: updated.filerOrganisationId,
        now,
      });
      await appendToLog(tx, {
        action: `complaint.${spec.command}`,
        actor: logActor,
        recordType: 'complaint_transition',
        recordId: transition.id,
        record: {
          complaintId: row.id,
          version: transition.version,
          command: transition.command,
          fromState: transition.fromState,
          toState: transition.toState,
          reason: transition.reason,
          details: transition.details,
          at: now.toISOString(),
        },
        visibility: updated.visibility,
        ownerOrganisationId: updated.filerOrganisationId,
        now,
      });
      for (const event of effect.events ?? []) await events.emit(tx, event, updated, now);
      return complaint;
    });
  }

  return {
    transition(id, req, actor) {
      return runCommand(id, actor, {
        command: req.command,
        version: req.version,
        reason: req.reason,
        effect: async (tx, row) => {
          switch (req.command) {
            case 'open_reply_window': {
              const [agreement] = await tx
                .select({ days: agreements.replyWindowDays })
                .from(agreements)
                .where(eq(agreements.id, row.agreementId));
              const due = new Date(clock().getTime() + (agreement?.days ?? 10) * DAY_MS);
              return {
                patch: { replyDueAt: due, replyReminderSentAt: null },
                details: { replyDueAt: due.toISOString() },
                events: ['complaint.names_your_party'],
              };
            }
            case 'mark_reply_overdue':
              return { events: ['complaint.reply_overdue'] };
            case 'issue_finding':
              return {
                events: ['finding.issued'],
                write: (w, r, now) => repo.markFindingIssued(w, r.id, r.draftVersion, now),
              };
            default:
              return {};
          }
        },
      });
    },

    reply(id, req, actor) {
      return runCommand(id, actor, {
        command: 'reply',
        version: req.version,
        reason: 'Reply submitted',
        effect: async () => ({
          events: ['complaint.reply_received'],
          write: (tx, row, now) =>
            repo.insertReply(tx, {
              complaintId: row.id,
              organisationId: actor.organisationId,
              userId: actor.userId,
              text: req.text,
              language: req.language,
              submittedAt: now,
            }),
        }),
      });
    },

    taskInvestigation(id, req, actor) {
      return runCommand(id, actor, {
        command: 'task_investigation',
        version: req.version,
        reason: req.reason,
        effect: async (tx) => {
          const team = await tx
            .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
            .from(users)
            .where(inArray(users.id, req.teamUserIds));
          const fit = team.filter(
            (u) => (u.role === 'mediator' || u.role === 'monitor') && u.disabledAt === null,
          );
          if (fit.length !== req.teamUserIds.length) {
            throw new AppError(
              'validation_failed',
              'The team must be active mediators or monitors',
              {
                errors: [
                  {
                    field: 'body.teamUserIds',
                    message: 'names someone who is not an active mediator or monitor',
                  },
                ],
              },
            );
          }
          return {
            details: { teamUserIds: req.teamUserIds },
            write: (w, row, now) =>
              repo.insertInvestigation(w, {
                complaintId: row.id,
                teamUserIds: req.teamUserIds,
                instructions: req.instructions,
                taskedBy: actor.userId,
                taskedAt: now,
              }),
          };
        },
      });
    },

    reportInvestigation(id, req, actor) {
      return runCommand(id, actor, {
        command: 'report_investigation',
        version: req.version,
        reason: 'Investigation report submitted',
        effect: async (tx, row) => {
          const investigation = await repo.findInvestigation(tx, row.id);
          return {
            write: async (w, _r, now) => {
              if (investigation) {
                await repo.recordInvestigationReport(w, investigation.id, {
                  report: req.report,
                  reportedBy: actor.userId,
                  reportedAt: now,
                });
              }
            },
          };
        },
      });
    },

    draftFinding(id, req, actor) {
      return runCommand(id, actor, {
        command: 'draft_finding',
        version: req.version,
        reason: req.reason,
        effect: async (tx, row) => {
          await checkFinding(tx, row, req);
          const draftVersion = row.draftVersion + 1;
          return {
            patch: { draftVersion },
            details: { draftVersion, outcome: req.outcome },
            events: ['finding.awaiting_review'],
            write: (w, r, now) =>
              repo.insertFinding(w, {
                complaintId: r.id,
                draftVersion,
                outcome: req.outcome,
                attributedOrganisationId: req.attributedOrganisationId ?? null,
                attributedGroup: req.attributedGroup ?? null,
                confidence: req.confidence ?? null,
                provisionIds: [...req.provisionIds].sort(),
                summary: req.summary,
                penalty: req.penalty ?? null,
                draftedBy: actor.userId,
                draftedAt: now,
              }),
          };
        },
      });
    },

    review(id, req, actor) {
      return runCommand(id, actor, {
        command: req.verdict,
        version: req.version,
        reason: req.note,
        effect: async (_tx, row) => ({
          details: { draftVersion: row.draftVersion, verdict: req.verdict },
          write: (w, r, now) =>
            repo.insertReview(w, {
              complaintId: r.id,
              draftVersion: r.draftVersion,
              organisationId: actor.organisationId,
              userId: actor.userId,
              verdict: req.verdict,
              note: req.note,
              at: now,
            }),
        }),
      });
    },

    followUp(id, req, actor) {
      return runCommand(id, actor, {
        command: 'record_follow_up',
        version: req.version,
        reason: req.text,
        effect: async () => ({ details: { kind: req.kind } }),
      });
    },

    merge(id, req, actor) {
      return runCommand(id, actor, {
        command: 'merge',
        version: req.version,
        reason: req.reason,
        effect: async (tx, row) => {
          const target = await repo.findComplaint(tx, req.duplicateOf);
          if (!target || target.id === row.id || !maySeeComplaint(actor, target)) {
            throw new AppError('validation_failed', 'Merge into another complaint you can see', {
              errors: [{ field: 'body.duplicateOf', message: 'does not name another complaint' }],
            });
          }
          if (target.state === 'merged') {
            throw new AppError('validation_failed', 'That complaint is itself a duplicate', {
              errors: [
                {
                  field: 'body.duplicateOf',
                  message: `is merged into ${target.duplicateOf ?? 'another complaint'}; merge into that one`,
                },
              ],
            });
          }
          return { patch: { duplicateOf: target.id }, details: { duplicateOf: target.id } };
        },
      });
    },

    reopen(id, req, actor) {
      let freshCount = 0;
      return runCommand(id, actor, {
        command: 'reopen',
        version: req.version,
        reason: req.reason,
        facts: async (tx, row) => {
          // New evidence: items on this complaint added since it was last closed or rejected.
          const [lastEnd] = await tx
            .select({ at: complaintTransitions.at })
            .from(complaintTransitions)
            .where(
              and(
                eq(complaintTransitions.complaintId, row.id),
                eq(complaintTransitions.toState, row.state),
              ),
            )
            .orderBy(desc(complaintTransitions.version))
            .limit(1);
          const fresh = await tx
            .select({ id: evidence.id })
            .from(evidence)
            .where(
              and(
                eq(evidence.complaintId, row.id),
                inArray(evidence.id, req.evidenceIds),
                gt(evidence.addedAt, lastEnd?.at ?? new Date(0)),
              ),
            );
          freshCount = fresh.length;
          return { newEvidenceCount: fresh.length };
        },
        effect: async () => {
          // Checked after the state machine, so a complaint that is not closed says so first.
          if (freshCount !== req.evidenceIds.length) {
            throw new AppError(
              'validation_failed',
              'Name evidence added since the complaint ended',
              {
                errors: [
                  {
                    field: 'body.evidenceIds',
                    message: 'names evidence that is not new evidence on this complaint',
                  },
                ],
              },
            );
          }
          return { details: { evidenceIds: req.evidenceIds } };
        },
      });
    },

    setVisibility(id, req, actor) {
      return runCommand(id, actor, {
        command: 'set_visibility',
        version: req.version,
        reason: req.reason,
        effect: async (_tx, row) => ({
          patch: { visibility: req.visibility },
          details: { from: row.visibility, to: req.visibility },
        }),
      });
    },

    async markOverdueReplies() {
      let count = 0;
      for (const due of await repo.listOverdue(db, clock(), 500)) {
        try {
          await runCommand(due.id, 'system', {
            command: 'mark_reply_overdue',
            version: due.version,
            reason: 'The reply deadline passed without a reply',
            effect: async () => ({ events: ['complaint.reply_overdue'] }),
          });
          count += 1;
        } catch (error) {
          // A reply or another change won the race: the next run looks again.
          if (!(error instanceof AppError)) throw error;
        }
      }
      return count;
    },

    async remindDueSoon(withinHours) {
      const now = clock();
      const horizon = new Date(now.getTime() + withinHours * 60 * 60 * 1000);
      let count = 0;
      for (const row of await repo.listDueSoon(db, now, horizon, 500)) {
        await db.transaction(async (tx) => {
          await repo.markReminded(tx, row.id, now);
          await events.emit(tx, 'complaint.reply_due_soon', row, now);
        });
        count += 1;
      }
      return count;
    },
  };
}

const emptyLinks: repo.ComplaintLinks = {
  provisionIds: [],
  observationIds: [],
  relatedComplaintIds: [],
};

/** A draft finding must name provisions of the agreement and, if it attributes, whom. */
async function checkFinding(tx: Db, row: repo.ComplaintRow, req: DraftFindingRequest) {
  if (req.provisionIds.length > 0) {
    const known = await tx
      .select({ id: provisions.id })
      .from(provisions)
      .where(
        and(eq(provisions.agreementId, row.agreementId), inArray(provisions.id, req.provisionIds)),
      );
    if (known.length !== req.provisionIds.length) {
      throw new AppError('validation_failed', 'Unknown provision', {
        errors: [
          { field: 'body.provisionIds', message: 'names a provision not in this agreement' },
        ],
      });
    }
  }
  if (req.outcome === 'violation_attributed') {
    if (req.attributedOrganisationId === undefined && req.attributedGroup === undefined) {
      throw new AppError('validation_failed', 'An attributed violation names who committed it', {
        errors: [
          {
            field: 'body.attributedOrganisationId',
            message: 'or body.attributedGroup is required',
          },
        ],
      });
    }
    if (req.confidence === undefined) {
      throw new AppError('validation_failed', 'An attribution states its confidence', {
        errors: [
          { field: 'body.confidence', message: 'is required when a violation is attributed' },
        ],
      });
    }
    if (req.provisionIds.length === 0) {
      throw new AppError('validation_failed', 'A violation breaches at least one provision', {
        errors: [{ field: 'body.provisionIds', message: 'must name the provisions breached' }],
      });
    }
    if (req.attributedOrganisationId !== undefined) {
      const parties = await repo.partiesOf(tx, row.agreementId);
      if (!parties.includes(req.attributedOrganisationId)) {
        throw new AppError('validation_failed', 'Only a party can be attributed a violation', {
          errors: [
            { field: 'body.attributedOrganisationId', message: 'is not a party to this agreement' },
          ],
        });
      }
    }
  } else if (req.attributedOrganisationId !== undefined || req.attributedGroup !== undefined) {
    throw new AppError('validation_failed', 'Only an attributed violation names who committed it', {
      errors: [
        {
          field: 'body.attributedOrganisationId',
          message: `must be absent when the outcome is ${req.outcome}`,
        },
      ],
    });
  }
}
