/**
 * Idempotency keys: a POST sent again under the same `Idempotency-Key` (after a lost answer) is
 * answered from the first one instead of creating a second record; a key reused for a different
 * request is refused; a failed request frees its key; keys are per user; old keys are purged.
 */
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaints, idempotentRequests } from '../../src/platform/database/schema/index.ts';
import { purgeExpiredSessionsJob } from '../../src/jobs/purge-expired-sessions.job.ts';
import { requestHash } from '../../src/platform/http/idempotency.ts';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type SignedIn, type TestContext } from '../support/test-app.ts';
import { complaintBody, loadWorld, type World } from '../support/complaints.ts';

const COMPLAINTS = '/api/v1/complaints';

for (const backend of await backends()) {
  describe(`idempotency keys (${backend.name})`, () => {
    let t: TestContext;
    let world: World;

    beforeAll(async () => {
      t = await createTestApp(backend);
      world = await loadWorld(t.app);
    });
    afterAll(async () => t.close());

    const newKey = () => crypto.randomUUID();
    const uniqueTitle = (what: string) => `${what} ${crypto.randomBytes(4).toString('hex')}`;

    const post = (
      as: SignedIn | { authorization: string },
      body: object,
      key?: string,
      url = COMPLAINTS,
    ) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: {
          ...('authorization' in as ? as : asSession(as)),
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
        payload: body,
      });

    const countTitled = async (title: string) =>
      (await t.database.db.select().from(complaints).where(eq(complaints.title, title))).length;

    const rowsFor = (userId: string, key: string) =>
      t.database.db
        .select()
        .from(idempotentRequests)
        .where(and(eq(idempotentRequests.userId, userId), eq(idempotentRequests.key, key)));

    it('the same request twice under one key makes one record and the same answer', async () => {
      const title = uniqueTitle('Replayed filing');
      const body = complaintBody(world, { title });
      const key = newKey();
      const first = await post(world.as.pk, body, key);
      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      // The same request, even with its fields in another order, is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const second = await post(world.as.pk, reordered, key);
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(String(second.headers['content-type'])).toMatch(/^application\/json/);
      expect(second.body).toBe(first.body);
      expect(await countTitled(title)).toBe(1);

      const [row] = await rowsFor(world.as.pk.userId, key);
      expect(row).toMatchObject({ method: 'POST', path: COMPLAINTS, status: 201 });
      expect(row?.requestHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('without the header, sending twice still makes two records (as before)', async () => {
      const title = uniqueTitle('Twice without a key');
      const body = complaintBody(world, { title });
      expect((await post(world.as.pk, body)).statusCode).toBe(201);
      expect((await post(world.as.pk, body)).statusCode).toBe(201);
      expect(await countTitled(title)).toBe(2);
    });

    it('the key with a different request is refused, and nothing is stored', async () => {
      const title = uniqueTitle('First use of a key');
      const key = newKey();
      expect((await post(world.as.pk, complaintBody(world, { title }), key)).statusCode).toBe(201);
      const other = uniqueTitle('Second use of a key');
      const res = await post(world.as.pk, complaintBody(world, { title: other }), key);
      expect(res.statusCode).toBe(422);
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
      expect(await countTitled(other)).toBe(0);
      expect(await countTitled(title)).toBe(1);
      // The first answer is still the one remembered.
      const [row] = await rowsFor(world.as.pk.userId, key);
      expect(row?.status).toBe(201);
    });

    it('a failed request leaves no row, and the corrected retry under the same key succeeds', async () => {
      const title = uniqueTitle('Corrected filing');
      const key = newKey();
      const bad = await post(world.as.pk, complaintBody(world, { title: '' }), key);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'validation_failed' });
      expect(await rowsFor(world.as.pk.userId, key)).toEqual([]);

      const good = await post(world.as.pk, complaintBody(world, { title }), key);
      expect(good.statusCode).toBe(201);
      expect(good.headers['idempotent-replayed']).toBeUndefined();
      expect(await countTitled(title)).toBe(1);
    });

    it("another user's same key is independent", async () => {
      const key = newKey();
      const pkTitle = uniqueTitle('Pakistani filing');
      const afTitle = uniqueTitle('Afghan filing');
      expect(
        (await post(world.as.pk, complaintBody(world, { title: pkTitle }), key)).statusCode,
      ).toBe(201);
      const af = await post(
        world.as.af,
        complaintBody(world, { title: afTitle, accusedOrganisationId: world.org.PAK.id }),
        key,
      );
      expect(af.statusCode).toBe(201);
      expect(af.headers['idempotent-replayed']).toBeUndefined();
      expect(await countTitled(pkTitle)).toBe(1);
      expect(await countTitled(afTitle)).toBe(1);
    });

    it("an API token shares its user's keys", async () => {
      const token = await t.services.tokens.create(world.as.pk.userId, {
        name: 'idempotency test',
        scopes: ['read', 'write'],
        expiresInDays: 1,
      });
      const bearer = { authorization: `Bearer ${token.secret}` };
      const title = uniqueTitle('Filed by script');
      const body = complaintBody(world, { title });
      const key = newKey();
      const first = await post(bearer, body, key);
      expect(first.statusCode).toBe(201);
      const again = await post(bearer, body, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      // The same user through the browser session: the same key, the same answer.
      const fromSession = await post(world.as.pk, body, key);
      expect(fromSession.headers['idempotent-replayed']).toBe('true');
      expect(fromSession.body).toBe(first.body);
      expect(await countTitled(title)).toBe(1);
    });

    it('a malformed key is refused naming the header', async () => {
      const title = uniqueTitle('Bad key');
      for (const key of ['has space', 'x'.repeat(101), 'ключ', '']) {
        const res = await post(world.as.pk, complaintBody(world, { title }), key);
        expect(res.statusCode).toBe(400);
        const problem = res.json() as { code: string; errors?: { field: string }[] };
        expect(problem.code).toBe('validation_failed');
        expect(problem.errors?.[0]?.field).toBe('headers.idempotency-key');
      }
      expect(await countTitled(title)).toBe(0);
      // The draft's structured-field form (a quoted string) is the same key as the bare one.
      const key = newKey();
      const body = complaintBody(world, { title });
      expect((await post(world.as.pk, body, `"${key}"`)).statusCode).toBe(201);
      expect((await post(world.as.pk, body, key)).headers['idempotent-replayed']).toBe('true');
      expect(await countTitled(title)).toBe(1);
    });

    it('a request still in progress blocks its key for two minutes, then is taken over', async () => {
      const title = uniqueTitle('Interrupted filing');
      const body = complaintBody(world, { title });
      const key = newKey();
      // What a process that died mid-request leaves behind.
      await t.database.db.insert(idempotentRequests).values({
        userId: world.as.pk.userId,
        key,
        method: 'POST',
        path: COMPLAINTS,
        requestHash: requestHash('POST', COMPLAINTS, body),
      });
      const busy = await post(world.as.pk, body, key);
      expect(busy.statusCode).toBe(409);
      expect(busy.json()).toMatchObject({ code: 'request_in_progress' });
      expect(await countTitled(title)).toBe(0);

      await t.database.db
        .update(idempotentRequests)
        .set({ createdAt: sql`now() - interval '3 minutes'` })
        .where(eq(idempotentRequests.key, key));
      const taken = await post(world.as.pk, body, key);
      expect(taken.statusCode).toBe(201);
      expect(await countTitled(title)).toBe(1);
      expect((await post(world.as.pk, body, key)).headers['idempotent-replayed']).toBe('true');
    });

    it('two identical requests at once make one record', async () => {
      const title = uniqueTitle('Raced filing');
      const body = complaintBody(world, { title });
      const key = newKey();
      const answers = await Promise.all([
        post(world.as.pk, body, key),
        post(world.as.pk, body, key),
      ]);
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses[0]).toBe(201);
      expect([201, 409]).toContain(statuses[1]);
      expect(await countTitled(title)).toBe(1);
    });

    it('is ignored where the answer holds a secret, and for anonymous requests', async () => {
      const key = newKey();
      const body = { name: 'secret shown once', scopes: ['read'], expiresInDays: 1 };
      const a = await post(world.as.pk, body, key, '/api/v1/tokens');
      const b = await post(world.as.pk, body, key, '/api/v1/tokens');
      expect(a.statusCode).toBe(201);
      expect(b.statusCode).toBe(201);
      expect(b.headers['idempotent-replayed']).toBeUndefined();
      expect((a.json() as { secret: string }).secret).not.toBe(
        (b.json() as { secret: string }).secret,
      );
      expect(await rowsFor(world.as.pk.userId, key)).toEqual([]);

      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'idempotency-key': 'not a valid key' },
        payload: { email: 'nobody@example.org', password: 'wrong-password-here' },
      });
      expect(login.statusCode).toBe(401);
    });

    it('the hourly job purges keys older than 24 hours', async () => {
      const body = complaintBody(world, { title: uniqueTitle('Old filing') });
      const oldKey = newKey();
      const freshKey = newKey();
      expect((await post(world.as.pk, body, oldKey)).statusCode).toBe(201);
      expect(
        (await post(world.as.pk, complaintBody(world, { title: uniqueTitle('New') }), freshKey))
          .statusCode,
      ).toBe(201);
      await t.database.db
        .update(idempotentRequests)
        .set({ createdAt: sql`now() - interval '25 hours'` })
        .where(eq(idempotentRequests.key, oldKey));

      const logged: object[] = [];
      await purgeExpiredSessionsJob(t.database.db, 60).run(
        {},
        { log: { info: (o) => logged.push(o), warn: () => undefined }, now: () => new Date() },
      );
      expect(await rowsFor(world.as.pk.userId, oldKey)).toEqual([]);
      expect(await rowsFor(world.as.pk.userId, freshKey)).toHaveLength(1);
      expect(logged[0]).toMatchObject({ idempotencyKeys: expect.any(Number) });
      expect((logged[0] as { idempotencyKeys: number }).idempotencyKeys).toBeGreaterThanOrEqual(1);
    });

    it('never writes the stored answers to the log', () => {
      expect(t.logLines.join('\n')).not.toMatch(/Replayed filing|Filed by script/);
    });
  });
}
