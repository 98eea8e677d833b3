/**
 * The agreement being monitored and its setting: provisions, rounds of talks, crossings.
 * Later features (complaints, commitments) refer to these rows.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  doublePrecision,
} from 'drizzle-orm/pg-core';
import { organisations } from './accounts.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Text in several languages, keyed by BCP 47 tag: `{ "en": "...", "ur": "..." }`. */
export type LocalisedText = Record<string, string>;

export const agreements = pgTable('agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: jsonb('title').$type<LocalisedText>().notNull(),
  summary: jsonb('summary').$type<LocalisedText>().notNull(),
  /** Day the agreement took effect. */
  effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
  /** Days the accused party has to reply to a complaint. */
  replyWindowDays: integer('reply_window_days').notNull().default(10),
  /** The violation categories complaints under this agreement may allege. */
  violationCategories: jsonb('violation_categories')
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  demo: boolean('demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const agreementParties = pgTable(
  'agreement_parties',
  {
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** `party` or `mediator`: the organisation's place in this agreement. */
    capacity: text('capacity', { enum: ['party', 'mediator'] }).notNull(),
  },
  (t) => [uniqueIndex('agreement_parties_key').on(t.agreementId, t.organisationId)],
);

export const provisions = pgTable(
  'provisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id),
    /** The provision's number as the agreement writes it ("1", "2.a"). */
    number: text('number').notNull(),
    text: jsonb('text').$type<LocalisedText>().notNull(),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('provisions_number_key').on(t.agreementId, t.number)],
);

export const talkRounds = pgTable('talk_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  agreementId: uuid('agreement_id').references(() => agreements.id),
  name: jsonb('name').$type<LocalisedText>().notNull(),
  place: text('place').notNull(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }).notNull(),
  outcome: jsonb('outcome').$type<LocalisedText>().notNull(),
  demo: boolean('demo').notNull().default(false),
});

export const crossings = pgTable('crossings', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: jsonb('description').$type<LocalisedText>().notNull(),
  latitude: doublePrecision('latitude').notNull(),
  longitude: doublePrecision('longitude').notNull(),
  /** Latest status; the full history lives in `crossing_status_changes`. */
  status: text('status').notNull(),
  demo: boolean('demo').notNull().default(false),
});

export const crossingStatusChanges = pgTable('crossing_status_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  crossingId: uuid('crossing_id')
    .notNull()
    .references(() => crossings.id),
  status: text('status').notNull(),
  reason: jsonb('reason').$type<LocalisedText>().notNull(),
  effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
  recordedAt: ts('recorded_at').notNull().defaultNow(),
});
