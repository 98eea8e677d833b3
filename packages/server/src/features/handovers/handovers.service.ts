/**
 * Handovers of named persons at a crossing: a party's request, the other party's answer, the
 * outcome. Each change is one transaction: the row is locked, a handover the actor may not see is
 * reported as missing, the client's `version` must be the current one, the domain decides
 * (`evaluateHandover`), and the change and its log entry commit together.
 *
 * Log entries are `joint` records: the request, the answer and the outcome concern both parties
 * (the requesting side must see the answer, the asked side the request) and the mediators' side;
 * `mediators` would hide them from the very parties involved, and nothing here is ever public.
 */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import {
  allowedHandoverCommands,
  evaluateHandover,
  maySeeHandover,
  type Actor,
  type AnswerHandoverRequest,
  type CreateHandoverRequest,
  type Handover,
  type HandoverCommand,
  type HandoverDetail,
  type HandoverListQuery,
  type HandoverOutcomeRequest,
  type HandoverStatus,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { crossings, handovers, organisations } from '../../platform/database/schema/index.ts';
import { AppError, type FieldError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import { handoverVisibleTo } from './handovers.visibility.ts';

export interface HandoversService {
  list(query: HandoverListQuery, actor: Actor): Promise<HandoverDetail[]>;
  get(id: string, actor: Actor): Promise<HandoverDetail>;
  request(input: CreateHandoverRequest, actor: Actor): Promise<HandoverDetail>;
  answer(id: string, input: AnswerHandoverRequest, actor: Actor): Promise<HandoverDetail>;
  recordOutcome(id: string, input: HandoverOutcomeRequest, actor: Actor): Promise<HandoverDetail>;
}

type Row = typeof handovers.$inferSelect;

/** Most handovers in one list. */
export const MAX_HANDOVERS_LISTED = 500;

const handoverNotFound = () => new AppError('not_found', 'No such handover');

const present = (row: Row): Handover => ({
  id: row.id,
  requestingOrganisationId: row.requestingOrganisationId,
  respondingOrganisationId: row.respondingOrganisationId,
  crossingId: row.crossingId,
  persons: row.persons,
  reason: row.reason,
  status: row.status as HandoverStatus,
  answer: row.answer,
  outcome: row.outcome,
  version: row.version,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const detail = (row: Row, actor: Actor): HandoverDetail => ({
  ...present(row),
  allowedCommands: allowedHandoverCommands(actor, row),
});

export function createHandoversService(deps: { db: Db; clock: () => Date }): HandoversService {
  const { db, clock } = deps;

  async function runCommand(
    id: string,
    version: number,
    command: HandoverCommand,
    actor: Actor,
    patch: (row: Row) => Partial<typeof handovers.$inferInsert>,
  ): Promise<HandoverDetail> {
    return db.transaction(async (tx) => {
      const [row] = await tx.select().from(handovers).where(eq(handovers.id, id)).for('update');
      if (!row || !maySeeHandover(actor, row)) throw handoverNotFound();
      if (row.version !== version) {
        throw new AppError(
          'version_conflict',
          `The handover is now at version ${row.version}; your change was made against version ${version}. Reload it and try again.`,
          {
            errors: [
              { field: 'body.version', message: `is not the current version (${row.version})` },
            ],
            workflow: { currentVersion: row.version, state: row.status },
          },
        );
      }
      const verdict = evaluateHandover(row, command, actor);
      if (!verdict.ok) {
        if (verdict.kind === 'not_permitted') throw new AppError('forbidden', verdict.message);
        throw new AppError('invalid_transition', verdict.message, {
          workflow: { currentVersion: row.version, state: row.status, allowed: verdict.allowed },
        });
      }
      const now = clock();
      const [updated] = await tx
        .update(handovers)
        .set({ ...patch(row), version: row.version + 1, updatedAt: now })
        .where(and(eq(handovers.id, row.id), eq(handovers.version, row.version)))
        .returning();
      if (!updated) throw new Error('handover changed under a row lock');
      await appendToLog(tx, {
        action: `handover.${command}`,
        actor,
        recordType: 'handover',
        recordId: updated.id,
        record: present(updated),
        visibility: 'joint',
        ownerOrganisationId: updated.requestingOrganisationId,
        now,
      });
      return detail(updated, actor);
    });
  }

  return {
    async list(query, actor) {
      const where: SQL[] = [handoverVisibleTo(actor)];
      if (query.status) where.push(eq(handovers.status, query.status));
      const rows = await db
        .select()
        .from(handovers)
        .where(and(...where))
        .orderBy(desc(handovers.createdAt), desc(handovers.id))
        .limit(MAX_HANDOVERS_LISTED);
      return rows.map((r) => detail(r, actor));
    },

    async get(id, actor) {
      const [row] = await db.select().from(handovers).where(eq(handovers.id, id));
      if (!row || !maySeeHandover(actor, row)) throw handoverNotFound();
      return detail(row, actor);
    },

    async request(input, actor) {
      if (actor.role !== 'party_officer') {
        throw new AppError(
          'forbidden',
          "A party's officers request handovers; the mediators record their outcome",
        );
      }
      const errors: FieldError[] = [];
      const [responding] = await db
        .select({ id: organisations.id, kind: organisations.kind })
        .from(organisations)
        .where(eq(organisations.id, input.respondingOrganisationId));
      if (!responding) {
        errors.push({ field: 'body.respondingOrganisationId', message: 'is not an organisation' });
      } else if (responding.kind !== 'party') {
        errors.push({ field: 'body.respondingOrganisationId', message: 'is not a party' });
      } else if (responding.id === actor.organisationId) {
        errors.push({ field: 'body.respondingOrganisationId', message: 'is your own party' });
      }
      if (input.crossingId !== undefined) {
        const [crossing] = await db
          .select({ id: crossings.id })
          .from(crossings)
          .where(eq(crossings.id, input.crossingId));
        if (!crossing) errors.push({ field: 'body.crossingId', message: 'is not a crossing' });
      }
      if (errors.length > 0) {
        throw new AppError('validation_failed', 'The handover request is not valid', { errors });
      }
      const now = clock();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(handovers)
          .values({
            requestingOrganisationId: actor.organisationId,
            respondingOrganisationId: input.respondingOrganisationId,
            crossingId: input.crossingId ?? null,
            persons: input.persons.map((p) => ({ name: p.name, details: p.details })),
            reason: input.reason,
            status: 'requested',
            createdBy: actor.userId,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('handover not inserted');
        await appendToLog(tx, {
          action: 'handover.request',
          actor,
          recordType: 'handover',
          recordId: row.id,
          record: present(row),
          visibility: 'joint',
          ownerOrganisationId: row.requestingOrganisationId,
          now,
        });
        return detail(row, actor);
      });
    },

    answer(id, input, actor) {
      return runCommand(id, input.version, 'answer', actor, () => ({
        status: input.decision === 'accept' ? 'accepted' : 'refused',
        answer: input.text,
      }));
    },

    recordOutcome(id, input, actor) {
      return runCommand(id, input.version, 'record_outcome', actor, () => ({
        status: input.outcome,
        outcome: input.text,
      }));
    },
  };
}
