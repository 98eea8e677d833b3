import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  VIOLATION_CATEGORIES,
  VIOLATION_CATEGORY_IDS,
  categoryById,
  isViolationCategoryId,
  type ViolationCategoryId,
} from '../../src/index.ts';

/** ACLED codebook (2023/2024): every event type and its sub-event types, spelled as ACLED does. */
const ACLED_CODEBOOK: Readonly<Record<string, readonly string[]>> = {
  Battles: ['Government regains territory', 'Non-state actor overtakes territory', 'Armed clash'],
  Protests: ['Excessive force against protesters', 'Protest with intervention', 'Peaceful protest'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
};

describe('violation categories', () => {
  it('lists each id once, in the order of VIOLATION_CATEGORY_IDS', () => {
    expect(VIOLATION_CATEGORIES.map((c) => c.id)).toEqual([...VIOLATION_CATEGORY_IDS]);
    expect(new Set(VIOLATION_CATEGORY_IDS).size).toBe(VIOLATION_CATEGORY_IDS.length);
  });

  it('has the eight hostile and four provocative acts of the agreement', () => {
    const ids = (kind: string) =>
      VIOLATION_CATEGORIES.filter((c) => c.kind === kind).map((c) => c.id);
    expect(ids('hostile')).toEqual([
      'cross_border_attack',
      'shelling_artillery',
      'air_drone_strike',
      'armed_infiltration',
      'attack_on_civilians',
      'support_proscribed_group',
      'kidnapping',
      'ied',
    ]);
    expect(ids('provocative')).toEqual([
      'troop_buildup',
      'hostile_statement',
      'crossing_closure',
      'obstructing_monitors',
    ]);
  });

  it('maps every category to an event type and sub-event type that the ACLED codebook has', () => {
    for (const c of VIOLATION_CATEGORIES) {
      expect(ACLED_CODEBOOK[c.acled.eventType], c.id).toBeDefined();
      expect(ACLED_CODEBOOK[c.acled.eventType], c.id).toContain(c.acled.subEventType);
    }
  });

  it('maps the violent acts to ACLED political violence and the provocative ones to strategic developments', () => {
    const expected: Record<ViolationCategoryId, [string, string]> = {
      cross_border_attack: ['Battles', 'Armed clash'],
      shelling_artillery: ['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
      air_drone_strike: ['Explosions/Remote violence', 'Air/drone strike'],
      armed_infiltration: ['Battles', 'Armed clash'],
      attack_on_civilians: ['Violence against civilians', 'Attack'],
      support_proscribed_group: ['Strategic developments', 'Headquarters or base established'],
      kidnapping: ['Violence against civilians', 'Abduction/forced disappearance'],
      ied: ['Explosions/Remote violence', 'Remote explosive/landmine/IED'],
      troop_buildup: ['Strategic developments', 'Change to group/activity'],
      hostile_statement: ['Strategic developments', 'Other'],
      crossing_closure: ['Strategic developments', 'Other'],
      obstructing_monitors: ['Strategic developments', 'Other'],
    };
    for (const c of VIOLATION_CATEGORIES) {
      expect([c.acled.eventType, c.acled.subEventType], c.id).toEqual(expected[c.id]);
    }
    for (const c of VIOLATION_CATEGORIES.filter((x) => x.kind === 'provocative')) {
      expect(c.acled.eventType).toBe('Strategic developments');
    }
  });

  it('finds a category by id and refuses unknown ids', () => {
    expect(categoryById('ied')?.acled.subEventType).toBe('Remote explosive/landmine/IED');
    expect(categoryById('shelling_artillery').kind).toBe('hostile');
    expect(categoryById('nope')).toBeUndefined();
    expect(categoryById('toString')).toBeUndefined();
    expect(isViolationCategoryId('troop_buildup')).toBe(true);
    expect(isViolationCategoryId('__proto__')).toBe(false);
  });

  it('is frozen, so no caller can change the taxonomy', () => {
    expect(Object.isFrozen(VIOLATION_CATEGORIES)).toBe(true);
    for (const c of VIOLATION_CATEGORIES) {
      expect(Object.isFrozen(c)).toBe(true);
      expect(Object.isFrozen(c.acled)).toBe(true);
    }
  });

  it('works as a TypeBox enum for wire schemas', () => {
    const schema = Type.Enum([...VIOLATION_CATEGORY_IDS]);
    for (const id of VIOLATION_CATEGORY_IDS) expect(Value.Check(schema, id)).toBe(true);
    expect(Value.Check(schema, 'shelling')).toBe(false);
  });
});
