/** The organisations of the mechanism: parties, mediators, secretariat, observers. */
import Type from 'typebox';
import { OrganisationSchema } from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import type { Db } from '../../platform/database/database.ts';
import { problemResponses } from '../../platform/http/route-helpers.ts';
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
}
