/** Wire schemas for observations: counted, typed reports without adjudication. */
import Type, { type Static } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';
import { VIOLATION_CATEGORY_IDS } from '../complaints/violation-categories.ts';
import {
  LOCATION_PRECISIONS,
  MaterialVisibilitySchema,
  TIME_PRECISIONS,
} from './complaints.schemas.ts';

/** Observed things that are not violations: daily crossing figures, displacement. */
export const OTHER_OBSERVATION_TYPES = [
  'people_crossing',
  'trucks_held',
  'returnees',
  'displacement',
  'other',
] as const;
export const OBSERVATION_TYPES = [...VIOLATION_CATEGORY_IDS, ...OTHER_OBSERVATION_TYPES] as const;
export type ObservationType = (typeof OBSERVATION_TYPES)[number];
export const SOURCE_KINDS = ['monitor', 'party', 'media', 'other'] as const;

/** Most observations accepted in one request. */
export const MAX_OBSERVATIONS_PER_REQUEST = 1000;

export const NewObservationSchema = Type.Object(
  {
    observedAt: Timestamp,
    timePrecision: Type.Enum(TIME_PRECISIONS),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    locationPrecision: Type.Enum(LOCATION_PRECISIONS),
    placeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    type: Type.Enum(OBSERVATION_TYPES),
    count: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    source: Type.String({ minLength: 1, maxLength: 200 }),
    sourceKind: Type.Enum(SOURCE_KINDS),
    notes: Type.String({ maxLength: 4000 }),
    visibility: MaterialVisibilitySchema,
  },
  { additionalProperties: false },
);
export type NewObservation = Static<typeof NewObservationSchema>;

export const CreateObservationsRequestSchema = Type.Object(
  {
    items: Type.Array(NewObservationSchema, {
      minItems: 1,
      maxItems: MAX_OBSERVATIONS_PER_REQUEST,
    }),
  },
  { additionalProperties: false },
);
export type CreateObservationsRequest = Static<typeof CreateObservationsRequestSchema>;

export const ObservationSchema = Type.Object({
  id: Uuid,
  observedAt: Timestamp,
  timePrecision: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  locationPrecision: Type.String(),
  placeId: Type.Union([Type.String(), Type.Null()]),
  placeName: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  count: Type.Integer(),
  source: Type.String(),
  sourceKind: Type.String(),
  notes: Type.String(),
  visibility: MaterialVisibilitySchema,
  organisationId: Uuid,
  recordedAt: Timestamp,
  demo: Type.Boolean(),
});
export type Observation = Static<typeof ObservationSchema>;

export const ObservationSearchQuerySchema = Type.Object(
  {
    type: Type.Optional(Type.Array(Type.Enum(OBSERVATION_TYPES), { maxItems: 30 })),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    place: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export type ObservationSearchQuery = Static<typeof ObservationSearchQuerySchema>;

export const ObservationPageSchema = Type.Object({
  items: Type.Array(ObservationSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
