/** Small helpers every route module uses. */
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@truceline/domain';
import { AppError } from './problem.ts';

/** Response schema for errors, referenced by every route so the OpenAPI document lists them. */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: 'An RFC 9457 problem document',
        content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
      },
    ]),
  );

/** The actor of a route whose action is not public; the authorisation hook guarantees it. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

export const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
