/**
 * Wire schemas for border crossings: the status history with the reason for each change, the
 * conditions for reopening (met by commitments and findings, or by the mediators' decision), and
 * the latest daily figures observed at the crossing.
 */
import Type, { type Static } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';
import { CrossingSchema, LocalisedTextSchema } from './agreements.schemas.ts';
import {
  MAX_REASON_CHARS,
  MaterialVisibilitySchema,
  UserLanguageSchema,
} from './complaints.schemas.ts';

const IsoDate = Type.String({ format: 'date' });

/** What a crossing lets through. Anything but `closed` is a (partial) reopening. */
export const CROSSING_STATUSES = [
  'open',
  'closed',
  'pedestrians_only',
  'trade_only',
  'returnees_only',
] as const;
export type CrossingStatus = (typeof CROSSING_STATUSES)[number];
export const CrossingStatusSchema = Type.Enum(CROSSING_STATUSES);

/** Daily figures observed at crossings, shown with each crossing. */
export const CROSSING_FIGURE_TYPES = ['trucks_held', 'people_crossing'] as const;

export const CrossingStatusChangeRequestSchema = Type.Object(
  {
    status: CrossingStatusSchema,
    reason: Type.String({ minLength: 1, maxLength: MAX_REASON_CHARS }),
    /** The language of `reason`; English when omitted. */
    language: Type.Optional(UserLanguageSchema),
    /** The day the change takes effect: not in the future, not before the last recorded change. */
    effectiveOn: IsoDate,
    /** A reopening justified by every condition for reopening being met (checked). */
    onConditionsMet: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CrossingStatusChangeRequest = Static<typeof CrossingStatusChangeRequestSchema>;

export const AddCrossingConditionRequestSchema = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: MAX_REASON_CHARS }),
    /** Met when every one of these commitments has status `met`. */
    commitmentIds: Type.Array(Uuid, { maxItems: 50, uniqueItems: true }),
    /** Met when each of these complaints has an issued finding. */
    findingComplaintIds: Type.Array(Uuid, { maxItems: 50, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type AddCrossingConditionRequest = Static<typeof AddCrossingConditionRequestSchema>;

export const ConditionMetRequestSchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: MAX_REASON_CHARS }) },
  { additionalProperties: false },
);
export type ConditionMetRequest = Static<typeof ConditionMetRequestSchema>;

export const CrossingStatusChangeSchema = Type.Object({
  id: Uuid,
  status: Type.String(),
  reason: LocalisedTextSchema,
  effectiveOn: IsoDate,
  recordedAt: Timestamp,
  /** True for a reopening recorded on the conditions being met; false otherwise. */
  onConditionsMet: Type.Boolean(),
  /** The mediator who recorded it; null for changes loaded with the demo. */
  decidedBy: Type.Union([Uuid, Type.Null()]),
});
export type CrossingStatusChange = Static<typeof CrossingStatusChangeSchema>;

/** A commitment a condition waits for; title and status only when the caller may see it. */
export const ConditionCommitmentSchema = Type.Object({
  id: Uuid,
  met: Type.Boolean(),
  number: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.String(), Type.Null()]),
});

/** A complaint whose issued finding a condition waits for; details only when the caller may see it. */
export const ConditionFindingSchema = Type.Object({
  complaintId: Uuid,
  met: Type.Boolean(),
  reference: Type.Union([Type.String(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.String(), Type.Null()]),
});

export const CrossingConditionSchema = Type.Object({
  id: Uuid,
  crossingId: Uuid,
  description: Type.String(),
  met: Type.Boolean(),
  /** `links`: every linked commitment met and every linked finding issued; `decision`: the mediators'. */
  metBy: Type.Union([Type.Enum(['links', 'decision']), Type.Null()]),
  metAt: Type.Union([Timestamp, Type.Null()]),
  metReason: Type.Union([Type.String(), Type.Null()]),
  commitments: Type.Array(ConditionCommitmentSchema),
  findings: Type.Array(ConditionFindingSchema),
  /** What is still missing, in words; empty when met. */
  missing: Type.Array(Type.String()),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
});
export type CrossingCondition = Static<typeof CrossingConditionSchema>;

export const CrossingFigureSchema = Type.Object({
  type: Type.Enum(CROSSING_FIGURE_TYPES),
  count: Type.Integer(),
  observedAt: Timestamp,
  observationId: Uuid,
  placeId: Type.Union([Type.String(), Type.Null()]),
  source: Type.String(),
  sourceKind: Type.String(),
  visibility: MaterialVisibilitySchema,
});
export type CrossingFigure = Static<typeof CrossingFigureSchema>;

export const CrossingDetailSchema = Type.Object({
  ...CrossingSchema.properties,
  history: Type.Array(CrossingStatusChangeSchema),
  conditions: Type.Array(CrossingConditionSchema),
  /** True when there is at least one condition and every one is met. */
  conditionsMet: Type.Boolean(),
  /** The gazetteer places at the crossing whose observations count as its figures. */
  placeIds: Type.Array(Type.String()),
  /** The latest figure of each kind the caller may see. */
  latestFigures: Type.Array(CrossingFigureSchema),
});
export type CrossingDetail = Static<typeof CrossingDetailSchema>;
