/**
 * Authentication, authorisation and CSRF for every request, in one `onRequest` hook that runs
 * before the body is parsed: an unauthorised caller learns nothing from validation errors, and a
 * refused request has written nothing.
 */
import fp from 'fastify-plugin';
import { decide } from '@truceline/domain';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/problem.ts';
import { safeEqual } from '../../platform/secrets/server-secret.ts';
import type { App } from '../../platform/http/app-types.ts';
import type { AuthService } from './auth.service.ts';

export const SESSION_COOKIE = 'truceline_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match)
    throw new AppError('token_invalid', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}

export const authenticatePlugin = fp(
  async (app: App, opts: { auth: AuthService }) => {
    app.decorateRequest('auth', null);
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      let sessionProblem = false;
      const token = bearer(request);
      if (token !== undefined) {
        const auth = await opts.auth.authenticateToken(token);
        if (!auth) throw new AppError('token_invalid');
        request.auth = auth;
      } else {
        const cookie = request.cookies[SESSION_COOKIE];
        if (cookie) {
          const auth = await opts.auth.authenticateSession(cookie);
          if (auth) request.auth = auth;
          else sessionProblem = true;
        }
      }
      request.actor = request.auth?.actor ?? null;

      const config = request.routeOptions.config;
      const action = config.action;
      if (action !== undefined) {
        const verdict = decide(request.actor, action);
        if (!verdict.allowed) {
          if (verdict.reason === 'unauthenticated') {
            throw new AppError(sessionProblem ? 'session_expired' : 'unauthenticated');
          }
          throw new AppError(verdict.reason);
        }
      }
      // Cookies ride along with cross-site requests; the CSRF token (which a foreign page cannot
      // read) proves the request came from our own page. Bearer tokens are never ambient.
      if (
        request.auth?.kind === 'session' &&
        config.auth !== 'none' &&
        !SAFE_METHODS.has(request.method)
      ) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !safeEqual(sent, request.auth.csrfToken)) {
          throw new AppError(
            'csrf_failed',
            `Send the session's CSRF token in the ${CSRF_HEADER} header`,
          );
        }
      }
    });
  },
  { name: 'truceline-authenticate', dependencies: ['@fastify/cookie'] },
);
