/**
 * The domain's handover rule (`maySeeHandover`) as SQL for lists: the mediators and the monitors
 * see every handover, a party's officers those their party requested or was asked for, nobody else.
 */
import { eq, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@truceline/domain';
import { handovers } from '../../platform/database/schema/index.ts';

export function handoverVisibleTo(actor: Actor | null): SQL {
  if (actor === null) return sql`false`;
  if (actor.role === 'mediator' || actor.role === 'monitor') return sql`true`;
  if (actor.role !== 'party_officer') return sql`false`;
  return or(
    eq(handovers.requestingOrganisationId, actor.organisationId),
    eq(handovers.respondingOrganisationId, actor.organisationId),
  ) as SQL;
}
