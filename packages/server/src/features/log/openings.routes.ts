/**
 * Openings of log commitments: for each entry in a range that the caller may see, the exact
 * record content committed to and its salt. An auditor with an account recomputes every
 * commitment it can and compares the records the API serves today with their last logged state.
 */
import Type from 'typebox';
import {
  mayOpenLoggedComplaint,
  maySeeRecord,
  type Actor,
  type RecordVisibility,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { problemResponses } from '../../platform/http/route-helpers.ts';
import { latestCheckpoint, readEntries } from './log.repository.ts';
import { LOG_PREFIX } from './log.routes.ts';

const MAX_PER_PAGE = 1000;
const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const OpeningSchema = Type.Object({
  index: Type.Integer(),
  recordType: Type.String(),
  recordId: Type.String(),
  /** The canonical JSON (RFC 8785) the entry's commitment covers. */
  record: Type.String(),
  /** Base64 salt for non-public records, null for public ones. */
  salt: Type.Union([Type.String(), Type.Null()]),
});

/**
 * Who may open an entry: whoever the class it was logged under lets see the record (its owner
 * being the originator). A complaint also opens to whoever its own rule lets read it in the state
 * committed to (the filing party's officers; the accused party's once notified), so that everyone
 * the API shows a complaint can check it against the log, and no one else.
 */
function mayOpen(
  actor: Actor | null,
  row: {
    recordType: string;
    visibility: string;
    ownerOrganisationId: string | null;
    record: string;
  },
): boolean {
  if (maySeeRecord(actor, row.visibility as RecordVisibility, row.ownerOrganisationId)) return true;
  if (row.recordType !== 'complaint' || actor?.role !== 'party_officer') return false;
  let committed: unknown;
  try {
    committed = JSON.parse(row.record);
  } catch {
    return false;
  }
  return mayOpenLoggedComplaint(actor, row.visibility, committed);
}

export function registerOpeningRoutes(app: App, deps: { db: Db }): void {
  app.get(
    `${LOG_PREFIX}/openings`,
    {
      config: { action: 'log.open' },
      schema: {
        tags: ['log'],
        summary: `Openings of the commitments in entries [start, end) that you may see (at most ${MAX_PER_PAGE})`,
        querystring: Type.Object({ start: Index, end: Index }, { additionalProperties: false }),
        response: {
          200: Type.Object({ items: Type.Array(OpeningSchema) }),
          ...problemResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { start, end } = request.query;
      if (end < start || end - start > MAX_PER_PAGE) {
        throw new AppError(
          'validation_failed',
          `Ask for 0 to ${MAX_PER_PAGE} entries with start ≤ end`,
          {
            errors: [
              { field: 'query.end', message: `must be between start and start + ${MAX_PER_PAGE}` },
            ],
          },
        );
      }
      const size = (await latestCheckpoint(deps.db))?.size ?? 0;
      const rows = await readEntries(deps.db, start, Math.min(end, size));
      const items = rows
        .filter((r) => mayOpen(request.actor, r))
        .map((r) => ({
          index: r.idx,
          recordType: r.recordType,
          recordId: r.recordId,
          record: r.record,
          salt: r.salt ? Buffer.from(r.salt).toString('base64') : null,
        }));
      // Restricted content: never cached by shared caches.
      reply.header('cache-control', 'private, no-store');
      return { items };
    },
  );
}
