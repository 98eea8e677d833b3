/**
 * Which observations an actor may see, as SQL: the `maySeeRecord` rule with the recording
 * organisation as owner (it always sees its own).
 */
import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@truceline/domain';
import { observations } from '../../platform/database/schema/index.ts';

export function observationVisibleTo(actor: Actor | null): SQL {
  if (actor && (actor.role === 'mediator' || actor.role === 'monitor' || actor.role === 'admin')) {
    return sql`true`;
  }
  if (actor === null) return eq(observations.visibility, 'public');
  const byClass =
    actor.role === 'party_officer'
      ? inArray(observations.visibility, ['public', 'joint'])
      : eq(observations.visibility, 'public');
  return or(byClass, eq(observations.organisationId, actor.organisationId)) as SQL;
}
