/** Sign-in, cookies, CSRF, idle and absolute expiry, revocation and login throttling. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  DEMO_PASSWORD,
  signIn,
  type SignedIn,
  type TestContext,
} from '../support/test-app.ts';

for (const backend of await backends()) {
  describe(`sessions and throttling (${backend.name})`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestApp(backend, {
        env: { TRUCELINE_SESSION_IDLE_MINUTES: '30', TRUCELINE_SESSION_ABSOLUTE_HOURS: '12' },
      });
    });
    afterAll(async () => t.close());

    const session = (s: SignedIn) =>
      t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: asSession(s) });

    it('sets a secure, HttpOnly, SameSite=Strict session cookie and returns capabilities', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: {
          email: demoAccount('party_officer').email.toUpperCase(),
          password: DEMO_PASSWORD,
        },
      });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'truceline_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/' });
      const body = res.json();
      expect(body.user.role).toBe('party_officer');
      expect(body.organisation.shortName).toBe('PAK');
      expect(body.capabilities).toContain('agreement.read');
      expect(body.capabilities).not.toContain('user.list');
      expect(body.user).not.toHaveProperty('passwordHash');
    });

    it('expires after the idle limit and after the absolute limit', async () => {
      const start = new Date();
      t.clock.now = start;
      const s = await signIn(t.app, demoAccount('monitor').email);
      // Activity every 20 minutes keeps the session alive past the idle limit...
      for (let i = 1; i <= 3; i++) {
        t.clock.now = new Date(start.getTime() + i * 20 * 60_000);
        expect((await session(s)).statusCode).toBe(200);
      }
      // ...31 minutes of silence ends it.
      t.clock.now = new Date(start.getTime() + 60 * 60_000 + 31 * 60_000);
      const idle = await session(s);
      expect(idle.statusCode).toBe(401);
      expect(idle.json().code).toBe('session_expired');

      t.clock.now = start;
      const s2 = await signIn(t.app, demoAccount('monitor').email);
      let alive = 0;
      for (let minutes = 20; minutes <= 13 * 60; minutes += 20) {
        t.clock.now = new Date(start.getTime() + minutes * 60_000);
        if ((await session(s2)).statusCode === 200) alive = minutes;
        else break;
      }
      expect(alive).toBeLessThan(12 * 60);
      expect(alive).toBeGreaterThanOrEqual(12 * 60 - 20);
      t.clock.now = new Date();
    });

    it('logout revokes the session server-side, not just the cookie', async () => {
      const s = await signIn(t.app, demoAccount('observer').email);
      const out = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: asSession(s),
      });
      expect(out.statusCode).toBe(204);
      expect((await session(s)).statusCode).toBe(401);
    });

    it('a user can revoke another of their sessions', async () => {
      const a = await signIn(t.app, demoAccount('mediator').email);
      const b = await signIn(t.app, demoAccount('mediator').email);
      const list = (
        await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: asSession(a) })
      ).json().items as { id: string; current: boolean }[];
      const other = list.find((x) => !x.current);
      expect(other).toBeDefined();
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${other!.id}`,
        headers: asSession(a),
      });
      expect(res.statusCode).toBe(204);
      // Exactly one of a and b is now dead; a (the current one) lives.
      expect((await session(a)).statusCode).toBe(200);
      const statuses = [(await session(b)).statusCode];
      if (list.length === 2) expect(statuses).toEqual([401]);
    });

    it('disabling an account ends its sessions and tokens at once', async () => {
      const admin = await signIn(t.app, demoAccount('admin').email);
      const orgs = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/organisations',
          headers: asSession(admin),
        })
      ).json().items as { id: string; shortName: string }[];
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: asSession(admin),
        payload: {
          email: 'temp.monitor@example.org',
          displayName: 'Temporary monitor',
          role: 'monitor',
          organisationId: orgs.find((o) => o.shortName === 'JMVS')!.id,
          password: 'temporary-password-1',
        },
      });
      expect(created.statusCode).toBe(201);
      const dup = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: asSession(admin),
        payload: {
          email: 'TEMP.monitor@example.org',
          displayName: 'Again',
          role: 'monitor',
          organisationId: orgs.find((o) => o.shortName === 'JMVS')!.id,
          password: 'temporary-password-1',
        },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().errors[0].field).toBe('body.email');

      const user = await signIn(t.app, 'temp.monitor@example.org', 'temporary-password-1');
      const token = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(user),
        payload: { name: 'script', scopes: ['read'], expiresInDays: 5 },
      });
      const secret = token.json().secret as string;
      expect(secret).toMatch(/^tl_/);
      const listed = await t.app.inject({
        method: 'GET',
        url: '/api/v1/tokens',
        headers: asSession(user),
      });
      expect(JSON.stringify(listed.json())).not.toContain(secret);

      const disabled = await t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${created.json().id}/disable`,
        headers: asSession(admin),
      });
      expect(disabled.json().disabled).toBe(true);
      expect((await session(user)).statusCode).toBe(401);
      const viaToken = await t.app.inject({
        method: 'GET',
        url: '/api/v1/organisations',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(viaToken.statusCode).toBe(401);
      // The token's revocation is a change of its own, with its own log entry.
      await t.services.sequencer.integrate();
      const history = await t.app.inject({
        method: 'GET',
        url: `/api/v1/log/records/api_token/${token.json().token.id}`,
      });
      expect(history.json().items.map((i: { action: string }) => i.action)).toEqual([
        'token.create',
        'token.revoke',
      ]);
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'temp.monitor@example.org', password: 'temporary-password-1' },
      });
      expect(again.statusCode).toBe(401);
    });

    it('throttles an account after five failures, even with the right password, and says when to retry', async () => {
      const email = demoAccount('party_officer', 'af').email;
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: `wrong-${i}` },
        });
        expect(res.statusCode).toBe(401);
      }
      const locked = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: DEMO_PASSWORD },
      });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('too_many_requests');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // Another account from another address is unaffected.
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: demoAccount('mediator', 'qa').email, password: DEMO_PASSWORD },
        remoteAddress: '10.9.9.9',
      });
      expect(other.statusCode).toBe(200);
      // After the lock passes, the right password works again.
      t.clock.now = new Date(Date.now() + 2 * 60_000);
      const later = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: DEMO_PASSWORD },
      });
      expect(later.statusCode).toBe(200);
      t.clock.now = new Date();
    });

    it('throttles an address that tries many accounts', async () => {
      const address = '10.1.2.3';
      let status = 0;
      let attempts = 0;
      for (; attempts < 25 && status !== 429; attempts++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: `guess${attempts}@example.org`, password: 'guess-guess-guess' },
          remoteAddress: address,
        });
        status = res.statusCode;
      }
      expect(status).toBe(429);
      expect(attempts).toBe(21);
    });
  });
}
