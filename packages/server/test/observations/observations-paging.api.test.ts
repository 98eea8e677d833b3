/**
 * Observations page with the shared keyset cursor (`platform/http/cursor.ts`): newest first, each
 * observation exactly once across pages, the same order when ties in time are broken by id, and a
 * foreign cursor refused naming `querystring.cursor`. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewObservation } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type TestContext } from '../support/test-app.ts';
import { loadWorld, type World } from '../support/complaints.ts';

interface ObservationPage {
  readonly items: { id: string; observedAt: string; notes: string }[];
  readonly nextCursor: string | null;
}

const observation = (observedAt: string, notes: string): NewObservation => ({
  observedAt,
  timePrecision: 'hour',
  latitude: 34.11,
  longitude: 71.08,
  locationPrecision: 'approximate',
  placeId: 'pk-torkham',
  type: 'trucks_held',
  count: 40,
  source: 'Joint monitors at the crossing',
  sourceKind: 'monitor',
  notes,
  visibility: 'joint',
});

for (const backend of await backends()) {
  describe(`observation paging (${backend.name})`, () => {
    let t: TestContext;
    let w: World;

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      // Seven observations over two days, two of them at the same instant: the id breaks the tie.
      const times = ['01', '02', '03', '03', '03', '04', '05'];
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/observations',
        headers: asSession(w.as.monitor),
        payload: {
          items: times.map((h, i) => observation(`2025-11-0${1 + (i % 2)}T${h}:00:00Z`, `n${i}`)),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    });
    afterAll(async () => t.close());

    const page = async (query: string) => {
      const res = await t.app.inject({
        url: `/api/v1/observations?${query}`,
        headers: asSession(w.as.tr),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as ObservationPage;
    };

    it('walks every observation once, newest first, two at a time', async () => {
      const all = (await page('limit=1000')).items;
      expect(all).toHaveLength(7);
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const p: ObservationPage = await page(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        walked.push(...p.items.map((o) => o.id));
        cursor = p.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(4);
      expect(walked).toEqual(all.map((o) => o.id));
      const times = all.map((o) => Date.parse(o.observedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('refuses a cursor it did not issue, naming the field', async () => {
      for (const cursor of ['not-a-cursor', Buffer.from('["x","y"]').toString('base64url')]) {
        const res = await t.app.inject({
          url: `/api/v1/observations?cursor=${cursor}`,
          headers: asSession(w.as.tr),
        });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ errors: [{ field: 'querystring.cursor' }] });
      }
    });
  });
}
