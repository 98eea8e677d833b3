/**
 * Commitments: recording them, the mediators' status decisions and the parties' progress reports,
 * and reading them with their history, reports, assurances and the findings that breach them.
 * Every change is one transaction with its log entries; the rules are the domain's.
 */
import { eq } from 'drizzle-orm';
import {
  allowedStatusDecisions,
  checkNewCommitment,
  evaluateReport,
  mayGiveAssurance,
  evaluateStatusDecision,
  findingBreachesCommitment,
  INITIAL_COMMITMENT_STATUS,
  maySeeRecord,
  statusesFrom,
  type Actor,
  type Commitment,
  type CommitmentDetail,
  type CommitmentFacts,
  type CommitmentListQuery,
  type CommitmentPage,
  type CommitmentRefusal,
  type CommitmentReport,
  type CommitmentReportRequest,
  type CommitmentStatus,
  type CreateCommitmentRequest,
  type MaterialVisibility,
  type RuleFieldError,
  type StatusDecisionRequest,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { agreements, provisions, talkRounds } from '../../platform/database/schema/index.ts';
import { AppError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import * as repo from './commitments.repository.ts';

export interface CommitmentsService {
  /** Records a commitment (status `not_started`); `demo` marks the demo's records. */
  create(
    input: CreateCommitmentRequest,
    actor: Actor,
    options?: { demo?: boolean },
  ): Promise<Commitment>;
  /** The commitment with what the actor may see about it; 404 if it may not see it. */
  get(id: string, actor: Actor | null): Promise<CommitmentDetail>;
  list(query: CommitmentListQuery, actor: Actor | null): Promise<CommitmentPage>;
  /** A mediator's decision on the status, citing evidence and giving a reason. */
  decide(id: string, req: StatusDecisionRequest, actor: Actor): Promise<Commitment>;
  /** A party's own progress report. */
  report(id: string, req: CommitmentReportRequest, actor: Actor): Promise<CommitmentReport>;
}

const invalid = (detail: string, errors: readonly RuleFieldError[]) =>
  new AppError('validation_failed', detail, {
    errors: errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
  });

/** A commitment the actor may not see is reported exactly like one that does not exist. */
export const commitmentNotFound = () => new AppError('not_found', 'No such commitment');

const maySeeCommitment = (actor: Actor | null, row: repo.CommitmentRow) =>
  maySeeRecord(actor, row.visibility as MaterialVisibility, row.partyOrganisationId);

function factsOf(row: repo.CommitmentRow, parties: readonly string[]): CommitmentFacts {
  return {
    status: row.status as CommitmentStatus,
    partyOrganisationId: row.partyOrganisationId,
    partyOrganisationIds: parties,
  };
}

function refusalError(refusal: CommitmentRefusal, row: repo.CommitmentRow): AppError {
  switch (refusal.kind) {
    case 'not_permitted':
      return new AppError('forbidden', refusal.message);
    case 'invalid_transition':
      return new AppError('invalid_transition', refusal.message, {
        workflow: { state: row.status, currentVersion: row.version, allowed: [...refusal.allowed] },
      });
    case 'invalid_decision':
      return invalid(refusal.message, refusal.errors);
  }
}

export function createCommitmentsService(deps: { db: Db; clock: () => Date }): CommitmentsService {
  const { db, clock } = deps;

  /** Logs the commitment's new state and its status change with the transaction that made them. */
  async function logChange(
    tx: Db,
    action: string,
    actor: Actor | null,
    row: repo.CommitmentRow,
    change: repo.StatusChangeRow,
    now: Date,
  ): Promise<Commitment> {
    const commitment = repo.presentCommitment(row);
    const visibility = row.visibility as MaterialVisibility;
    const owner = row.partyOrganisationId ?? undefined;
    await appendToLog(tx, {
      action,
      actor,
      recordType: 'commitment',
      recordId: row.id,
      record: commitment,
      visibility,
      ...(owner !== undefined ? { ownerOrganisationId: owner } : {}),
      now,
    });
    await appendToLog(tx, {
      action,
      actor,
      recordType: 'commitment_status_change',
      recordId: change.id,
      record: { commitmentId: row.id, ...repo.presentStatusChange(change) },
      visibility,
      ...(owner !== undefined ? { ownerOrganisationId: owner } : {}),
      now,
    });
    return commitment;
  }

  return {
    async create(input, actor, options = {}) {
      const [agreement] = await db
        .select({ id: agreements.id })
        .from(agreements)
        .where(eq(agreements.id, input.agreementId));
      if (!agreement) {
        throw invalid('No such agreement', [
          { field: 'agreementId', message: 'does not name an agreement' },
        ]);
      }
      const known = await db
        .select({ id: provisions.id })
        .from(provisions)
        .where(eq(provisions.agreementId, agreement.id));
      const parties = await repo.partiesOf(db, agreement.id);
      const roundId = input.roundId ?? null;
      const [round] =
        roundId === null
          ? []
          : await db
              .select({
                agreementId: talkRounds.agreementId,
                startsOn: talkRounds.startsOn,
                endsOn: talkRounds.endsOn,
              })
              .from(talkRounds)
              .where(eq(talkRounds.id, roundId));
      const errors = checkNewCommitment(input, {
        agreementId: agreement.id,
        provisionIds: known.map((p) => p.id),
        partyOrganisationIds: parties,
        round,
      });
      if (errors.length > 0) throw invalid('The commitment is not valid', errors);
      const now = clock();
      return db.transaction(async (tx) => {
        // Numbers are per agreement: hold the agreement while taking the next one.
        await tx
          .select({ id: agreements.id })
          .from(agreements)
          .where(eq(agreements.id, agreement.id))
          .for('no key update');
        const number = await repo.nextCommitmentNumber(tx, agreement.id);
        const row = await repo.insertCommitment(tx, {
          number,
          agreementId: agreement.id,
          partyOrganisationId: input.partyOrganisationId,
          roundId,
          title: input.title,
          text: input.text,
          language: input.language,
          provisionIds: [...input.provisionIds].sort(),
          indicators: input.indicators.map((i) => ({
            description: i.description,
            meansOfVerification: i.meansOfVerification,
          })),
          dueOn: input.dueOn ?? null,
          status: INITIAL_COMMITMENT_STATUS,
          version: 1,
          visibility: input.visibility,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
          demo: options.demo ?? false,
        });
        const change = await repo.insertStatusChange(tx, {
          commitmentId: row.id,
          version: 1,
          fromStatus: null,
          toStatus: INITIAL_COMMITMENT_STATUS,
          reason: 'Recorded',
          evidence: [],
          decidedBy: actor.userId,
          decidedByOrganisationId: actor.organisationId,
          at: now,
        });
        return logChange(tx, 'commitment.create', actor, row, change, now);
      });
    },

    async get(id, actor) {
      const row = await repo.findCommitment(db, id);
      if (!row || !maySeeCommitment(actor, row)) throw commitmentNotFound();
      const parties = await repo.partiesOf(db, row.agreementId);
      const facts = factsOf(row, parties);
      const history = await repo.listStatusChanges(db, id);
      const reports = await repo.listReports(db, id);
      const { rows: assurances } = await repo.searchAssurances(db, actor, {
        commitment: id,
        limit: 200,
      });
      const attributedTo = row.partyOrganisationId === null ? parties : [row.partyOrganisationId];
      const candidates = await repo.candidateBreachFindings(
        db,
        actor,
        row.agreementId,
        attributedTo,
      );
      return {
        commitment: repo.presentCommitment(row),
        allowedStatuses: [...allowedStatusDecisions(facts, actor)],
        mayReport: evaluateReport(facts, actor).ok,
        mayGiveAssurance: mayGiveAssurance(facts, actor),
        statusHistory: history.map(repo.presentStatusChange),
        reports: reports.map(repo.presentReport),
        assurances: assurances.map((a) => repo.presentAssurance(a.assurance, a.key.fingerprint)),
        breachingFindings: candidates.flatMap((f) =>
          f.issuedAt !== null &&
          f.attributedOrganisationId !== null &&
          findingBreachesCommitment(
            { ...facts, provisionIds: row.provisionIds },
            {
              issued: true,
              outcome: f.outcome,
              attributedOrganisationId: f.attributedOrganisationId,
              provisionIds: f.provisionIds,
            },
          )
            ? [
                {
                  complaintId: f.complaintId,
                  complaintReference: `C-${f.complaintNumber}`,
                  draftVersion: f.draftVersion,
                  attributedOrganisationId: f.attributedOrganisationId,
                  provisionIds: f.provisionIds.filter((p) => row.provisionIds.includes(p)).sort(),
                  summary: f.summary,
                  issuedAt: f.issuedAt.toISOString(),
                },
              ]
            : [],
        ),
      };
    },

    async list(query, actor) {
      const { rows, nextCursor } = await repo.searchCommitments(db, actor, query);
      return { items: rows.map(repo.presentCommitment), nextCursor };
    },

    async decide(id, req, actor) {
      return db.transaction(async (tx) => {
        const row = await repo.lockCommitment(tx, id);
        if (!row || !maySeeCommitment(actor, row)) throw commitmentNotFound();
        if (row.version !== req.version) {
          throw new AppError(
            'version_conflict',
            `The commitment is now at version ${row.version}; your decision was made against version ${req.version}. Reload it and try again.`,
            {
              errors: [
                { field: 'body.version', message: `is not the current version (${row.version})` },
              ],
              workflow: {
                currentVersion: row.version,
                state: row.status,
                allowed: [...statusesFrom(row.status as CommitmentStatus)],
              },
            },
          );
        }
        const parties = await repo.partiesOf(tx, row.agreementId);
        const verdict = evaluateStatusDecision(factsOf(row, parties), req, actor);
        if (!verdict.ok) throw refusalError(verdict.refusal, row);
        const now = clock();
        const updated = await repo.updateCommitment(tx, row.id, row.version, {
          status: verdict.to,
          updatedAt: now,
        });
        if (!updated) throw new Error('commitment changed under a row lock');
        const change = await repo.insertStatusChange(tx, {
          commitmentId: row.id,
          version: updated.version,
          fromStatus: verdict.from,
          toStatus: verdict.to,
          reason: req.reason,
          evidence: req.evidence.map((e) => ({
            kind: e.kind,
            ref: e.ref,
            ...(e.note !== undefined ? { note: e.note } : {}),
          })),
          decidedBy: actor.userId,
          decidedByOrganisationId: actor.organisationId,
          at: now,
        });
        return logChange(tx, 'commitment.decide', actor, updated, change, now);
      });
    },

    async report(id, req, actor) {
      return db.transaction(async (tx) => {
        // A share lock: a report and a withdrawal of the commitment never cross.
        const row = await repo.lockCommitment(tx, id, 'share');
        if (!row || !maySeeCommitment(actor, row)) throw commitmentNotFound();
        const parties = await repo.partiesOf(tx, row.agreementId);
        const verdict = evaluateReport(factsOf(row, parties), actor);
        if (!verdict.ok) throw refusalError(verdict.refusal, row);
        const now = clock();
        const report = await repo.insertReport(tx, {
          commitmentId: row.id,
          organisationId: actor.organisationId,
          userId: actor.userId,
          text: req.text,
          language: req.language,
          evidence: req.evidence.map((e) => ({
            kind: e.kind,
            ref: e.ref,
            ...(e.note !== undefined ? { note: e.note } : {}),
          })),
          submittedAt: now,
        });
        const presented = repo.presentReport(report);
        await appendToLog(tx, {
          action: 'commitment.report',
          actor,
          recordType: 'commitment_report',
          recordId: report.id,
          record: presented,
          visibility: row.visibility as MaterialVisibility,
          ownerOrganisationId: actor.organisationId,
          now,
        });
        return presented;
      });
    },
  };
}
