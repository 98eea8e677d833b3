/** pg-boss on the project's own databases: in-process on PGlite, over its pool on PostgreSQL. */
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineJob, queueName } from '../../src/platform/jobs/job-definition.ts';
import { startJobRunner, type JobRunner } from '../../src/platform/jobs/job-runner.ts';
import { purgeExpiredSessionsJob } from '../../src/jobs/purge-expired-sessions.job.ts';
import { insertSession } from '../../src/features/auth/sessions.repository.ts';
import { findUserByEmail } from '../../src/features/users/users.repository.ts';
import { loadDemo } from '../../src/features/demo/demo.service.ts';
import type { Database } from '../../src/platform/database/database.ts';
import { backends } from '../support/test-db.ts';

const silent = { info: () => undefined, warn: () => undefined };

for (const backend of await backends()) {
  describe(`jobs (${backend.name})`, () => {
    let database: Database & { url?: string };
    let runner: JobRunner;
    const seen: { greeting: string }[] = [];
    let resolveSeen: (() => void) | undefined;
    const greet = defineJob({
      name: 'test.greet',
      version: 2,
      schema: Type.Object({ greeting: Type.String({ minLength: 1 }) }),
      async run(payload) {
        seen.push(payload);
        resolveSeen?.();
      },
    });

    beforeAll(async () => {
      database = await backend.open();
      runner = await startJobRunner({
        connection:
          backend.name === 'pglite'
            ? { kind: 'pglite', executor: database }
            : { kind: 'postgres', url: database.url! },
        definitions: [greet],
        context: { log: silent, now: () => new Date() },
        onError: () => undefined,
        schedule: false,
      });
      await runner.work();
    });
    afterAll(async () => {
      await runner.stop();
      await database.close();
    });

    it('names queues by job and version', () => {
      expect(queueName(greet)).toBe('test.greet.v2');
    });

    it('runs a sent job with its typed payload', async () => {
      const done = new Promise<void>((resolve) => {
        resolveSeen = resolve;
      });
      const id = await runner.send(greet, { greeting: 'salaam' });
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        done,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('job did not run within 20 s')), 20_000);
        }),
      ]);
      clearTimeout(timer);
      expect(seen).toContainEqual({ greeting: 'salaam' });
    });

    it('refuses a payload that does not match the schema', async () => {
      await expect(runner.send(greet, { greeting: '' })).rejects.toThrow(/Invalid payload/);
    });

    it('the maintenance job purges dead sessions and keeps live ones', async () => {
      await loadDemo(database.db, { password: 'correct-horse-battery-staple' });
      const user = await findUserByEmail(database.db, 'monitor@demo.truceline.test');
      const now = new Date();
      const old = new Date(now.getTime() - 3 * 86_400_000);
      await insertSession(database.db, {
        secretHash: 'dead',
        userId: user!.id,
        csrfToken: 'x',
        now: old,
        expiresAt: new Date(old.getTime() + 3_600_000),
        userAgent: null,
        address: null,
      });
      await insertSession(database.db, {
        secretHash: 'alive',
        userId: user!.id,
        csrfToken: 'y',
        now,
        expiresAt: new Date(now.getTime() + 3_600_000),
        userAgent: null,
        address: null,
      });
      const logged: object[] = [];
      await purgeExpiredSessionsJob(database.db, 30).run(
        {},
        {
          log: { info: (o) => logged.push(o), warn: () => undefined },
          now: () => now,
        },
      );
      expect(logged).toEqual([{ sessions: 1, throttles: 0, idempotencyKeys: 0 }]);
    });
  });
}
