/**
 * News articles: upload one file (the body is the file, streamed like an evidence upload), read an
 * article with its extracted text, and download its raw form. The raw form is served as an
 * attachment that a browser may neither sniff nor run (nosniff, a sandboxing CSP): it is whatever a
 * web page held.
 */
import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  OsintArticleDetailSchema,
  UploadOsintArticleQuerySchema,
  UploadOsintArticleResponseSchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { AppError } from '../../platform/http/problem.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { ArticlesService } from './articles.service.ts';
import type { IngestService } from './ingest.service.ts';

export function registerOsintArticleRoutes(
  app: App,
  deps: { ingest: IngestService; articles: ArticlesService },
): void {
  // As for evidence, the upload is the only body read as a stream; the scope keeps that parser here.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) =>
      done(null, payload),
    );
    scope.post(
      '/api/v1/osint/articles',
      {
        config: { action: 'osint.manage' },
        // Streamed into the store, which enforces the size limit itself.
        bodyLimit: Number.MAX_SAFE_INTEGER,
        schema: {
          tags: ['osint'],
          summary:
            'Upload a news article (HTML or plain text; body: the bytes, Content-Type application/octet-stream)',
          querystring: UploadOsintArticleQuerySchema,
          response: {
            200: UploadOsintArticleResponseSchema,
            201: UploadOsintArticleResponseSchema,
            ...problemResponses(400, 401, 403, 413, 415),
          },
        },
      },
      async (request, reply) => {
        if (request.headers['content-type']?.split(';')[0]?.trim() !== 'application/octet-stream')
          throw new AppError(
            'unsupported_media_type',
            'Send the file itself as the body, with Content-Type application/octet-stream',
            {
              errors: [
                { field: 'headers.content-type', message: 'must be application/octet-stream' },
              ],
            },
          );
        const result = await deps.ingest.upload(
          request.body as Readable,
          request.query,
          requireActor(request),
        );
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );
  });

  app.get(
    '/api/v1/osint/articles/:id',
    {
      config: { action: 'osint.read' },
      schema: {
        tags: ['osint'],
        summary: 'One article: where it came from, what was extracted, its story',
        params: IdParams,
        response: { 200: OsintArticleDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => deps.articles.get(request.params.id),
  );

  app.get(
    '/api/v1/osint/articles/:id/raw',
    {
      config: { action: 'osint.read' },
      schema: {
        tags: ['osint'],
        summary: 'The raw form of an article, byte for byte as received (an attachment)',
        params: IdParams,
        response: { ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { article, stream } = await deps.articles.openRaw(request.params.id);
      const extension = article.contentType === 'text/html' ? 'html' : 'txt';
      const name = (article.fileName ?? `${article.sha256}.${extension}`).replace(
        /[^\p{L}\p{N}._ -]/gu,
        '_',
      );
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(article.size))
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${article.sha256}"`)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(stream);
    },
  );
}
