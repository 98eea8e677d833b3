/**
 * What a ceasefire complaint accuses the other side of: the mechanism's violation taxonomy.
 *
 * Hostile acts break the ceasefire by force (or by backing those who use it); provocative acts do
 * not, but threaten it, and the parties asked that both be reported. Each category maps to one
 * event type and sub-event type of the ACLED codebook (Armed Conflict Location & Event Data,
 * codebook of 2023/2024), so a finding can be exported next to ACLED's own data and compared with
 * it. The names below are ACLED's exact strings. The server builds the export rows; this module
 * only holds the mapping.
 *
 * Choices where ACLED has no exact match (its "Strategic developments" are, by ACLED's own word,
 * not systematically coded, so these are the nearest fit, not a claim that ACLED would code every
 * such event):
 * - `support_proscribed_group` → "Headquarters or base established": the observable event behind
 *   a complaint of harbouring is a proscribed group holding a base or sanctuary on the accused
 *   side's territory. Support without a base (money, arms, training) is coded "Other" by ACLED; an
 *   exporter that knows the complaint is of that kind may override the sub-event type.
 * - `troop_buildup` → "Change to group/activity": ACLED's sub-event for significant changes in the
 *   activity or posture of an armed group or force, which covers large deployments and movements.
 * - `hostile_statement`, `crossing_closure`, `obstructing_monitors` → "Other": none of them is an
 *   agreement, arrest, change of group, disrupted weapon use, base, looting or transfer of
 *   territory.
 */

/** ACLED's event types that the taxonomy uses. */
export type AcledEventType =
  | 'Battles'
  | 'Explosions/Remote violence'
  | 'Violence against civilians'
  | 'Strategic developments';

/** ACLED's sub-event types that the taxonomy uses, spelled as in the codebook. */
export type AcledSubEventType =
  | 'Armed clash'
  | 'Shelling/artillery/missile attack'
  | 'Air/drone strike'
  | 'Remote explosive/landmine/IED'
  | 'Attack'
  | 'Abduction/forced disappearance'
  | 'Headquarters or base established'
  | 'Change to group/activity'
  | 'Other';

/** Every category id, in display order (hostile acts first). Usable with `Type.Enum([...])`. */
export const VIOLATION_CATEGORY_IDS = [
  'cross_border_attack',
  'shelling_artillery',
  'air_drone_strike',
  'armed_infiltration',
  'attack_on_civilians',
  'support_proscribed_group',
  'kidnapping',
  'ied',
  'troop_buildup',
  'hostile_statement',
  'crossing_closure',
  'obstructing_monitors',
] as const;

export type ViolationCategoryId = (typeof VIOLATION_CATEGORY_IDS)[number];

export type ViolationKind = 'hostile' | 'provocative';

export interface ViolationCategory {
  readonly id: ViolationCategoryId;
  readonly kind: ViolationKind;
  readonly acled: { readonly eventType: AcledEventType; readonly subEventType: AcledSubEventType };
}

const category = (
  id: ViolationCategoryId,
  kind: ViolationKind,
  eventType: AcledEventType,
  subEventType: AcledSubEventType,
): ViolationCategory =>
  Object.freeze({ id, kind, acled: Object.freeze({ eventType, subEventType }) });

/** The taxonomy, in the order of `VIOLATION_CATEGORY_IDS`. */
export const VIOLATION_CATEGORIES: readonly ViolationCategory[] = Object.freeze([
  // An armed attack across the border: a fight between organised armed forces or groups.
  category('cross_border_attack', 'hostile', 'Battles', 'Armed clash'),
  category(
    'shelling_artillery',
    'hostile',
    'Explosions/Remote violence',
    'Shelling/artillery/missile attack',
  ),
  category('air_drone_strike', 'hostile', 'Explosions/Remote violence', 'Air/drone strike'),
  // Infiltrators who are met by the other side's forces: coded by ACLED as the clash that follows.
  category('armed_infiltration', 'hostile', 'Battles', 'Armed clash'),
  category('attack_on_civilians', 'hostile', 'Violence against civilians', 'Attack'),
  // Harbouring or supporting a proscribed group (see the module comment).
  category(
    'support_proscribed_group',
    'hostile',
    'Strategic developments',
    'Headquarters or base established',
  ),
  category('kidnapping', 'hostile', 'Violence against civilians', 'Abduction/forced disappearance'),
  category('ied', 'hostile', 'Explosions/Remote violence', 'Remote explosive/landmine/IED'),
  // Troop build-up or movement near the border.
  category('troop_buildup', 'provocative', 'Strategic developments', 'Change to group/activity'),
  // Hostile statements or propaganda.
  category('hostile_statement', 'provocative', 'Strategic developments', 'Other'),
  // Closing a crossing or obstructing trade.
  category('crossing_closure', 'provocative', 'Strategic developments', 'Other'),
  category('obstructing_monitors', 'provocative', 'Strategic developments', 'Other'),
]);

const BY_ID: ReadonlyMap<string, ViolationCategory> = new Map(
  VIOLATION_CATEGORIES.map((c) => [c.id, c]),
);

/** The category with this id; `undefined` only for a string that names no category. */
export function categoryById(id: ViolationCategoryId): ViolationCategory;
export function categoryById(id: string): ViolationCategory | undefined;
export function categoryById(id: string): ViolationCategory | undefined {
  return BY_ID.get(id);
}

/** True when `id` names a category: narrows a string from outside to `ViolationCategoryId`. */
export function isViolationCategoryId(id: string): id is ViolationCategoryId {
  return BY_ID.has(id);
}
