/**
 * A PostgreSQL connection that breaks in the middle of a transaction: the transaction fails (the
 * caller handles that), the breakage is reported, and the process does not crash on the client's
 * 'error' event, which the pool does not hear for a checked-out connection.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/platform/database/postgres.database.ts';
import type { Database } from '../../src/platform/database/database.ts';
import { createScratchPostgres, postgresReachable } from '../support/test-db.ts';

const available = await postgresReachable();
if (!available)
  console.warn(
    '[truceline tests] broken-connection: PostgreSQL is unreachable; SKIPPING (CI always runs it)',
  );

describe.skipIf(!available)('a connection broken mid-transaction', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>> | undefined;
  let database: Database | undefined;
  const reported: Error[] = [];
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    scratch = await createScratchPostgres();
    database = await openPostgres({
      url: scratch.url,
      poolSize: 2,
      onPoolError: (error) => reported.push(error),
    });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    process.off('uncaughtException', onUncaught);
  });

  it('fails the transaction and reports the breakage, without an uncaught exception', async () => {
    const killer = new pg.Client({ connectionString: scratch!.url });
    await killer.connect();
    try {
      const running = database!.db.transaction(async (tx) => {
        const rows = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as {
          rows: Array<{ pid: number }>;
        };
        await killer.query('select pg_terminate_backend($1)', [rows.rows[0]?.pid]);
        await tx.execute(sql`select pg_sleep(0.2)`);
      });
      await expect(running).rejects.toThrow();
      // The client's 'error' event arrives on its own tick; give it the turn it needs.
      await new Promise((resolve) => setImmediate(resolve));
      expect(uncaught).toEqual([]);
      expect(reported.length).toBeGreaterThan(0);
      // The pool replaces the connection: the next query works.
      expect(await database!.executeSql('select 1 as one')).toEqual({ rows: [{ one: 1 }] });
    } finally {
      await killer.end();
    }
  });
});
