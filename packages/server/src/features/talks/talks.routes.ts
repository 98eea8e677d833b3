/**
 * Rounds of talks: the public list and each round with its participants, the documents the caller
 * may see and the commitments it produced; mediators record rounds, documents and delegations.
 */
import Type from 'typebox';
import {
  AddTalkDocumentRequestSchema,
  AddTalkParticipantRequestSchema,
  CreateTalkRoundRequestSchema,
  TalkDocumentSchema,
  TalkParticipantSchema,
  TalkRoundDetailSchema,
  TalkRoundSchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { TalksService } from './talks.service.ts';

export function registerTalksRoutes(app: App, deps: { talks: TalksService }): void {
  app.get(
    '/api/v1/talks',
    {
      config: { action: 'talks.read' },
      schema: {
        tags: ['talks'],
        summary: 'Rounds of talks, oldest first (each exactly as its log entry records it)',
        response: { 200: Type.Object({ items: Type.Array(TalkRoundSchema) }) },
      },
    },
    async () => ({ items: await deps.talks.list() }),
  );

  app.get(
    '/api/v1/talks/:id',
    {
      config: { action: 'talks.read' },
      schema: {
        tags: ['talks'],
        summary:
          'One round: participants, the documents you may see, and the commitments and provisions it produced',
        params: IdParams,
        response: { 200: TalkRoundDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => deps.talks.get(request.params.id, request.actor),
  );

  app.post(
    '/api/v1/talks',
    {
      config: { action: 'talks.manage' },
      schema: {
        tags: ['talks'],
        summary: 'Record a round of talks',
        body: CreateTalkRoundRequestSchema,
        response: { 201: TalkRoundDetailSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.talks.create(request.body, requireActor(request))),
  );

  app.post(
    '/api/v1/talks/:id/documents',
    {
      config: { action: 'talks.manage' },
      schema: {
        tags: ['talks'],
        summary: 'Add a statement, the minutes or a communiqué to a round, with its visibility',
        params: IdParams,
        body: AddTalkDocumentRequestSchema,
        response: { 201: TalkDocumentSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await deps.talks.addDocument(request.params.id, request.body, requireActor(request))),
  );

  app.post(
    '/api/v1/talks/:id/participants',
    {
      config: { action: 'talks.manage' },
      schema: {
        tags: ['talks'],
        summary: "Record an organisation's delegation at a round",
        params: IdParams,
        body: AddTalkParticipantRequestSchema,
        response: { 201: TalkParticipantSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await deps.talks.addParticipant(request.params.id, request.body, requireActor(request)),
        ),
  );
}
