/**
 * No page shows what the signed-in role may not see, checked against the server's own answers
 * from the same browser session. For the public, an observer, each party's liaison officer, the
 * field monitor and a mediator, in a real browser on the demo (plus intelligence shared by
 * Pakistan with the mediators only, and with Afghanistan too):
 *
 * - each list page (complaints, commitments, intelligence, handovers) links to exactly the records
 *   the API lists for that session: no more (a leak) and no fewer (the page hides nothing the
 *   server allows, so the browser holds no second copy of the permissions);
 * - every record a mediator may see and the role may not is opened by its address: the API says
 *   404 for that session and the page shows neither its title nor anything else of it.
 *
 * The API truth is read with `page.request`, which carries the page's own session cookie.
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
  type DemoPerson,
} from './browser-harness.ts';

/** A list page, the API that lists what it shows, and how to tell one of its records. */
interface Area {
  readonly name: string;
  readonly page: string;
  readonly api: string;
  /** Only signed-in members see the page at all. */
  readonly membersOnly: boolean;
}

const AREAS: readonly Area[] = [
  {
    name: 'complaints',
    page: '/complaints',
    api: '/api/v1/complaints?limit=100',
    membersOnly: false,
  },
  {
    name: 'commitments',
    page: '/commitments',
    api: '/api/v1/commitments?limit=200',
    membersOnly: false,
  },
  { name: 'intel', page: '/intel', api: '/api/v1/intel?limit=200', membersOnly: true },
  { name: 'handovers', page: '/handovers', api: '/api/v1/handovers', membersOnly: true },
];

type Who = DemoPerson | 'public';
const EVERYONE: readonly Who[] = ['public', 'observer', 'pk', 'af', 'monitor', 'tr'];

interface Listed {
  readonly id: string;
  readonly title: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The records the API lists for the page's session (an empty list when it refuses). */
async function apiList(page: Page, area: Area): Promise<Listed[]> {
  const res = await page.request.get(area.api);
  if (res.status() === 401 || res.status() === 403) return [];
  expect(res.status(), `${area.api}: ${await res.text()}`).toBe(200);
  const body = (await res.json()) as { items: Record<string, unknown>[] };
  return body.items.map((item) => ({
    id: String(item['id']),
    title: String(item['title'] ?? item['reference'] ?? item['id']),
  }));
}

/** The record ids the page links to, once its list (or its "none" message) has loaded. */
async function linkedIds(page: Page, area: Area): Promise<string[]> {
  await page.goto(area.page);
  await page.locator('main h1, main [role="alert"]').first().waitFor(WAIT);
  await page.waitForFunction(
    () => !(document.body as { textContent: string }).textContent.includes('Loading…'),
    null,
    WAIT,
  );
  const hrefs = await page
    .locator(`main a[href^="/${area.page.slice(1)}/"]`)
    .evaluateAll((links) => links.map((a) => (a as unknown as { pathname: string }).pathname));
  const pattern = new RegExp(`^${area.page}/(${UUID})$`);
  return [...new Set(hrefs.flatMap((h) => pattern.exec(h)?.[1] ?? []))].sort();
}

declare const document: { readonly body: unknown };

describe.skipIf(browserSkipped('page-authorization'))(
  'pages against the server’s permissions',
  () => {
    let harness: BrowserHarness | undefined;
    const pages = new Map<Who, Page>();
    const as = async (who: Who): Promise<Page> => {
      const existing = pages.get(who);
      if (existing) return existing;
      const page =
        who === 'public' ? await harness!.newPage('public') : await harness!.signedIn(who);
      pages.set(who, page);
      return page;
    };
    /** Everything a mediator sees, by area: the superset the others are checked against. */
    const everything = new Map<string, Listed[]>();

    beforeAll(async () => {
      harness = await startBrowserHarness({ name: 'page-authz' });
      // Intelligence from Pakistan: one for the mediators only, one released to Afghanistan too.
      const pk = await as('pk');
      const session = (await (await pk.request.get('/api/v1/auth/session')).json()) as {
        csrfToken: string;
      };
      const organisations = (await (await pk.request.get('/api/v1/organisations')).json()) as {
        items: { id: string; shortName: string }[];
      };
      const afg = organisations.items.find((o) => o.shortName === 'AFG');
      for (const [title, releasedTo] of [
        ['[Test] TTP movement near Bajaur, for the mediators', []],
        ['[Test] BLA cell near Chaman, for Kabul too', [afg!.id]],
      ] as const) {
        const res = await pk.request.post('/api/v1/intel', {
          headers: { 'x-csrf-token': session.csrfToken },
          data: {
            title,
            body: 'Sighted by border posts over three nights.',
            language: 'en',
            releasedTo,
          },
        });
        expect(res.status(), await res.text()).toBe(201);
      }
      const mediator = await as('tr');
      for (const area of AREAS) everything.set(area.name, await apiList(mediator, area));
      // The demo and the test data give every area something the mediators see.
      for (const area of AREAS)
        expect(everything.get(area.name)!.length, area.name).toBeGreaterThan(0);
    }, SETUP);

    afterAll(async () => harness?.close());

    for (const who of EVERYONE) {
      it(
        `${who}: each list page links to exactly what the API lists for the session`,
        async () => {
          const page = await as(who);
          for (const area of AREAS) {
            const allowed = (await apiList(page, area)).map((r) => r.id).sort();
            const shown = await linkedIds(page, area);
            if (who === 'public' && area.membersOnly) {
              expect(shown, area.name).toEqual([]);
              continue;
            }
            expect(shown, `${who} on ${area.page}`).toEqual(allowed);
          }
        },
        LONG,
      );

      // A mediator sees everything here: there is nothing hidden to open.
      if (who === 'tr') continue;
      it(
        `${who}: what only others may see is refused by the API and shown nowhere on its page`,
        async () => {
          const page = await as(who);
          let checked = 0;
          for (const area of AREAS) {
            const allowed = new Set((await apiList(page, area)).map((r) => r.id));
            const hidden = everything.get(area.name)!.filter((r) => !allowed.has(r.id));
            for (const record of hidden) {
              const api = await page.request.get(`${area.api.split('?')[0]}/${record.id}`);
              expect([401, 403, 404], `${who} GET ${area.name}/${record.id}`).toContain(
                api.status(),
              );
              await page.goto(`${area.page}/${record.id}`);
              // The page has answered once it shows a heading or a problem.
              await page.locator('main h1, main [role="alert"]').first().waitFor(WAIT);
              await page.waitForFunction(
                () => !(document.body as { textContent: string }).textContent.includes('Loading…'),
                null,
                WAIT,
              );
              const text = (await page.locator('main').textContent()) ?? '';
              expect(text, `${who} on ${area.page}/${record.id}`).not.toContain(record.title);
              checked += 1;
            }
          }
          // Every role but the mediators' is kept from something in this data.
          expect(checked).toBeGreaterThan(0);
        },
        LONG,
      );
    }

    it('had no CSP violations or page errors', () => {
      expect(harness?.problems).toEqual([]);
    });
  },
);
