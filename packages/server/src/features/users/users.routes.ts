/** Administration of accounts, and each user's own settings. */
import Type from 'typebox';
import { CreateUserRequestSchema, UpdateLocaleRequestSchema, UserSchema } from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { UsersService } from './users.service.ts';

export function registerUserRoutes(app: App, deps: { users: UsersService }): void {
  app.get(
    '/api/v1/users',
    {
      config: { action: 'user.list' },
      schema: {
        tags: ['users'],
        summary: 'All accounts',
        response: {
          200: Type.Object({ items: Type.Array(UserSchema) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => ({ items: await deps.users.list() }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { action: 'user.create' },
      schema: {
        tags: ['users'],
        summary: 'Create an account',
        body: CreateUserRequestSchema,
        response: { 201: UserSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.users.create(request.body, request.actor)),
  );

  app.post(
    '/api/v1/users/:id/disable',
    {
      config: { action: 'user.disable' },
      schema: {
        tags: ['users'],
        summary: 'Disable an account and revoke its sessions and tokens',
        params: IdParams,
        response: { 200: UserSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => deps.users.disable(request.params.id, request.actor),
  );
  app.put(
    '/api/v1/me/locale',
    {
      config: { action: 'account.own.update' },
      schema: {
        tags: ['users'],
        summary: 'Choose your interface language (followed wherever you sign in)',
        body: UpdateLocaleRequestSchema,
        response: {
          200: UpdateLocaleRequestSchema,
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => ({
      locale: await deps.users.setLocale(requireActor(request), request.body.locale),
    }),
  );
}
