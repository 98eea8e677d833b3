/**
 * Idempotency keys (the IETF draft "The Idempotency-Key HTTP Header Field"): one row per user and
 * key, claimed before the handler runs and completed with the response it gave, so that a retry
 * after a lost answer is replayed instead of being carried out twice. Rows live for 24 hours.
 */
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.schema.ts';

export const idempotentRequests = pgTable(
  'idempotent_requests',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** SHA-256 (hex) of the method, the URL and the canonical JSON body. */
    requestHash: text('request_hash').notNull(),
    /** The response's status; null while the first request is still being handled. */
    status: integer('status'),
    responseBody: text('response_body'),
    contentType: text('content_type'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index('idempotent_requests_created_idx').on(t.createdAt),
  ],
);
