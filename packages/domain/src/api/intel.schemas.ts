/**
 * Wire schemas for shared intelligence: a party shares a report with the mediators (and, if it
 * chooses, named other parties), for a time it chooses, and controls the release; every view is
 * recorded. Who sees what is `maySeeIntel` (`intel/intel-visibility.ts`).
 */
import Type, { type Static } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';
import { MAX_NARRATIVE_CHARS, UserLanguageSchema } from './complaints.schemas.ts';
import { INTEL_RELEASE_STATES } from '../intel/intel-visibility.ts';

const Version = Type.Integer({ minimum: 1 });
/** Parties a report is released to, besides the mediators. */
const ReleasedTo = Type.Array(Uuid, { maxItems: 20, uniqueItems: true });

/** How a report was seen: opened by id, or included in an export. */
export const INTEL_VIEW_KINDS = ['read', 'export'] as const;

/** A report in lists and search results: everything but the body (opening it is a view). */
export const IntelSummarySchema = Type.Object({
  id: Uuid,
  originatorOrganisationId: Uuid,
  title: Type.String(),
  language: Type.String(),
  /** The full list for the originator and the mediators; for a recipient party, itself only. */
  releasedTo: Type.Array(Uuid),
  releaseExpiresAt: Type.Union([Timestamp, Type.Null()]),
  withdrawnAt: Type.Union([Timestamp, Type.Null()]),
  state: Type.Enum(INTEL_RELEASE_STATES),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type IntelSummary = Static<typeof IntelSummarySchema>;

export const IntelReportSchema = Type.Object({
  ...IntelSummarySchema.properties,
  body: Type.String(),
});
export type IntelReport = Static<typeof IntelReportSchema>;

export const IntelPageSchema = Type.Object({
  items: Type.Array(IntelSummarySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type IntelPage = Static<typeof IntelPageSchema>;

export const IntelSearchQuerySchema = Type.Object(
  {
    /** Words looked for in the title and the body (case-insensitive). */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type IntelSearchQuery = Static<typeof IntelSearchQuerySchema>;

export const IntelExportQuerySchema = Type.Object(
  { q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);
export type IntelExportQuery = Static<typeof IntelExportQuerySchema>;

export const ShareIntelRequestSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    body: Type.String({ minLength: 1, maxLength: MAX_NARRATIVE_CHARS }),
    language: UserLanguageSchema,
    /** Other parties that may read it too; the mediators always may while it is released. */
    releasedTo: Type.Optional(ReleasedTo),
    /** When the release ends (in the future); no end when omitted. */
    releaseExpiresAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type ShareIntelRequest = Static<typeof ShareIntelRequestSchema>;

export const ReleaseIntelRequestSchema = Type.Object(
  {
    version: Version,
    /** The whole new list: it must keep every party already named. */
    releasedTo: ReleasedTo,
    /** The new end of the release, not earlier than the current one; null for no end. */
    releaseExpiresAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export type ReleaseIntelRequest = Static<typeof ReleaseIntelRequestSchema>;

export const WithdrawIntelRequestSchema = Type.Object(
  { version: Version },
  { additionalProperties: false },
);
export type WithdrawIntelRequest = Static<typeof WithdrawIntelRequestSchema>;

export const IntelViewSchema = Type.Object({
  userId: Uuid,
  userName: Type.String(),
  role: Type.String(),
  organisationId: Uuid,
  organisationShortName: Type.String(),
  via: Type.Enum(INTEL_VIEW_KINDS),
  at: Timestamp,
});
export type IntelView = Static<typeof IntelViewSchema>;
