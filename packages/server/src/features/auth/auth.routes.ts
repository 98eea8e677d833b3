/** Sign-in, sign-out, the current session, and the user's own sessions. */
import Type from 'typebox';
import {
  LoginRequestSchema,
  SessionInfoSchema,
  SessionSummarySchema,
  capabilities,
  type SessionInfo,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { AppError } from '../../platform/http/problem.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import { chosenLocale, presentOrganisation, presentUser } from '../users/users.repository.ts';
import type { Authentication, AuthService } from './auth.service.ts';
import { SESSION_COOKIE } from './authenticate.plugin.ts';

function sessionInfo(auth: Extract<Authentication, { kind: 'session' }>): SessionInfo {
  return {
    user: presentUser(auth.user),
    organisation: presentOrganisation(auth.organisation),
    csrfToken: auth.csrfToken,
    expiresAt: auth.expiresAt.toISOString(),
    capabilities: capabilities(auth.actor),
    locale: chosenLocale(auth.user),
  };
}

export function registerAuthRoutes(
  app: App,
  deps: { auth: AuthService; secureCookies: boolean },
): void {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.secureCookies,
  };

  app.post(
    '/api/v1/auth/login',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: LoginRequestSchema,
        response: { 200: SessionInfoSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { secret, auth } = await deps.auth.login(request.body.email, request.body.password, {
        address: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, secret, { ...cookieOptions, expires: auth.expiresAt });
      return sessionInfo(auth);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { action: 'session.own.revoke' },
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: Type.Null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const auth = request.auth;
      if (auth?.kind === 'session') await deps.auth.logout(auth.sessionId, auth.user.id);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      config: { action: 'session.own.read' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, their organisation, CSRF token and capabilities',
        response: { 200: SessionInfoSchema, ...problemResponses(401) },
      },
    },
    async (request) => {
      const auth = request.auth;
      if (auth?.kind !== 'session') {
        // An API token has no session; report the same shape with no CSRF token.
        const actor = requireActor(request);
        if (!auth) throw new AppError('unauthenticated');
        return {
          user: presentUser(auth.user),
          organisation: presentOrganisation(auth.organisation),
          csrfToken: '',
          expiresAt: new Date(0).toISOString(),
          capabilities: capabilities(actor),
          locale: chosenLocale(auth.user),
        };
      }
      return sessionInfo(auth);
    },
  );

  app.get(
    '/api/v1/me/sessions',
    {
      config: { action: 'session.own.read' },
      schema: {
        tags: ['auth'],
        summary: "The signed-in user's live sessions",
        response: {
          200: Type.Object({ items: Type.Array(SessionSummarySchema) }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const current = request.auth?.kind === 'session' ? request.auth.sessionId : undefined;
      return { items: await deps.auth.listSessions(actor.userId, current) };
    },
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      config: { action: 'session.own.revoke' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your sessions (sign out elsewhere)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!(await deps.auth.revokeSession(request.params.id, actor.userId))) {
        throw new AppError('not_found', 'No such session');
      }
      return reply.code(204).send(null);
    },
  );
}
