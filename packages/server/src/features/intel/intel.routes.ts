/**
 * Shared intelligence. Every route needs an account; what a caller sees is then decided report by
 * report (`maySeeIntel`): a report the caller may not see answers 404, like a missing one. Only the
 * originating party's officers change a release; no route lets a recipient pass a report on.
 */
import Type from 'typebox';
import {
  IntelExportQuerySchema,
  IntelPageSchema,
  IntelReportSchema,
  IntelSearchQuerySchema,
  IntelViewSchema,
  ReleaseIntelRequestSchema,
  ShareIntelRequestSchema,
  WithdrawIntelRequestSchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { IntelService } from './intel.service.ts';

export function registerIntelRoutes(app: App, deps: { intel: IntelService }): void {
  app.get(
    '/api/v1/intel',
    {
      config: { action: 'intel.read' },
      schema: {
        tags: ['intel'],
        summary:
          'Reports you may see, newest first, without their bodies (opening one is a recorded view); q searches title and body',
        querystring: IntelSearchQuerySchema,
        response: { 200: IntelPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return deps.intel.search(request.query, requireActor(request));
    },
  );

  app.get(
    '/api/v1/intel/export',
    {
      config: { action: 'intel.read' },
      schema: {
        tags: ['intel'],
        summary: 'Every report you may see, with bodies, as JSON; each is recorded as viewed',
        querystring: IntelExportQuerySchema,
        response: {
          200: Type.Object({ items: Type.Array(IntelReportSchema), truncated: Type.Boolean() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      reply.header('content-disposition', 'attachment; filename="truceline-intel.json"');
      return deps.intel.export(request.query, requireActor(request));
    },
  );

  app.get(
    '/api/v1/intel/:id',
    {
      config: { action: 'intel.read' },
      schema: {
        tags: ['intel'],
        summary: 'One report with its body; the view is recorded',
        params: IdParams,
        response: { 200: IntelReportSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return deps.intel.get(request.params.id, requireActor(request));
    },
  );

  app.get(
    '/api/v1/intel/:id/views',
    {
      config: { action: 'intel.read' },
      schema: {
        tags: ['intel'],
        summary: 'Who viewed a report, and when: for the party that shared it and the mediators',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(IntelViewSchema) }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { items: await deps.intel.views(request.params.id, requireActor(request)) };
    },
  );

  app.post(
    '/api/v1/intel',
    {
      config: { action: 'intel.share' },
      schema: {
        tags: ['intel'],
        summary:
          'Share a report with the mediators, and optionally named other parties, until a time',
        body: ShareIntelRequestSchema,
        response: { 201: IntelReportSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.intel.share(request.body, requireActor(request))),
  );

  app.post(
    '/api/v1/intel/:id/release',
    {
      config: { action: 'intel.share' },
      schema: {
        tags: ['intel'],
        summary: 'Widen the release (more parties, a later end or none): the originator only',
        params: IdParams,
        body: ReleaseIntelRequestSchema,
        response: { 200: IntelReportSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => deps.intel.release(request.params.id, request.body, requireActor(request)),
  );

  app.post(
    '/api/v1/intel/:id/withdraw',
    {
      config: { action: 'intel.share' },
      schema: {
        tags: ['intel'],
        summary: 'Withdraw a report: from then on only the originator sees it',
        params: IdParams,
        body: WithdrawIntelRequestSchema,
        response: { 200: IntelReportSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => deps.intel.withdraw(request.params.id, request.body, requireActor(request)),
  );
}
