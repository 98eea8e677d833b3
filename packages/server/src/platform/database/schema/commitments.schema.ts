/**
 * Commitments and their verification, written assurances signed with a party's key, the
 * conditions for reopening a crossing, documents of rounds of talks, shared intelligence and
 * handover requests. Every change to these rows is logged (`appendToLog`) in its transaction.
 */
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './accounts.schema.ts';
import { agreements, crossings, crossingStatusChanges, talkRounds } from './agreements.schema.ts';
import { evidenceBlobs } from './evidence.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A measurable sign that a commitment is kept, and how the mechanism will verify it. */
export interface CommitmentIndicator {
  readonly description: string;
  readonly meansOfVerification: string;
}

/** Evidence cited by a decision or a report: evidence items, documents or stored files. */
export interface EvidenceReference {
  readonly kind: 'evidence' | 'document' | 'file' | 'finding' | 'observation' | 'link';
  readonly ref: string;
  readonly note?: string;
}

/** A document of a round of talks: a statement, the minutes, a communiqué. */
export const talkDocuments = pgTable('talk_documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id')
    .notNull()
    .references(() => talkRounds.id),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  language: text('language').notNull(),
  visibility: text('visibility').notNull(),
  organisationId: uuid('organisation_id').references(() => organisations.id),
  sha256: text('sha256').references(() => evidenceBlobs.sha256),
  addedBy: uuid('added_by').references(() => users.id),
  addedAt: ts('added_at').notNull(),
});

/** Who sat at a round: mediators and each party's delegation. */
export const talkParticipants = pgTable(
  'talk_participants',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => talkRounds.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    capacity: text('capacity').notNull(),
    /** Names and posts of the delegation, as published. */
    delegation: jsonb('delegation').$type<string[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.organisationId] })],
);

export const commitments = pgTable(
  'commitments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: integer('number').notNull(),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id),
    /** The party that undertakes it; null when all parties do. */
    partyOrganisationId: uuid('party_organisation_id').references(() => organisations.id),
    roundId: uuid('round_id').references(() => talkRounds.id),
    title: text('title').notNull(),
    text: text('text').notNull(),
    language: text('language').notNull(),
    provisionIds: jsonb('provision_ids').$type<string[]>().notNull(),
    indicators: jsonb('indicators').$type<CommitmentIndicator[]>().notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    visibility: text('visibility').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [uniqueIndex('commitments_number_key').on(t.agreementId, t.number)],
);

/** A mediators' decision on a commitment's status, with the evidence and reasons behind it. */
export const commitmentStatusChanges = pgTable(
  'commitment_status_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => commitments.id),
    version: integer('version').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason').notNull(),
    evidence: jsonb('evidence').$type<EvidenceReference[]>().notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedByOrganisationId: uuid('decided_by_organisation_id').references(() => organisations.id),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('commitment_status_version_key').on(t.commitmentId, t.version)],
);

/** A party's own account of its progress on a commitment. */
export const commitmentReports = pgTable('commitment_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  commitmentId: uuid('commitment_id')
    .notNull()
    .references(() => commitments.id),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id),
  userId: uuid('user_id').references(() => users.id),
  text: text('text').notNull(),
  language: text('language').notNull(),
  evidence: jsonb('evidence').$type<EvidenceReference[]>().notNull(),
  submittedAt: ts('submitted_at').notNull(),
});

/** A party's Ed25519 public key, registered with the mechanism to sign written assurances. */
export const partyKeys = pgTable(
  'party_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    /** Raw 32-byte Ed25519 public key, base64. */
    publicKey: text('public_key').notNull(),
    /** SHA-256 of the raw key, hex: how signatures name their key. */
    fingerprint: text('fingerprint').notNull(),
    registeredBy: uuid('registered_by').references(() => users.id),
    registeredAt: ts('registered_at').notNull(),
    revokedAt: ts('revoked_at'),
    revocationReason: text('revocation_reason'),
  },
  (t) => [uniqueIndex('party_keys_fingerprint_key').on(t.fingerprint)],
);

/** A written assurance: a text (or a commitment's text) signed with a party's registered key. */
export const assurances = pgTable(
  'assurances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    keyId: uuid('key_id')
      .notNull()
      .references(() => partyKeys.id),
    commitmentId: uuid('commitment_id').references(() => commitments.id),
    /** Exactly the bytes that were signed, as UTF-8 text (canonical JSON of the statement). */
    signedText: text('signed_text').notNull(),
    signature: text('signature').notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: ts('submitted_at').notNull(),
    visibility: text('visibility').notNull(),
  },
  (t) => [index('assurances_commitment_key').on(t.commitmentId)],
);

/** A condition for reopening a crossing, met by commitments and findings. */
export const crossingConditions = pgTable('crossing_conditions', {
  id: uuid('id').primaryKey().defaultRandom(),
  crossingId: uuid('crossing_id')
    .notNull()
    .references(() => crossings.id),
  description: text('description').notNull(),
  /** Commitments whose status `met` satisfies this condition (all of them must be met). */
  commitmentIds: jsonb('commitment_ids').$type<string[]>().notNull(),
  /** Complaint ids whose issued findings satisfy it (for example "not a violation"). */
  findingComplaintIds: jsonb('finding_complaint_ids').$type<string[]>().notNull(),
  /** Set when the mediators record the condition met by other means, with the reason. */
  metAt: ts('met_at'),
  metReason: text('met_reason'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
});

/** Extra facts about a crossing status change recorded through the API. */
export const crossingStatusDetails = pgTable('crossing_status_details', {
  changeId: uuid('change_id')
    .primaryKey()
    .references(() => crossingStatusChanges.id),
  /** True when the change is a reopening justified by the conditions being met. */
  onConditionsMet: boolean('on_conditions_met').notNull(),
  decidedBy: uuid('decided_by').references(() => users.id),
});

/** Intelligence a party shares under its own control. */
export const intelReports = pgTable('intel_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  originatorOrganisationId: uuid('originator_organisation_id')
    .notNull()
    .references(() => organisations.id),
  title: text('title').notNull(),
  body: text('body').notNull(),
  language: text('language').notNull(),
  /** Organisations beyond the mediators' side it is released to (named parties). */
  releasedTo: jsonb('released_to').$type<string[]>().notNull(),
  /** After this, only the originator (and nobody else) still sees it. */
  releaseExpiresAt: ts('release_expires_at'),
  withdrawnAt: ts('withdrawn_at'),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Every view of an intelligence report, whoever the viewer. */
export const intelViews = pgTable(
  'intel_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => intelReports.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    via: text('via').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('intel_views_report_key').on(t.reportId, t.at)],
);

/** A request to hand over named persons at a crossing, the answer and the outcome. */
export const handovers = pgTable('handovers', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestingOrganisationId: uuid('requesting_organisation_id')
    .notNull()
    .references(() => organisations.id),
  respondingOrganisationId: uuid('responding_organisation_id')
    .notNull()
    .references(() => organisations.id),
  crossingId: uuid('crossing_id').references(() => crossings.id),
  persons: jsonb('persons').$type<{ name: string; details: string }[]>().notNull(),
  reason: text('reason').notNull(),
  status: text('status').notNull(),
  answer: text('answer'),
  outcome: text('outcome'),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
