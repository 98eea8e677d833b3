/**
 * Feeds and pages from a local web server (node:http on 127.0.0.1, which the test configuration
 * allows): RSS and Atom polled with conditional requests (a 304 the second time, nothing fetched
 * twice), entries that fail recorded one by one while the rest are read, feeds that answer garbage
 * or nothing at all marked failing and backed off, single pages read once, and every address
 * refused that is not public when loopback is not allowed, redirects included.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { createServices, type Services } from '../../src/composition-root.ts';
import type { Database } from '../../src/platform/database/database.ts';
import { safeFetch } from '../../src/platform/net/safe-fetch.ts';
import { backends } from '../support/test-db.ts';
import * as F from './ingest-fixtures.ts';

interface Seen {
  readonly path: string;
  readonly ifNoneMatch: string | undefined;
  readonly ifModifiedSince: string | undefined;
}

const RSS_ETAG_1 = '"rss-1"';
const RSS_ETAG_2 = '"rss-2"';
const ATOM_MODIFIED = 'Tue, 21 Oct 2025 12:00:00 GMT';

function rss(base: string, extra: boolean): string {
  const item = (guid: string, link: string, title: string) =>
    `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>${link}</link><pubDate>Mon, 20 Oct 2025 10:00:00 GMT</pubDate></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Frontier wire</title><link>${base}/</link><description>News</description>
${extra ? item('g5', `${base}/a/follow.txt`, 'Crossing stays closed') : ''}
${item('g1', `${base}/a/dawn.html`, 'Border clash at Torkham')}
${item('g2', `${base}/a/agency.html`, 'Five soldiers killed')}
${item('g3', `${base}/a/missing.html`, 'Gone')}
${item('g4', 'http://169.254.169.254/latest/meta-data/', 'Not for us')}
</channel></rss>`;
}

function atom(base: string): string {
  const entry = (id: string, link: string, title: string) =>
    `<entry><id>${id}</id><title>${title}</title><link href="${link}"/><updated>2025-10-20T12:00:00Z</updated></entry>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Peshawar Times</title><id>urn:pt</id><updated>2025-10-21T12:00:00Z</updated>
${entry('urn:pt:1', `${base}/a/copy.html`, 'Three soldiers killed')}
${entry('urn:pt:2', `${base}/a/cricket.txt`, 'Cricket')}
${entry('urn:pt:3', `${base}/a/dawn.html`, 'Syndicated: border clash')}
</feed>`;
}

const FLAKY_TEXT = `Chaman crossing reopens to pedestrians
source: Quetta Observer | published: 2025-10-22

CHAMAN: The Chaman crossing reopened to pedestrians on Wednesday morning after a week, officials said, while trucks remained stranded on both sides of the border awaiting customs clearance.`;

function flakyFeed(base: string): string {
  const item = (guid: string, link: string) =>
    `<item><guid isPermaLink="false">${guid}</guid><title>${guid}</title><link>${link}</link></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Flaky wire</title><link>${base}/</link><description>News</description>
${item('f1', `${base}/a/flaky.txt`)}${item('f2', `${base}/a/down.txt`)}
</channel></rss>`;
}

for (const backend of await backends()) {
  describe(`feeds and pages (${backend.name})`, () => {
    let server: http.Server;
    let base = '';
    const seen: Seen[] = [];
    let rssVersion = 1;
    let database: Database;
    let services: Services;
    let strict: Services;
    let dataDir = '';
    const clock = { now: new Date('2025-10-22T08:00:00Z') };
    const later = (minutes: number) => {
      clock.now = new Date(clock.now.getTime() + minutes * 60_000);
    };
    const pageRequests = (p: string) => seen.filter((s) => s.path === p).length;

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        const p = req.url ?? '/';
        seen.push({
          path: p,
          ifNoneMatch: req.headers['if-none-match'],
          ifModifiedSince: req.headers['if-modified-since'],
        });
        const send = (type: string, body: string | Buffer, headers: Record<string, string> = {}) =>
          res.writeHead(200, { 'content-type': type, ...headers }).end(body);
        if (p === '/rss.xml') {
          const etag = rssVersion === 1 ? RSS_ETAG_1 : RSS_ETAG_2;
          if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
          return send('application/rss+xml', rss(base, rssVersion > 1), { etag });
        }
        if (p === '/atom.xml') {
          if (req.headers['if-modified-since'] === ATOM_MODIFIED) return res.writeHead(304).end();
          return send('application/atom+xml', atom(base), { 'last-modified': ATOM_MODIFIED });
        }
        if (p === '/flaky.xml') {
          if (req.headers['if-none-match'] === '"flaky"') return res.writeHead(304).end();
          return send('application/rss+xml', flakyFeed(base), { etag: '"flaky"' });
        }
        // Fails once with a 503, then answers; the other never does.
        if (p === '/a/flaky.txt' && pageRequests(p) > 1) return send('text/plain', FLAKY_TEXT);
        if (p === '/a/flaky.txt' || p === '/a/down.txt')
          return res.writeHead(503, 'Service Unavailable').end();
        if (p === '/garbage.xml') return send('application/xml', 'ceci n’est pas un flux {{{ <<');
        if (p === '/slow.xml') return; // never answers
        if (p === '/redirect') return res.writeHead(302, { location: 'http://10.0.0.1/x' }).end();
        const pages: Record<string, [string, string | Buffer]> = {
          '/a/dawn.html': ['text/html; charset=utf-8', F.CLASH_DAWN],
          '/a/agency.html': ['text/html', F.CLASH_AGENCY],
          '/a/copy.html': ['text/html; charset=utf-8', F.CLASH_COPY],
          '/a/cricket.txt': ['text/plain; charset=utf-8', F.CRICKET],
          '/a/follow.txt': ['text/plain', F.CLASH_FOLLOW_UP],
          '/a/latin1.html': ['text/html', F.LATIN1_PAGE],
        };
        const found = pages[p];
        if (found) return send(found[0], found[1]);
        res.writeHead(404).end('not found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      database = await backend.open();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-feeds-'));
      const config = parseConfig({ TRUCELINE_DATA_DIR: dataDir, TRUCELINE_LOG_LEVEL: 'silent' });
      services = createServices(
        database,
        { ...config, osint: { ...config.osint, allowLoopback: true, fetchTimeoutMs: 500 } },
        () => clock.now,
      );
      strict = createServices(database, config, () => clock.now);
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await services.close();
      await strict.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('polls RSS and Atom: each entry fetched once, failed entries recorded, the rest read', async () => {
      const rssFeed = await services.osint.sources.add(
        { kind: 'feed', url: `${base}/rss.xml` },
        null,
      );
      const atomFeed = await services.osint.sources.add(
        { kind: 'feed', url: `${base}/atom.xml` },
        null,
      );
      expect(rssFeed.created).toBe(true);
      expect(rssFeed.source).toMatchObject({
        status: 'pending',
        nextPollAt: clock.now.toISOString(),
      });
      expect(rssFeed.item).toBeNull();
      // Adding a source is logged with it; adding the same address again is not a new source.
      const again = await services.osint.sources.add(
        { kind: 'feed', url: `${base}/rss.xml` },
        null,
      );
      expect(again.created).toBe(false);
      const sourceEntries = (await database.db.execute(
        sql`select record_id as id from log_pending where record_type = 'osint_source'`,
      )) as unknown as { rows: Array<{ id: string }> };
      expect(sourceEntries.rows.map((r) => r.id).sort()).toEqual(
        [rssFeed.source.id, atomFeed.source.id].sort(),
      );

      const results = await services.osint.feeds.pollDue();
      expect(results.map((r) => r.outcome)).toEqual(['updated', 'updated']);
      const rssBatch = results.find((r) => r.sourceId === rssFeed.source.id)?.batch;
      expect(rssBatch).toMatchObject({ ingested: 2, duplicates: 0, failed: 2 });
      expect(rssBatch?.items.filter((i) => i.outcome === 'failed').map((i) => i.error)).toEqual([
        'the server answered 404 Not Found',
        expect.stringMatching(/169\.254\.169\.254 .*link-local.*only public addresses/),
      ]);
      const atomBatch = results.find((r) => r.sourceId === atomFeed.source.id)?.batch;
      // The Atom feed syndicates the RSS feed's first report: known by its address, not fetched.
      expect(atomBatch).toMatchObject({ ingested: 2, duplicates: 1, failed: 0 });
      expect(pageRequests('/a/dawn.html')).toBe(1);

      const listed = await services.osint.sources.list();
      expect(listed.find((s) => s.id === rssFeed.source.id)).toMatchObject({
        status: 'ok',
        failures: 0,
        lastError: null,
        title: 'Frontier wire',
        articleCount: 2,
        nextPollAt: new Date(clock.now.getTime() + 30 * 60_000).toISOString(),
      });
      const stories = await services.osint.stories.list({});
      expect(stories.items.find((s) => s.label.includes('Torkham'))?.articleCount).toBe(3);
    });

    it('asks again with the validators it was given and takes a 304 as "nothing new"', async () => {
      expect(await services.osint.feeds.pollDue()).toEqual([]);
      later(31);
      const before = seen.length;
      const results = await services.osint.feeds.pollDue();
      expect(results.map((r) => r.outcome)).toEqual(['not_modified', 'not_modified']);
      const asked = seen.slice(before);
      expect(asked.map((s) => s.path).sort()).toEqual(['/atom.xml', '/rss.xml']);
      expect(asked.find((s) => s.path === '/rss.xml')?.ifNoneMatch).toBe(RSS_ETAG_1);
      expect(asked.find((s) => s.path === '/atom.xml')?.ifModifiedSince).toBe(ATOM_MODIFIED);
    });

    it('reads only the new entry when a feed changes', async () => {
      rssVersion = 2;
      later(31);
      const results = await services.osint.feeds.pollDue();
      const updated = results.find((r) => r.outcome === 'updated');
      expect(updated?.batch).toMatchObject({ ingested: 1, duplicates: 0, failed: 0 });
      for (const p of ['/a/dawn.html', '/a/agency.html', '/a/missing.html', '/a/follow.txt'])
        expect(pageRequests(p)).toBe(1);
    });

    it('marks a feed that answers garbage as failing and backs off exponentially', async () => {
      const { source } = await services.osint.sources.add(
        { kind: 'feed', url: `${base}/garbage.xml` },
        null,
      );
      const [first] = await services.osint.feeds.pollDue();
      expect(first).toMatchObject({ sourceId: source.id, outcome: 'failed' });
      let row = (await services.osint.sources.list()).find((s) => s.id === source.id);
      expect(row).toMatchObject({ status: 'failing', failures: 1 });
      expect(row?.lastError).toMatch(/not an RSS or Atom feed/);
      expect(row?.nextPollAt).toBe(new Date(clock.now.getTime() + 60 * 60_000).toISOString());
      later(61);
      await services.osint.feeds.poll(source.id);
      row = (await services.osint.sources.list()).find((s) => s.id === source.id);
      expect(row).toMatchObject({ status: 'failing', failures: 2 });
      expect(row?.nextPollAt).toBe(new Date(clock.now.getTime() + 120 * 60_000).toISOString());
    });

    it('tries an entry again after a passing fault, and gives up after three attempts', async () => {
      const { source } = await services.osint.sources.add(
        { kind: 'feed', url: `${base}/flaky.xml` },
        null,
      );
      const errors = (r: Awaited<ReturnType<typeof services.osint.feeds.poll>>) =>
        (r.batch?.items ?? []).map((i) => [i.name.replace(base, ''), i.outcome, i.error]);
      const first = await services.osint.feeds.poll(source.id);
      expect(errors(first)).toEqual([
        [
          '/a/flaky.txt',
          'failed',
          'the server answered 503 Service Unavailable; will try again (attempt 1 of 3)',
        ],
        [
          '/a/down.txt',
          'failed',
          'the server answered 503 Service Unavailable; will try again (attempt 1 of 3)',
        ],
      ]);
      const second = await services.osint.feeds.poll(source.id);
      expect(errors(second)).toEqual([
        ['/a/flaky.txt', 'ingested', null],
        [
          '/a/down.txt',
          'failed',
          'the server answered 503 Service Unavailable; will try again (attempt 2 of 3)',
        ],
      ]);
      const third = await services.osint.feeds.poll(source.id);
      expect(errors(third)).toEqual([
        [
          '/a/down.txt',
          'failed',
          'the server answered 503 Service Unavailable; gave up after 3 attempts',
        ],
      ]);
      // Nothing left to try: the feed is asked conditionally again and the page not at all.
      const fourth = await services.osint.feeds.poll(source.id);
      expect(fourth.outcome).toBe('not_modified');
      expect(pageRequests('/a/down.txt')).toBe(3);
      expect(pageRequests('/a/flaky.txt')).toBe(2);
    });

    it('gives up on a feed that does not answer in time, and says so', async () => {
      const { source } = await services.osint.sources.add(
        { kind: 'feed', url: `${base}/slow.xml` },
        null,
      );
      const started = Date.now();
      const result = await services.osint.feeds.poll(source.id);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result).toMatchObject({ outcome: 'failed' });
      expect(result.error).toMatch(/within 500 ms \(timed out\)/);
      const row = (await services.osint.sources.list()).find((s) => s.id === source.id);
      expect(row).toMatchObject({ status: 'failing', failures: 1 });
    });

    it('reads a single page once, however often it is added', async () => {
      const url = `${base}/a/latin1.html`;
      const first = await services.osint.sources.add({ kind: 'url', url }, null);
      expect(first.item).toMatchObject({ outcome: 'ingested', error: null });
      expect(first.source).toMatchObject({ kind: 'url', status: 'ok', articleCount: 1 });
      const article = await services.osint.articles.get(first.item?.articleId ?? '');
      expect(article).toMatchObject({ charset: 'windows-1252', originalUrl: url });
      const again = await services.osint.sources.add({ kind: 'url', url }, null);
      expect(again.created).toBe(false);
      expect(again.item).toMatchObject({ outcome: 'duplicate', articleId: article.id });
      expect(pageRequests('/a/latin1.html')).toBe(1);
    });

    it('records a page that cannot be had on its source', async () => {
      const { source, item } = await services.osint.sources.add(
        { kind: 'url', url: `${base}/a/nothing-here` },
        null,
      );
      expect(item).toMatchObject({ outcome: 'failed', error: 'the server answered 404 Not Found' });
      expect(source).toMatchObject({ status: 'failing', lastError: item?.error });
    });

    it('follows no redirect to an address that is not public', async () => {
      await expect(
        safeFetch(`${base}/redirect`, { timeoutMs: 1000, maxBytes: 1000, allowLoopback: true }),
      ).rejects.toThrow(/10\.0\.0\.1 .*private/);
    });

    it('refuses loopback itself when the configuration does not allow it', async () => {
      await expect(
        strict.osint.sources.add({ kind: 'feed', url: `${base}/rss.xml` }, null),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'body.url', message: expect.stringMatching(/loopback/) }],
      });
      await expect(
        safeFetch(`${base}/rss.xml`, { timeoutMs: 1000, maxBytes: 1000, allowLoopback: false }),
      ).rejects.toThrow(/127\.0\.0\.1 .*loopback/);
    });
  });
}
