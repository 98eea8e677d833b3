/**
 * Wire schemas of open-source monitoring: the sources followed (feeds, single URLs, uploads, a
 * watched directory, the command line), the articles read from them, and the stories the pipeline
 * groups them into, with their outlets, independent origins, claims and contradictions.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';

export const OSINT_SOURCE_KINDS = ['feed', 'url', 'upload', 'directory', 'cli'] as const;
export type OsintSourceKind = (typeof OSINT_SOURCE_KINDS)[number];

/** `pending` until first read; `failing` after a failed poll or fetch (with its error). */
export const OSINT_SOURCE_STATUSES = ['pending', 'ok', 'failing'] as const;
export type OsintSourceStatus = (typeof OSINT_SOURCE_STATUSES)[number];

export const OSINT_ITEM_OUTCOMES = ['ingested', 'duplicate', 'failed'] as const;
export type OsintItemOutcome = (typeof OSINT_ITEM_OUTCOMES)[number];

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const OsintSourceSchema = Type.Object({
  id: Uuid,
  kind: Type.Enum(OSINT_SOURCE_KINDS),
  /** A feed's or a page's address. */
  url: Nullable(Type.String()),
  /** A watched directory's path. */
  path: Nullable(Type.String()),
  title: Nullable(Type.String()),
  status: Type.Enum(OSINT_SOURCE_STATUSES),
  /** Consecutive failed polls (a feed backs off exponentially with them). */
  failures: Type.Integer(),
  lastError: Nullable(Type.String()),
  lastPolledAt: Nullable(Timestamp),
  nextPollAt: Nullable(Timestamp),
  articleCount: Type.Integer(),
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
});
export type OsintSource = Static<typeof OsintSourceSchema>;

export const CreateOsintSourceRequestSchema = Type.Object(
  {
    /** `feed`: an RSS or Atom feed polled on a schedule; `url`: one page, fetched once now. */
    kind: Type.Enum(['feed', 'url']),
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type CreateOsintSourceRequest = Static<typeof CreateOsintSourceRequestSchema>;

/** What became of one file, page or feed entry of a batch. */
export const OsintIngestItemSchema = Type.Object({
  /** The path, file name or address. */
  name: Type.String(),
  outcome: Type.Enum(OSINT_ITEM_OUTCOMES),
  articleId: Nullable(Uuid),
  /** Why it could not be read, for a failed item. */
  error: Nullable(Type.String()),
});
export type OsintIngestItem = Static<typeof OsintIngestItemSchema>;

export const CreateOsintSourceResponseSchema = Type.Object({
  source: OsintSourceSchema,
  /** For a single URL: what its fetch gave. Null for a feed, which is polled by the scheduler. */
  item: Nullable(OsintIngestItemSchema),
});
export type CreateOsintSourceResponse = Static<typeof CreateOsintSourceResponseSchema>;

export const UploadOsintArticleQuerySchema = Type.Object(
  { fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) },
  { additionalProperties: false },
);
export type UploadOsintArticleQuery = Static<typeof UploadOsintArticleQuerySchema>;

export const OsintArticleSchema = Type.Object({
  id: Uuid,
  /** SHA-256 of the raw bytes, as stored: the same bytes are one article. */
  sha256: Type.String(),
  size: Type.Integer(),
  sourceId: Uuid,
  sourceKind: Type.Enum(OSINT_SOURCE_KINDS),
  originalUrl: Nullable(Type.String()),
  fileName: Nullable(Type.String()),
  fetchedAt: Timestamp,
  /** `text/html` or `text/plain`, decided from the bytes. */
  contentType: Type.String(),
  /** The character encoding the raw bytes were decoded from. */
  charset: Type.String(),
  title: Type.String(),
  outlet: Nullable(Type.String()),
  author: Nullable(Type.String()),
  /** `YYYY-MM-DD` (or `YYYY-MM` when only the month is stated). */
  publishedAt: Nullable(Type.String()),
  /** ISO 639-1 where there is one, else ISO 639-3. */
  language: Nullable(Type.String()),
  storyId: Nullable(Uuid),
});
export type OsintArticle = Static<typeof OsintArticleSchema>;

export const OsintArticleDetailSchema = Type.Object({
  ...OsintArticleSchema.properties,
  /** The main text extracted. */
  text: Type.String(),
});
export type OsintArticleDetail = Static<typeof OsintArticleDetailSchema>;

export const UploadOsintArticleResponseSchema = Type.Object({
  article: OsintArticleSchema,
  /** False when the same bytes were already stored: nothing new was written. */
  created: Type.Boolean(),
});
export type UploadOsintArticleResponse = Static<typeof UploadOsintArticleResponseSchema>;

export const OsintStoryQuerySchema = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type OsintStoryQuery = Static<typeof OsintStoryQuerySchema>;

export const OsintStorySummarySchema = Type.Object({
  id: Uuid,
  /** The title of the story's first article. */
  label: Type.String(),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  articleCount: Type.Integer(),
  outletCount: Type.Integer(),
  /** Groups of articles with no copy, rewrite or shared agency between them. */
  originCount: Type.Integer(),
  contradictionCount: Type.Integer(),
});
export type OsintStorySummary = Static<typeof OsintStorySummarySchema>;

export const OsintStoryPageSchema = Type.Object({
  items: Type.Array(OsintStorySummarySchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: Nullable(Type.String()),
});
export type OsintStoryPage = Static<typeof OsintStoryPageSchema>;

export const OsintClaimSchema = Type.Object({
  articleId: Uuid,
  outlet: Nullable(Type.String()),
  kind: Type.Literal('casualties'),
  value: Type.Integer(),
  verb: Type.String(),
  victims: Type.String(),
  side: Nullable(Type.String()),
  /** Who the article attributes the figure to, if anyone. */
  by: Nullable(Type.String()),
});
export type OsintClaim = Static<typeof OsintClaimSchema>;

/** A direct quote (in quotation marks) or reported speech, with its speaker when named. */
export const OsintQuoteSchema = Type.Object({
  articleId: Uuid,
  outlet: Nullable(Type.String()),
  kind: Type.Enum(['direct', 'reported']),
  text: Type.String(),
  /** An actor id (`IEA`, `FO` …) when the speaker is a known actor, else the name as written. */
  speaker: Nullable(Type.String()),
});
export type OsintQuote = Static<typeof OsintQuoteSchema>;

export const OsintContradictionSchema = Type.Object({
  kind: Type.String(),
  /** `conflict`, or `attributed_dispute` when the figures are claims of different parties. */
  decision: Type.String(),
  articleIds: Type.Array(Uuid),
  detail: Type.String(),
});
export type OsintContradiction = Static<typeof OsintContradictionSchema>;

export const OsintStoryDetailSchema = Type.Object({
  ...OsintStorySummarySchema.properties,
  /** The story's articles by publication date (the fetch time when none is stated). */
  timeline: Type.Array(
    Type.Object({
      ...OsintArticleSchema.properties,
      /** The first article of this one's origin: articles sharing it are not independent. */
      originId: Uuid,
    }),
  ),
  outlets: Type.Array(Type.String()),
  origins: Type.Array(
    Type.Object({ articleIds: Type.Array(Uuid), outlets: Type.Array(Type.String()) }),
  ),
  claims: Type.Array(OsintClaimSchema),
  quotes: Type.Array(OsintQuoteSchema),
  contradictions: Type.Array(OsintContradictionSchema),
});
export type OsintStoryDetail = Static<typeof OsintStoryDetailSchema>;

export const OsintMatchReasonSchema = Type.Union([
  Type.Object({ kind: Type.Literal('time'), gapDays: Type.Number() }),
  Type.Object({
    kind: Type.Literal('place'),
    placeId: Type.String(),
    placeName: Type.String(),
    distanceKm: Type.Number(),
  }),
  Type.Object({ kind: Type.Literal('actor'), actors: Type.Array(Type.String()) }),
]);
export type OsintMatchReason = Static<typeof OsintMatchReasonSchema>;

/** A complaint or observation the story may concern, with how well it fits and why. */
export const OsintStoryMatchSchema = Type.Object({
  kind: Type.Enum(['complaint', 'observation']),
  id: Uuid,
  /** A complaint's reference ("C-42"); an observation's type. */
  reference: Type.String(),
  title: Type.String(),
  from: Timestamp,
  to: Timestamp,
  placeName: Nullable(Type.String()),
  /** In [0, 1]: 0.5·time + 0.3·place + 0.2·actor. */
  score: Type.Number(),
  time: Type.Number(),
  place: Type.Number(),
  actor: Type.Number(),
  reasons: Type.Array(OsintMatchReasonSchema),
});
export type OsintStoryMatch = Static<typeof OsintStoryMatchSchema>;

export const OsintStoryMatchesSchema = Type.Object({
  /** What the story's articles give to match on. */
  clues: Type.Object({
    days: Type.Array(Type.Object({ start: Type.String(), end: Type.String() })),
    /** Gazetteer places the articles name, with the gazetteer's coordinates (WGS 84). */
    places: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        latitude: Type.Number(),
        longitude: Type.Number(),
      }),
    ),
    actors: Type.Array(Type.String()),
  }),
  /** Best first; only cases the reader may see. */
  items: Type.Array(OsintStoryMatchSchema),
});
export type OsintStoryMatches = Static<typeof OsintStoryMatchesSchema>;
