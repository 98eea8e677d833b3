/**
 * Observations: what monitors and sources report, counted and typed, without adjudication. The
 * high-volume side of monitoring (hundreds a day on an active front), so rows are narrow and
 * indexed for time, place and type.
 */
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './accounts.schema.ts';
import { complaints } from './complaints.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const observations = pgTable(
  'observations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    observedAt: ts('observed_at').notNull(),
    timePrecision: text('time_precision').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    locationPrecision: text('location_precision').notNull(),
    placeId: text('place_id'),
    placeName: text('place_name'),
    /** A violation category, or another observed type (a daily crossing figure, say). */
    type: text('type').notNull(),
    count: integer('count').notNull(),
    /** Who reported it: a monitor's name, a party's statement, an outlet. */
    source: text('source').notNull(),
    sourceKind: text('source_kind', { enum: ['monitor', 'party', 'media', 'other'] }).notNull(),
    notes: text('notes').notNull(),
    visibility: text('visibility', {
      enum: ['public', 'joint', 'mediators', 'originator'],
    }).notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [
    index('observations_time_key').on(t.observedAt, t.id),
    index('observations_type_key').on(t.type, t.observedAt),
    index('observations_place_key').on(t.latitude, t.longitude),
  ],
);

export const complaintObservations = pgTable(
  'complaint_observations',
  {
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    observationId: uuid('observation_id')
      .notNull()
      .references(() => observations.id),
  },
  (t) => [
    primaryKey({ columns: [t.complaintId, t.observationId] }),
    index('complaint_observations_observation_key').on(t.observationId),
  ],
);
