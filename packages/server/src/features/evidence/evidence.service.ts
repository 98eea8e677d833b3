/**
 * Evidence on complaints: files streamed into the content-addressed store, witness statements and
 * links; every item with its own visibility and a chain of custody recording each access.
 *
 * An upload is staged (hashed while streamed, size-limited), sniffed by content, its metadata
 * extracted, and only then committed to its content address; the database rows follow in one
 * transaction. A crash between the two leaves at most an unreferenced blob, which the startup
 * sweep removes; a crash before leaves only staging files, which it also removes.
 */
import type { Readable } from 'node:stream';
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  maySeeComplaint,
  maySeeEvidence,
  type Actor,
  type AddEvidenceRequest,
  type EvidenceDetail,
  type EvidenceItem,
  type MaterialVisibility,
  type UploadEvidenceQuery,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  complaints,
  evidence,
  evidenceBlobs,
  evidenceCustody,
} from '../../platform/database/schema/index.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { BlobTooLargeError, BlobTruncatedError } from '../../platform/blobs/blob-errors.ts';
import { sniffFileContentType } from '../../platform/blobs/content-type.ts';
import { extractMetadata } from '../../platform/blobs/metadata.ts';
import { sweepOrphans } from '../../platform/blobs/orphan-sweep.ts';
import { appendToLog } from '../log/log.writer.ts';
import { evidenceVisibleTo } from '../complaints/complaints.visibility.ts';

type ComplaintRow = typeof complaints.$inferSelect;
type EvidenceRow = typeof evidence.$inferSelect;
type BlobRow = typeof evidenceBlobs.$inferSelect;

/** States in which a complaint no longer takes evidence (reopening does, from closed/rejected). */
const SHUT = new Set(['merged', 'withdrawn']);

export interface EvidenceService {
  upload(
    complaintId: string,
    query: UploadEvidenceQuery,
    body: Readable,
    actor: Actor,
  ): Promise<{ item: EvidenceItem; created: boolean }>;
  add(complaintId: string, input: AddEvidenceRequest, actor: Actor): Promise<EvidenceItem>;
  list(complaintId: string, actor: Actor | null): Promise<EvidenceItem[]>;
  /** One item and its custody; records the view. */
  get(id: string, actor: Actor | null): Promise<EvidenceDetail>;
  /** The file of an item; records the download. */
  open(id: string, actor: Actor | null): Promise<{ item: EvidenceItem; stream: Readable }>;
  /** Changes who may see an item (mediators publish evidence with its complaint). */
  setVisibility(
    id: string,
    input: { visibility: MaterialVisibility; reason: string },
    actor: Actor,
  ): Promise<EvidenceItem>;
  /** A file by hash, if the actor may see at least one item holding it; records the download. */
  openByHash(
    sha256: string,
    actor: Actor | null,
  ): Promise<{ item: EvidenceItem; stream: Readable }>;
  /**
   * Removes staging leftovers and unreferenced blobs: run at startup, before serving. `minAgeMs`
   * spares young blobs another process may be recording (0 when this process is the only one).
   */
  sweep(options?: {
    minAgeMs?: number;
  }): Promise<{ stagingRemoved: number; orphansRemoved: number }>;
}

export function presentEvidence(row: EvidenceRow, blob: BlobRow | null): EvidenceItem {
  return {
    id: row.id,
    complaintId: row.complaintId,
    type: row.type,
    purpose: row.purpose,
    title: row.title,
    description: row.description,
    fileName: row.fileName,
    file: blob
      ? {
          sha256: blob.sha256,
          size: blob.size,
          mime: blob.mime,
          kind: blob.kind,
          metadata: blob.metadata,
        }
      : null,
    statement: row.statement,
    language: row.language,
    url: row.url,
    visibility: row.visibility,
    ownerOrganisationId: row.ownerOrganisationId,
    addedBy: row.addedBy,
    addedAt: row.addedAt.toISOString(),
  };
}

const notFound = () => new AppError('not_found', 'No such evidence');

/**
 * The class an evidence item's log entry is opened under: never wider than what `maySeeEvidence`
 * allows through both the item and its complaint. Items shared (`public`, `joint`) on a complaint
 * kept to the mediators' side or its originator open only to whoever added them and the
 * mediators' side (`originator`, owned by the item's owner).
 */
export function logVisibility(
  item: MaterialVisibility,
  complaint: MaterialVisibility,
): MaterialVisibility {
  if (complaint === 'public') return item;
  if (complaint === 'joint') return item === 'public' ? 'joint' : item;
  return item === 'public' || item === 'joint' ? 'originator' : item;
}

export function createEvidenceService(deps: {
  db: Db;
  clock: () => Date;
  store: () => Promise<BlobStore>;
  maxBytes: number;
  /** Other holders of blobs in the same store (news articles' raw forms), for the sweep. */
  alsoReferenced?: (sha256: string) => Promise<boolean>;
}): EvidenceService {
  const { db, clock } = deps;

  /** The complaint, if the actor may add evidence to it now, and why the item is added. */
  /** `field`: where the request carries the visibility (an upload's query, a statement's body). */
  async function checkAdd(
    complaintId: string,
    visibility: MaterialVisibility,
    actor: Actor,
    field: 'querystring.visibility' | 'body.visibility',
  ) {
    const [c] = await db.select().from(complaints).where(eq(complaints.id, complaintId));
    if (!c || !maySeeComplaint(actor, c)) throw new AppError('not_found', 'No such complaint');
    const mediatorSide = actor.role === 'mediator' || actor.role === 'monitor';
    const filer = actor.organisationId === c.filerOrganisationId;
    const accused = actor.organisationId === c.accusedOrganisationId && c.replyDueAt !== null;
    if (!mediatorSide && !filer && !accused) {
      throw new AppError(
        'forbidden',
        'Only the parties to this complaint and the mediators add evidence',
      );
    }
    if (SHUT.has(c.state)) {
      throw new AppError('invalid_transition', `A ${c.state} complaint takes no more evidence`, {
        workflow: { state: c.state, currentVersion: c.version },
      });
    }
    if (visibility === 'public' && actor.role !== 'mediator') {
      throw new AppError('validation_failed', 'Only mediators publish evidence', {
        errors: [{ field, message: 'public is for mediators only' }],
      });
    }
    const purpose: EvidenceRow['purpose'] =
      c.state === 'closed' || c.state === 'rejected'
        ? 'reopening'
        : filer && !mediatorSide
          ? 'allegation'
          : accused
            ? 'reply'
            : 'investigation';
    return { complaint: c, purpose };
  }

  async function custody(
    tx: Db,
    evidenceId: string,
    event: (typeof evidenceCustody.$inferInsert)['event'],
    actor: Actor | null,
    details: Record<string, unknown> = {},
  ) {
    await tx.insert(evidenceCustody).values({
      evidenceId,
      event,
      userId: actor?.userId ?? null,
      organisationId: actor?.organisationId ?? null,
      details,
      at: clock(),
    });
  }

  async function visibleItem(id: string, actor: Actor | null) {
    const [found] = await db
      .select({ item: evidence, complaint: complaints, blob: evidenceBlobs })
      .from(evidence)
      .innerJoin(complaints, eq(complaints.id, evidence.complaintId))
      .leftJoin(evidenceBlobs, eq(evidenceBlobs.sha256, evidence.sha256))
      .where(eq(evidence.id, id));
    if (!found || !maySeeEvidence(actor, found.complaint, found.item)) throw notFound();
    return found;
  }

  async function logItem(
    tx: Db,
    item: EvidenceItem,
    c: ComplaintRow,
    actor: Actor,
    now: Date,
    action = 'evidence.add',
  ) {
    await appendToLog(tx, {
      action,
      actor,
      recordType: 'evidence',
      recordId: item.id,
      record: item,
      visibility: logVisibility(item.visibility, c.visibility),
      ownerOrganisationId: item.ownerOrganisationId,
      now,
    });
  }

  return {
    async upload(complaintId, query, body, actor) {
      const { complaint, purpose } = await checkAdd(
        complaintId,
        query.visibility,
        actor,
        'querystring.visibility',
      );
      const store = await deps.store();
      let staged;
      try {
        staged = await store.stage(body, { maxBytes: deps.maxBytes });
      } catch (error) {
        if (error instanceof BlobTooLargeError) {
          throw new AppError(
            'payload_too_large',
            `Evidence files are limited to ${deps.maxBytes} bytes`,
          );
        }
        if (error instanceof BlobTruncatedError) {
          throw new AppError(
            'upload_incomplete',
            'The upload ended before the whole file arrived; nothing was stored',
          );
        }
        throw error;
      }
      try {
        if (staged.size === 0) {
          throw new AppError('validation_failed', 'The file is empty', {
            errors: [{ field: 'body', message: 'is empty' }],
          });
        }
        // The whole file, not only its head: an Office document names itself near its end.
        const sniffed = await sniffFileContentType(staged.path, query.fileName);
        if (!sniffed.ok) {
          throw new AppError('unsupported_content', `Not accepted as evidence: ${sniffed.reason}`);
        }
        const metadata = await extractMetadata(staged.path, sniffed.kind, sniffed.mime);
        await staged.commit();
        const now = clock();
        return await db.transaction(async (tx) => {
          await tx
            .insert(evidenceBlobs)
            .values({
              sha256: staged.sha256,
              size: staged.size,
              mime: sniffed.mime,
              kind: sniffed.kind,
              metadata: metadata as Record<string, unknown>,
              firstSeenAt: now,
            })
            .onConflictDoNothing();
          const [blob] = await tx
            .select()
            .from(evidenceBlobs)
            .where(eq(evidenceBlobs.sha256, staged.sha256));
          const [existing] = await tx
            .select()
            .from(evidence)
            .where(and(eq(evidence.complaintId, complaintId), eq(evidence.sha256, staged.sha256)));
          if (existing) {
            // The same file again: one item, and the attempt is part of its custody.
            await custody(tx, existing.id, 'uploaded_again', actor, {
              fileName: query.fileName ?? null,
            });
            return { item: presentEvidence(existing, blob ?? null), created: false };
          }
          const [row] = await tx
            .insert(evidence)
            .values({
              complaintId,
              type: 'file',
              purpose,
              sha256: staged.sha256,
              fileName: query.fileName ?? null,
              title: query.title,
              description: query.description ?? '',
              visibility: query.visibility,
              ownerOrganisationId: actor.organisationId,
              addedBy: actor.userId,
              addedAt: now,
            })
            .returning();
          if (!row) throw new Error('insert returned no row');
          await custody(tx, row.id, 'added', actor, { sha256: staged.sha256, size: staged.size });
          const item = presentEvidence(row, blob ?? null);
          await logItem(tx, item, complaint, actor, now);
          return { item, created: true };
        });
      } finally {
        // After a commit this is a no-op; after a refusal it removes the staged bytes.
        await staged.discard();
      }
    },

    async add(complaintId, input, actor) {
      const field = input.type === 'statement' ? 'statement' : 'url';
      if (input[field] === undefined) {
        throw new AppError('validation_failed', `A ${input.type} needs its ${field}`, {
          errors: [{ field: `body.${field}`, message: `is required for a ${input.type}` }],
        });
      }
      const other = input.type === 'statement' ? 'url' : 'statement';
      if (input[other] !== undefined) {
        throw new AppError('validation_failed', `A ${input.type} has no ${other}`, {
          errors: [{ field: `body.${other}`, message: `is not allowed for a ${input.type}` }],
        });
      }
      const { complaint, purpose } = await checkAdd(
        complaintId,
        input.visibility,
        actor,
        'body.visibility',
      );
      const now = clock();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(evidence)
          .values({
            complaintId,
            type: input.type,
            purpose,
            title: input.title,
            description: input.description ?? '',
            statement: input.statement ?? null,
            url: input.url ?? null,
            language: input.language ?? null,
            visibility: input.visibility,
            ownerOrganisationId: actor.organisationId,
            addedBy: actor.userId,
            addedAt: now,
          })
          .returning();
        if (!row) throw new Error('insert returned no row');
        await custody(tx, row.id, 'added', actor);
        const item = presentEvidence(row, null);
        await logItem(tx, item, complaint, actor, now);
        return item;
      });
    },

    async list(complaintId, actor) {
      const [c] = await db.select().from(complaints).where(eq(complaints.id, complaintId));
      if (!c || !maySeeComplaint(actor, c)) throw new AppError('not_found', 'No such complaint');
      const rows = await db
        .select({ item: evidence, blob: evidenceBlobs })
        .from(evidence)
        .innerJoin(complaints, eq(complaints.id, evidence.complaintId))
        .leftJoin(evidenceBlobs, eq(evidenceBlobs.sha256, evidence.sha256))
        .where(and(eq(evidence.complaintId, complaintId), evidenceVisibleTo(actor)))
        .orderBy(asc(evidence.addedAt), asc(evidence.id));
      return rows.map((r) => presentEvidence(r.item, r.blob));
    },

    async get(id, actor) {
      const found = await visibleItem(id, actor);
      await custody(db, id, 'viewed', actor);
      const seesAll =
        actor !== null &&
        (['mediator', 'monitor', 'admin'].includes(actor.role) ||
          actor.organisationId === found.item.ownerOrganisationId);
      const events = await db
        .select()
        .from(evidenceCustody)
        .where(eq(evidenceCustody.evidenceId, id))
        .orderBy(asc(evidenceCustody.seq));
      return {
        item: presentEvidence(found.item, found.blob),
        // Who looked at an item is for its owner and the mediators' side to know.
        custody: events
          .filter((e) => seesAll || e.event === 'added')
          .map((e) => ({
            event: e.event,
            userId: e.userId,
            organisationId: e.organisationId,
            details: e.details,
            at: e.at.toISOString(),
          })),
      };
    },

    async open(id, actor) {
      const found = await visibleItem(id, actor);
      if (!found.blob) throw new AppError('not_found', 'This evidence has no file');
      const stream = await (await deps.store()).open(found.blob.sha256);
      await custody(db, id, 'downloaded', actor);
      return { item: presentEvidence(found.item, found.blob), stream };
    },

    async setVisibility(id, input, actor) {
      const found = await visibleItem(id, actor);
      if (actor.role !== 'mediator') {
        throw new AppError('forbidden', 'Only mediators change who may see evidence');
      }
      const now = clock();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(evidence)
          .set({ visibility: input.visibility })
          .where(eq(evidence.id, id))
          .returning();
        if (!row) throw notFound();
        await custody(tx, id, 'visibility_changed', actor, {
          from: found.item.visibility,
          to: input.visibility,
          reason: input.reason,
        });
        const item = presentEvidence(row, found.blob);
        await logItem(tx, item, found.complaint, actor, now, 'evidence.set_visibility');
        return item;
      });
    },

    async openByHash(sha256, actor) {
      const [found] = await db
        .select({ item: evidence, blob: evidenceBlobs })
        .from(evidence)
        .innerJoin(complaints, eq(complaints.id, evidence.complaintId))
        .innerJoin(evidenceBlobs, eq(evidenceBlobs.sha256, evidence.sha256))
        .where(and(eq(evidence.sha256, sha256.toLowerCase()), evidenceVisibleTo(actor)))
        .orderBy(asc(evidence.addedAt))
        .limit(1);
      // Whether a file with this hash exists at all is not revealed to those who may not see it.
      if (!found) throw notFound();
      const stream = await (await deps.store()).open(found.blob.sha256);
      await custody(db, found.item.id, 'downloaded', actor, { byHash: true });
      return { item: presentEvidence(found.item, found.blob), stream };
    },

    async sweep(options = {}) {
      const store = await deps.store();
      return sweepOrphans(
        store,
        async (sha) => {
          const [row] = await db
            .select({ n: sql<number>`1` })
            .from(evidenceBlobs)
            .where(eq(evidenceBlobs.sha256, sha));
          return row !== undefined || ((await deps.alsoReferenced?.(sha)) ?? false);
        },
        { ...(options.minAgeMs !== undefined ? { minAgeMs: options.minAgeMs } : {}), now: clock },
      );
    },
  };
}
