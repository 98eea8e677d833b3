/**
 * Wire schemas for commitments (their status decisions and the parties' progress reports), the
 * parties' registered signing keys and their written assurances.
 */
import Type, { type Static } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';
import {
  MATERIAL_VISIBILITIES,
  MAX_NARRATIVE_CHARS,
  MAX_REASON_CHARS,
  MaterialVisibilitySchema,
  UserLanguageSchema,
} from './complaints.schemas.ts';
import { COMMITMENT_STATUSES, EVIDENCE_REFERENCE_KINDS } from '../commitments/commitment-rules.ts';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ format: 'date' });
const Version = Type.Integer({ minimum: 1 });

/** Longest signed text of an assurance, in characters. */
export const MAX_SIGNED_TEXT_CHARS = 40_000;

export const CommitmentStatusSchema = Type.Enum(COMMITMENT_STATUSES);

export const EvidenceReferenceSchema = Type.Object(
  {
    kind: Type.Enum(EVIDENCE_REFERENCE_KINDS),
    /** An evidence item's or a finding's id, a file's SHA-256, a document's id, a URL. */
    ref: Text(2_000),
    note: Type.Optional(Text(2_000)),
  },
  { additionalProperties: false },
);
export type EvidenceReferenceInput = Static<typeof EvidenceReferenceSchema>;

export const CommitmentIndicatorSchema = Type.Object(
  {
    /** A measurable sign that the commitment is kept. */
    description: Text(2_000),
    /** How the mechanism will verify it ("as verified by the joint monitors at Torkham"). */
    meansOfVerification: Text(2_000),
  },
  { additionalProperties: false },
);

export const CreateCommitmentRequestSchema = Type.Object(
  {
    agreementId: Uuid,
    /** The party that undertakes it; null when every party does. */
    partyOrganisationId: Nullable(Uuid),
    /** The round of talks where it was made. */
    roundId: Type.Optional(Nullable(Uuid)),
    title: Type.String({ minLength: 3, maxLength: 200 }),
    text: Text(MAX_NARRATIVE_CHARS),
    language: UserLanguageSchema,
    provisionIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true }),
    indicators: Type.Array(CommitmentIndicatorSchema, { minItems: 1, maxItems: 50 }),
    /** The day by which it is to be kept; not before its round of talks. */
    dueOn: Type.Optional(Nullable(IsoDate)),
    visibility: MaterialVisibilitySchema,
  },
  { additionalProperties: false },
);
export type CreateCommitmentRequest = Static<typeof CreateCommitmentRequestSchema>;

export const CommitmentSchema = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  /** The human reference: `K-<number>`. */
  reference: Type.String(),
  agreementId: Uuid,
  partyOrganisationId: Nullable(Uuid),
  roundId: Nullable(Uuid),
  title: Type.String(),
  text: Type.String(),
  language: Type.String(),
  provisionIds: Type.Array(Uuid),
  indicators: Type.Array(
    Type.Object({ description: Type.String(), meansOfVerification: Type.String() }),
  ),
  dueOn: Nullable(IsoDate),
  status: CommitmentStatusSchema,
  version: Type.Integer(),
  visibility: MaterialVisibilitySchema,
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  demo: Type.Boolean(),
});
export type Commitment = Static<typeof CommitmentSchema>;

const EvidenceReferenceOut = Type.Object({
  kind: Type.String(),
  ref: Type.String(),
  note: Type.Optional(Type.String()),
});

export const CommitmentStatusChangeSchema = Type.Object({
  version: Type.Integer(),
  fromStatus: Nullable(CommitmentStatusSchema),
  toStatus: CommitmentStatusSchema,
  reason: Type.String(),
  evidence: Type.Array(EvidenceReferenceOut),
  decidedBy: Nullable(Uuid),
  decidedByOrganisationId: Nullable(Uuid),
  at: Timestamp,
});
export type CommitmentStatusChange = Static<typeof CommitmentStatusChangeSchema>;

export const CommitmentReportSchema = Type.Object({
  id: Uuid,
  commitmentId: Uuid,
  organisationId: Uuid,
  userId: Nullable(Uuid),
  text: Type.String(),
  language: Type.String(),
  evidence: Type.Array(EvidenceReferenceOut),
  submittedAt: Timestamp,
});
export type CommitmentReport = Static<typeof CommitmentReportSchema>;

/** An issued complaint finding that attributes a violation of one of the commitment's provisions. */
export const BreachingFindingSchema = Type.Object({
  complaintId: Uuid,
  complaintReference: Type.String(),
  draftVersion: Type.Integer(),
  attributedOrganisationId: Uuid,
  /** The commitment's provisions the finding holds violated. */
  provisionIds: Type.Array(Uuid),
  summary: Type.String(),
  issuedAt: Timestamp,
});
export type BreachingFinding = Static<typeof BreachingFindingSchema>;

export const AssuranceSchema = Type.Object({
  id: Uuid,
  organisationId: Uuid,
  keyId: Uuid,
  keyFingerprint: Type.String(),
  commitmentId: Nullable(Uuid),
  /** Exactly the text that was signed (its UTF-8 bytes are what the signature covers). */
  signedText: Type.String(),
  signature: Type.String(),
  submittedBy: Nullable(Uuid),
  submittedAt: Timestamp,
  visibility: MaterialVisibilitySchema,
});
export type Assurance = Static<typeof AssuranceSchema>;

/** A commitment with everything the asking actor may see about it. */
export const CommitmentDetailSchema = Type.Object({
  commitment: CommitmentSchema,
  /** Statuses this actor may decide now (empty for everyone but the mediators). */
  allowedStatuses: Type.Array(CommitmentStatusSchema),
  /** Whether this actor may report progress now. */
  mayReport: Type.Boolean(),
  /** Whether the caller may submit a signed written assurance on it (an officer of its party). */
  mayGiveAssurance: Type.Boolean(),
  statusHistory: Type.Array(CommitmentStatusChangeSchema),
  reports: Type.Array(CommitmentReportSchema),
  assurances: Type.Array(AssuranceSchema),
  breachingFindings: Type.Array(BreachingFindingSchema),
});
export type CommitmentDetail = Static<typeof CommitmentDetailSchema>;

export const CommitmentListQuerySchema = Type.Object(
  {
    agreement: Type.Optional(Uuid),
    /** A party's id for that party's commitments, or `all` for those every party undertook. */
    party: Type.Optional(Type.Union([Uuid, Type.Literal('all')])),
    status: Type.Optional(Type.Array(CommitmentStatusSchema, { maxItems: 6 })),
    /** The round of talks where they were made. */
    round: Type.Optional(Uuid),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type CommitmentListQuery = Static<typeof CommitmentListQuerySchema>;

export const CommitmentPageSchema = Type.Object({
  items: Type.Array(CommitmentSchema),
  nextCursor: Nullable(Type.String()),
});
export type CommitmentPage = Static<typeof CommitmentPageSchema>;

export const StatusDecisionRequestSchema = Type.Object(
  {
    version: Version,
    status: CommitmentStatusSchema,
    reason: Text(MAX_REASON_CHARS),
    evidence: Type.Array(EvidenceReferenceSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type StatusDecisionRequest = Static<typeof StatusDecisionRequestSchema>;

export const CommitmentReportRequestSchema = Type.Object(
  {
    text: Text(MAX_NARRATIVE_CHARS),
    language: UserLanguageSchema,
    evidence: Type.Array(EvidenceReferenceSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type CommitmentReportRequest = Static<typeof CommitmentReportRequestSchema>;

export const PartyKeySchema = Type.Object({
  id: Uuid,
  organisationId: Uuid,
  name: Type.String(),
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: Type.String(),
  /** Lowercase hex SHA-256 of the raw key: how assurances name their key. */
  fingerprint: Type.String(),
  registeredBy: Nullable(Uuid),
  registeredAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  revocationReason: Nullable(Type.String()),
});
export type PartyKey = Static<typeof PartyKeySchema>;

export const RegisterPartyKeyRequestSchema = Type.Object(
  {
    organisationId: Uuid,
    name: Text(200),
    /** Base64 of the raw 32-byte Ed25519 key, or an SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
    publicKey: Type.String({ minLength: 1, maxLength: 1_000 }),
  },
  { additionalProperties: false },
);
export type RegisterPartyKeyRequest = Static<typeof RegisterPartyKeyRequestSchema>;

export const RevokePartyKeyRequestSchema = Type.Object(
  { reason: Text(MAX_REASON_CHARS) },
  { additionalProperties: false },
);
export type RevokePartyKeyRequest = Static<typeof RevokePartyKeyRequestSchema>;

export const PartyKeyListQuerySchema = Type.Object(
  { organisation: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const Fingerprint = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const SubmitAssuranceRequestSchema = Type.Object(
  {
    /** The fingerprint of the party's registered key that signed. */
    keyFingerprint: Fingerprint,
    /**
     * Exactly what was signed. For an assurance on a commitment: the canonical JSON (RFC 8785) of
     * `{commitmentId, text, statement, signedAt}`.
     */
    signedText: Text(MAX_SIGNED_TEXT_CHARS),
    /** The Ed25519 signature of the text's UTF-8 bytes, base64. */
    signature: Type.String({ minLength: 1, maxLength: 200 }),
    commitmentId: Type.Optional(Uuid),
    /** Who may see it; an assurance on a commitment is seen as the commitment is. Default joint. */
    visibility: Type.Optional(Type.Enum(MATERIAL_VISIBILITIES)),
  },
  { additionalProperties: false },
);
export type SubmitAssuranceRequest = Static<typeof SubmitAssuranceRequestSchema>;

export const AssuranceListQuerySchema = Type.Object(
  {
    organisation: Type.Optional(Uuid),
    commitment: Type.Optional(Uuid),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type AssuranceListQuery = Static<typeof AssuranceListQuerySchema>;

export const AssurancePageSchema = Type.Object({
  items: Type.Array(AssuranceSchema),
  nextCursor: Nullable(Type.String()),
});
export type AssurancePage = Static<typeof AssurancePageSchema>;

export const ASSURANCE_INVALID_REASONS = [
  'malformed_key',
  'weak_key',
  'malformed_signature',
  'malformed_text',
  'signature_mismatch',
  'revoked_before_submission',
  'key_of_another_party',
] as const;

export const AssuranceVerificationSchema = Type.Object({
  assuranceId: Uuid,
  verdict: Type.Enum(['valid', 'invalid']),
  reasons: Type.Array(Type.Enum(ASSURANCE_INVALID_REASONS)),
  signatureValid: Type.Boolean(),
  key: PartyKeySchema,
  /** Whether the key was revoked when the assurance was submitted. */
  revokedBeforeSubmission: Type.Boolean(),
  /** The submission time the verdict used: the log entry's time once integrated. */
  submittedAt: Timestamp,
  /** The log entry that recorded the submission; null until the log has integrated it. */
  logEntry: Nullable(
    Type.Object({
      index: Type.Integer(),
      time: Timestamp,
      /** Whether the stored assurance is the record the entry committed to. */
      matchesRecord: Type.Boolean(),
    }),
  ),
  /** The log entry that recorded the key's revocation, if revoked and integrated. */
  revocationLogEntry: Nullable(Type.Object({ index: Type.Integer(), time: Timestamp })),
});
export type AssuranceVerification = Static<typeof AssuranceVerificationSchema>;
