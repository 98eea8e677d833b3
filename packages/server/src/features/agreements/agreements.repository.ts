/** Reading the agreement, its provisions, the rounds of talks and the crossings. */
import { asc } from 'drizzle-orm';
import {
  isViolationCategoryId,
  type Agreement,
  type Crossing,
  type TalkRound,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  agreementParties,
  agreements,
  crossingStatusChanges,
  crossings,
  provisions,
  talkRounds,
} from '../../platform/database/schema/index.ts';

export async function listAgreements(db: Db): Promise<Agreement[]> {
  // One query after another, not Promise.all: inside a transaction there is one connection,
  // which must not be handed a second query while the first runs.
  const rows = await db.select().from(agreements).orderBy(asc(agreements.effectiveOn));
  const provisionRows = await db.select().from(provisions).orderBy(asc(provisions.position));
  const partyRows = await db
    .select()
    .from(agreementParties)
    .orderBy(asc(agreementParties.capacity), asc(agreementParties.organisationId));
  return rows.map((a) => ({
    id: a.id,
    title: a.title,
    summary: a.summary,
    effectiveOn: a.effectiveOn,
    replyWindowDays: a.replyWindowDays,
    violationCategories: a.violationCategories.filter(isViolationCategoryId),
    demo: a.demo,
    parties: partyRows
      .filter((p) => p.agreementId === a.id)
      .map((p) => ({ organisationId: p.organisationId, capacity: p.capacity })),
    provisions: provisionRows
      .filter((p) => p.agreementId === a.id)
      .map((p) => ({ id: p.id, number: p.number, text: p.text })),
  }));
}

export async function findAgreement(db: Db, id: string): Promise<Agreement | undefined> {
  return (await listAgreements(db)).find((a) => a.id === id);
}

export async function listTalkRounds(db: Db): Promise<TalkRound[]> {
  const rows = await db.select().from(talkRounds).orderBy(asc(talkRounds.startsOn));
  return rows.map((r) => ({ ...r }));
}

export async function listCrossings(db: Db): Promise<Crossing[]> {
  const rows = await db.select().from(crossings).orderBy(asc(crossings.name));
  const history = await db
    .select()
    .from(crossingStatusChanges)
    .orderBy(asc(crossingStatusChanges.effectiveOn), asc(crossingStatusChanges.recordedAt));
  return rows.map((c) => ({
    ...c,
    history: history
      .filter((h) => h.crossingId === c.id)
      .map((h) => ({ status: h.status, reason: h.reason, effectiveOn: h.effectiveOn })),
  }));
}
