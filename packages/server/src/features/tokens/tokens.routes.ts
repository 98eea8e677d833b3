/** API tokens of the signed-in user. */
import Type from 'typebox';
import { ApiTokenSchema, CreateTokenRequestSchema, CreatedTokenSchema } from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { TokensService } from './tokens.service.ts';

export function registerTokenRoutes(app: App, deps: { tokens: TokensService }): void {
  app.get(
    '/api/v1/tokens',
    {
      config: { action: 'token.own.list' },
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens (never their secrets)',
        response: {
          200: Type.Object({ items: Type.Array(ApiTokenSchema) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({ items: await deps.tokens.list(requireActor(request).userId) }),
  );

  app.post(
    '/api/v1/tokens',
    {
      // The answer holds the token's secret, which must not be stored for replay.
      config: { action: 'token.own.create', idempotency: false },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; its secret is in this response and nowhere else, ever',
        body: CreateTokenRequestSchema,
        response: { 201: CreatedTokenSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await deps.tokens.create(actor.userId, request.body, actor);
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { action: 'token.own.revoke' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token (yours; administrators may revoke any)',
        params: IdParams,
        response: { 200: ApiTokenSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => deps.tokens.revoke(requireActor(request), request.params.id),
  );
}
