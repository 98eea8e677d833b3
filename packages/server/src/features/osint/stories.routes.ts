/** Stories: a page of them, the most recently active first, and one with everything about it. */
import {
  OsintStoryDetailSchema,
  OsintStoryMatchesSchema,
  OsintStoryPageSchema,
  OsintStoryQuerySchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses } from '../../platform/http/route-helpers.ts';
import type { StoriesService } from './stories.service.ts';
import type { StoryMatchesService } from './story-matches.service.ts';

export function registerOsintStoryRoutes(
  app: App,
  deps: { stories: StoriesService; matches: StoryMatchesService },
): void {
  app.get(
    '/api/v1/osint/stories',
    {
      config: { action: 'osint.read' },
      schema: {
        tags: ['osint'],
        summary: 'Stories found in the news, the most recently active first',
        querystring: OsintStoryQuerySchema,
        response: { 200: OsintStoryPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => deps.stories.list(request.query),
  );

  app.get(
    '/api/v1/osint/stories/:id',
    {
      config: { action: 'osint.read' },
      schema: {
        tags: ['osint'],
        summary:
          "A story: its articles' timeline, outlets, independent origins, claims and contradictions",
        params: IdParams,
        response: { 200: OsintStoryDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => deps.stories.get(request.params.id),
  );

  app.get(
    '/api/v1/osint/stories/:id/matches',
    {
      config: { action: 'osint.read' },
      schema: {
        tags: ['osint'],
        summary:
          'Complaints and observations the story may concern, best first, scored by time, place and actors',
        params: IdParams,
        response: { 200: OsintStoryMatchesSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => deps.matches.matches(request.params.id, request.actor),
  );
}
