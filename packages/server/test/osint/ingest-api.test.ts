/**
 * News in through the API: uploads of HTML and text (the same bytes twice are one article), bad
 * files refused with a problem document naming the body and nothing written, the raw form served
 * as an inert attachment, stories with their outlets, origins, claims and contradictions, story
 * ids kept when a story grows, addresses refused before anything is fetched, and who may read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type {
  OsintStoryDetail,
  OsintStoryPage,
  UploadOsintArticleResponse,
} from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type SignedIn,
  type TestContext,
} from '../support/test-app.ts';
import { MAX_HTML_BYTES } from '../../src/features/osint/extract-html.ts';
import * as F from './ingest-fixtures.ts';

async function count(t: TestContext, table: string): Promise<number> {
  const result = await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n);
}

for (const backend of await backends()) {
  describe(`news ingestion through the API (${backend.name})`, () => {
    let t: TestContext;
    let monitor: SignedIn;
    let observer: SignedIn;

    beforeAll(async () => {
      t = await createTestApp(backend);
      monitor = await signIn(t.app, demoAccount('monitor').email);
      observer = await signIn(t.app, demoAccount('observer').email);
    });
    afterAll(async () => t.close());

    const upload = (body: string | Buffer, fileName?: string, as: SignedIn = monitor) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/osint/articles${fileName ? `?fileName=${encodeURIComponent(fileName)}` : ''}`,
        headers: { ...asSession(as), 'content-type': 'application/octet-stream' },
        payload: typeof body === 'string' ? Buffer.from(body) : body,
      });

    const rows = async () => ({
      articles: await count(t, 'osint_articles'),
      items: await count(t, 'osint_ingest_items'),
      batches: await count(t, 'osint_ingest_batches'),
      logged: await count(t, 'log_pending'),
    });

    it('reads an HTML page: title, outlet, author, date, language and main text', async () => {
      const res = await upload(F.CLASH_DAWN, 'clash.html');
      expect(res.statusCode, res.body).toBe(201);
      const { article, created } = res.json<UploadOsintArticleResponse>();
      expect(created).toBe(true);
      expect(article).toMatchObject({
        title: 'Border clash at Torkham crossing kills three soldiers',
        outlet: 'Frontier Post',
        author: 'Amina Khan',
        publishedAt: '2025-10-20',
        language: 'en',
        contentType: 'text/html',
        charset: 'UTF-8',
        fileName: 'clash.html',
        sourceKind: 'upload',
      });
      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/v1/osint/articles/${article.id}`,
        headers: asSession(monitor),
      });
      const text = detail.json<{ text: string }>().text;
      expect(text).toMatch(/^TORKHAM: Three soldiers were killed/);
      expect(text).not.toMatch(/Home|All rights reserved/);
      // Logged with the change, for the mediators' side: the stored bytes' hash and provenance.
      const logged = (await t.database.db.execute(
        sql`select visibility, record from log_pending
            where record_type = 'osint_article' and record_id = ${article.id}`,
      )) as unknown as { rows: Array<{ visibility: string; record: string }> };
      expect(logged.rows).toHaveLength(1);
      expect(logged.rows[0]?.visibility).toBe('mediators');
      expect(JSON.parse(logged.rows[0]?.record ?? '{}')).toMatchObject({
        id: article.id,
        sha256: article.sha256,
        fileName: 'clash.html',
      });
    });

    it('reads plain text by its content, whatever the file is called', async () => {
      const res = await upload(F.CLASH_FOLLOW_UP, 'report.html');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<UploadOsintArticleResponse>().article).toMatchObject({
        contentType: 'text/plain',
        title: 'Torkham crossing stays closed after border clash',
        outlet: 'tribune.example',
        originalUrl: 'https://www.tribune.example/torkham-closed',
        publishedAt: '2025-10-21',
      });
    });

    it('decodes a page in the encoding its meta tag declares', async () => {
      const res = await upload(F.LATIN1_PAGE, 'chaman.htm');
      expect(res.statusCode, res.body).toBe(201);
      const { article } = res.json<UploadOsintArticleResponse>();
      expect(article.charset).toBe('windows-1252');
      expect(article.title).toBe('Café owners at Chaman reopen after border calm');
    });

    it('stores the same bytes once, however often they come', async () => {
      const before = await rows();
      const again = await upload(F.CLASH_DAWN, 'copy-of-clash.html');
      expect(again.statusCode).toBe(200);
      const body = again.json<UploadOsintArticleResponse>();
      expect(body.created).toBe(false);
      expect(body.article.fileName).toBe('clash.html');
      expect(await rows()).toEqual(before);
    });

    it.each([
      ['an empty file', Buffer.alloc(0), 400, 'validation_failed', /empty/],
      ['an ELF executable', F.ELF, 415, 'unsupported_content', /ELF executable/],
      [
        'markup with no article',
        Buffer.from(F.MALFORMED),
        415,
        'unsupported_content',
        /no readable article text/,
      ],
      [
        'an unknown encoding',
        F.UNKNOWN_ENCODING,
        415,
        'unsupported_content',
        /"x-klingon-8", which is not a known encoding/,
      ],
      [
        'a huge page',
        Buffer.alloc(MAX_HTML_BYTES + 1, 'a'),
        413,
        'payload_too_large',
        /limited to/,
      ],
    ])(
      'refuses %s with a clear problem and writes nothing',
      async (_what, bytes, status, code, detail) => {
        const before = await rows();
        const res = await upload(bytes, 'bad.html');
        expect(res.statusCode, res.body).toBe(status);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const problem = res.json<{ code: string; detail: string; errors?: { field: string }[] }>();
        expect(problem.code).toBe(code);
        expect(problem.detail).toMatch(detail);
        expect(problem.errors?.[0]?.field).toBe('body');
        expect(await rows()).toEqual(before);
      },
    );

    it('reads malformed HTML that still holds an article', async () => {
      const res = await upload(F.MALFORMED_READABLE, 'grenade.html');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<UploadOsintArticleResponse>().article.contentType).toBe('text/html');
    });

    it('refuses a JSON body: the file itself is the body', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/osint/articles',
        headers: asSession(monitor),
        payload: { text: 'hello' },
      });
      expect(res.statusCode).toBe(415);
      expect(res.json().errors[0].field).toBe('headers.content-type');
    });

    it('serves the raw form byte for byte, as an attachment a browser will not run', async () => {
      const { article } = (await upload(F.LATIN1_PAGE)).json<UploadOsintArticleResponse>();
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/osint/articles/${article.id}/raw`,
        headers: asSession(monitor),
      });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(F.LATIN1_PAGE)).toBe(true);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename\*=UTF-8''chaman\.htm$/,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    });

    let clashStory: OsintStoryDetail;

    it('groups related reports into a story with outlets, origins, claims and contradictions', async () => {
      for (const [name, body] of [
        ['copy.html', F.CLASH_COPY],
        ['agency.html', F.CLASH_AGENCY],
        ['cricket.txt', F.CRICKET],
      ] as const)
        expect((await upload(body, name)).statusCode).toBe(201);
      const page = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/osint/stories',
          headers: asSession(monitor),
        })
      ).json<OsintStoryPage>();
      const clash = page.items.find((s) => s.label.includes('Torkham'));
      expect(clash).toBeDefined();
      expect(clash).toMatchObject({ articleCount: 4, outletCount: 4 });
      // The Peshawar Times carries the Frontier Post's report word for word.
      expect(clash?.originCount).toBe(3);
      expect(page.items.some((s) => s.label.includes('cricket'))).toBe(true);

      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/osint/stories/${clash?.id}`,
        headers: asSession(monitor),
      });
      expect(res.statusCode).toBe(200);
      clashStory = res.json<OsintStoryDetail>();
      expect(clashStory.timeline.map((a) => a.publishedAt)).toEqual([
        '2025-10-20',
        '2025-10-20',
        '2025-10-20',
        '2025-10-21',
      ]);
      expect(clashStory.outlets.sort()).toEqual(
        ['Frontier Post', 'Kabul Daily', 'Peshawar Times', 'tribune.example'].sort(),
      );
      const copied = clashStory.origins.find((o) => o.articleIds.length === 2);
      expect(copied?.outlets.sort()).toEqual(['Frontier Post', 'Peshawar Times']);
      expect(clashStory.claims).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ outlet: 'Kabul Daily', value: 5, verb: 'killed' }),
          expect.objectContaining({ outlet: 'Frontier Post', value: 3, verb: 'killed' }),
        ]),
      );
      // What the ministry said, reported, with the outlet that carries it.
      expect(clashStory.quotes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            outlet: 'Kabul Daily',
            kind: 'reported',
            speaker: 'ministry',
            text: expect.stringContaining('tried to build a post') as unknown,
          }),
        ]),
      );
      expect(clashStory.contradictions.length).toBeGreaterThan(0);
      expect(clashStory.contradictions[0]?.detail).toMatch(/3 .* vs 5|5 .* vs 3/);
    });

    it('keeps a story its id when it grows', async () => {
      const follow = Buffer.from(
        F.CLASH_FOLLOW_UP.replace('remained closed on Tuesday', 'was still closed on Tuesday'),
      );
      expect((await upload(follow, 'follow-up-2.txt')).statusCode).toBe(201);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/osint/stories/${clashStory.id}`,
        headers: asSession(monitor),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<OsintStoryDetail>().articleCount).toBe(5);
    });

    it('pages through stories with a cursor', async () => {
      const first = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/osint/stories?limit=1',
          headers: asSession(monitor),
        })
      ).json<OsintStoryPage>();
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).not.toBeNull();
      const second = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/osint/stories?limit=1&cursor=${first.nextCursor}`,
          headers: asSession(monitor),
        })
      ).json<OsintStoryPage>();
      expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
      const bad = await t.app.inject({
        method: 'GET',
        url: '/api/v1/osint/stories?cursor=nonsense',
        headers: asSession(monitor),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('querystring.cursor');
    });

    it.each([
      ['a loopback address', 'http://127.0.0.1:9/feed.xml', /loopback/],
      ['a private address', 'http://10.1.2.3/news', /private/],
      ['link-local cloud metadata', 'http://169.254.169.254/latest/meta-data/', /link-local/],
      ['IPv6 loopback', 'http://[::1]/feed', /loopback/],
      ['a name for loopback', 'http://localhost/feed', /127\.0\.0\.1|::1/],
      ['another scheme', 'file:///etc/passwd', /only http and https/],
    ])('refuses %s before fetching or storing anything', async (_what, url, message) => {
      const sources = await count(t, 'osint_sources');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/osint/sources',
        headers: asSession(monitor),
        payload: { kind: 'url', url },
      });
      expect(res.statusCode).toBe(400);
      const problem = res.json<{ code: string; errors: { field: string; message: string }[] }>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors[0]?.field).toBe('body.url');
      expect(problem.errors[0]?.message).toMatch(message);
      expect(await count(t, 'osint_sources')).toBe(sources);
    });

    it('lists sources: each account’s uploads are one source', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/osint/sources',
        headers: asSession(monitor),
      });
      expect(res.statusCode).toBe(200);
      const items = res.json<{ items: { kind: string; articleCount: number }[] }>().items;
      expect(items).toEqual([expect.objectContaining({ kind: 'upload', articleCount: 8 })]);
    });

    it('has every article in a story when uploads arrive together', async () => {
      const variants = ['two', 'three', 'four', 'five'].map((n) =>
        F.CRICKET.replace('six wickets', `${n} wickets`),
      );
      const results = await Promise.all(variants.map((v, i) => upload(v, `cricket-${i}.txt`)));
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
      expect(await count(t, 'osint_story_articles')).toBe(await count(t, 'osint_articles'));
    });

    it('keeps the analysis to the mediators’ side: an observer may neither read nor add', async () => {
      const stories = await t.app.inject({
        method: 'GET',
        url: '/api/v1/osint/stories',
        headers: asSession(observer),
      });
      expect(stories.statusCode).toBe(403);
      expect((await upload(F.CRICKET, 'x.txt', observer)).statusCode).toBe(403);
      const officer = await signIn(t.app, demoAccount('party_officer').email);
      const sources = await t.app.inject({
        method: 'GET',
        url: '/api/v1/osint/sources',
        headers: asSession(officer),
      });
      expect(sources.statusCode).toBe(403);
    });
  });
}
