/**
 * The news pages in a real browser (Debian's Chromium driven by playwright-core) against the real
 * server with the demo loaded:
 *
 * 1. a mediator uploads two reports of one clash (one a copy of the other) and a follow-up with
 *    its address from the news list, which then shows the clash's story with its outlets and
 *    independent origins;
 * 2. the story shows both outlets, the timeline with the stored copies, the claims and who makes
 *    them, and suggested cases;
 * 3. an observer (no `osint.read`) has no News link and is told the page is not available;
 * 4. "Open a complaint from this story" lands on the filing form with the title, time and
 *    narrative filled in; once filed, the complaint has the article's address as an evidence link.
 *
 * axe-core (WCAG 2.x A and AA rules) runs on both pages and must find nothing. Fails on any
 * Content-Security-Policy violation or uncaught page error; skipped without /usr/bin/chromium
 * unless TRUCELINE_REQUIRE_BROWSER=1.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipped,
  LONG,
  SETUP,
  startBrowserHarness,
  WAIT,
  type BrowserHarness,
} from './browser-harness.ts';
import { CLASH_COPY, CLASH_DAWN, CLASH_FOLLOW_UP } from '../osint/ingest-fixtures.ts';

const skip = browserSkipped('news-pages');

describe.skipIf(skip)('news pages in Chromium', () => {
  let harness: BrowserHarness | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'news' });
  }, SETUP);

  afterAll(async () => harness?.close());

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
  const stories = (page: Page) => page.getByRole('list', { name: 'News stories' });

  it(
    'a mediator uploads reports and the list shows their story',
    async () => {
      const page = await harness!.signedIn('tr');
      await nav(page).getByRole('link', { name: 'News', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'News stories' }).waitFor(WAIT);
      await page.getByText('No stories yet.').waitFor(WAIT);
      for (const [name, body] of [
        ['clash.html', CLASH_DAWN],
        ['copy.html', CLASH_COPY],
        ['follow-up.txt', CLASH_FOLLOW_UP],
      ] as const) {
        await page.getByLabel('Saved article (HTML or text)').setInputFiles({
          name,
          mimeType: name.endsWith('.txt') ? 'text/plain' : 'text/html',
          buffer: Buffer.from(body),
        });
        await page.getByRole('button', { name: 'Upload', exact: true }).click();
        await page
          .getByRole('status')
          .getByText(/^Article stored: /)
          .waitFor(WAIT);
      }
      const story = stories(page).getByRole('listitem').filter({ hasText: 'articles: 3' });
      await story.waitFor(WAIT);
      await expect.poll(() => story.textContent(), WAIT).toMatch(/outlets: 3/);
      expect(await story.textContent()).toMatch(/independent origins: 2/);
      await harness!.expectAccessible(page, 'news list');
    },
    LONG,
  );

  it(
    'the story shows its outlets, timeline, claims, quotes and suggested cases',
    async () => {
      const page = await harness!.signedIn('tr');
      await stories(page)
        .getByRole('listitem')
        .filter({ hasText: 'articles: 3' })
        .getByRole('link')
        .click();
      await page.getByRole('heading', { level: 1, name: /Torkham/ }).waitFor(WAIT);
      await page
        .getByText(/Frontier Post, Peshawar Times|Peshawar Times, Frontier Post/)
        .first()
        .waitFor(WAIT);
      const timeline = page.getByRole('list', { name: 'Timeline of articles' });
      await expect.poll(() => timeline.getByRole('listitem').count(), WAIT).toBe(3);
      await timeline.getByText(/^Same origin as: /).waitFor(WAIT);
      const raw = timeline.getByRole('link', { name: 'Download the stored copy' }).first();
      expect(await raw.getAttribute('href')).toMatch(
        /^\/api\/v1\/osint\/articles\/[0-9a-f-]+\/raw$/,
      );
      const claims = page.locator('section[aria-labelledby="story-claims"]');
      await claims
        .getByText(/independent origins carrying it: 1/)
        .first()
        .waitFor(WAIT);
      // Quotes are grouped by speaker and shown as text.
      await page
        .locator('section[aria-labelledby="story-quotes"]')
        .getByText(/^said that |^“|No quotes were found in the articles\./)
        .first()
        .waitFor(WAIT);
      await page.locator('section[aria-labelledby="story-contradictions"]').waitFor(WAIT);
      // The places the reports name, on the map and in the list, in the reader's language.
      const clues = page.locator('section[aria-labelledby="story-clues"]');
      await clues.getByRole('list', { name: 'Places' }).getByText('Torkham').first().waitFor(WAIT);
      await clues
        .getByRole('img', { name: /Map of the places the reports name: .*Torkham/ })
        .waitFor(WAIT);
      expect(await clues.locator('circle[data-place]').count()).toBeGreaterThan(0);
      await page
        .locator('section[aria-labelledby="story-matches"]')
        .getByText(/match \d+%|No complaint or observation you may see fits this story\./)
        .first()
        .waitFor(WAIT);
      await harness!.expectAccessible(page, 'story');
    },
    LONG,
  );

  it(
    'an observer has no News link and is told the page is not available',
    async () => {
      const page = await harness!.signedIn('observer');
      await nav(page).waitFor(WAIT);
      expect(await nav(page).getByRole('link', { name: 'News', exact: true }).count()).toBe(0);
      await page.goto('/news');
      await page.getByRole('heading', { level: 1, name: 'Not available' }).waitFor(WAIT);
      expect(await page.getByRole('list', { name: 'News stories' }).count()).toBe(0);
    },
    LONG,
  );

  it(
    'opening a complaint from a story fills in the form, and filing adds the article as a link',
    async () => {
      const page = await harness!.signedIn('tr');
      await nav(page).getByRole('link', { name: 'News', exact: true }).click();
      await stories(page)
        .getByRole('link', { name: /Torkham/ })
        .click();
      // The follow-up reports the same clash, so it is in the story its first report names.
      const title = 'Border clash at Torkham crossing kills three soldiers';
      await page.getByRole('heading', { level: 1, name: title }).waitFor(WAIT);
      const original = page.getByRole('link', {
        name: 'https://www.tribune.example/torkham-closed',
      });
      expect(await original.getAttribute('href')).toBe(
        'https://www.tribune.example/torkham-closed',
      );
      expect(await original.getAttribute('rel')).toBe('noopener noreferrer');
      await page.getByRole('button', { name: 'Open a complaint from this story' }).click();
      await page.getByRole('heading', { level: 1, name: 'File a complaint' }).waitFor(WAIT);
      expect(new URL(page.url()).pathname).toBe('/complaints/new');
      const titleField = page.getByLabel('Title', { exact: true });
      await expect.poll(() => titleField.inputValue(), WAIT).toBe(title);
      expect(await page.getByLabel('What happened, in your words').inputValue()).toContain(title);
      expect(await page.getByLabel('From', { exact: true }).inputValue()).toMatch(/^2025-10-2\d/);

      // The rest of the filing by hand; the article's address becomes an evidence link.
      await page.getByLabel('Category').selectOption({ label: 'Shelling or artillery fire' });
      await page.getByRole('checkbox', { name: /Any cross-border attack/ }).check();
      const afghan = await page
        .getByLabel('Accused party')
        .locator('option', { hasText: 'Afghanistan' })
        .getAttribute('value');
      await page.getByLabel('Accused party', { exact: true }).selectOption(afghan!);
      await page.getByRole('button', { name: 'File the complaint' }).click();
      await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/, WAIT);
      await page.getByRole('heading', { level: 1, name: title }).waitFor(WAIT);
      const evidence = page.getByRole('region', { name: 'Evidence' });
      await evidence.getByText('https://www.tribune.example/torkham-closed').first().waitFor(WAIT);
    },
    LONG,
  );

  it('had no CSP violations or page errors', () => {
    expect(harness?.problems).toEqual([]);
  });
});
