/** Observations: bulk recording by monitors and mediators; reads filtered by visibility. */
import Type from 'typebox';
import {
  CreateObservationsRequestSchema,
  ObservationPageSchema,
  ObservationSchema,
  ObservationSearchQuerySchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { ObservationsService } from './observations.service.ts';

export function registerObservationRoutes(
  app: App,
  deps: { observations: ObservationsService },
): void {
  app.post(
    '/api/v1/observations',
    {
      config: { action: 'observation.create' },
      schema: {
        tags: ['observations'],
        summary: 'Record observations (up to 1000 in one request; all or none are stored)',
        body: CreateObservationsRequestSchema,
        response: {
          201: Type.Object({ items: Type.Array(ObservationSchema) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send({ items: await deps.observations.record(request.body, requireActor(request)) }),
  );

  app.get(
    '/api/v1/observations/map',
    {
      config: { action: 'observation.read' },
      schema: {
        tags: ['observations'],
        summary:
          'Map points [latitude, longitude, type, count] of the observations the caller may see',
        querystring: Type.Omit(ObservationSearchQuerySchema, ['cursor', 'limit'], {
          additionalProperties: false,
        }),
        response: {
          200: Type.Object({
            points: Type.Array(
              Type.Tuple([Type.Number(), Type.Number(), Type.String(), Type.Integer()]),
            ),
            truncated: Type.Boolean(),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => deps.observations.mapPoints(request.query, request.actor),
  );

  app.get(
    '/api/v1/observations',
    {
      config: { action: 'observation.read' },
      schema: {
        tags: ['observations'],
        summary: 'Observations the caller may see, newest first',
        querystring: ObservationSearchQuerySchema,
        response: { 200: ObservationPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => deps.observations.search(request.query, request.actor),
  );
}
