/** The platform around the routes: OpenAPI, docs, health, metrics, logs, security headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  DEMO_PASSWORD,
  signIn,
  type TestContext,
} from '../support/test-app.ts';

describe('platform', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp(pgliteBackend);
  });
  afterAll(async () => t.close());

  it('serves an OpenAPI 3.1 document listing every v1 route with its problem responses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/login');
    expect(doc.paths['/api/v1/users'].post.responses['400']).toBeDefined();
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'code']),
    );
    expect(JSON.stringify(doc.paths['/api/v1/users'].post.responses['400'])).toContain('Problem');
  });

  it('serves browsable docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger');
  });

  it('answers /healthz and /readyz', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
    });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ database: 'ok', migrations: 'ok' });
  });

  it('exposes Prometheus metrics by route template', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/crossings' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /truceline_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/crossings",status="200"\} \d+/,
    );
    expect(res.body).toContain('truceline_process_cpu_seconds_total');
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/crossings' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('echoes a well-formed request id, replaces a malformed one, and logs it on every request line', async () => {
    const good = await t.app.inject({
      method: 'GET',
      url: '/api/v1/talks',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(good.headers['x-request-id']).toBe('abc-123');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/talks',
      headers: { 'x-request-id': 'no spaces\nor newlines' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const lines = t.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => 'req' in l || 'res' in l);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(typeof line['requestId']).toBe('string');
    expect(lines.some((l) => l['requestId'] === 'abc-123')).toBe(true);
  });

  it('never writes passwords, cookies, CSRF tokens or API tokens to the log', async () => {
    const s = await signIn(t.app, demoAccount('admin').email);
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: asSession(s),
      payload: { name: 'log check', scopes: ['read'], expiresInDays: 1 },
    });
    const secret = token.json().secret as string;
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${secret}` },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'x@example.org', password: DEMO_PASSWORD },
    });
    const log = t.logLines.join('\n');
    for (const needle of [DEMO_PASSWORD, secret, s.csrf, s.cookie.split('=')[1]!])
      expect(log).not.toContain(needle);
  });
});

describe('unhandled errors', () => {
  it('become a generic problem document', async () => {
    const t = await createTestApp(pgliteBackend, { demo: false });
    try {
      await t.app.close();
      const { buildApp } = await import('../../src/app.ts');
      const app = await buildApp({
        config: {
          bodyLimitBytes: 1024,
          secureCookies: true,
          logLevel: 'silent',
          publicUrl: 'http://localhost',
        },
        database: t.database,
        readiness: { migrated: true },
        services: t.services,
      });
      app.get('/api/v1/__boom', { config: { action: 'talks.read' } }, async () => {
        throw new Error('secret internal detail at db.ts:42');
      });
      const res = await app.inject({ method: 'GET', url: '/api/v1/__boom' });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('internal_error');
      expect(res.body).not.toContain('secret internal detail');
      expect(res.json().detail).toContain(res.headers['x-request-id']);
      await app.close();
    } finally {
      await t.database.close();
    }
  });
});
