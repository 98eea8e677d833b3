/**
 * The log's public read API under /api/v1/log: C2SP tlog-tiles layout (checkpoint, hash tiles,
 * entry bundles) for standard clients, and JSON conveniences (entries, proofs). Cacheable: full
 * tiles never change.
 */
import Type from 'typebox';
import { LogFormatError, parseTilePath, TILE_WIDTH } from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { AppError } from '../../platform/http/problem.ts';
import { problemResponses } from '../../platform/http/route-helpers.ts';
import type { LogService } from './log.service.ts';

export const LOG_PREFIX = '/api/v1/log';
const MAX_INDEX = Number.MAX_SAFE_INTEGER;
const Index = Type.Integer({ minimum: 0, maximum: MAX_INDEX });
const Base64Hash = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'base64 SHA-256' });
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const MAX_ENTRIES_PER_PAGE = 1000;

export function registerLogRoutes(app: App, deps: { log: LogService }): void {
  const read = { config: { action: 'log.read' as const } };

  app.get(
    `${LOG_PREFIX}/checkpoint`,
    {
      ...read,
      schema: {
        tags: ['log'],
        summary:
          'Latest signed checkpoint (C2SP tlog-checkpoint in a signed note) with cosignatures',
        produces: ['text/plain'],
        response: {
          200: { content: { 'text/plain': { schema: Type.String() } } },
          ...problemResponses(404),
        },
      },
    },
    async (_request, reply) => {
      const { note, createdAt } = await deps.log.checkpoint();
      // Last-Modified: when the log signed it (the note carries no time; cosignatures carry theirs).
      return reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-cache, max-age=1')
        .header('last-modified', createdAt.toUTCString())
        .send(note);
    },
  );

  app.get(
    `${LOG_PREFIX}/keys`,
    {
      ...read,
      schema: {
        tags: ['log'],
        summary: "The log's verifier key on the first line, the witnesses' keys after it",
        response: { 200: { content: { 'text/plain': { schema: Type.String() } } } },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'max-age=60')
        .send(await deps.log.keys()),
  );

  app.get(
    `${LOG_PREFIX}/tile/*`,
    {
      ...read,
      schema: {
        tags: ['log'],
        summary:
          'Hash tiles (tile/<L>/<N>[.p/<W>]) and entry bundles (tile/entries/<N>[.p/<W>]) as C2SP tlog-tiles lays them out',
        params: Type.Object({ '*': Type.String({ maxLength: 200 }) }),
        response: {
          200: {
            content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
          },
          ...problemResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      let path;
      try {
        path = parseTilePath(`tile/${request.params['*']}`);
      } catch (error) {
        if (error instanceof LogFormatError || error instanceof RangeError) {
          throw new AppError('validation_failed', error.message, {
            errors: [{ field: 'params.path', message: error.message }],
          });
        }
        throw error;
      }
      const body = await deps.log.tile(path);
      const full = path.width === TILE_WIDTH;
      return reply
        .type('application/octet-stream')
        .header(
          'cache-control',
          full ? 'public, max-age=31536000, immutable' : 'no-cache, max-age=1',
        )
        .send(Buffer.from(body) as unknown as string);
    },
  );

  app.get(
    `${LOG_PREFIX}/entries`,
    {
      ...read,
      schema: {
        tags: ['log'],
        summary: `Entries [start, end) of the latest tree, at most ${MAX_ENTRIES_PER_PAGE} at a time`,
        querystring: Type.Object({ start: Index, end: Index }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                index: Type.Integer(),
                entry: Type.String({ description: 'base64 of the entry bytes' }),
                decoded: Type.Unknown(),
              }),
            ),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const { start, end } = request.query;
      if (end < start)
        throw new AppError('validation_failed', 'end is before start', {
          errors: [{ field: 'query.end', message: 'must not be below start' }],
        });
      if (end - start > MAX_ENTRIES_PER_PAGE) {
        throw new AppError(
          'validation_failed',
          `At most ${MAX_ENTRIES_PER_PAGE} entries per request`,
          {
            errors: [
              { field: 'query.end', message: `must be at most start + ${MAX_ENTRIES_PER_PAGE}` },
            ],
          },
        );
      }
      const rows = await deps.log.entries(start, end);
      return {
        items: rows.map((r) => ({
          index: r.index,
          entry: b64(r.entry),
          decoded: JSON.parse(Buffer.from(r.entry).toString('utf8')) as unknown,
        })),
      };
    },
  );

  app.get(
    `${LOG_PREFIX}/proof/inclusion`,
    {
      ...read,
      schema: {
        tags: ['log'],
        summary:
          'RFC 9162 inclusion proof for an entry (by index or leaf hash) in the tree of treeSize',
        querystring: Type.Object(
          { treeSize: Index, index: Type.Optional(Index), leafHash: Type.Optional(Base64Hash) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            leafIndex: Type.Integer(),
            treeSize: Type.Integer(),
            hashes: Type.Array(Type.String()),
          }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request) => {
      const { treeSize, index, leafHash } = request.query;
      if ((index === undefined) === (leafHash === undefined)) {
        throw new AppError('validation_failed', 'Give exactly one of index and leafHash', {
          errors: [{ field: 'query.index', message: 'give exactly one of index and leafHash' }],
        });
      }
      const leafIndex =
        index ?? (await deps.log.indexOfLeafHash(Buffer.from(leafHash!, 'base64'), treeSize));
      const hashes = await deps.log.inclusionProof(leafIndex, treeSize);
      return { leafIndex, treeSize, hashes: hashes.map(b64) };
    },
  );

  app.get(
    `${LOG_PREFIX}/proof/consistency`,
    {
      ...read,
      schema: {
        tags: ['log'],
        summary: 'RFC 9162 consistency proof between tree sizes from and to',
        querystring: Type.Object({ from: Index, to: Index }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            from: Type.Integer(),
            to: Type.Integer(),
            hashes: Type.Array(Type.String()),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return { from, to, hashes: (await deps.log.consistencyProof(from, to)).map(b64) };
    },
  );
}
