/**
 * Wire schemas for complaints, their workflow commands, replies, findings and reviews. The API
 * validates with them and the web app builds its forms from them.
 */
import Type, { type Static } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';
import { VIOLATION_CATEGORY_IDS } from '../complaints/violation-categories.ts';
import {
  COMPLAINT_COMMANDS,
  COMPLAINT_STATES,
  FINDING_OUTCOMES,
} from '../complaints/complaint-workflow.ts';

/** The languages Truceline's users write in. */
export const USER_LANGUAGES = ['en', 'ur', 'ps', 'fa', 'tr', 'ar'] as const;
export type UserLanguage = (typeof USER_LANGUAGES)[number];
export const UserLanguageSchema = Type.Enum(USER_LANGUAGES);

/** Longest narrative, reply or report accepted, in characters. */
export const MAX_NARRATIVE_CHARS = 20_000;
/** Longest reason for a transition, in characters. */
export const MAX_REASON_CHARS = 4_000;

export const ComplaintStateSchema = Type.Enum(COMPLAINT_STATES);
export const ComplaintCommandSchema = Type.Enum(COMPLAINT_COMMANDS);
export const ViolationCategorySchema = Type.Enum(VIOLATION_CATEGORY_IDS);
export const FindingOutcomeSchema = Type.Enum(FINDING_OUTCOMES);

/** Who may see a complaint or an evidence item (see `maySeeRecord`). */
export const MATERIAL_VISIBILITIES = ['public', 'joint', 'mediators', 'originator'] as const;
export type MaterialVisibility = (typeof MATERIAL_VISIBILITIES)[number];
export const MaterialVisibilitySchema = Type.Enum(MATERIAL_VISIBILITIES);
/** What a filer may choose: publication is the mediators' decision. */
export const FILING_VISIBILITIES = ['joint', 'mediators', 'originator'] as const;

export const TIME_PRECISIONS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export const LOCATION_PRECISIONS = ['exact', 'approximate', 'district', 'province'] as const;
export const CASUALTY_STATUSES = ['civilian', 'combatant', 'unknown'] as const;

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const LocalisedNarrativeSchema = Type.Object(
  { text: Text(MAX_NARRATIVE_CHARS), language: UserLanguageSchema },
  { additionalProperties: false },
);

export const WhenSchema = Type.Object(
  {
    from: Timestamp,
    /** Omitted for a single moment; otherwise the end of the range, not before `from`. */
    to: Type.Optional(Timestamp),
    precision: Type.Enum(TIME_PRECISIONS),
  },
  { additionalProperties: false },
);

export const WhereSchema = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    /** For an area: its radius around the point. */
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500 })),
    precision: Type.Enum(LOCATION_PRECISIONS),
    /** A place from the border gazetteer; its district and province are filled in from it. */
    placeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const CasualtySchema = Type.Object(
  {
    status: Type.Enum(CASUALTY_STATUSES),
    killed: Type.Integer({ minimum: 0, maximum: 100_000 }),
    injured: Type.Integer({ minimum: 0, maximum: 100_000 }),
    /** Who gives this figure: "ISPR", "Kabul's Defence Ministry", "the monitors". */
    reportedBy: Text(200),
  },
  { additionalProperties: false },
);

export const CreateComplaintRequestSchema = Type.Object(
  {
    agreementId: Uuid,
    visibility: Type.Enum(FILING_VISIBILITIES),
    category: ViolationCategorySchema,
    provisionIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true }),
    accusedOrganisationId: Type.Optional(Uuid),
    accusedGroup: Type.Optional(Text(200)),
    title: Type.String({ minLength: 3, maxLength: 200 }),
    narrative: LocalisedNarrativeSchema,
    when: WhenSchema,
    where: WhereSchema,
    casualties: Type.Array(CasualtySchema, { maxItems: 50 }),
    observationIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true })),
    relatedComplaintIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateComplaintRequest = Static<typeof CreateComplaintRequestSchema>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const ComplaintSchema = Type.Object({
  id: Uuid,
  reference: Type.String(),
  agreementId: Uuid,
  state: ComplaintStateSchema,
  version: Type.Integer(),
  visibility: MaterialVisibilitySchema,
  filer: Type.Object({ organisationId: Uuid, userId: Nullable(Uuid) }),
  accused: Type.Object({ organisationId: Nullable(Uuid), group: Nullable(Type.String()) }),
  category: ViolationCategorySchema,
  provisionIds: Type.Array(Uuid),
  title: Type.String(),
  narrative: Type.Object({ text: Type.String(), language: Type.String() }),
  when: Type.Object({ from: Timestamp, to: Timestamp, precision: Type.String() }),
  where: Type.Object({
    latitude: Type.Number(),
    longitude: Type.Number(),
    radiusKm: Nullable(Type.Number()),
    precision: Type.String(),
    placeId: Nullable(Type.String()),
    placeName: Nullable(Type.String()),
    district: Nullable(Type.String()),
    province: Nullable(Type.String()),
    country: Nullable(Type.String()),
  }),
  casualties: Type.Array(CasualtySchema),
  replyDueAt: Nullable(Timestamp),
  draftVersion: Type.Integer(),
  duplicateOf: Nullable(Uuid),
  observationIds: Type.Array(Uuid),
  relatedComplaintIds: Type.Array(Uuid),
  filedAt: Timestamp,
  updatedAt: Timestamp,
  demo: Type.Boolean(),
});
export type Complaint = Static<typeof ComplaintSchema>;

export const ComplaintTransitionSchema = Type.Object({
  version: Type.Integer(),
  command: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  actorUserId: Nullable(Uuid),
  actorOrganisationId: Nullable(Uuid),
  reason: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  at: Timestamp,
});

export const ComplaintReplySchema = Type.Object({
  organisationId: Uuid,
  userId: Uuid,
  text: Type.String(),
  language: Type.String(),
  submittedAt: Timestamp,
});

export const InvestigationSchema = Type.Object({
  teamUserIds: Type.Array(Uuid),
  instructions: Type.String(),
  taskedAt: Timestamp,
  report: Nullable(Type.String()),
  reportedAt: Nullable(Timestamp),
});

export const FindingSchema = Type.Object({
  draftVersion: Type.Integer(),
  outcome: FindingOutcomeSchema,
  attributedOrganisationId: Nullable(Uuid),
  attributedGroup: Nullable(Type.String()),
  confidence: Nullable(Type.String()),
  provisionIds: Type.Array(Uuid),
  summary: Type.String(),
  penalty: Nullable(Type.String()),
  draftedAt: Timestamp,
  issuedAt: Nullable(Timestamp),
});

export const ReviewSchema = Type.Object({
  draftVersion: Type.Integer(),
  organisationId: Uuid,
  userId: Uuid,
  verdict: Type.Enum(['sign_off', 'dissent']),
  note: Type.String(),
  at: Timestamp,
});

/** A complaint with everything the asking actor may see about it. */
export const ComplaintDetailSchema = Type.Object({
  complaint: ComplaintSchema,
  /** Commands this actor may issue now: the web app shows exactly these buttons. */
  allowedCommands: Type.Array(ComplaintCommandSchema),
  transitions: Type.Array(ComplaintTransitionSchema),
  reply: Nullable(ComplaintReplySchema),
  investigation: Nullable(InvestigationSchema),
  finding: Nullable(FindingSchema),
  reviews: Type.Array(ReviewSchema),
});
export type ComplaintDetail = Static<typeof ComplaintDetailSchema>;

const Version = Type.Integer({ minimum: 1 });
const Reason = Type.String({ minLength: 1, maxLength: MAX_REASON_CHARS });

/** Commands that need nothing but a reason. */
export const SIMPLE_COMMANDS = [
  'register',
  'reject',
  'open_reply_window',
  'mark_reply_overdue',
  'issue_finding',
  'close',
  'withdraw',
] as const;

export const TransitionRequestSchema = Type.Object(
  { command: Type.Enum(SIMPLE_COMMANDS), version: Version, reason: Reason },
  { additionalProperties: false },
);
export type TransitionRequest = Static<typeof TransitionRequestSchema>;

export const ReplyRequestSchema = Type.Object(
  { version: Version, text: Text(MAX_NARRATIVE_CHARS), language: UserLanguageSchema },
  { additionalProperties: false },
);
export type ReplyRequest = Static<typeof ReplyRequestSchema>;

export const TaskInvestigationRequestSchema = Type.Object(
  {
    version: Version,
    reason: Reason,
    teamUserIds: Type.Array(Uuid, { minItems: 1, maxItems: 20, uniqueItems: true }),
    instructions: Text(MAX_NARRATIVE_CHARS),
  },
  { additionalProperties: false },
);
export type TaskInvestigationRequest = Static<typeof TaskInvestigationRequestSchema>;

export const InvestigationReportRequestSchema = Type.Object(
  { version: Version, report: Text(MAX_NARRATIVE_CHARS) },
  { additionalProperties: false },
);
export type InvestigationReportRequest = Static<typeof InvestigationReportRequestSchema>;

export const DraftFindingRequestSchema = Type.Object(
  {
    version: Version,
    reason: Reason,
    outcome: FindingOutcomeSchema,
    attributedOrganisationId: Type.Optional(Uuid),
    attributedGroup: Type.Optional(Text(200)),
    confidence: Type.Optional(Type.Enum(['low', 'medium', 'high'])),
    provisionIds: Type.Array(Uuid, { maxItems: 50, uniqueItems: true }),
    summary: Text(MAX_NARRATIVE_CHARS),
    penalty: Type.Optional(Text(MAX_NARRATIVE_CHARS)),
  },
  { additionalProperties: false },
);
export type DraftFindingRequest = Static<typeof DraftFindingRequestSchema>;

export const ReviewRequestSchema = Type.Object(
  { version: Version, verdict: Type.Enum(['sign_off', 'dissent']), note: Reason },
  { additionalProperties: false },
);
export type ReviewRequest = Static<typeof ReviewRequestSchema>;

export const FollowUpRequestSchema = Type.Object(
  {
    version: Version,
    kind: Type.Enum(['penalty', 'measure', 'implementation']),
    text: Text(MAX_NARRATIVE_CHARS),
  },
  { additionalProperties: false },
);
export type FollowUpRequest = Static<typeof FollowUpRequestSchema>;

export const MergeRequestSchema = Type.Object(
  { version: Version, reason: Reason, duplicateOf: Uuid },
  { additionalProperties: false },
);
export type MergeRequest = Static<typeof MergeRequestSchema>;

export const ReopenRequestSchema = Type.Object(
  {
    version: Version,
    reason: Reason,
    evidenceIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ReopenRequest = Static<typeof ReopenRequestSchema>;

export const VisibilityRequestSchema = Type.Object(
  { version: Version, visibility: MaterialVisibilitySchema, reason: Reason },
  { additionalProperties: false },
);
export type VisibilityRequest = Static<typeof VisibilityRequestSchema>;

/** Search filters shared by the list, the map data and exports. */
export const ComplaintSearchQuerySchema = Type.Object(
  {
    state: Type.Optional(Type.Array(ComplaintStateSchema, { maxItems: 20 })),
    category: Type.Optional(Type.Array(ViolationCategorySchema, { maxItems: 20 })),
    /** Either side: the filer's or the accused organisation. */
    party: Type.Optional(Uuid),
    accused: Type.Optional(Uuid),
    filer: Type.Optional(Uuid),
    provision: Type.Optional(Uuid),
    /** Incidents whose time range overlaps [from, to]. */
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    place: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    withinKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 2000 })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Complaints with a reply deadline at or before this instant (combine with `state`). */
    replyDueBefore: Type.Optional(Timestamp),
    /**
     * `me`: complaints in review whose current draft finding the caller's organisation, a
     * mediator organisation of the complaint's agreement, has not yet reviewed. Matches nothing
     * for anyone but a mediator.
     */
    awaitingReviewBy: Type.Optional(Type.Enum(['me'])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ComplaintSearchQuery = Static<typeof ComplaintSearchQuerySchema>;

export const ComplaintPageSchema = Type.Object({
  items: Type.Array(ComplaintSchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: Nullable(Type.String()),
});
export type ComplaintPage = Static<typeof ComplaintPageSchema>;

/** How `GET /complaints/timeline` groups incidents in time. */
export const TIMELINE_BUCKETS = ['month', 'week'] as const;
export type TimelineBucket = (typeof TIMELINE_BUCKETS)[number];

/** The search filters without paging, and the size of the time buckets. */
export const ComplaintTimelineQuerySchema = Type.Object(
  {
    ...Type.Omit(ComplaintSearchQuerySchema, ['cursor', 'limit']).properties,
    bucket: Type.Optional(Type.Enum(TIMELINE_BUCKETS, { default: 'month' })),
  },
  { additionalProperties: false },
);
export type ComplaintTimelineQuery = Static<typeof ComplaintTimelineQuerySchema>;

export const ComplaintTimelineSchema = Type.Object({
  bucket: Type.Enum(TIMELINE_BUCKETS),
  /**
   * One row per period, category and accused party with at least one complaint, oldest period
   * first. `period` is the first day of the UTC month or ISO week (Monday) in which the incident
   * began, as YYYY-MM-DD; `accused` is null when only a group is accused.
   */
  items: Type.Array(
    Type.Object({
      period: Type.String({ format: 'date' }),
      category: ViolationCategorySchema,
      accused: Nullable(Uuid),
      count: Type.Integer({ minimum: 1 }),
    }),
  ),
});
export type ComplaintTimeline = Static<typeof ComplaintTimelineSchema>;
