/**
 * The transparency log's tables. Changes append to `log_pending` inside their own transaction; the
 * sequencer moves pending rows into `log_entries` with gapless indices, stores every complete
 * subtree hash in `log_hashes`, and signs a checkpoint.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './accounts.schema.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // node-postgres returns a Buffer and PGlite a Uint8Array: both are Uint8Arrays.
  fromDriver: (value) => new Uint8Array(value),
  toDriver: (value) => Buffer.from(value),
});
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Entries written by committed changes and not yet given an index. */
export const logPending = pgTable('log_pending', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  entry: bytea('entry').notNull(),
  /** The salt of a non-public record's commitment: never published, shown only to its readers. */
  salt: bytea('salt'),
  recordType: text('record_type').notNull(),
  recordId: text('record_id').notNull(),
  /** The canonical JSON committed to (the opening): shown only to those who may see the record. */
  record: text('record').notNull(),
  visibility: text('visibility').notNull(),
  /** Organisation that owns a restricted record, for `originator` visibility. */
  ownerOrganisationId: text('owner_organisation_id'),
  createdAt: ts('created_at')
    .notNull()
    .default(sql`now()`),
});

/** The log itself: entry `idx` is leaf `idx` of the Merkle tree. */
export const logEntries = pgTable(
  'log_entries',
  {
    idx: bigint('idx', { mode: 'number' }).primaryKey(),
    entry: bytea('entry').notNull(),
    salt: bytea('salt'),
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    record: text('record').notNull(),
    visibility: text('visibility').notNull(),
    ownerOrganisationId: text('owner_organisation_id'),
    integratedAt: ts('integrated_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [index('log_entries_record_idx').on(t.recordType, t.recordId)],
);

/** Hash of every complete subtree: level 0 holds leaf hashes. */
export const logHashes = pgTable(
  'log_hashes',
  {
    level: integer('level').notNull(),
    idx: bigint('idx', { mode: 'number' }).notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] }), index('log_hashes_hash_idx').on(t.hash)],
);

/** Signed checkpoints, one per integrated batch. */
export const logCheckpoints = pgTable('log_checkpoints', {
  size: bigint('size', { mode: 'number' }).primaryKey(),
  rootHash: bytea('root_hash').notNull(),
  /** The signed note exactly as served. */
  note: text('note').notNull(),
  createdAt: ts('created_at')
    .notNull()
    .default(sql`now()`),
});

/** Witness cosignatures of checkpoints, as signed-note signature lines. */
export const logCosignatures = pgTable(
  'log_cosignatures',
  {
    size: bigint('size', { mode: 'number' }).notNull(),
    witness: text('witness').notNull(),
    signatureLine: text('signature_line').notNull(),
    createdAt: ts('created_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.size, t.witness] })],
);

/** Verifier keys the log has signed with, newest last; rotation adds a row. */
export const logKeys = pgTable('log_keys', {
  verifierKey: text('verifier_key').primaryKey(),
  activeFrom: ts('active_from')
    .notNull()
    .default(sql`now()`),
});

/**
 * Witnesses registered to cosign checkpoints (C2SP tlog-cosignature), one key per witness. The
 * mechanism's policy: a checkpoint counts once every `required` witness has cosigned it.
 */
export const logWitnesses = pgTable('log_witnesses', {
  /** The witness's key name, as its cosignature lines carry it. */
  name: text('name').primaryKey(),
  /** The cosignature/v1 verifier key (type 0x04), "<name>+<key ID>+<base64 key>". */
  verifierKey: text('verifier_key').notNull().unique(),
  /** The party or mediator running the witness, if any. */
  organisationId: uuid('organisation_id').references(() => organisations.id),
  required: boolean('required').notNull().default(true),
  createdAt: ts('created_at')
    .notNull()
    .default(sql`now()`),
});
