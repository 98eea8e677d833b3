/**
 * Evidence and its chain of custody. File bytes live in the content-addressed blob store; a row in
 * `evidence_blobs` says a blob is committed and referenced. Each `evidence` row is one item on one
 * complaint, with its own visibility; every access to it is a `evidence_custody` row.
 */
import {
  bigint,
  bigserial,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './accounts.schema.ts';
import { complaints } from './complaints.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const evidenceBlobs = pgTable('evidence_blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  mime: text('mime').notNull(),
  kind: text('kind').notNull(),
  /** EXIF and similar, extracted once at upload and kept beside the untouched original. */
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
  firstSeenAt: ts('first_seen_at').notNull(),
});

export const evidence = pgTable(
  'evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    /** `file` (bytes in the store), `statement` (a witness statement as text) or `link`. */
    type: text('type', { enum: ['file', 'statement', 'link'] }).notNull(),
    /** Why it was added: with the allegation, with the reply, or by the investigation. */
    purpose: text('purpose', {
      enum: ['allegation', 'reply', 'investigation', 'reopening'],
    }).notNull(),
    sha256: text('sha256').references(() => evidenceBlobs.sha256),
    fileName: text('file_name'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    statement: text('statement'),
    url: text('url'),
    language: text('language'),
    visibility: text('visibility', {
      enum: ['public', 'joint', 'mediators', 'originator'],
    }).notNull(),
    ownerOrganisationId: uuid('owner_organisation_id')
      .notNull()
      .references(() => organisations.id),
    addedBy: uuid('added_by').references(() => users.id),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [
    index('evidence_complaint_key').on(t.complaintId, t.addedAt),
    index('evidence_sha_key').on(t.sha256),
    // The same file on the same complaint is one item, however many times it is uploaded.
    uniqueIndex('evidence_complaint_sha_key').on(t.complaintId, t.sha256),
  ],
);

export const evidenceCustody = pgTable(
  'evidence_custody',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Order of events, exact even when two share a timestamp. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    evidenceId: uuid('evidence_id')
      .notNull()
      .references(() => evidence.id),
    event: text('event', {
      enum: ['added', 'uploaded_again', 'viewed', 'downloaded', 'visibility_changed'],
    }).notNull(),
    userId: uuid('user_id').references(() => users.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('evidence_custody_evidence_key').on(t.evidenceId, t.seq)],
);
