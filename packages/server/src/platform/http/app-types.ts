/** Types shared by every route module: the typed Fastify instance and per-route configuration. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Action, Actor } from '@truceline/domain';
import type { Authentication } from '../../features/auth/auth.service.ts';

/** The Fastify instance every `*.routes.ts` registers on. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The policy action this route performs. Every `/api/v1` route names one (or `auth: 'none'`
     * for sign-in itself); the authorisation hook checks it before the body is even read.
     */
    action?: Action;
    auth?: 'none';
    /**
     * `false` for routes whose answer holds a secret shown only once (a new token's or webhook's
     * secret): it must never be stored for replay, so the `Idempotency-Key` header is ignored.
     */
    idempotency?: false;
  }
  interface FastifyRequest {
    /** How the request authenticated, or null for anonymous. */
    auth: Authentication | null;
    /** Shorthand for `auth.actor`, null for anonymous. */
    actor: Actor | null;
  }
}
