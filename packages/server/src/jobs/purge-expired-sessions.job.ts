/**
 * Hourly clean-up of sessions that can no longer be used, of stale login-throttle rows and of
 * idempotency keys older than 24 hours.
 */
import Type from 'typebox';
import type { Db } from '../platform/database/database.ts';
import { defineJob } from '../platform/jobs/job-definition.ts';
import { purgeDeadSessions } from '../features/auth/sessions.repository.ts';
import { purgeStale } from '../features/auth/login-throttle.repository.ts';
import { purgeIdempotentRequests } from '../platform/http/idempotency.ts';

export function purgeExpiredSessionsJob(db: Db, idleMinutes: number) {
  return defineJob({
    name: 'maintenance.purge-expired-sessions',
    version: 1,
    schema: Type.Object({}),
    cron: '17 * * * *',
    async run(_payload, ctx) {
      const now = ctx.now();
      const sessions = await purgeDeadSessions(
        db,
        now,
        new Date(now.getTime() - idleMinutes * 60_000),
      );
      const throttles = await purgeStale(db, now);
      const idempotencyKeys = await purgeIdempotentRequests(db, now);
      ctx.log.info(
        { sessions, throttles, idempotencyKeys },
        'purged expired sessions, throttle rows and idempotency keys',
      );
    },
  });
}
