/** Filing, reading, searching and counting complaints; the border gazetteer for placing them. */
import Type from 'typebox';
import {
  ComplaintDetailSchema,
  ComplaintPageSchema,
  ComplaintSchema,
  ComplaintSearchQuerySchema,
  CreateComplaintRequestSchema,
  searchGazetteer,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { ComplaintsService } from './complaints.service.ts';

const Counts = Type.Array(
  Type.Object({ key: Type.Union([Type.String(), Type.Null()]), count: Type.Integer() }),
);

export function registerComplaintRoutes(app: App, deps: { complaints: ComplaintsService }): void {
  app.post(
    '/api/v1/complaints',
    {
      config: { action: 'complaint.create' },
      schema: {
        tags: ['complaints'],
        summary: 'File a complaint',
        body: CreateComplaintRequestSchema,
        response: { 201: ComplaintSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.complaints.file(request.body, requireActor(request))),
  );

  app.get(
    '/api/v1/complaints',
    {
      config: { action: 'complaint.read' },
      schema: {
        tags: ['complaints'],
        summary: 'Search the complaints the caller may see, newest filed first',
        querystring: ComplaintSearchQuerySchema,
        response: { 200: ComplaintPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => deps.complaints.search(request.query, request.actor),
  );

  app.get(
    '/api/v1/complaints/counts',
    {
      config: { action: 'complaint.read' },
      schema: {
        tags: ['complaints'],
        summary: 'Counts by state, category and accused party under the same filters',
        querystring: ComplaintSearchQuerySchema,
        response: {
          200: Type.Object({ byState: Counts, byCategory: Counts, byAccused: Counts }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => deps.complaints.counts(request.query, request.actor),
  );

  app.get(
    '/api/v1/complaints/:id',
    {
      config: { action: 'complaint.read' },
      schema: {
        tags: ['complaints'],
        summary: 'One complaint with its history, as far as the caller may see it',
        params: IdParams,
        response: { 200: ComplaintDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => deps.complaints.get(request.params.id, request.actor),
  );

  app.get(
    '/api/v1/gazetteer',
    {
      config: { action: 'gazetteer.read' },
      schema: {
        tags: ['complaints'],
        summary: 'Places of the border region matching a name, in any of its languages',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 100 }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                names: Type.Record(Type.String(), Type.String()),
                kind: Type.String(),
                country: Type.String(),
                province: Type.String(),
                district: Type.Union([Type.String(), Type.Null()]),
                latitude: Type.Number(),
                longitude: Type.Number(),
              }),
            ),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => ({
      items: searchGazetteer(request.query.q, request.query.limit ?? 10).map((p) => ({ ...p })),
    }),
  );
}
