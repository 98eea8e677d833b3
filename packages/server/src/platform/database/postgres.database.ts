/** The PostgreSQL backend: a connection pool, for one or many server processes. */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { MIGRATIONS_FOLDER, schema, withTimeout, type Database, type Db } from './database.ts';

/** Key of the advisory lock that serialises migrations across processes ("TRUCELINE" in ASCII). */
const MIGRATION_LOCK_KEY = 0x54525543454c494en;

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  /** Called when a connection breaks (the database restarted, the network dropped). */
  readonly onPoolError?: (error: Error) => void;
}

/** Opens a pool on `url`. Connection failures surface per query, so the service recovers by itself. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    application_name: 'truceline',
  });
  // Without a listener, a broken idle connection would crash the process.
  pool.on('error', (error) => options.onPoolError?.(error));
  // A connection that breaks while checked out (mid-transaction) emits 'error' on its client, and
  // the pool listens only on idle ones: unheard, that event would crash the process. The query
  // fails as well, and that failure is what the caller sees and handles.
  pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)));
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async ping(timeoutMs = 2000) {
      await withTimeout(pool.query('select 1'), timeoutMs, 'PostgreSQL did not answer');
    },
    async migrate() {
      // drizzle's migrator reads the applied migrations before its transaction, so two processes
      // starting together would both apply them: an advisory lock on one session serialises them.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
        try {
          await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
        }
      } finally {
        client.release();
      }
    },
    async executeSql(text, values) {
      const result = await pool.query(text, values);
      return { rows: result.rows };
    },
    async close() {
      await pool.end();
    },
  };
}
