/**
 * Who may see a complaint and its evidence. The server applies the same rule in SQL for lists,
 * search, counts, map data and exports (`complaints.visibility.ts`); tests hold the two together.
 */
import { maySeeRecord, type Actor } from '../policy/policy.ts';
import { MATERIAL_VISIBILITIES, type MaterialVisibility } from '../api/complaints.schemas.ts';

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

/**
 * Whether the actor may open a log entry that committed to a complaint: the complaint's own rule
 * ({@link maySeeComplaint}), applied to the complaint as committed to (`record`, as the API
 * presented it then) under the class the entry was logged with. Everyone shown a complaint can so
 * check it against the log, and no one opens a state of it they could not have read then: the
 * accused party's officers open the entries from the one that notified them on, not the earlier
 * ones. Anything that is not a presented complaint in that class opens to no one this way.
 */
export function mayOpenLoggedComplaint(
  actor: Actor | null,
  visibility: string,
  record: unknown,
): boolean {
  if (!isMaterialVisibility(visibility)) return false;
  if (!isObject(record) || record['visibility'] !== visibility) return false;
  const filer = record['filer'];
  const accused = record['accused'];
  const replyDueAt = record['replyDueAt'];
  if (!isObject(filer) || typeof filer['organisationId'] !== 'string') return false;
  if (!isObject(accused)) return false;
  const accusedOrganisationId = accused['organisationId'];
  if (accusedOrganisationId !== null && typeof accusedOrganisationId !== 'string') return false;
  if (replyDueAt !== null && typeof replyDueAt !== 'string') return false;
  return maySeeComplaint(actor, {
    visibility,
    filerOrganisationId: filer['organisationId'],
    accusedOrganisationId,
    replyDueAt,
  });
}

function isMaterialVisibility(value: string): value is MaterialVisibility {
  return (MATERIAL_VISIBILITIES as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
