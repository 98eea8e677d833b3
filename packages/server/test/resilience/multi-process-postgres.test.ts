/**
 * Several processes on one PostgreSQL database, started at the same moment: two API processes and
 * a worker race the migrations and the demo load. Migrations must apply once, the demo load once,
 * and a session made on one API process must work on the other. Separate roles on the embedded
 * database are refused with an explanation.
 */
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, postgresReachable } from '../support/test-db.ts';
import {
  GiveUp,
  MIGRATIONS_DIR,
  freePort,
  get,
  killAll,
  postgresEnv,
  signInHttp,
  spawnServer,
  spawnTruceline,
  tempDir,
  waitFor,
  waitForReady,
  withDeadline,
  type Child,
} from './support.ts';

const available = await postgresReachable();
if (!available) {
  console.warn(
    '[truceline tests] multi-process-postgres: PostgreSQL is unreachable; SKIPPING (set TRUCELINE_REQUIRE_POSTGRES=1 to fail instead)',
  );
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.skipIf(!available)('api and worker processes on one PostgreSQL database', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>> | undefined;
  const children: Child[] = [];
  const data = tempDir('truceline-multi-');
  let apiBases: string[] = [];
  let worker: Child;

  beforeAll(async () => {
    scratch = await createScratchPostgres();
    const env = postgresEnv(scratch.url, data.dir);
    const ports = [await freePort(), await freePort()];
    apiBases = ports.map((p) => `http://127.0.0.1:${p}`);
    // All three at once, on a database with no schema yet.
    const apis = ports.map((port, i) =>
      spawnServer(port, { ...env, TRUCELINE_DATA_DIR: `${data.dir}/api${i}` }, ['--role', 'api']),
    );
    worker = spawnServer(await freePort(), { ...env, TRUCELINE_DATA_DIR: `${data.dir}/worker` }, [
      '--role',
      'worker',
    ]);
    children.push(...apis, worker);
    await Promise.all(
      apis.map((child, i) => waitForReady(apiBases[i]!, { child, timeoutMs: 90_000 })),
    );
    await waitFor(
      'the worker to start',
      () => {
        if (worker.hasExited()) throw new GiveUp(`worker exited: ${worker.stderr()}`);
        return worker.stdout().includes('Truceline worker running (role worker)');
      },
      { timeoutMs: 60_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await killAll(children);
    await scratch?.drop();
    data.remove();
  });

  it('applies the migrations exactly once', async () => {
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(0);
    const [row] = await query<{ n: string }>(
      scratch!.url,
      'select count(*) as n from drizzle.__drizzle_migrations',
    );
    expect(Number(row?.n)).toBe(files.length);
  });

  it('loads the demo exactly once', async () => {
    const [orgs] = await query<{ n: string }>(
      scratch!.url,
      'select count(*) as n from organisations',
    );
    expect(Number(orgs?.n)).toBe(6);
    const [users] = await query<{ n: string }>(scratch!.url, 'select count(*) as n from users');
    expect(Number(users?.n)).toBe(7);
    const [crossings] = await query<{ n: string }>(
      scratch!.url,
      'select count(*) as n from crossings',
    );
    expect(Number(crossings?.n)).toBe(2);
    // Exactly one of the two API processes printed the demo logins.
    const printed = children.filter((c) => c.stdout().includes('Demo accounts')).length;
    expect(printed).toBe(1);
  });

  it('accepts a session made on one API process on the other', async () => {
    const [first, second] = apiBases as [string, string];
    const session = await signInHttp(first);
    const res = await get(`${second}/api/v1/auth/session`, { cookie: session.cookie });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { email: string } }).user.email).toBe(
      'admin@demo.truceline.test',
    );
    // And the other way round, for an authorised read.
    const users = await get(`${first}/api/v1/users`, { cookie: session.cookie });
    expect(users.status).toBe(200);
  });

  it('keeps every process running', () => {
    for (const child of children) expect(child.hasExited(), child.stderr()).toBe(false);
    // The worker serves no HTTP.
    expect(worker.stdout()).not.toContain('Truceline is serving');
  });
});

describe('separate roles on the embedded database', () => {
  const data = tempDir('truceline-role-');
  const children: Child[] = [];
  afterAll(async () => {
    await killAll(children);
    data.remove();
  });

  it('refuses --role worker without DATABASE_URL, exit 2, explaining why', async () => {
    const child = spawnTruceline(['serve', '--role', 'worker'], {
      TRUCELINE_DATA_DIR: data.dir,
      PORT: String(await freePort()),
    });
    children.push(child);
    const exit = await withDeadline(child.exited, 30_000, 'truceline serve --role worker');
    expect(exit, child.stderr()).toEqual({ code: 2, signal: null });
    expect(child.stderr()).toMatch(/--role worker/);
    expect(child.stderr()).toMatch(/PostgreSQL/);
    expect(child.stderr()).toMatch(/DATABASE_URL/);
    // Nothing was opened: no lock, no database files.
    expect(fs.readdirSync(data.dir)).toEqual([]);
  });
});
