/** Filing, reading, searching and counting complaints; the border gazetteer for placing them. */
import Type from 'typebox';
import {
  ComplaintDetailSchema,
  ComplaintPageSchema,
  ComplaintSchema,
  ComplaintSearchQuerySchema,
  ComplaintTimelineQuerySchema,
  ComplaintTimelineSchema,
  CreateComplaintRequestSchema,
  searchGazetteer,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { ComplaintsService } from './complaints.service.ts';
import type { Db } from '../../platform/database/database.ts';
import { exportComplaints, toCsv } from './complaints-export.ts';
import { complaintMapPoints } from './complaints.repository.ts';
import { complaintTimeline } from './complaints-timeline.ts';

const Counts = Type.Array(
  Type.Object({ key: Type.Union([Type.String(), Type.Null()]), count: Type.Integer() }),
);

/** The search filters without paging: exports and map data return every match (up to a cap). */
const UnpagedQuery = Type.Omit(ComplaintSearchQuerySchema, ['cursor', 'limit'], {
  additionalProperties: false,
});

const ExportQuery = Type.Object(
  {
    ...UnpagedQuery.properties,
    format: Type.Optional(Type.Enum(['csv', 'json'], { default: 'csv' })),
  },
  { additionalProperties: false },
);

export function registerComplaintRoutes(
  app: App,
  deps: { complaints: ComplaintsService; db: Db },
): void {
  app.get(
    '/api/v1/complaints/export',
    {
      config: { action: 'complaint.read' },
      schema: {
        tags: ['complaints'],
        summary: 'Export the complaints the caller may see: CSV in ACLED columns, or JSON',
        querystring: ExportQuery,
        response: { ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const { rows, truncated } = await exportComplaints(deps.db, request.actor, request.query);
      reply.header('x-truceline-truncated', String(truncated));
      reply.header('cache-control', 'private, no-store');
      if (request.query.format === 'json') {
        return reply.type('application/json').send(JSON.stringify({ items: rows, truncated }));
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="truceline-complaints.csv"')
        .send(toCsv(rows));
    },
  );

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
    '/api/v1/complaints/timeline',
    {
      config: { action: 'complaint.read' },
      schema: {
        tags: ['complaints'],
        summary:
          'Complaints per month (or week) of the incident, category and accused party, under the same filters',
        querystring: ComplaintTimelineQuerySchema,
        response: { 200: ComplaintTimelineSchema, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const { bucket, ...query } = request.query;
      reply.header('cache-control', 'private, no-store');
      return complaintTimeline(deps.db, request.actor, query, bucket ?? 'month');
    },
  );

  app.get(
    '/api/v1/complaints/map',
    {
      config: { action: 'complaint.read' },
      schema: {
        tags: ['complaints'],
        summary:
          'Map points [id, latitude, longitude, category, state] of the complaints the caller may see',
        querystring: UnpagedQuery,
        response: {
          200: Type.Object({
            points: Type.Array(
              Type.Tuple([
                Type.String(),
                Type.Number(),
                Type.Number(),
                Type.String(),
                Type.String(),
              ]),
            ),
            truncated: Type.Boolean(),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const { points, truncated } = await complaintMapPoints(deps.db, request.actor, request.query);
      return {
        points: points.map(
          ([id, lat, lon, category, state]): [string, number, number, string, string] => [
            id,
            lat,
            lon,
            category,
            state,
          ],
        ),
        truncated,
      };
    },
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
