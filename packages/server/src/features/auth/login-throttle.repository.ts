/**
 * Login throttling, per account and per client address, stored in the database so that it holds
 * across server processes. After `limit` failures within the window, the key is locked for a
 * back-off that doubles with each further failure, up to an hour.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/database/database.ts';
import { loginThrottle } from '../../platform/database/schema/index.ts';

export interface ThrottleRule {
  readonly limit: number;
  readonly windowMinutes: number;
}

export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMinutes: 15 };
export const ADDRESS_RULE: ThrottleRule = { limit: 20, windowMinutes: 15 };

export const accountKey = (email: string): string => `account:${email.toLowerCase()}`;
export const addressKey = (address: string): string => `address:${address}`;

/** The latest time until which any of `keys` is locked, or undefined when none is. */
export async function lockedUntil(db: Db, keys: string[], now: Date): Promise<Date | undefined> {
  const rows = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(inArray(loginThrottle.key, keys));
  const until = rows
    .map((r) => r.lockedUntil)
    .filter((d): d is Date => d !== null && d > now)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return until;
}

/** Counts one failure against `key` and locks it once the rule's limit is reached. */
export async function recordFailure(
  db: Db,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<void> {
  const window = `${rule.windowMinutes} minutes`;
  // One statement, so concurrent failures in several processes all count.
  await db.execute(sql`
    insert into login_throttle (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${now.toISOString()}::timestamptz, null)
    on conflict (key) do update set
      failures = case when login_throttle.window_started_at < ${now.toISOString()}::timestamptz - ${window}::interval
                      then 1 else login_throttle.failures + 1 end,
      window_started_at = case when login_throttle.window_started_at < ${now.toISOString()}::timestamptz - ${window}::interval
                      then ${now.toISOString()}::timestamptz else login_throttle.window_started_at end,
      locked_until = case
        when login_throttle.window_started_at >= ${now.toISOString()}::timestamptz - ${window}::interval
             and login_throttle.failures + 1 >= ${rule.limit}
        then ${now.toISOString()}::timestamptz
             + least(power(2, login_throttle.failures + 1 - ${rule.limit}), 60) * interval '1 minute'
        else login_throttle.locked_until end`);
}

/** Forgets the failures of `key` (after a successful sign-in). */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottle).where(sql`${loginThrottle.key} = ${key}`);
}

/** Removes rows whose window and lock have both passed: run by the maintenance job. */
export async function purgeStale(db: Db, now: Date): Promise<number> {
  const result = await db.execute(sql`
    delete from login_throttle
    where window_started_at < ${now.toISOString()}::timestamptz - interval '1 day'
      and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz)`);
  return (
    (result as { rowCount?: number; affectedRows?: number }).rowCount ??
    (result as { affectedRows?: number }).affectedRows ??
    0
  );
}
