/** The organisations of the mechanism: parties, mediators, secretariat, observers. */
import Type from 'typebox';
import { InvestigatorSchema, OrganisationSchema } from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import type { Db } from '../../platform/database/database.ts';
import { problemResponses } from '../../platform/http/route-helpers.ts';
import { and, asc, inArray, isNull } from 'drizzle-orm';
import { users } from '../../platform/database/schema/index.ts';
import { listOrganisations, presentOrganisation } from '../users/users.repository.ts';

export function registerOrganisationRoutes(app: App, deps: { db: Db }): void {
  app.get(
    '/api/v1/organisations',
    {
      config: { action: 'organisation.list' },
      schema: {
        tags: ['organisations'],
        summary: 'Organisations taking part in the mechanism',
        response: {
          200: Type.Object({ items: Type.Array(OrganisationSchema) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => ({ items: (await listOrganisations(deps.db)).map(presentOrganisation) }),
  );

  app.get(
    '/api/v1/investigators',
    {
      config: { action: 'investigator.list' },
      schema: {
        tags: ['organisations'],
        summary: 'Active mediators and monitors, whom a mediator may task with an investigation',
        response: {
          200: Type.Object({ items: Type.Array(InvestigatorSchema) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => {
      const rows = await deps.db
        .select({
          id: users.id,
          displayName: users.displayName,
          role: users.role,
          organisationId: users.organisationId,
        })
        .from(users)
        .where(and(inArray(users.role, ['mediator', 'monitor']), isNull(users.disabledAt)))
        .orderBy(asc(users.displayName));
      return {
        items: rows.map((r) => ({
          ...r,
          role: r.role === 'mediator' ? ('mediator' as const) : ('monitor' as const),
        })),
      };
    },
  );
}
