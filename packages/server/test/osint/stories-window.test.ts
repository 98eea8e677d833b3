/**
 * Stories after each batch are clustered again only in the window the batch touched: the
 * articles within `maxStoryDays` of a new one, with every other article of their stories. A story
 * of other days is left as stored (its row is not rewritten), and every article still ends up in
 * exactly one story.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type SignedIn,
  type TestContext,
} from '../support/test-app.ts';

const report = (title: string, published: string, body: string) =>
  `${title}\nsource: Test Desk | published: ${published}\n\n${body}\n`;

const HARVEST = report(
  'Wheat harvest begins early in the northern valleys',
  '2025-03-02',
  'Farmers in the northern valleys began the wheat harvest two weeks early after a warm spring. Millers expect a record crop and lower flour prices in the markets of the region.',
);
const HARVEST_MORE = report(
  'Early wheat harvest: millers expect a record crop',
  '2025-03-03',
  'The wheat harvest in the northern valleys began two weeks early after a warm spring, and millers expect a record crop. Flour prices in the markets of the region are falling.',
);
const FESTIVAL = report(
  'Lantern festival draws crowds to the old harbour',
  '2025-09-14',
  'Thousands of visitors filled the old harbour for the lantern festival on Sunday night. Musicians played on the quay until dawn and the boats were lit with paper lanterns.',
);

async function rows<T>(t: TestContext, query: string): Promise<T[]> {
  const result = await t.database.db.execute(sql.raw(query));
  return (result as unknown as { rows: T[] }).rows;
}

for (const backend of await backends()) {
  describe(`stories clustered in the window a batch touches (${backend.name})`, () => {
    let t: TestContext;
    let monitor: SignedIn;

    beforeAll(async () => {
      t = await createTestApp(backend);
      monitor = await signIn(t.app, demoAccount('monitor').email);
    });
    afterAll(async () => t.close());

    const upload = async (body: string, fileName: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/osint/articles?fileName=${encodeURIComponent(fileName)}`,
        headers: { ...asSession(monitor), 'content-type': 'application/octet-stream' },
        payload: Buffer.from(body),
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const stories = () =>
      rows<{ id: string; label: string; article_count: number; updated_at: unknown }>(
        t,
        'select id, label, article_count, updated_at from osint_stories order by label',
      );

    it('leaves a story of other days as stored, and grows the one a report joins', async () => {
      await upload(HARVEST, 'harvest.txt');
      const [harvest] = await stories();
      expect(harvest?.article_count).toBe(1);

      // Months later: the harvest story is outside the window and is not written again.
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      await upload(FESTIVAL, 'festival.txt');
      const afterFestival = await stories();
      expect(afterFestival).toHaveLength(2);
      expect(afterFestival.find((s) => s.id === harvest?.id)).toEqual(harvest);

      // A report of the harvest a day later joins its story, which keeps its id.
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      await upload(HARVEST_MORE, 'harvest-more.txt');
      const after = await stories();
      const grown = after.find((s) => s.id === harvest?.id);
      expect(grown?.article_count).toBe(2);
      expect(grown?.updated_at).not.toEqual(harvest?.updated_at);
      const festival = afterFestival.find((s) => s.id !== harvest?.id);
      expect(after.find((s) => s.id === festival?.id)).toEqual(festival);

      const [counts] = await rows<{ articles: number; members: number }>(
        t,
        'select (select count(*)::int from osint_articles) as articles, (select count(*)::int from osint_story_articles) as members',
      );
      expect(counts?.members).toBe(counts?.articles);
    });
  });
}
