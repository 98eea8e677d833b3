/**
 * Handovers of named persons at a crossing. Reads are for the two parties' officers, the mediators
 * and the monitors, then filtered handover by handover (404 for one the caller may not see);
 * changes name the `version` they were made against.
 */
import Type from 'typebox';
import {
  AnswerHandoverRequestSchema,
  CreateHandoverRequestSchema,
  HandoverDetailSchema,
  HandoverListQuerySchema,
  HandoverOutcomeRequestSchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { HandoversService } from './handovers.service.ts';

export function registerHandoverRoutes(app: App, deps: { handovers: HandoversService }): void {
  app.get(
    '/api/v1/handovers',
    {
      config: { action: 'handover.read' },
      schema: {
        tags: ['handovers'],
        summary: 'Handovers you may see, newest first',
        querystring: HandoverListQuerySchema,
        response: {
          200: Type.Object({ items: Type.Array(HandoverDetailSchema) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { items: await deps.handovers.list(request.query, requireActor(request)) };
    },
  );

  app.get(
    '/api/v1/handovers/:id',
    {
      config: { action: 'handover.read' },
      schema: {
        tags: ['handovers'],
        summary: 'One handover, with what you may do next',
        params: IdParams,
        response: { 200: HandoverDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return deps.handovers.get(request.params.id, requireActor(request));
    },
  );

  app.post(
    '/api/v1/handovers',
    {
      config: { action: 'handover.manage' },
      schema: {
        tags: ['handovers'],
        summary: 'Request that the other party hand over named persons at a crossing',
        body: CreateHandoverRequestSchema,
        response: { 201: HandoverDetailSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.handovers.request(request.body, requireActor(request))),
  );

  app.post(
    '/api/v1/handovers/:id/answer',
    {
      config: { action: 'handover.manage' },
      schema: {
        tags: ['handovers'],
        summary: 'Accept or refuse a handover request: the party asked',
        params: IdParams,
        body: AnswerHandoverRequestSchema,
        response: { 200: HandoverDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      deps.handovers.answer(request.params.id, request.body, requireActor(request)),
  );

  app.post(
    '/api/v1/handovers/:id/outcome',
    {
      config: { action: 'handover.manage' },
      schema: {
        tags: ['handovers'],
        summary: 'Record whether an accepted handover was completed or failed',
        params: IdParams,
        body: HandoverOutcomeRequestSchema,
        response: { 200: HandoverDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      deps.handovers.recordOutcome(request.params.id, request.body, requireActor(request)),
  );
}
