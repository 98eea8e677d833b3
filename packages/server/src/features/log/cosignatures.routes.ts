/**
 * Witnessing over HTTP under /api/v1/log: witnesses post their cosignatures (public: each
 * cosignature authenticates itself against a registered witness key), anyone lists the registered
 * witnesses and asks whether the latest checkpoint has every cosignature the policy requires.
 */
import Type from 'typebox';
import type { App } from '../../platform/http/app-types.ts';
import { problemResponses } from '../../platform/http/route-helpers.ts';
import { LOG_PREFIX } from './log.routes.ts';
import type { LogService } from './log.service.ts';
import type { WitnessesService } from './witnesses.service.ts';

/** A cosigned checkpoint is a few hundred bytes per signature; a note holds at most 100. */
const MAX_NOTE_LENGTH = 16 * 1024;

export function registerCosignatureRoutes(
  app: App,
  deps: { log: LogService; witnesses: WitnessesService },
): void {
  app.post(
    `${LOG_PREFIX}/cosignatures`,
    {
      config: { action: 'log.cosign' },
      bodyLimit: MAX_NOTE_LENGTH + 1024,
      schema: {
        tags: ['log'],
        summary:
          "A witness's cosignature (C2SP tlog-cosignature) of a checkpoint the log published: the checkpoint note with the log's signature and the witness's cosignature line",
        body: Type.Object(
          {
            checkpoint: Type.String({
              minLength: 1,
              maxLength: MAX_NOTE_LENGTH,
              description: 'The cosigned checkpoint as a signed note',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            size: Type.Integer({ description: 'Tree size of the cosigned checkpoint' }),
            accepted: Type.Array(Type.String(), {
              description: 'Names of the witnesses whose cosignatures were stored',
            }),
          }),
          ...problemResponses(400, 409, 413),
        },
      },
    },
    async (request) => deps.witnesses.acceptCosignatures(request.body.checkpoint),
  );

  app.get(
    `${LOG_PREFIX}/witnesses`,
    {
      config: { action: 'log.read' },
      schema: {
        tags: ['log'],
        summary:
          'The registered witnesses; `required` ones must cosign a checkpoint for it to count',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                name: Type.String(),
                verifierKey: Type.String({
                  description: 'cosignature/v1 verifier key (type 0x04)',
                }),
                organisationId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
                required: Type.Boolean(),
                createdAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'max-age=60');
      return { items: await deps.witnesses.list() };
    },
  );

  app.get(
    `${LOG_PREFIX}/checkpoint/status`,
    {
      config: { action: 'log.read' },
      schema: {
        tags: ['log'],
        summary:
          'Whether the latest checkpoint counts: every required witness has cosigned it (and at least one is required)',
        response: {
          200: Type.Object({
            size: Type.Integer(),
            cosignedBy: Type.Array(Type.String()),
            missing: Type.Array(Type.String()),
            counts: Type.Boolean(),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (_request, reply) => {
      const { note } = await deps.log.checkpoint();
      reply.header('cache-control', 'no-cache, max-age=1');
      return deps.witnesses.status(note);
    },
  );
}
