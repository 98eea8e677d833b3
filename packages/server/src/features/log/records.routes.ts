/**
 * Where a record stands in the log: the entries that recorded its changes. The browser uses it to
 * show "verified in the log" after checking an inclusion proof against the signed checkpoint.
 */
import Type from 'typebox';
import { and, asc, eq } from 'drizzle-orm';
import type { App } from '../../platform/http/app-types.ts';
import type { Db } from '../../platform/database/database.ts';
import { logEntries } from '../../platform/database/schema/index.ts';
import { problemResponses } from '../../platform/http/route-helpers.ts';
import { AppError } from '../../platform/http/problem.ts';
import { LOG_PREFIX } from './log.routes.ts';

export function registerRecordLogRoutes(app: App, deps: { db: Db }): void {
  app.get(
    `${LOG_PREFIX}/records/:recordType/:recordId`,
    {
      config: { action: 'log.read' },
      schema: {
        tags: ['log'],
        summary: 'Indices of the log entries that recorded changes to one record, oldest first',
        params: Type.Object(
          {
            recordType: Type.String({ pattern: '^[a-z_]{1,40}$' }),
            recordId: Type.String({ minLength: 1, maxLength: 100 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ index: Type.Integer(), action: Type.String(), time: Type.String() }),
            ),
          }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request) => {
      const rows = await deps.db
        .select({ idx: logEntries.idx, entry: logEntries.entry })
        .from(logEntries)
        .where(
          and(
            eq(logEntries.recordType, request.params.recordType),
            eq(logEntries.recordId, request.params.recordId),
          ),
        )
        .orderBy(asc(logEntries.idx));
      // Entries are public (the log is), so listing them reveals nothing the tiles do not.
      if (rows.length === 0)
        throw new AppError(
          'not_found',
          'No log entry for that record (yet: integration takes up to a second)',
        );
      return {
        items: rows.map((r) => {
          const e = JSON.parse(Buffer.from(r.entry).toString('utf8')) as {
            action: string;
            time: string;
          };
          return { index: r.idx, action: e.action, time: e.time };
        }),
      };
    },
  );
}
