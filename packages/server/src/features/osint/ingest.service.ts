/**
 * Ingestion: raw bytes in, articles out. Each item is hashed first, so the same bytes are never
 * read or stored twice; new bytes are decoded (`read-content.ts`), their article extracted
 * (`extract-article.ts`), the raw form committed to the content-addressed blob store (the evidence
 * store, under its SHA-256), and only then are the article and its batch item written, in one
 * transaction: an item that fails leaves its error and nothing else. A crash between the blob's
 * commit and the rows leaves an unreferenced blob, which the start-up sweep removes.
 *
 * Work comes in batches (a feed poll, a directory scan, a command-line import, an upload); a batch
 * records every item's outcome and, when it brought anything new, has the stories re-clustered.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import type {
  Actor,
  OsintIngestItem,
  UploadOsintArticleQuery,
  UploadOsintArticleResponse,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { osintArticles } from '../../platform/database/schema/index.ts';
import type { BlobStore, StagedBlob } from '../../platform/blobs/blob-store.ts';
import { BlobTooLargeError, BlobTruncatedError } from '../../platform/blobs/blob-errors.ts';
import { AppError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import { extractArticle, type ArticleHints } from './extract-article.ts';
import { IngestError, readContent } from './read-content.ts';
import {
  findArticle,
  findArticleBySha,
  finishBatch,
  insertBatch,
  insertItem,
  upsertSource,
  type ArticleRow,
  type SourceRow,
} from './osint.repository.ts';

export interface IngestInput {
  readonly bytes: Uint8Array;
  /** What the item is called in its batch: a path, a file name or an address. */
  readonly name: string;
  /** The transport's Content-Type (only its charset is used). */
  readonly contentType?: string | null;
  readonly originalUrl?: string | null;
  readonly fileName?: string | null;
  readonly hints?: ArticleHints;
  /** A feed entry's key: each entry of a feed is recorded once. */
  readonly entryKey?: string | null;
}

export interface BatchSummary {
  readonly batchId: string;
  readonly ingested: number;
  readonly duplicates: number;
  readonly failed: number;
  readonly items: readonly OsintIngestItem[];
}

export interface BatchRun {
  readonly id: string;
  readonly source: SourceRow;
  /** Reads one item and records its outcome; an unreadable item is recorded as failed. */
  add(input: IngestInput): Promise<OsintIngestItem>;
  /** Records an item that failed before its bytes were had (a fetch that failed). */
  fail(name: string, error: string, entryKey?: string | null): Promise<OsintIngestItem>;
  /** Records an item answered by an article already stored, without fetching it. */
  duplicate(name: string, articleId: string, entryKey?: string | null): Promise<OsintIngestItem>;
  /** Closes the batch and, when it brought new articles, re-clusters the stories. */
  finish(): Promise<BatchSummary>;
}

export interface IngestService {
  /** The source standing for an account's uploads or imports, or a watched directory. */
  sourceFor(
    kind: 'upload' | 'cli' | 'directory',
    actor: Actor | null,
    path?: string,
  ): Promise<SourceRow>;
  startBatch(source: SourceRow, actor: Actor | null): Promise<BatchRun>;
  /** One file streamed in; an unreadable one is refused (AppError) and nothing is written. */
  upload(
    body: Readable,
    query: UploadOsintArticleQuery,
    actor: Actor,
  ): Promise<UploadOsintArticleResponse>;
}

interface Prepared {
  readonly values: Omit<typeof osintArticles.$inferInsert, 'sourceId' | 'createdBy'>;
}

const sha256Of = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

export function createIngestService(deps: {
  db: Db;
  clock: () => Date;
  store: () => Promise<BlobStore>;
  maxBytes: number;
  /** Re-clusters the stories after a batch that brought new articles. */
  recluster: () => Promise<void>;
}): IngestService {
  const { db, clock } = deps;

  async function prepare(input: IngestInput, sha256: string): Promise<Prepared> {
    const content = await readContent(input.bytes, {
      contentType: input.contentType ?? null,
      maxBytes: deps.maxBytes,
    });
    const article = extractArticle(content, { ...input.hints, url: input.originalUrl ?? null });
    return {
      values: {
        sha256,
        size: input.bytes.byteLength,
        originalUrl: input.originalUrl ?? article.url,
        fileName: input.fileName ?? null,
        fetchedAt: clock(),
        contentType: content.kind === 'html' ? 'text/html' : 'text/plain',
        charset: content.charset,
        title: article.title,
        outlet: article.outlet,
        author: article.author,
        publishedAt: article.publishedAt,
        language: article.language,
        text: article.text,
      },
    };
  }

  /** Writes the article (unless its bytes got there first) and its item, together. */
  async function record(
    prepared: Prepared,
    staged: StagedBlob,
    item: { batchId: string; source: SourceRow; name: string; entryKey: string | null },
    actor: Actor | null,
  ): Promise<{ article: ArticleRow; created: boolean }> {
    await staged.commit();
    return db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(osintArticles)
        .values({ ...prepared.values, sourceId: item.source.id, createdBy: actor?.userId ?? null })
        .onConflictDoNothing()
        .returning();
      const article = inserted ?? (await findArticleBySha(tx, prepared.values.sha256));
      if (!article) throw new Error('article vanished');
      // The log binds the stored bytes (their SHA-256) to when and where they came from, so a
      // party can later show that the mechanism held this report at this time.
      if (inserted)
        await appendToLog(tx, {
          action: 'osint.article.ingest',
          actor,
          recordType: 'osint_article',
          recordId: inserted.id,
          record: {
            id: inserted.id,
            sha256: inserted.sha256,
            size: inserted.size,
            sourceId: inserted.sourceId,
            originalUrl: inserted.originalUrl,
            fileName: inserted.fileName,
            fetchedAt: inserted.fetchedAt.toISOString(),
            title: inserted.title,
            outlet: inserted.outlet,
            publishedAt: inserted.publishedAt,
          },
          visibility: 'mediators',
          now: inserted.fetchedAt,
        });
      await insertItem(tx, {
        batchId: item.batchId,
        sourceId: item.source.id,
        name: item.name,
        entryKey: item.entryKey,
        outcome: inserted ? 'ingested' : 'duplicate',
        articleId: article.id,
        at: clock(),
      });
      return { article, created: inserted !== undefined };
    });
  }

  async function stage(store: BlobStore, bytes: Uint8Array): Promise<StagedBlob> {
    return store.stage(Readable.from([Buffer.from(bytes)]), {
      maxBytes: Math.max(deps.maxBytes, bytes.byteLength),
    });
  }

  const sourceFor: IngestService['sourceFor'] = async (kind, actor, path) => {
    const owner = actor?.userId ?? 'system';
    const key = kind === 'directory' ? `directory:${path ?? ''}` : `${kind}:${owner}`;
    const { source } = await upsertSource(db, {
      kind,
      key,
      path: kind === 'directory' ? (path ?? null) : null,
      status: 'ok',
      createdBy: actor?.userId ?? null,
      createdAt: clock(),
    });
    return source;
  };

  return {
    sourceFor,

    async startBatch(source, actor) {
      const id = await insertBatch(db, {
        kind: source.kind,
        sourceId: source.id,
        createdBy: actor?.userId ?? null,
        startedAt: clock(),
      });
      const items: OsintIngestItem[] = [];
      const counts = { ingested: 0, duplicates: 0, failed: 0 };
      const note = (item: OsintIngestItem) => {
        items.push(item);
        if (item.outcome === 'ingested') counts.ingested++;
        else if (item.outcome === 'duplicate') counts.duplicates++;
        else counts.failed++;
        return item;
      };
      const fail = async (name: string, error: string, entryKey: string | null = null) => {
        await insertItem(db, {
          batchId: id,
          sourceId: source.id,
          name,
          entryKey,
          outcome: 'failed',
          error,
          at: clock(),
        });
        return note({ name, outcome: 'failed', articleId: null, error });
      };
      const duplicate = async (name: string, articleId: string, entryKey: string | null = null) => {
        await insertItem(db, {
          batchId: id,
          sourceId: source.id,
          name,
          entryKey,
          outcome: 'duplicate',
          articleId,
          at: clock(),
        });
        return note({ name, outcome: 'duplicate', articleId, error: null });
      };
      return {
        id,
        source,
        fail,
        duplicate,
        async add(input) {
          const sha256 = sha256Of(input.bytes);
          const existing = await findArticleBySha(db, sha256);
          if (existing) return duplicate(input.name, existing.id, input.entryKey ?? null);
          let prepared: Prepared;
          try {
            prepared = await prepare(input, sha256);
          } catch (error) {
            if (error instanceof IngestError)
              return fail(input.name, error.message, input.entryKey ?? null);
            throw error;
          }
          const staged = await stage(await deps.store(), input.bytes);
          try {
            const { article, created } = await record(
              prepared,
              staged,
              { batchId: id, source, name: input.name, entryKey: input.entryKey ?? null },
              actor,
            );
            return note({
              name: input.name,
              outcome: created ? 'ingested' : 'duplicate',
              articleId: article.id,
              error: null,
            });
          } finally {
            await staged.discard();
          }
        },
        async finish() {
          await finishBatch(db, id, { ...counts, finishedAt: clock() });
          if (counts.ingested > 0) await deps.recluster();
          return { batchId: id, ...counts, items };
        },
      };
    },

    async upload(body, query, actor) {
      const store = await deps.store();
      let staged: StagedBlob;
      try {
        staged = await store.stage(body, { maxBytes: deps.maxBytes });
      } catch (error) {
        if (error instanceof BlobTooLargeError)
          throw new AppError(
            'payload_too_large',
            `News files are limited to ${deps.maxBytes} bytes`,
            { errors: [{ field: 'body', message: `is larger than ${deps.maxBytes} bytes` }] },
          );
        if (error instanceof BlobTruncatedError)
          throw new AppError(
            'upload_incomplete',
            'The upload ended before the whole file arrived; nothing was stored',
          );
        throw error;
      }
      try {
        const name = query.fileName ?? 'upload';
        const existing = await findArticleBySha(db, staged.sha256);
        let articleId = existing?.id;
        let created = false;
        if (!articleId) {
          const bytes = new Uint8Array(await fs.readFile(staged.path));
          let prepared: Prepared;
          try {
            prepared = await prepare(
              { bytes, name, fileName: query.fileName ?? null },
              staged.sha256,
            );
          } catch (error) {
            if (!(error instanceof IngestError)) throw error;
            const code = error.code === 'empty' ? 'validation_failed' : 'unsupported_content';
            throw new AppError(code, `Not read as a news article: ${error.message}`, {
              errors: [{ field: 'body', message: error.message }],
            });
          }
          const source = await sourceFor('upload', actor);
          const now = clock();
          const batchId = await insertBatch(db, {
            kind: 'upload',
            sourceId: source.id,
            createdBy: actor.userId,
            startedAt: now,
          });
          const recorded = await record(
            prepared,
            staged,
            { batchId, source, name, entryKey: null },
            actor,
          );
          created = recorded.created;
          articleId = recorded.article.id;
          await finishBatch(db, batchId, {
            ingested: created ? 1 : 0,
            duplicates: created ? 0 : 1,
            failed: 0,
            finishedAt: clock(),
          });
          if (created) await deps.recluster();
        }
        const article = await findArticle(db, articleId);
        if (!article) throw new Error('article vanished');
        const { text: _text, ...summary } = article;
        return { article: summary, created };
      } finally {
        await staged.discard();
      }
    },
  };
}
