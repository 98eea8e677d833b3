/** Scratch PostgreSQL databases for the benchmark, created and dropped through an admin URL. */
import crypto from 'node:crypto';
import pg from 'pg';
import { assertLoopback } from './loopback.ts';

/** A database created for one benchmark run. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 3000;
const QUERY_TIMEOUT_MS = 30_000;

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  assertLoopback(adminUrl, 'PostgreSQL');
  const client = new pg.Client({
    connectionString: adminUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
  });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether PostgreSQL at `adminUrl` answers: its version if so, the reason if not. */
export async function probePostgres(
  adminUrl: string,
): Promise<{ ok: true; version: string } | { ok: false; problem: string }> {
  try {
    const result = await withAdmin(adminUrl, (client) =>
      client.query<{ server_version: string }>('show server_version'),
    );
    return { ok: true, version: result.rows[0]?.server_version ?? 'unknown' };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Creates an empty database next to `adminUrl`'s; `drop` removes it, closing its connections. */
export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `truceline_bench_${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withAdmin(adminUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
    },
  };
}
