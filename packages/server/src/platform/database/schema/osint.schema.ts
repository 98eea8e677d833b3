/**
 * Open-source monitoring. `osint_sources` are where articles come from (a feed polled on a
 * schedule with its conditional-request validators and back-off, a single URL, a user's uploads or
 * command-line imports, a watched directory). An `osint_articles` row is one distinct raw form
 * (unique SHA-256; the bytes live in the content-addressed blob store) with what was extracted
 * from it. Every batch of work is an `osint_ingest_batches` row with one `osint_ingest_items` row
 * per file, page or feed entry, failed ones with their error. Stories are the pipeline's latest
 * grouping; their ids are kept across re-clustering where membership overlaps.
 */
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const SOURCE_KINDS = ['feed', 'url', 'upload', 'directory', 'cli'] as const;

export const osintSources = pgTable(
  'osint_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    /**
     * What makes a source one: `feed:<url>`, `url:<url>`, `directory:<path>`, and one source per
     * account for its uploads (`upload:<user id>`) and command-line imports (`cli:<user id>`).
     */
    key: text('key').notNull().unique(),
    url: text('url'),
    path: text('path'),
    title: text('title'),
    status: text('status', { enum: ['pending', 'ok', 'failing'] })
      .notNull()
      .default('pending'),
    /** The validators of the last full response, sent back as If-None-Match / If-Modified-Since. */
    etag: text('etag'),
    lastModified: text('last_modified'),
    nextPollAt: ts('next_poll_at'),
    lastPolledAt: ts('last_polled_at'),
    /** Consecutive failures; the next poll waits exponentially longer with each. */
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('osint_sources_due_idx').on(t.kind, t.nextPollAt)],
);

export const osintArticles = pgTable(
  'osint_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the raw bytes: the address of the raw form in the blob store. */
    sha256: text('sha256').notNull().unique(),
    size: integer('size').notNull(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => osintSources.id),
    originalUrl: text('original_url'),
    fileName: text('file_name'),
    fetchedAt: ts('fetched_at').notNull(),
    /** `text/html` or `text/plain`, from the bytes. */
    contentType: text('content_type').notNull(),
    charset: text('charset').notNull(),
    title: text('title').notNull(),
    outlet: text('outlet'),
    author: text('author'),
    /** `YYYY-MM-DD`, or `YYYY-MM` when only the month is stated. */
    publishedAt: text('published_at'),
    language: text('language'),
    text: text('text').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('osint_articles_source_idx').on(t.sourceId),
    index('osint_articles_url_idx').on(t.originalUrl),
  ],
);

export const osintIngestBatches = pgTable('osint_ingest_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
  sourceId: uuid('source_id').references(() => osintSources.id),
  createdBy: uuid('created_by').references(() => users.id),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at'),
  ingested: integer('ingested').notNull().default(0),
  duplicates: integer('duplicates').notNull().default(0),
  failed: integer('failed').notNull().default(0),
});

export const osintIngestItems = pgTable(
  'osint_ingest_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => osintIngestBatches.id),
    sourceId: uuid('source_id').references(() => osintSources.id),
    /** The path, file name or address. */
    name: text('name').notNull(),
    /** A feed entry's id (its guid, else its link): each entry of a feed is read once. */
    entryKey: text('entry_key'),
    outcome: text('outcome', { enum: ['ingested', 'duplicate', 'failed'] }).notNull(),
    articleId: uuid('article_id').references(() => osintArticles.id),
    error: text('error'),
    at: ts('at').notNull(),
  },
  (t) => [
    index('osint_ingest_items_batch_idx').on(t.batchId),
    uniqueIndex('osint_ingest_items_entry_key')
      .on(t.sourceId, t.entryKey)
      .where(sql`${t.entryKey} is not null`),
  ],
);

export const osintStories = pgTable(
  'osint_stories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    label: text('label').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    articleCount: integer('article_count').notNull(),
    outletCount: integer('outlet_count').notNull(),
    originCount: integer('origin_count').notNull(),
    /** The pipeline's contradictions: `{ kind, decision, articleIds, detail }`. */
    contradictions: jsonb('contradictions')
      .$type<Array<{ kind: string; decision: string; articleIds: string[]; detail: string }>>()
      .notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('osint_stories_last_seen_idx').on(t.lastSeenAt, t.id)],
);

export const osintStoryArticles = pgTable(
  'osint_story_articles',
  {
    articleId: uuid('article_id')
      .primaryKey()
      .references(() => osintArticles.id),
    storyId: uuid('story_id')
      .notNull()
      .references(() => osintStories.id, { onDelete: 'cascade' }),
    /** The first article of this one's origin (copies, rewrites, a shared credited agency). */
    originId: uuid('origin_id').notNull(),
    /** The casualty figures this article states: `{ value, verb, victims, side, by }`. */
    claims: jsonb('claims')
      .$type<
        Array<{
          value: number;
          verb: string;
          victims: string;
          side: string | null;
          by: string | null;
        }>
      >()
      .notNull(),
    /** The direct and reported quotes this article gives: `{ kind, text, speaker }`. */
    quotes: jsonb('quotes')
      .$type<Array<{ kind: 'direct' | 'reported'; text: string; speaker: string | null }>>()
      .notNull()
      .default([]),
  },
  (t) => [index('osint_story_articles_story_idx').on(t.storyId)],
);
