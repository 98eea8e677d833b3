/**
 * Rounds of talks: where and when, who sat at the table, the documents of each round (under their
 * visibility) and the commitments each round produced. Every change is one transaction with its
 * log entry.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import {
  maySeeRecord,
  type Actor,
  type AddTalkDocumentRequest,
  type AddTalkParticipantRequest,
  type CreateTalkRoundRequest,
  type MaterialVisibility,
  type TalkDocument,
  type TalkDocumentKind,
  type TalkDocumentVisibility,
  type TalkParticipant,
  type TalkRound,
  type TalkRoundDetail,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  agreements,
  commitments,
  organisations,
  provisions,
  talkDocuments,
  talkParticipants,
  talkRounds,
} from '../../platform/database/schema/index.ts';
import { AppError, type FieldError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';

export interface TalksService {
  /**
   * Every round, oldest first, exactly as logged: the web app checks each listed round against
   * its log entry, so the list carries nothing the `talk_round` record does not.
   */
  list(): Promise<TalkRound[]>;
  /** One round with what the caller may see of its documents and commitments; 404 if missing. */
  get(id: string, actor: Actor | null): Promise<TalkRoundDetail>;
  create(input: CreateTalkRoundRequest, actor: Actor): Promise<TalkRoundDetail>;
  addDocument(roundId: string, input: AddTalkDocumentRequest, actor: Actor): Promise<TalkDocument>;
  addParticipant(
    roundId: string,
    input: AddTalkParticipantRequest,
    actor: Actor,
  ): Promise<TalkParticipant>;
}

type RoundRow = typeof talkRounds.$inferSelect;
type DocumentRow = typeof talkDocuments.$inferSelect;

const invalid = (detail: string, errors: FieldError[]) =>
  new AppError('validation_failed', detail, { errors });
const roundNotFound = () => new AppError('not_found', 'No such round of talks');

/** The round as `GET /talks` has always shown it (and as the log records it). */
export const presentRound = (r: RoundRow): TalkRound => ({
  id: r.id,
  agreementId: r.agreementId,
  name: r.name,
  place: r.place,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  outcome: r.outcome,
  demo: r.demo,
});

const presentDocument = (d: DocumentRow): TalkDocument => ({
  id: d.id,
  roundId: d.roundId,
  kind: d.kind as TalkDocumentKind,
  title: d.title,
  body: d.body,
  language: d.language,
  visibility: d.visibility as TalkDocumentVisibility,
  organisationId: d.organisationId,
  addedBy: d.addedBy,
  addedAt: d.addedAt.toISOString(),
});

/**
 * Commitments are seen under the shared rule for material (`maySeeRecord`), the party that
 * undertook the commitment being its owner.
 */
const maySeeCommitment = (
  actor: Actor | null,
  c: { visibility: string; partyOrganisationId: string | null },
) => maySeeRecord(actor, c.visibility as MaterialVisibility, c.partyOrganisationId);

async function participantsOf(db: Db, roundIds: readonly string[]) {
  if (roundIds.length === 0) return new Map<string, TalkParticipant[]>();
  const rows = await db
    .select({
      roundId: talkParticipants.roundId,
      organisationId: talkParticipants.organisationId,
      capacity: talkParticipants.capacity,
      delegation: talkParticipants.delegation,
      organisationName: organisations.name,
      organisationShortName: organisations.shortName,
    })
    .from(talkParticipants)
    .innerJoin(organisations, eq(organisations.id, talkParticipants.organisationId))
    .where(inArray(talkParticipants.roundId, [...roundIds]))
    .orderBy(asc(talkParticipants.capacity), asc(organisations.shortName));
  const byRound = new Map<string, TalkParticipant[]>();
  for (const { roundId, ...p } of rows) {
    const list = byRound.get(roundId) ?? [];
    list.push(p);
    byRound.set(roundId, list);
  }
  return byRound;
}

export function createTalksService(deps: { db: Db; clock: () => Date }): TalksService {
  const { db, clock } = deps;

  async function findOrganisation(id: string) {
    const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
    return row;
  }

  async function requireRound(tx: Db, id: string): Promise<RoundRow> {
    const [row] = await tx.select().from(talkRounds).where(eq(talkRounds.id, id));
    if (!row) throw roundNotFound();
    return row;
  }

  const service: TalksService = {
    async list() {
      const rows = await db
        .select()
        .from(talkRounds)
        .orderBy(asc(talkRounds.startsOn), asc(talkRounds.id));
      return rows.map(presentRound);
    },

    async get(id, actor) {
      const round = await requireRound(db, id);
      const participants = (await participantsOf(db, [id])).get(id) ?? [];
      const documents = (
        await db
          .select()
          .from(talkDocuments)
          .where(eq(talkDocuments.roundId, id))
          .orderBy(asc(talkDocuments.addedAt), asc(talkDocuments.id))
      ).filter((d) =>
        maySeeRecord(actor, d.visibility as TalkDocumentVisibility, d.organisationId),
      );
      const produced = (
        await db
          .select()
          .from(commitments)
          .where(eq(commitments.roundId, id))
          .orderBy(asc(commitments.number))
      ).filter((c) => maySeeCommitment(actor, c));
      const provisionIds = [...new Set(produced.flatMap((c) => c.provisionIds))];
      const provisionRows =
        provisionIds.length === 0
          ? []
          : await db
              .select()
              .from(provisions)
              .where(inArray(provisions.id, provisionIds))
              .orderBy(asc(provisions.position));
      return {
        ...presentRound(round),
        participants,
        documents: documents.map(presentDocument),
        commitments: produced.map((c) => ({
          id: c.id,
          number: c.number,
          title: c.title,
          status: c.status,
          partyOrganisationId: c.partyOrganisationId,
          dueOn: c.dueOn,
          provisionIds: c.provisionIds,
        })),
        provisions: provisionRows.map((p) => ({ id: p.id, number: p.number, text: p.text })),
      };
    },

    async create(input, actor) {
      const errors: FieldError[] = [];
      if (input.endsOn < input.startsOn) {
        errors.push({
          field: 'body.endsOn',
          message: `is before body.startsOn (${input.startsOn})`,
        });
      }
      if (input.agreementId !== undefined) {
        const [agreement] = await db
          .select({ id: agreements.id })
          .from(agreements)
          .where(eq(agreements.id, input.agreementId));
        if (!agreement) {
          errors.push({ field: 'body.agreementId', message: 'does not name an agreement' });
        }
      }
      if (errors.length > 0) throw invalid('The round of talks is not valid', errors);
      const now = clock();
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(talkRounds)
          .values({
            agreementId: input.agreementId ?? null,
            name: input.name,
            place: input.place,
            startsOn: input.startsOn,
            endsOn: input.endsOn,
            outcome: input.outcome ?? {},
          })
          .returning();
        if (!row) throw new Error('talk round not inserted');
        await appendToLog(tx, {
          action: 'talks.create',
          actor,
          recordType: 'talk_round',
          recordId: row.id,
          record: presentRound(row),
          visibility: 'public',
          now,
        });
        return row.id;
      });
      return service.get(id, actor);
    },

    async addDocument(roundId, input, actor) {
      await requireRound(db, roundId);
      if (input.organisationId !== undefined && !(await findOrganisation(input.organisationId))) {
        throw invalid('Unknown organisation', [
          { field: 'body.organisationId', message: 'does not name an organisation' },
        ]);
      }
      const now = clock();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(talkDocuments)
          .values({
            roundId,
            kind: input.kind,
            title: input.title,
            body: input.body,
            language: input.language,
            visibility: input.visibility,
            organisationId: input.organisationId ?? null,
            addedBy: actor.userId,
            addedAt: now,
          })
          .returning();
        if (!row) throw new Error('talk document not inserted');
        const document = presentDocument(row);
        await appendToLog(tx, {
          action: 'talks.document.add',
          actor,
          recordType: 'talk_document',
          recordId: row.id,
          record: document,
          visibility: document.visibility,
          ...(row.organisationId ? { ownerOrganisationId: row.organisationId } : {}),
          now,
        });
        return document;
      });
    },

    async addParticipant(roundId, input, actor) {
      await requireRound(db, roundId);
      const organisation = await findOrganisation(input.organisationId);
      if (!organisation) {
        throw invalid('Unknown organisation', [
          { field: 'body.organisationId', message: 'does not name an organisation' },
        ]);
      }
      const now = clock();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(talkParticipants)
          .values({
            roundId,
            organisationId: organisation.id,
            // The organisation's place at the table follows from what it is.
            capacity: organisation.kind,
            delegation: input.delegation,
          })
          .onConflictDoNothing()
          .returning();
        if (!row) {
          throw new AppError(
            'conflict',
            `${organisation.shortName} is already recorded as a participant of this round`,
            { errors: [{ field: 'body.organisationId', message: 'already takes part' }] },
          );
        }
        const participant: TalkParticipant = {
          organisationId: organisation.id,
          organisationName: organisation.name,
          organisationShortName: organisation.shortName,
          capacity: row.capacity,
          delegation: row.delegation,
        };
        await appendToLog(tx, {
          action: 'talks.participant.add',
          actor,
          recordType: 'talk_participant',
          recordId: `${roundId}:${organisation.id}`,
          record: { roundId, ...participant },
          visibility: 'public',
          now,
        });
        return participant;
      });
    },
  };
  return service;
}
