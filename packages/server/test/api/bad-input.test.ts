/**
 * Bad input of every kind gets the right status and an RFC 9457 problem document naming the
 * field, and writes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type SignedIn,
  type TestContext,
} from '../support/test-app.ts';
import { rowCounts } from '../support/row-counts.ts';

for (const backend of await backends()) {
  describe(`bad input (${backend.name})`, () => {
    let t: TestContext;
    let admin: SignedIn;
    let before: Record<string, number>;
    beforeAll(async () => {
      t = await createTestApp(backend, { env: { TRUCELINE_BODY_LIMIT_BYTES: '4096' } });
      admin = await signIn(t.app, demoAccount('admin').email);
    });
    afterAll(async () => t.close());
    beforeEach(async () => {
      before = await rowCounts(t.database);
    });

    const expectProblem = (
      res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
      status: number,
      code: string,
    ) => {
      expect(res.statusCode).toBe(status);
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      const body = res.json() as Record<string, unknown>;
      expect(body).toMatchObject({ status, code });
      expect(typeof body['type']).toBe('string');
      expect(typeof body['title']).toBe('string');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/);
      return body as { errors?: { field: string; message: string }[]; detail?: string };
    };
    const expectNothingWritten = async () => expect(await rowCounts(t.database)).toEqual(before);

    const validUser = () => ({
      email: 'new.person@example.org',
      displayName: 'New Person',
      role: 'monitor',
      organisationId: '00000000-0000-4000-8000-000000000000',
      password: 'a-long-enough-password',
    });

    it('malformed JSON', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { ...asSession(admin), 'content-type': 'application/json' },
        payload: '{"email": "x@example.org",',
      });
      const body = expectProblem(res, 400, 'malformed_json');
      expect(body.errors?.[0]?.field).toBe('body');
      await expectNothingWritten();
    });

    it('wrong types name the field', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(admin),
        payload: { name: 'ci', scopes: ['read'], expiresInDays: '30' },
      });
      const body = expectProblem(res, 400, 'validation_failed');
      expect(body.errors).toContainEqual({
        field: 'body.expiresInDays',
        message: expect.stringMatching(/integer/),
      });
      await expectNothingWritten();
    });

    it('unknown fields are refused, not dropped', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(admin),
        payload: { name: 'ci', scopes: ['read'], expiresInDays: 3, admin: true },
      });
      const body = expectProblem(res, 400, 'validation_failed');
      expect(body.errors).toContainEqual({ field: 'body.admin', message: 'is not a known field' });
      await expectNothingWritten();
    });

    it('missing fields and bad formats are all listed', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: asSession(admin),
        payload: { email: 'not-an-email', role: 'general', password: 'short' },
      });
      const body = expectProblem(res, 400, 'validation_failed');
      const fields = body.errors?.map((e) => e.field) ?? [];
      expect(fields).toEqual(
        expect.arrayContaining([
          'body.email',
          'body.role',
          'body.password',
          'body.displayName',
          'body.organisationId',
        ]),
      );
      await expectNothingWritten();
    });

    it('a role that does not fit the organisation names the field', async () => {
      const orgs = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/organisations',
          headers: asSession(admin),
        })
      ).json().items as { id: string; kind: string }[];
      const party = orgs.find((o) => o.kind === 'party');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: asSession(admin),
        payload: { ...validUser(), organisationId: party?.id },
      });
      const body = expectProblem(res, 400, 'validation_failed');
      expect(body.errors?.[0]?.field).toBe('body.role');
      await expectNothingWritten();
    });

    it('oversized bodies', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(admin),
        payload: { name: 'x'.repeat(10_000), scopes: ['read'], expiresInDays: 3 },
      });
      expectProblem(res, 413, 'payload_too_large');
      await expectNothingWritten();
    });

    it('a body that is not JSON', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { ...asSession(admin), 'content-type': 'text/plain' },
        payload: 'name=ci',
      });
      expectProblem(res, 415, 'unsupported_media_type');
      await expectNothingWritten();
    });

    it('bad path parameters', async () => {
      const res = await t.app.inject({
        method: 'DELETE',
        url: '/api/v1/tokens/not-a-uuid',
        headers: asSession(admin),
      });
      const body = expectProblem(res, 400, 'validation_failed');
      expect(body.errors?.[0]?.field).toBe('params.id');
      await expectNothingWritten();
    });

    it('unknown routes', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
      expectProblem(res, 404, 'route_not_found');
      const post = await t.app.inject({ method: 'POST', url: '/api/v2/users', payload: {} });
      expectProblem(post, 404, 'route_not_found');
      await expectNothingWritten();
    });

    it('a wrong password, an unknown account and a disabled account look the same', async () => {
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: demoAccount('monitor').email, password: 'not-the-password' },
      });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'nobody@example.org', password: 'not-the-password' },
      });
      const a = expectProblem(wrong, 401, 'invalid_credentials');
      const b = expectProblem(unknown, 401, 'invalid_credentials');
      expect(a.detail).toBe(b.detail);
      expect(wrong.cookies).toHaveLength(0);
      const after = await rowCounts(t.database);
      // Only the throttle counters move; no session is created.
      expect({ ...after, login_throttle: 0 }).toEqual({ ...before, login_throttle: 0 });
    });

    it('a missing or wrong CSRF token on a state change', async () => {
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie: admin.cookie },
        payload: { name: 'ci', scopes: ['read'], expiresInDays: 3 },
      });
      expectProblem(missing, 403, 'csrf_failed');
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie: admin.cookie, 'x-csrf-token': `${admin.csrf}x` },
        payload: { name: 'ci', scopes: ['read'], expiresInDays: 3 },
      });
      expectProblem(wrong, 403, 'csrf_failed');
      await expectNothingWritten();
    });

    it('an unknown, malformed, expired or revoked token', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(admin),
        payload: { name: 'short-lived', scopes: ['read', 'write'], expiresInDays: 1 },
      });
      expect(created.statusCode).toBe(201);
      const { secret, token } = created.json() as { secret: string; token: { id: string } };
      const ok = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(ok.statusCode).toBe(200);
      before = await rowCounts(t.database);

      for (const header of [
        `Bearer tl_${'A'.repeat(43)}`,
        'Bearer',
        'Basic abc',
        `Bearer ${secret}x`,
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { authorization: header },
          payload: { name: 'x', scopes: ['read'], expiresInDays: 1 },
        });
        expectProblem(res, 401, 'token_invalid');
      }
      await expectNothingWritten();

      // Expired: move the clock past its one-day life.
      const realNow = t.clock.now;
      t.clock.now = new Date(realNow.getTime() + 86_400_000 + 1000);
      const expired = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${secret}` },
      });
      expectProblem(expired, 401, 'token_invalid');
      t.clock.now = realNow;

      const revoke = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/tokens/${token.id}`,
        headers: asSession(admin),
      });
      expect(revoke.statusCode).toBe(200);
      expect(revoke.json().revokedAt).not.toBeNull();
      const revoked = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${secret}` },
      });
      expectProblem(revoked, 401, 'token_invalid');
    });

    it('path traversal and odd URLs never reach the file system or leak errors', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/../../etc/passwd' });
      expect([400, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain('root:');
    });
  });
}
