/**
 * An app over a real test database, built through the same factory and services as production,
 * with the demo loaded under a known password and helpers to sign in as each demo role.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { Role } from '@truceline/domain';
import { buildApp } from '../../src/app.ts';
import { parseConfig, type Config } from '../../src/config/config.ts';
import { createServices, type Services } from '../../src/composition-root.ts';
import { loadDemo } from '../../src/features/demo/demo.service.ts';
import { DEMO_ACCOUNTS } from '../../src/features/demo/demo-seed.ts';
import type { Database } from '../../src/platform/database/database.ts';
import type { App } from '../../src/platform/http/app-types.ts';
import type { TestBackend } from './test-db.ts';

export const DEMO_PASSWORD = 'correct-horse-battery-staple';

export interface TestContext {
  readonly app: App;
  readonly database: Database;
  readonly services: Services;
  /** A mutable clock: tests move time forward to check expiry. */
  readonly clock: { now: Date };
  readonly logLines: string[];
  close(): Promise<void>;
}

export async function createTestApp(
  backend: TestBackend,
  options: {
    env?: Record<string, string>;
    demo?: boolean;
    /** Changes to the parsed configuration that no environment variable can make. */
    configure?: (config: Config) => Config;
  } = {},
): Promise<TestContext> {
  const database = await backend.open();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-test-'));
  const parsed = parseConfig({
    TRUCELINE_LOG_LEVEL: 'info',
    TRUCELINE_DATA_DIR: dataDir,
    ...options.env,
  });
  const config = options.configure ? options.configure(parsed) : parsed;
  const clock = { now: new Date() };
  const services = createServices(database, config, () => clock.now);
  if (options.demo !== false) await loadDemo(database.db, { password: DEMO_PASSWORD });
  const logLines: string[] = [];
  const logStream = new (await import('node:stream')).Writable({
    write(chunk, _enc, cb) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const app = await buildApp({
    config,
    database,
    readiness: { migrated: true },
    services,
    logStream,
  });
  await app.ready();
  return {
    app,
    database,
    services,
    clock,
    logLines,
    async close() {
      await app.close();
      await services.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo account for a role (the Pakistani officer for `party_officer`). */
export function demoAccount(role: Role, org?: 'pk' | 'af' | 'tr' | 'qa') {
  const found = DEMO_ACCOUNTS.find(
    (a) => a.role === role && (org === undefined || a.organisation === org),
  );
  if (!found) throw new Error(`no demo account for ${role}`);
  return found;
}

export interface SignedIn {
  readonly cookie: string;
  readonly csrf: string;
  readonly userId: string;
}

/** Signs in through the API and returns the cookie and CSRF token to send with later requests. */
export async function signIn(app: App, email: string, password = DEMO_PASSWORD): Promise<SignedIn> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'truceline_session');
  if (!cookie) throw new Error('no session cookie');
  const body = res.json() as { csrfToken: string; user: { id: string } };
  return {
    cookie: `truceline_session=${cookie.value}`,
    csrf: body.csrfToken,
    userId: body.user.id,
  };
}

/** Headers for a signed-in browser request. */
export const asSession = (s: SignedIn) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
