/**
 * Notifications: an in-app inbox per user, and signed webhooks per organisation. Each webhook
 * delivery is a row with its attempts and outcome, so nothing is sent silently or lost silently.
 */
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from './accounts.schema.ts';
import { complaints } from './complaints.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    event: text('event').notNull(),
    complaintId: uuid('complaint_id').references(() => complaints.id),
    /** Parameters the web app renders in the user's language (reference, deadline, ...). */
    params: jsonb('params').$type<Record<string, string | number | null>>().notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_user_key').on(t.userId, t.createdAt)],
);

export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id),
  url: text('url').notNull(),
  /** The HMAC key, shown once to its creator; needed in clear to sign each delivery. */
  secret: text('secret').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
  disabledAt: ts('disabled_at'),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    lastAttemptAt: ts('last_attempt_at'),
    nextAttemptAt: ts('next_attempt_at'),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_webhook_key').on(t.webhookId, t.createdAt),
    index('webhook_deliveries_due_key').on(t.status, t.nextAttemptAt),
  ],
);
