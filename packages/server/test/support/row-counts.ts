/** Counts rows of every table, to prove that a refused request wrote nothing. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/platform/database/database.ts';

const TABLES = [
  'organisations',
  'users',
  'sessions',
  'api_tokens',
  'login_throttle',
  'idempotent_requests',
  'agreements',
  'provisions',
  'talk_rounds',
  'crossings',
  'crossing_status_changes',
] as const;

export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const result = await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    counts[table] = Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n);
  }
  return counts;
}
