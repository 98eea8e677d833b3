/** Wire schemas for evidence: files, witness statements and links, with their chain of custody. */
import Type, { type Static } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';
import {
  MAX_NARRATIVE_CHARS,
  MaterialVisibilitySchema,
  UserLanguageSchema,
} from './complaints.schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

/** Who may see an item; publication (`public`) is for mediators only. */
export const EvidenceVisibilitySchema = MaterialVisibilitySchema;

/** Query parameters of a file upload (the body is the file itself). */
export const UploadEvidenceQuerySchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    visibility: EvidenceVisibilitySchema,
  },
  { additionalProperties: false },
);
export type UploadEvidenceQuery = Static<typeof UploadEvidenceQuerySchema>;

/** A witness statement or a link, given as JSON. */
export const AddEvidenceRequestSchema = Type.Object(
  {
    type: Type.Enum(['statement', 'link']),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    statement: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NARRATIVE_CHARS })),
    language: Type.Optional(UserLanguageSchema),
    url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
    visibility: EvidenceVisibilitySchema,
  },
  { additionalProperties: false },
);
export type AddEvidenceRequest = Static<typeof AddEvidenceRequestSchema>;

export const EvidenceFileSchema = Type.Object({
  sha256: Type.String(),
  size: Type.Integer(),
  mime: Type.String(),
  kind: Type.String(),
  /** EXIF and similar, extracted at upload; the original file is never modified. */
  metadata: Type.Record(Type.String(), Type.Unknown()),
});

export const EvidenceItemSchema = Type.Object({
  id: Uuid,
  complaintId: Uuid,
  type: Type.Enum(['file', 'statement', 'link']),
  purpose: Type.String(),
  title: Type.String(),
  description: Type.String(),
  fileName: Nullable(Type.String()),
  file: Nullable(EvidenceFileSchema),
  statement: Nullable(Type.String()),
  language: Nullable(Type.String()),
  url: Nullable(Type.String()),
  visibility: EvidenceVisibilitySchema,
  ownerOrganisationId: Uuid,
  addedBy: Nullable(Uuid),
  addedAt: Timestamp,
});
export type EvidenceItem = Static<typeof EvidenceItemSchema>;

export const CustodyEventSchema = Type.Object({
  event: Type.String(),
  userId: Nullable(Uuid),
  organisationId: Nullable(Uuid),
  details: Type.Record(Type.String(), Type.Unknown()),
  at: Timestamp,
});

export const EvidenceDetailSchema = Type.Object({
  item: EvidenceItemSchema,
  /** Who added it, and every access since, oldest first. */
  custody: Type.Array(CustodyEventSchema),
});
export type EvidenceDetail = Static<typeof EvidenceDetailSchema>;
