/**
 * Search: every filter, full text in the users' scripts, distance from a point, counts, export,
 * and cursor pagination that is stable (no item twice, none skipped) while new complaints arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Complaint, ComplaintPage } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type TestContext } from '../support/test-app.ts';
import { complaintBody, file, loadWorld, type World } from '../support/complaints.ts';

for (const backend of await backends()) {
  describe(`complaint search (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    const made: Complaint[] = [];
    const search = async (query: string, who: keyof World['as'] = 'tr') => {
      const res = await t.app.inject({
        url: `/api/v1/complaints?${query}`,
        headers: asSession(w.as[who]),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as ComplaintPage;
    };

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      const p = w.agreement.provisions;
      const cases = [
        {
          title: 'Shelling near Torkham',
          text: 'Mortar rounds at dawn.',
          language: 'en',
          placeId: 'pk-torkham',
          lat: 34.11,
          lon: 71.08,
          category: 'shelling_artillery',
          provision: 0,
          from: '2025-10-20T04:00:00Z',
        },
        {
          title: 'ډرون برید په برمل کې',
          text: 'یو ډرون پر یوه کور برید وکړ',
          language: 'ps',
          placeId: 'af-barmal',
          lat: 32.52,
          lon: 69.22,
          category: 'air_drone_strike',
          provision: 1,
          from: '2025-10-22T02:00:00Z',
        },
        {
          title: 'چمن میں گولہ باری',
          text: 'بازار پر مارٹر گولے گرے',
          language: 'ur',
          placeId: 'pk-chaman',
          lat: 30.92,
          lon: 66.45,
          category: 'shelling_artillery',
          provision: 1,
          from: '2025-10-28T06:00:00Z',
        },
      ];
      for (const c of cases) {
        const by = c.language === 'ps' ? w.as.af : w.as.pk;
        const against = c.language === 'ps' ? w.org.PAK.id : w.org.AFG.id;
        t.clock.now = new Date(t.clock.now.getTime() + 1000);
        const res = await file(
          t.app,
          by,
          complaintBody(w, {
            title: c.title,
            category: c.category,
            provisionIds: [p[c.provision]?.id],
            accusedOrganisationId: against,
            narrative: { text: c.text, language: c.language },
            when: { from: c.from, precision: 'hour' },
            where: {
              latitude: c.lat,
              longitude: c.lon,
              precision: 'approximate',
              placeId: c.placeId,
            },
          }),
        );
        expect(res.status, JSON.stringify(res.json)).toBe(201);
        made.push(res.json);
      }
    });
    afterAll(async () => t.close());

    const ids = (page: ComplaintPage) => page.items.map((c) => c.id);

    it('finds words in Pashto, Urdu and English', async () => {
      expect(ids(await search(`q=${encodeURIComponent('ډرون')}`))).toEqual([made[1]?.id]);
      expect(ids(await search(`q=${encodeURIComponent('مارٹر')}`))).toEqual([made[2]?.id]);
      expect(ids(await search('q=mortar'))).toEqual([made[0]?.id]);
      expect(ids(await search('q=torkham'))).toEqual([made[0]?.id]);
    });

    it('filters by category, provision, party, place, dates and distance', async () => {
      expect(new Set(ids(await search('category=shelling_artillery')))).toEqual(
        new Set([made[0]?.id, made[2]?.id]),
      );
      expect(new Set(ids(await search(`provision=${w.agreement.provisions[1]?.id}`)))).toEqual(
        new Set([made[1]?.id, made[2]?.id]),
      );
      expect(ids(await search(`accused=${w.org.PAK.id}`))).toEqual([made[1]?.id]);
      expect(ids(await search(`filer=${w.org.AFG.id}`))).toEqual([made[1]?.id]);
      expect(ids(await search('place=pk-chaman'))).toEqual([made[2]?.id]);
      expect(ids(await search('from=2025-10-21T00:00:00Z&to=2025-10-23T00:00:00Z'))).toEqual([
        made[1]?.id,
      ]);
      // Peshawar is about 47 km from Torkham and far from the others.
      expect(ids(await search('lat=34.01&lon=71.58&withinKm=60'))).toEqual([made[0]?.id]);
      expect(ids(await search('lat=34.01&lon=71.58&withinKm=30'))).toEqual([]);
      expect(ids(await search('state=received&state=registered'))).toHaveLength(3);
      expect(ids(await search('state=closed'))).toEqual([]);
    });

    it('pages with a cursor: stable order, nothing twice or missed while new ones arrive', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: ComplaintPage = await search(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...ids(page));
        cursor = page.nextCursor;
        pages += 1;
        // A new complaint while paging lands before the first page, not inside the walk.
        if (pages === 1) {
          t.clock.now = new Date(t.clock.now.getTime() + 1000);
          await file(t.app, w.as.pk, complaintBody(w, { category: 'ied' }));
        }
      } while (cursor && pages < 10);
      expect(seen).toEqual(made.map((c) => c.id).reverse());
      const bad = await t.app.inject({
        url: '/api/v1/complaints?cursor=not-a-cursor',
        headers: asSession(w.as.tr),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ errors: [{ field: 'querystring.cursor' }] });
    });

    it('counts and exports under the same filters', async () => {
      const counts = (
        await t.app.inject({
          url: '/api/v1/complaints/counts?category=shelling_artillery',
          headers: asSession(w.as.tr),
        })
      ).json() as { byCategory: { key: string; count: number }[] };
      expect(counts.byCategory).toEqual([{ key: 'shelling_artillery', count: 2 }]);
      const csv = await t.app.inject({
        url: '/api/v1/complaints/export?category=air_drone_strike',
        headers: asSession(w.as.tr),
      });
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trim().split('\n');
      expect(lines[0]).toContain('event_id_cnty,event_date,year');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('Explosions/Remote violence');
      expect(lines[1]).toContain('Air/drone strike');
      expect(lines[1]).toContain('2025-10-22');
    });
  });
}
