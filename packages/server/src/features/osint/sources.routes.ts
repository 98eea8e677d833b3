/** The sources followed: list them (with each feed's status and last error), add a feed or a page. */
import Type from 'typebox';
import {
  CreateOsintSourceRequestSchema,
  CreateOsintSourceResponseSchema,
  OsintSourceSchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { problemResponses } from '../../platform/http/route-helpers.ts';
import type { SourcesService } from './sources.service.ts';

export function registerOsintSourceRoutes(app: App, deps: { sources: SourcesService }): void {
  app.get(
    '/api/v1/osint/sources',
    {
      config: { action: 'osint.read' },
      schema: {
        tags: ['osint'],
        summary: 'Sources of news: feeds and pages first, with their status and last error',
        response: {
          200: Type.Object({ items: Type.Array(OsintSourceSchema) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => ({ items: await deps.sources.list() }),
  );

  app.post(
    '/api/v1/osint/sources',
    {
      config: { action: 'osint.manage' },
      schema: {
        tags: ['osint'],
        summary:
          'Follow a feed (polled on a schedule) or read one page now; the same address again is the same source',
        body: CreateOsintSourceRequestSchema,
        response: {
          200: CreateOsintSourceResponseSchema,
          201: CreateOsintSourceResponseSchema,
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { source, item, created } = await deps.sources.add(request.body, request.actor);
      return reply.code(created ? 201 : 200).send({ source, item });
    },
  );
}
