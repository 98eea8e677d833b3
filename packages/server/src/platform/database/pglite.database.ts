/** The embedded backend: PGlite in this process, persisted in the data directory. */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { MIGRATIONS_FOLDER, schema, withTimeout, type Database, type Db } from './database.ts';

/**
 * Opens PGlite. With `dataDir` it locks the directory first (see data-dir-lock.ts) and keeps the
 * database in `<dataDir>/pgdata`; without, it runs in memory (tests).
 */
export async function openPglite(options: { dataDir?: string }): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (options.dataDir !== undefined) lock = acquireDataDirLock(options.dataDir);
  let client: PGlite;
  try {
    client =
      options.dataDir === undefined
        ? new PGlite()
        : new PGlite(path.join(options.dataDir, 'pgdata'));
    await client.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  let closed = false;
  return {
    kind: 'pglite',
    db,
    async ping(timeoutMs = 2000) {
      await withTimeout(client.query('select 1'), timeoutMs, 'PGlite did not answer');
    },
    async migrate() {
      await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async executeSql(text, values) {
      // pg-boss sends multi-statement scripts without parameters; PGlite's `query` takes one
      // statement, `exec` takes many.
      if (values === undefined || values.length === 0) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const result = await client.query(text, values);
      return { rows: result.rows };
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
