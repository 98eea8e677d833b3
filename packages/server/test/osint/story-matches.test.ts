/**
 * A story's suggested cases: a complaint of the same day, place and accused ranks first, one far
 * off in time and place ranks below or not at all, and a complaint the reader may not see is never
 * suggested (the candidates go through complaint search's visibility).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, OsintStoryMatches, OsintStoryPage } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type TestContext } from '../support/test-app.ts';
import { complaintBody, file, loadWorld, type World } from '../support/complaints.ts';
import * as F from './ingest-fixtures.ts';

for (const backend of await backends()) {
  describe(`story matches (${backend.name})`, () => {
    let t: TestContext;
    let world: World;
    let storyId: string;
    const ids: Record<'near' | 'far' | 'hidden', string> = { near: '', far: '', hidden: '' };

    beforeAll(async () => {
      t = await createTestApp(backend);
      world = await loadWorld(t.app);
      for (const [name, body] of [
        ['clash.html', F.CLASH_DAWN],
        ['copy.html', F.CLASH_COPY],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/osint/articles?fileName=${name}`,
          headers: { ...asSession(world.as.monitor), 'content-type': 'application/octet-stream' },
          payload: Buffer.from(body),
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const stories = (
        await t.app.inject({ url: '/api/v1/osint/stories', headers: asSession(world.as.monitor) })
      ).json<OsintStoryPage>();
      const story = stories.items.find((s) => s.articleCount === 2);
      if (!story) throw new Error(`no story of both articles: ${JSON.stringify(stories)}`);
      storyId = story.id;

      const filed = async (key: keyof typeof ids, overrides: Record<string, unknown>) => {
        const res = await file(t.app, world.as.pk, complaintBody(world, overrides));
        expect(res.status, JSON.stringify(res.json)).toBe(201);
        ids[key] = res.json.id;
      };
      await filed('near', { visibility: 'joint', title: 'Firing at Torkham crossing' });
      await filed('far', {
        visibility: 'joint',
        title: 'Shelling near Chaman',
        when: { from: '2025-10-30T04:00:00Z', to: '2025-10-30T05:00:00Z', precision: 'hour' },
        where: {
          latitude: 30.92,
          longitude: 66.45,
          precision: 'approximate',
          placeId: 'pk-chaman',
        },
      });
      await filed('hidden', { visibility: 'originator', title: 'Torkham report kept to Pakistan' });
    });
    afterAll(async () => t.close());

    it('ranks the complaint of the same day, place and accused first, with its reasons', async () => {
      const res = await t.app.inject({
        url: `/api/v1/osint/stories/${storyId}/matches`,
        headers: asSession(world.as.tr),
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<OsintStoryMatches>();
      expect(body.clues.places.map((p) => p.id)).toContain('pk-torkham');
      // With the gazetteer's coordinates, for the story's map.
      const torkham = body.clues.places.find((p) => p.id === 'pk-torkham');
      expect(torkham?.latitude).toBeCloseTo(34.1, 0);
      expect(torkham?.longitude).toBeCloseTo(71.1, 0);
      expect(body.clues.days).toContainEqual({ start: '2025-10-20', end: '2025-10-20' });
      const first = body.items[0];
      expect([ids.near, ids.hidden]).toContain(first?.id);
      expect(first).toMatchObject({ kind: 'complaint', time: 1, place: 1 });
      expect(first?.reasons.map((r) => r.kind)).toEqual(['time', 'place', 'actor']);
      const rank = (id: string) => body.items.findIndex((m) => m.id === id);
      expect(rank(ids.near)).toBeGreaterThanOrEqual(0);
      expect(rank(ids.hidden)).toBeGreaterThanOrEqual(0);
      if (rank(ids.far) >= 0) expect(rank(ids.far)).toBeGreaterThan(rank(ids.near));
    });

    it('never suggests a complaint the reader may not see', async () => {
      // No role without complaint-wide sight reads news yet, so the service is asked directly for
      // the accused party's officer, who may not see a filing kept to its originator.
      const officer: Actor = {
        userId: world.as.af.userId,
        role: 'party_officer',
        organisationId: world.org.AFG.id,
        organisationKind: 'party',
      };
      const body = await t.services.osint.matches.matches(storyId, officer);
      const seen = body.items.map((m) => m.id);
      expect(seen[0]).toBe(ids.near);
      expect(seen).not.toContain(ids.hidden);
    });

    it('answers 404 for an unknown story and 403 to an observer', async () => {
      const zero = '00000000-0000-4000-8000-000000000000';
      const missing = await t.app.inject({
        url: `/api/v1/osint/stories/${zero}/matches`,
        headers: asSession(world.as.monitor),
      });
      expect(missing.statusCode).toBe(404);
      const denied = await t.app.inject({
        url: `/api/v1/osint/stories/${storyId}/matches`,
        headers: asSession(world.as.observer),
      });
      expect(denied.statusCode).toBe(403);
    });
  });
}
