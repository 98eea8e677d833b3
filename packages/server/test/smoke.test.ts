import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type TestContext,
} from './support/test-app.ts';

for (const backend of await backends()) {
  describe(`smoke (${backend.name})`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestApp(backend);
    });
    afterAll(async () => t.close());

    it('signs in and reads the session', async () => {
      const s = await signIn(t.app, demoAccount('admin').email);
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: asSession(s),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.role).toBe('admin');
    });
  });
}
