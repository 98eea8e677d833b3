/**
 * Border crossings: the public list and each crossing with its history, the conditions for
 * reopening (and what each still waits for) and the latest figures the caller may see; mediators
 * record status changes and conditions.
 */
import Type from 'typebox';
import {
  AddCrossingConditionRequestSchema,
  ConditionMetRequestSchema,
  CrossingConditionSchema,
  CrossingDetailSchema,
  CrossingSchema,
  CrossingStatusChangeRequestSchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { CrossingsService } from './crossings.service.ts';

const ConditionParams = Type.Object(
  { id: Type.String({ format: 'uuid' }), conditionId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export function registerCrossingRoutes(app: App, deps: { crossings: CrossingsService }): void {
  app.get(
    '/api/v1/crossings',
    {
      config: { action: 'crossing.read' },
      schema: {
        tags: ['crossings'],
        summary: 'Border crossings with their status history',
        response: { 200: Type.Object({ items: Type.Array(CrossingSchema) }) },
      },
    },
    async () => ({ items: await deps.crossings.list() }),
  );

  app.get(
    '/api/v1/crossings/:id',
    {
      config: { action: 'crossing.read' },
      schema: {
        tags: ['crossings'],
        summary:
          'One crossing: status history with reasons, conditions for reopening with what is missing, latest figures',
        params: IdParams,
        response: { 200: CrossingDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => deps.crossings.get(request.params.id, request.actor),
  );

  app.post(
    '/api/v1/crossings/:id/status',
    {
      config: { action: 'crossing.manage' },
      schema: {
        tags: ['crossings'],
        summary:
          'Record a change of status with its reason; a reopening on conditions met is refused while any condition is unmet',
        params: IdParams,
        body: CrossingStatusChangeRequestSchema,
        response: { 200: CrossingDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      deps.crossings.changeStatus(request.params.id, request.body, requireActor(request)),
  );

  app.post(
    '/api/v1/crossings/:id/conditions',
    {
      config: { action: 'crossing.manage' },
      schema: {
        tags: ['crossings'],
        summary: 'Add a condition for reopening, met by the commitments and findings it links',
        params: IdParams,
        body: AddCrossingConditionRequestSchema,
        response: { 201: CrossingConditionSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await deps.crossings.addCondition(request.params.id, request.body, requireActor(request)),
        ),
  );

  app.post(
    '/api/v1/crossings/:id/conditions/:conditionId/met',
    {
      config: { action: 'crossing.manage' },
      schema: {
        tags: ['crossings'],
        summary: "Record a condition met by the mediators' decision, with the reason",
        params: ConditionParams,
        body: ConditionMetRequestSchema,
        response: { 200: CrossingConditionSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      deps.crossings.markConditionMet(
        request.params.id,
        request.params.conditionId,
        request.body,
        requireActor(request),
      ),
  );
}
