/**
 * Each user's interface language: `PUT /me/locale` stores the choice (one of the six languages),
 * the session reports it wherever the user signs in next, and the account's log records it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { logEntries, logPending } from '../../src/platform/database/schema/index.ts';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type TestContext,
} from '../support/test-app.ts';

for (const backend of await backends()) {
  describe(`the user's interface language (${backend.name})`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestApp(backend);
    });
    afterAll(async () => t.close());

    /** The account's log entries, waiting or already integrated by the sequencer. */
    const userEntries = async (userId: string) => [
      ...(await t.database.db.select().from(logPending).where(eq(logPending.recordId, userId))),
      ...(await t.database.db.select().from(logEntries).where(eq(logEntries.recordId, userId))),
    ];

    const put = (headers: Record<string, string>, payload: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/me/locale',
        headers,
        payload: payload as object,
      });

    it('is null until chosen, then followed by every later session', async () => {
      const account = demoAccount('observer');
      const first = await signIn(t.app, account.email);
      const before = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: asSession(first),
      });
      // The demo account has a default language, but its user has not chosen one.
      expect(before.json().locale).toBeNull();

      const res = await put(asSession(first), { locale: 'fa' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ locale: 'fa' });

      // Signing out and in again (another browser, say): the choice comes with the session.
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: asSession(first) });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: account.email, password: 'correct-horse-battery-staple' },
      });
      expect(login.json().locale).toBe('fa');
      expect(login.json().user.locale).toBe('fa');
      const second = await signIn(t.app, account.email);
      const after = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: asSession(second),
      });
      expect(after.json().locale).toBe('fa');

      // The account's record changed, so its new version is in the log (internal).
      const entries = await userEntries(second.userId);
      const locales = entries
        .map((e) => JSON.parse(e.record) as { locale: string })
        .map((r) => r.locale);
      expect(locales).toContain('fa');
      expect(entries.every((e) => e.visibility === 'internal')).toBe(true);

      // Choosing the same language again changes nothing and logs nothing more.
      expect((await put(asSession(second), { locale: 'fa' })).statusCode).toBe(200);
      const again = await userEntries(second.userId);
      expect(again.length).toBe(entries.length);
    });

    it('refuses a language the app does not speak, naming the field', async () => {
      const s = await signIn(t.app, demoAccount('monitor').email);
      for (const payload of [{ locale: 'de' }, { locale: 'EN' }, {}, { locale: 'en', x: 1 }]) {
        const res = await put(asSession(s), payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const problem = res.json() as { code: string; errors: { field: string }[] };
        expect(problem.code).toBe('validation_failed');
        expect(problem.errors.map((e) => e.field)).toContain(
          'x' in payload ? 'body.x' : 'body.locale',
        );
      }
      const session = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: asSession(s),
      });
      expect(session.json().locale).toBeNull();
    });

    it('is refused to the public and to a changing request without the CSRF token', async () => {
      const anonymous = await put({}, { locale: 'ur' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().code).toBe('unauthenticated');

      const s = await signIn(t.app, demoAccount('party_officer').email);
      const noCsrf = await put({ cookie: s.cookie }, { locale: 'ur' });
      expect(noCsrf.statusCode).toBe(403);
      const session = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: asSession(s),
      });
      expect(session.json().locale).toBeNull();
    });
  });
}
