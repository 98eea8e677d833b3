/**
 * Who may see a complaint and its evidence. The server applies the same rule in SQL for lists,
 * search, counts, map data and exports (`complaints.visibility.ts`); tests hold the two together.
 */
import { maySeeRecord, type Actor } from '../policy/policy.ts';
import type { MaterialVisibility } from '../api/complaints.schemas.ts';

/** The parts of a complaint the rule looks at. */
export interface ComplaintAccessFacts {
  readonly visibility: MaterialVisibility;
  readonly filerOrganisationId: string;
  readonly accusedOrganisationId: string | null;
  /** Set when the accused party was notified and its reply window opened. */
  readonly replyDueAt: Date | string | null;
}

/**
 * - the visibility class decides first (`maySeeRecord`, the filer being the owner);
 * - the filing organisation's officers always see their own complaint;
 * - the accused party's officers see it once they have been notified: they cannot answer an
 *   allegation they cannot read.
 */
export function maySeeComplaint(actor: Actor | null, c: ComplaintAccessFacts): boolean {
  if (maySeeRecord(actor, c.visibility, c.filerOrganisationId)) return true;
  if (actor === null || actor.role !== 'party_officer') return false;
  if (actor.organisationId === c.filerOrganisationId) return true;
  return actor.organisationId === c.accusedOrganisationId && c.replyDueAt !== null;
}

/** The parts of an evidence item the rule looks at. */
export interface EvidenceAccessFacts {
  readonly visibility: MaterialVisibility;
  readonly ownerOrganisationId: string;
}

/**
 * An evidence item is visible when its complaint is and its own class allows it: `joint` evidence
 * is the shareable kind the accused party sees; `originator` stays with the party that added it,
 * and the organisation that added an item always sees it.
 */
export function maySeeEvidence(
  actor: Actor | null,
  complaint: ComplaintAccessFacts,
  item: EvidenceAccessFacts,
): boolean {
  if (!maySeeComplaint(actor, complaint)) return false;
  // Whoever added an item keeps sight of it, whatever class they gave it.
  if (actor !== null && actor.organisationId === item.ownerOrganisationId) return true;
  return maySeeRecord(actor, item.visibility, item.ownerOrganisationId);
}
