/**
 * Shared intelligence: a party officer shares a report with the mediators (and named other
 * parties), for as long as the party chooses; the party widens or withdraws the release; every
 * view (opened by id, or included in an export) is recorded in `intel_views`, whoever the viewer.
 *
 * Lists and search show summaries without the body, so that reading a report is always a recorded
 * view. A report the caller may not see is reported exactly like one that does not exist.
 *
 * The log records each change with a commitment to the content (its SHA-256), never the title or
 * body, as an `originator` record of the sharing party: log openings reveal only the release
 * settings and the hash, so the log cannot become a way around the release.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  canonicalJson,
  intelReleaseState,
  isIntelOriginator,
  maySeeIntel,
  maySeeIntelRecipients,
  maySeeIntelViews,
  planIntelRelease,
  type Actor,
  type IntelExportQuery,
  type IntelPage,
  type IntelReport,
  type IntelSearchQuery,
  type IntelSummary,
  type IntelView,
  type ReleaseIntelRequest,
  type ShareIntelRequest,
  type WithdrawIntelRequest,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  intelReports,
  intelViews,
  organisations,
  users,
} from '../../platform/database/schema/index.ts';
import { AppError, type FieldError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import { intelVisibleTo } from './intel.visibility.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';

export interface IntelService {
  share(input: ShareIntelRequest, actor: Actor): Promise<IntelReport>;
  /** Summaries (no body) of the reports the actor may see, newest first. */
  search(query: IntelSearchQuery, actor: Actor): Promise<IntelPage>;
  /** The report with its body; records the view. */
  get(id: string, actor: Actor): Promise<IntelReport>;
  release(id: string, input: ReleaseIntelRequest, actor: Actor): Promise<IntelReport>;
  withdraw(id: string, input: WithdrawIntelRequest, actor: Actor): Promise<IntelReport>;
  views(id: string, actor: Actor): Promise<IntelView[]>;
  /** Every report the actor may see, with bodies; records a view of each. */
  export(
    query: IntelExportQuery,
    actor: Actor,
  ): Promise<{ items: IntelReport[]; truncated: boolean }>;
}

type Row = typeof intelReports.$inferSelect;

/** Most reports in one export. */
export const MAX_INTEL_EXPORT = 10_000;

export const intelNotFound = () => new AppError('not_found', 'No such intelligence report');
const invalid = (detail: string, errors: FieldError[]) =>
  new AppError('validation_failed', detail, { errors });

function summary(row: Row, actor: Actor | null, now: Date): IntelSummary {
  return {
    id: row.id,
    originatorOrganisationId: row.originatorOrganisationId,
    title: row.title,
    language: row.language,
    releasedTo: maySeeIntelRecipients(actor, row)
      ? row.releasedTo
      : row.releasedTo.filter((o) => o === actor?.organisationId),
    releaseExpiresAt: row.releaseExpiresAt?.toISOString() ?? null,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    state: intelReleaseState(row, now),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const present = (row: Row, actor: Actor | null, now: Date): IntelReport => ({
  ...summary(row, actor, now),
  body: row.body,
});

/** What the log commits to: the release settings and a hash of the content, never the content. */
const logRecord = (row: Row) => ({
  id: row.id,
  originatorOrganisationId: row.originatorOrganisationId,
  contentSha256: crypto
    .createHash('sha256')
    .update(canonicalJson({ title: row.title, body: row.body, language: row.language }))
    .digest('hex'),
  releasedTo: row.releasedTo,
  releaseExpiresAt: row.releaseExpiresAt?.toISOString() ?? null,
  withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
});

/** `q` as conditions: every word must occur in the title or the body (case-insensitive). */
function textConditions(q: string | undefined): SQL[] {
  if (q === undefined) return [];
  return q
    .split(/\s+/u)
    .filter(Boolean)
    .slice(0, 10)
    .map((word) => {
      const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return or(ilike(intelReports.title, pattern), ilike(intelReports.body, pattern)) as SQL;
    });
}

export function createIntelService(deps: { db: Db; clock: () => Date }): IntelService {
  const { db, clock } = deps;

  /** Named recipients must be other parties; returns the field error, if any. */
  async function checkRecipients(
    tx: Db,
    ids: readonly string[],
    originatorOrganisationId: string,
  ): Promise<FieldError | undefined> {
    if (ids.length === 0) return undefined;
    const rows = await tx
      .select({ id: organisations.id, kind: organisations.kind })
      .from(organisations)
      .where(inArray(organisations.id, [...ids]));
    const kinds = new Map(rows.map((r) => [r.id, r.kind]));
    const problems = ids.flatMap((id) => {
      const kind = kinds.get(id);
      if (kind === undefined) return [`${id} is not an organisation`];
      if (id === originatorOrganisationId) return [`${id} is your own party`];
      if (kind !== 'party') {
        return [`${id} is not a party (the mediators see every released report already)`];
      }
      return [];
    });
    return problems.length === 0
      ? undefined
      : { field: 'body.releasedTo', message: problems.join('; ') };
  }

  async function lockVisible(tx: Db, id: string, actor: Actor, now: Date): Promise<Row> {
    const [row] = await tx.select().from(intelReports).where(eq(intelReports.id, id)).for('update');
    if (!row || !maySeeIntel(actor, row, now)) throw intelNotFound();
    if (!isIntelOriginator(actor, row)) {
      throw new AppError(
        'forbidden',
        'Only the party that shared a report controls its release; recipients cannot pass it on',
      );
    }
    return row;
  }

  function checkVersion(row: Row, version: number): void {
    if (row.version !== version) {
      throw new AppError(
        'version_conflict',
        `The report is now at version ${row.version}; your change was made against version ${version}. Reload it and try again.`,
        {
          errors: [
            { field: 'body.version', message: `is not the current version (${row.version})` },
          ],
          workflow: { currentVersion: row.version, state: intelReleaseState(row, clock()) },
        },
      );
    }
  }

  async function update(
    tx: Db,
    row: Row,
    patch: Partial<typeof intelReports.$inferInsert>,
    action: string,
    actor: Actor,
    now: Date,
  ): Promise<Row> {
    const [updated] = await tx
      .update(intelReports)
      .set({ ...patch, version: row.version + 1, updatedAt: now })
      .where(and(eq(intelReports.id, row.id), eq(intelReports.version, row.version)))
      .returning();
    if (!updated) throw new Error('intelligence report changed under a row lock');
    await appendToLog(tx, {
      action,
      actor,
      recordType: 'intel_report',
      recordId: updated.id,
      record: logRecord(updated),
      visibility: 'originator',
      ownerOrganisationId: updated.originatorOrganisationId,
      now,
    });
    return updated;
  }

  return {
    async share(input, actor) {
      const now = clock();
      const errors: FieldError[] = [];
      const releasedTo = [...new Set(input.releasedTo ?? [])].sort();
      const recipients = await checkRecipients(db, releasedTo, actor.organisationId);
      if (recipients) errors.push(recipients);
      const expires =
        input.releaseExpiresAt === undefined ? null : new Date(input.releaseExpiresAt);
      if (expires !== null && expires.getTime() <= now.getTime()) {
        errors.push({ field: 'body.releaseExpiresAt', message: 'is in the past' });
      }
      if (errors.length > 0) throw invalid('The report cannot be shared like this', errors);
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(intelReports)
          .values({
            originatorOrganisationId: actor.organisationId,
            title: input.title,
            body: input.body,
            language: input.language,
            releasedTo,
            releaseExpiresAt: expires,
            createdBy: actor.userId,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('intelligence report not inserted');
        await appendToLog(tx, {
          action: 'intel.share',
          actor,
          recordType: 'intel_report',
          recordId: row.id,
          record: logRecord(row),
          visibility: 'originator',
          ownerOrganisationId: row.originatorOrganisationId,
          now,
        });
        return present(row, actor, now);
      });
    },

    async search(query, actor) {
      const now = clock();
      const where: SQL[] = [intelVisibleTo(actor, now), ...textConditions(query.q)];
      if (query.cursor) {
        const { at, id } = decodeCursor(query.cursor);
        where.push(
          sql`(${intelReports.createdAt}, ${intelReports.id}) < (${new Date(at)}, ${id}::uuid)`,
        );
      }
      const limit = query.limit ?? 50;
      const rows = await db
        .select()
        .from(intelReports)
        .where(and(...where))
        .orderBy(desc(intelReports.createdAt), desc(intelReports.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => summary(r, actor, now)),
        nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },

    async get(id, actor) {
      const now = clock();
      const [row] = await db.select().from(intelReports).where(eq(intelReports.id, id));
      if (!row || !maySeeIntel(actor, row, now)) throw intelNotFound();
      await db.insert(intelViews).values({
        reportId: row.id,
        userId: actor.userId,
        organisationId: actor.organisationId,
        via: 'read',
        at: now,
      });
      return present(row, actor, now);
    },

    async release(id, input, actor) {
      const now = clock();
      return db.transaction(async (tx) => {
        const row = await lockVisible(tx, id, actor, now);
        checkVersion(row, input.version);
        const plan = planIntelRelease(row, input, now);
        if (!plan.ok && plan.kind === 'withdrawn') {
          throw new AppError('invalid_transition', plan.message, {
            workflow: { currentVersion: row.version, state: 'withdrawn', allowed: [] },
          });
        }
        const errors: FieldError[] = plan.ok ? [] : [...plan.errors];
        const recipients = await checkRecipients(
          tx,
          input.releasedTo,
          row.originatorOrganisationId,
        );
        if (recipients) errors.unshift(recipients);
        if (!plan.ok || errors.length > 0) {
          throw invalid('A release can only widen, to other parties, until a future time', errors);
        }
        const updated = await update(
          tx,
          row,
          { releasedTo: plan.releasedTo, releaseExpiresAt: plan.releaseExpiresAt },
          'intel.release',
          actor,
          now,
        );
        return present(updated, actor, now);
      });
    },

    async withdraw(id, input, actor) {
      const now = clock();
      return db.transaction(async (tx) => {
        const row = await lockVisible(tx, id, actor, now);
        checkVersion(row, input.version);
        if (row.withdrawnAt !== null) {
          throw new AppError('invalid_transition', 'The report is already withdrawn', {
            workflow: { currentVersion: row.version, state: 'withdrawn', allowed: [] },
          });
        }
        const updated = await update(tx, row, { withdrawnAt: now }, 'intel.withdraw', actor, now);
        return present(updated, actor, now);
      });
    },

    async views(id, actor) {
      const now = clock();
      const [row] = await db.select().from(intelReports).where(eq(intelReports.id, id));
      if (!row || !maySeeIntel(actor, row, now)) throw intelNotFound();
      if (!maySeeIntelViews(actor, row, now)) {
        throw new AppError(
          'forbidden',
          'Only the party that shared the report and the mediators see who viewed it',
        );
      }
      const rows = await db
        .select({
          userId: intelViews.userId,
          userName: users.displayName,
          role: users.role,
          organisationId: intelViews.organisationId,
          organisationShortName: organisations.shortName,
          via: intelViews.via,
          at: intelViews.at,
        })
        .from(intelViews)
        .innerJoin(users, eq(users.id, intelViews.userId))
        .innerJoin(organisations, eq(organisations.id, intelViews.organisationId))
        .where(eq(intelViews.reportId, row.id))
        .orderBy(asc(intelViews.at), asc(intelViews.id));
      return rows.map((v) => ({
        ...v,
        via: v.via === 'export' ? 'export' : 'read',
        at: v.at.toISOString(),
      }));
    },

    async export(query, actor) {
      const now = clock();
      const rows = await db
        .select()
        .from(intelReports)
        .where(and(intelVisibleTo(actor, now), ...textConditions(query.q)))
        .orderBy(desc(intelReports.createdAt), desc(intelReports.id))
        .limit(MAX_INTEL_EXPORT + 1);
      const items = rows.slice(0, MAX_INTEL_EXPORT);
      if (items.length > 0) {
        await db.insert(intelViews).values(
          items.map((r) => ({
            reportId: r.id,
            userId: actor.userId,
            organisationId: actor.organisationId,
            via: 'export',
            at: now,
          })),
        );
      }
      return {
        items: items.map((r) => present(r, actor, now)),
        truncated: rows.length > MAX_INTEL_EXPORT,
      };
    },
  };
}
