/**
 * Real databases for tests: an in-memory PGlite, and a fresh PostgreSQL database per suite on
 * the server at TRUCELINE_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
 * When PostgreSQL is unreachable its suites are skipped with a clear message, unless
 * TRUCELINE_REQUIRE_POSTGRES=1 (CI), where that is a failure.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { openPglite } from '../../src/platform/database/pglite.database.ts';
import { openPostgres } from '../../src/platform/database/postgres.database.ts';
import type { Database } from '../../src/platform/database/database.ts';

export const POSTGRES_ADMIN_URL =
  process.env['TRUCELINE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE_POSTGRES = process.env['TRUCELINE_REQUIRE_POSTGRES'] === '1';

let reachable: Promise<boolean> | undefined;

/** Whether the test PostgreSQL answers (checked once per test file). */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({
      connectionString: POSTGRES_ADMIN_URL,
      connectionTimeoutMillis: 2000,
    });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (REQUIRE_POSTGRES) {
        throw new Error(
          `TRUCELINE_REQUIRE_POSTGRES=1 but PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable: ${String(error)}`,
        );
      }
      console.warn(
        `\n[truceline tests] PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable: SKIPPING the PostgreSQL variants of these suites.\n`,
      );
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** Creates an empty database on the test server and returns its URL and a function that drops it. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `truceline_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated database; `close` also drops it. */
  open(): Promise<Database & { url?: string }>;
}

export const pgliteBackend: TestBackend = {
  name: 'pglite',
  async open() {
    const db = await openPglite({});
    await db.migrate();
    return db;
  },
};

export const postgresBackend: TestBackend = {
  name: 'postgres',
  async open() {
    const scratch = await createScratchPostgres();
    const db = await openPostgres({ url: scratch.url, poolSize: 5 });
    await db.migrate();
    return {
      ...db,
      url: scratch.url,
      async close() {
        await db.close();
        await scratch.drop();
      },
    };
  },
};

/** The backends to run storage and API suites on: PGlite always, PostgreSQL when reachable. */
export async function backends(): Promise<TestBackend[]> {
  return (await postgresReachable()) ? [pgliteBackend, postgresBackend] : [pgliteBackend];
}
