/**
 * Evidence: upload a file (the request body is the file, streamed), add a statement or a link,
 * list a complaint's evidence, read one item with its custody, download a file by item or by hash.
 * Every read is filtered by the same visibility rule; every access is recorded.
 */
import Type from 'typebox';
import type { Readable } from 'node:stream';
import {
  AddEvidenceRequestSchema,
  EvidenceDetailSchema,
  EvidenceItemSchema,
  MaterialVisibilitySchema,
  UploadEvidenceQuerySchema,
  type EvidenceItem,
} from '@truceline/domain';
import type { FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { EvidenceService } from './evidence.service.ts';

/** Kinds a browser may show in place; everything else downloads as an attachment. */
const INLINE = new Set(['image', 'pdf']);

function sendFile(reply: FastifyReply, item: EvidenceItem, stream: Readable) {
  const file = item.file;
  if (!file) throw new Error('sendFile without a file');
  const name = (item.fileName ?? `${file.sha256}`).replace(/[^\p{L}\p{N}._ -]/gu, '_');
  return reply
    .header('content-type', file.mime)
    .header('content-length', String(file.size))
    .header('x-content-type-options', 'nosniff')
    .header('etag', `"${file.sha256}"`)
    .header('cache-control', 'private, no-store')
    .header(
      'content-disposition',
      `${INLINE.has(file.kind) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(stream);
}

export function registerEvidenceRoutes(app: App, deps: { evidence: EvidenceService }): void {
  // Uploads are the only bodies read as a stream; the scope keeps that parser to this route.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) =>
      done(null, payload),
    );
    scope.post(
      '/api/v1/complaints/:id/evidence/files',
      {
        config: { action: 'evidence.add' },
        // The file is streamed to the store, which enforces the evidence size limit itself.
        bodyLimit: Number.MAX_SAFE_INTEGER,
        schema: {
          tags: ['evidence'],
          summary:
            'Upload a file as evidence (body: the bytes, Content-Type application/octet-stream)',
          params: IdParams,
          querystring: UploadEvidenceQuerySchema,
          response: {
            200: EvidenceItemSchema,
            201: EvidenceItemSchema,
            ...problemResponses(400, 401, 403, 404, 409, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const { item, created } = await deps.evidence.upload(
          request.params.id,
          request.query,
          request.body as Readable,
          requireActor(request),
        );
        return reply.code(created ? 201 : 200).send(item);
      },
    );
  });

  app.post(
    '/api/v1/complaints/:id/evidence',
    {
      config: { action: 'evidence.add' },
      schema: {
        tags: ['evidence'],
        summary: 'Add a witness statement or a link as evidence',
        params: IdParams,
        body: AddEvidenceRequestSchema,
        response: { 201: EvidenceItemSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await deps.evidence.add(request.params.id, request.body, requireActor(request))),
  );

  app.get(
    '/api/v1/complaints/:id/evidence',
    {
      config: { action: 'evidence.read' },
      schema: {
        tags: ['evidence'],
        summary: "A complaint's evidence the caller may see",
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(EvidenceItemSchema) }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => ({ items: await deps.evidence.list(request.params.id, request.actor) }),
  );

  app.get(
    '/api/v1/evidence/:id',
    {
      config: { action: 'evidence.read' },
      schema: {
        tags: ['evidence'],
        summary: 'One evidence item and its chain of custody (the view is recorded)',
        params: IdParams,
        response: { 200: EvidenceDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => deps.evidence.get(request.params.id, request.actor),
  );

  app.post(
    '/api/v1/evidence/:id/visibility',
    {
      config: { action: 'complaint.publish' },
      schema: {
        tags: ['evidence'],
        summary: 'Change who may see an evidence item (publishing makes it public)',
        params: IdParams,
        body: Type.Object(
          {
            visibility: MaterialVisibilitySchema,
            reason: Type.String({ minLength: 1, maxLength: 4000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: EvidenceItemSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      deps.evidence.setVisibility(request.params.id, request.body, requireActor(request)),
  );

  app.get(
    '/api/v1/evidence/:id/content',
    {
      config: { action: 'evidence.read' },
      schema: {
        tags: ['evidence'],
        summary: 'The original file of an evidence item (the download is recorded)',
        params: IdParams,
        response: { ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const { item, stream } = await deps.evidence.open(request.params.id, request.actor);
      return sendFile(reply, item, stream);
    },
  );

  app.get(
    '/api/v1/files/:sha256',
    {
      config: { action: 'evidence.read' },
      schema: {
        tags: ['evidence'],
        summary: 'A file by its SHA-256, if the caller may see an evidence item holding it',
        params: Type.Object(
          { sha256: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }) },
          { additionalProperties: false },
        ),
        response: { ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { item, stream } = await deps.evidence.openByHash(request.params.sha256, request.actor);
      return sendFile(reply, item, stream);
    },
  );
}
