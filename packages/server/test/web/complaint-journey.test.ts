/**
 * A complaint's whole journey through the web app, in a real browser (Debian's Chromium driven
 * by playwright-core) against the real server started in-process on a fresh embedded database
 * with the demo loaded:
 *
 * 1. the Pakistani liaison officer files a complaint with a photo (shared with "my side and the
 *    mediators" only), after the form refused an empty submission field by field; a click on the
 *    form's offline map sets the coordinates and names the nearest gazetteer place;
 * 2. the Afghan liaison officer cannot see it; a mediator registers it (a second mediator's
 *    stale form meets a version conflict, keeps its text and reloads) and opens the reply window;
 * 3. the Afghan officer is notified, sees the complaint and the deadline, loses the connection
 *    while replying (the text is kept), replies, and adds counter-evidence (a PDF), a witness
 *    statement (kept through a lost connection, and recorded once when the server's answer was
 *    lost: the form sends it again under the same idempotency key) and a link (sent once however
 *    often clicked);
 * 4. a mediator tasks an investigation to the monitor, picked by name from the investigators the
 *    server lists (one the server no longer accepts is refused at the team's field), the monitor
 *    reports, a mediator drafts a finding, both mediators sign off, and the
 *    finding is issued;
 * 5. the mediator publishes the complaint: the public (signed out) sees only what was published,
 *    and the record is "verified in the log", checked in the browser;
 * 6. the key pages in Urdu are laid out right to left; text typed as HTML stays text;
 * 7. the first visit follows the browser's language, and a user's language switch is stored with
 *    their account: signing in again in a fresh browser brings it back.
 *
 * Set up by browser-harness.ts. axe-core (WCAG 2.x A and AA rules) runs on every key page and must
 * find nothing. Screenshots go to TRUCELINE_ARTIFACTS_DIR (default: a directory under the system's
 * temp dir, printed); TRUCELINE_SCREENSHOT=1 also writes docs/screenshot-complaint.png. Like the
 * other browser suites, it fails on any Content-Security-Policy violation or uncaught page error
 * (and on any dialog a page opens), and is skipped without /usr/bin/chromium unless
 * TRUCELINE_REQUIRE_BROWSER=1.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nearestPlace } from '@truceline/domain';
import {
  browserSkipped,
  LONG,
  SETUP,
  startBrowserHarness,
  submitSignIn,
  WAIT,
  type BrowserHarness,
  type DemoPerson,
} from './browser-harness.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../../../..');
const PHOTO = path.resolve(HERE, '../blobs/fixtures/photo.jpg');
const DOCS_SCREENSHOT = path.join(REPO_ROOT, 'docs/screenshot-complaint.png');
const ARTIFACTS =
  process.env['TRUCELINE_ARTIFACTS_DIR'] ?? path.join(os.tmpdir(), 'truceline-journey-artifacts');
const TITLE = 'Mortar fire on the Torkham bazaar';
const XSS_TITLE = '<img src=x onerror=alert(1)>';
const VERIFIED = /^Verified in the log \(entry \d+ of \d+\)$/;
const MESSAGES = path.resolve(REPO_ROOT, 'packages/web/src/platform/i18n/messages');
/** The web app's message in a language, as its message file has it. */
const message = (lang: string, key: string) =>
  (
    JSON.parse(fs.readFileSync(path.join(MESSAGES, `${lang}.json`), 'utf8')) as Record<
      string,
      string
    >
  )[key]!;
const ZERO_ID = '00000000-0000-4000-8000-000000000000';
/** Initial JavaScript budget (gzipped) for the first page load. */
const INITIAL_JS_BUDGET = 300 * 1024;
/** Observations drawn on the map in the scale check. */
const OBSERVATIONS_ON_MAP = 100_000;

/** What the callbacks passed to `page.evaluate` use; they run in the page (this tsconfig has no DOM). */
declare const document: {
  readonly documentElement: { readonly dir: string; readonly lang: string };
  querySelector(selector: string): unknown;
};
declare function getComputedStyle(element: unknown): { direction: string };

const skip = browserSkipped('complaint-journey');

/** A small valid PDF (the server types files by their content). */
function tinyPdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
      '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n' +
      'trailer<</Root 1 0 R>>\n%%EOF\n',
  );
}

describe.skipIf(skip)('a complaint journey in Chromium', () => {
  let harness: BrowserHarness | undefined;
  const h = () => harness!;
  let publicPage: Page | undefined;
  let complaintPath = '';

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    console.info(`complaint-journey: screenshots in ${ARTIFACTS}`);
    harness = await startBrowserHarness({ name: 'journey' });
  }, SETUP);

  afterAll(async () => harness?.close());

  /** A browser of its own for each person (its own cookies), signed in unless `public`. */
  async function as(who: DemoPerson | 'public'): Promise<Page> {
    if (who !== 'public') return h().signedIn(who);
    if (!publicPage) {
      publicPage = await h().newPage('public');
      await publicPage.goto('/');
    }
    return publicPage;
  }

  const expectAccessible = (page: Page, name: string) => h().expectAccessible(page, name);

  async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
    await page.mouse.move(0, 0);
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage });
    return file;
  }

  const actions = (page: Page) => page.getByRole('list', { name: 'Actions' });
  const form = (page: Page, name: string) => page.getByRole('form', { name, exact: true });

  /** Opens a command's form from the Actions list and returns it. */
  async function openAction(page: Page, name: string) {
    await actions(page).getByRole('button', { name, exact: true }).click();
    const f = form(page, name);
    await f.waitFor(WAIT);
    return f;
  }

  async function expectState(page: Page, state: string) {
    await page.locator(`.complaint-badges [data-state="${state}"]`).waitFor(WAIT);
  }

  /** The complaint's evidence with `title`, as the API lists it to the page's user. */
  async function evidenceTitled(page: Page, title: string) {
    const id = complaintPath.split('/').pop()!;
    const res = await page.request.get(`/api/v1/complaints/${id}/evidence`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { items: { id: string; title: string }[] };
    return body.items.filter((item) => item.title === title);
  }

  it('keeps the initial JavaScript under 300 KB gzipped', () => {
    const html = fs.readFileSync(path.join(h().webDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce(
      (sum, s) => sum + gzipSync(fs.readFileSync(path.join(h().webDir, s))).length,
      0,
    );
    console.info(`complaint-journey: initial JavaScript ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThan(INITIAL_JS_BUDGET);
    // The map (d3-geo, supercluster, the basemap) is a chunk of its own, not in the first load.
    expect(
      fs.readdirSync(path.join(h().webDir, 'assets')).some((f) => f.startsWith('map-page')),
    ).toBe(true);
  });

  it(
    'a Pakistani liaison officer files a complaint with a photo',
    async () => {
      const page = await as('pk');
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'File a complaint' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'File a complaint' }).waitFor(WAIT);
      await expectAccessible(page, 'file form');

      // The browser checks the body with the API's own schema: an empty form is refused, field by field.
      await page.getByRole('button', { name: 'File the complaint' }).click();
      const title = page.getByLabel('Title', { exact: true });
      await expect.poll(() => title.getAttribute('aria-invalid'), WAIT).toBe('true');
      await page.getByText('Enter at least 3 characters.').waitFor(WAIT);
      await page.getByText('Choose at least one.').waitFor(WAIT);

      await title.fill(TITLE);
      await page.getByLabel('Category').selectOption({ label: 'Shelling or artillery fire' });
      await page
        .getByRole('checkbox', { name: /Both parties observe an immediate ceasefire/ })
        .check();
      await page.getByRole('checkbox', { name: /Any cross-border attack/ }).check();
      const afghan = await page
        .getByLabel('Accused party')
        .locator('option', { hasText: 'Afghanistan' })
        .getAttribute('value');
      await page.getByLabel('Accused party', { exact: true }).selectOption(afghan!);
      await page.getByLabel('From', { exact: true }).fill('2026-11-20T06:30');

      // A click on the offline map sets the coordinates and names the nearest gazetteer place.
      const latitude = page.getByLabel('Latitude (decimal degrees)');
      const longitude = page.getByLabel('Longitude (decimal degrees)');
      const map = page.getByRole('img', { name: /click to place the incident/ });
      await map.waitFor(WAIT);
      // The basemap's countries are drawn (from the app's own copy of Natural Earth).
      await expect.poll(() => map.locator('path').count(), WAIT).toBeGreaterThan(1);
      const box = (await map.boundingBox())!;
      await map.click({ position: { x: box.width * 0.45, y: box.height * 0.4 } });
      await expect.poll(() => latitude.inputValue(), WAIT).not.toBe('');
      const clicked = {
        latitude: Number(await latitude.inputValue()),
        longitude: Number(await longitude.inputValue()),
      };
      // Inside the region the map shows (south, north; west, east), to four decimals.
      expect(clicked.latitude).toBeGreaterThan(22.5);
      expect(clicked.latitude).toBeLessThan(39.5);
      expect(clicked.longitude).toBeGreaterThan(58);
      expect(clicked.longitude).toBeLessThan(79);
      expect(String(clicked.latitude)).toMatch(/^\d+(\.\d{1,4})?$/);
      expect(await page.getByLabel('How precise is the place').inputValue()).toBe('approximate');
      const near = nearestPlace(clicked)!;
      await page.getByText(`Nearest place: ${near.place.name}, `).waitFor(WAIT);
      // Taking the nearest place instead puts its own coordinates in the fields.
      await page.getByRole('button', { name: `Use ${near.place.name}`, exact: true }).click();
      await expect.poll(() => latitude.inputValue(), WAIT).toBe(String(near.place.latitude));
      expect(await longitude.inputValue()).toBe(String(near.place.longitude));
      await page.getByText(`Chosen: ${near.place.name}.`).waitFor(WAIT);
      // Zooming in centres on the point, so a click in the middle lands close to it.
      await page.getByRole('button', { name: 'Zoom in', exact: true }).click();
      await page.getByRole('button', { name: 'Zoom in', exact: true }).click();
      await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
      await expect
        .poll(async () => Math.abs(Number(await latitude.inputValue()) - near.place.latitude), WAIT)
        .toBeLessThan(0.05);
      expect(Math.abs(Number(await longitude.inputValue()) - near.place.longitude)).toBeLessThan(
        0.05,
      );
      await expectAccessible(page, 'file form with the map');
      await screenshot(page, 'file-form-map');

      // The gazetteer search, for keyboards (and for this complaint: Torkham).
      await page.getByRole('combobox', { name: 'Find a place' }).fill('Torkham');
      await page
        .getByRole('option', { name: /Torkham/ })
        .first()
        .click();
      await expect.poll(() => latitude.inputValue(), WAIT).toMatch(/^34\./);
      await page.getByRole('button', { name: 'Add a casualty figure' }).click();
      await page.getByLabel('Killed').fill('1');
      await page.getByLabel('Injured').fill('3');
      await page.getByLabel('Reported by').fill('Landi Kotal hospital');
      await page
        .getByLabel('What happened, in your words')
        .fill('Mortar rounds fired from across the border hit the bazaar at dawn.');
      await page.getByRole('radio', { name: /My side and the mediators/ }).check();
      await page.getByLabel('Evidence files').setInputFiles(PHOTO);
      await page.getByRole('button', { name: 'File the complaint' }).click();

      await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/, WAIT);
      complaintPath = new URL(page.url()).pathname;
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor(WAIT);
      await expectState(page, 'received');

      // The photo is previewed from the evidence store, with its SHA-256.
      const sha256 = createHash('sha256').update(fs.readFileSync(PHOTO)).digest('hex');
      const evidence = page.getByRole('region', { name: 'Evidence' });
      await evidence.getByText(sha256).waitFor(WAIT);
      const image = evidence.getByRole('img', { name: /Evidence photo/ });
      await image.waitFor(WAIT);
      await expect
        .poll(
          () => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
          WAIT,
        )
        .toBeGreaterThan(0);
      // The chain of custody names who added it.
      await evidence.getByText('Chain of custody').click();
      await evidence.getByText('Added', { exact: true }).first().waitFor(WAIT);
      await expectAccessible(page, 'complaint page (filer)');
    },
    LONG,
  );

  it(
    'the Afghan officer cannot see it before the reply window opens',
    async () => {
      const page = await as('af');
      await page.goto(complaintPath);
      await page.getByRole('heading', { level: 1, name: 'Complaint not available' }).waitFor(WAIT);
      await page.goto('/complaints');
      await page.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor(WAIT);
      await page.getByRole('region', { name: 'Results' }).getByRole('table').waitFor(WAIT);
      expect(await page.getByRole('link', { name: TITLE }).count()).toBe(0);
    },
    LONG,
  );

  it(
    'a mediator registers it; a stale form meets a version conflict and keeps its text',
    async () => {
      const qa = await as('qa');
      await qa.goto(complaintPath);
      await expectState(qa, 'received');
      const stale = await openAction(qa, 'Register');
      await stale.getByLabel('Reason').fill('Within the mandate (Qatar)');

      const tr = await as('tr');
      await tr.goto(complaintPath);
      await expectState(tr, 'received');
      const register = await openAction(tr, 'Register');
      await register.getByLabel('Reason').fill('Within the mandate');
      await register.getByRole('button', { name: 'Register' }).click();
      await expectState(tr, 'registered');

      // The second mediator's form still holds version 1: the server refuses, the text stays.
      await stale.getByRole('button', { name: 'Register' }).click();
      await stale.getByText('The complaint changed while you were working').waitFor(WAIT);
      expect(await stale.getByLabel('Reason').inputValue()).toBe('Within the mandate (Qatar)');
      await stale.getByRole('button', { name: 'Reload the complaint' }).click();
      await expectState(qa, 'registered');
      // Registering is no longer offered; the actions are exactly what the server allows now.
      expect(await actions(qa).getByRole('button', { name: 'Register', exact: true }).count()).toBe(
        0,
      );
      await actions(qa).getByRole('button', { name: 'Open the reply window' }).waitFor(WAIT);
      await screenshot(qa, 'mediator-after-conflict');

      const open = await openAction(tr, 'Open the reply window');
      await open.getByLabel('Reason').fill('Kabul to answer within the agreed window');
      await open.getByRole('button', { name: 'Open the reply window' }).click();
      await expectState(tr, 'awaiting_reply');
      await tr.getByText('Reply due').waitFor(WAIT);
      await expectAccessible(tr, 'complaint page (mediator)');
    },
    LONG,
  );

  it(
    'the Afghan officer is notified, sees the deadline, and replies with counter-evidence',
    async () => {
      const page = await as('af');
      await page.goto('/');
      const inboxLink = page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: /Inbox/ });
      await expect.poll(() => inboxLink.textContent(), WAIT).toMatch(/unread/);
      await inboxLink.click();
      await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor(WAIT);
      const notice = page
        .getByRole('listitem')
        .filter({ hasText: 'A complaint names your party' })
        .filter({ hasText: TITLE });
      await notice.waitFor(WAIT);
      await expectAccessible(page, 'inbox');
      await notice.getByRole('button', { name: /Mark read/ }).click();
      await expect
        .poll(() => notice.getByRole('button', { name: /Mark read/ }).count(), WAIT)
        .toBe(0);
      await notice.getByRole('link').click();

      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor(WAIT);
      await expectState(page, 'awaiting_reply');
      // The deadline, relative and absolute, for the accused side too.
      const deadline = page.locator('.deadline');
      await deadline.waitFor(WAIT);
      expect(await deadline.textContent()).toMatch(/Reply due\s*in (9|10) days/);
      expect(await deadline.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
      // The photo was shared with everyone who may see the complaint.
      await page
        .getByRole('region', { name: 'Evidence' })
        .getByRole('img', { name: /Evidence photo/ })
        .waitFor(WAIT);

      // The connection drops while replying: nothing is lost.
      const reply = await openAction(page, 'Reply');
      const text =
        'Our posts did not fire. The shells came from a militant position inside Pakistan.';
      await reply.getByLabel('Your reply').fill(text);
      await page.context().setOffline(true);
      await reply.getByRole('button', { name: 'Send the reply' }).click();
      await reply.getByText('The connection was lost').waitFor(WAIT);
      expect(await reply.getByLabel('Your reply').inputValue()).toBe(text);
      await page.context().setOffline(false);
      await reply.getByRole('button', { name: 'Send the reply' }).click();
      await expectState(page, 'reply_received');
      await page
        .getByRole('region', { name: 'Reply of the accused party' })
        .getByText(text)
        .waitFor(WAIT);

      // Counter-evidence: a PDF, uploaded as the request body with its progress.
      const add = page.getByRole('form', { name: 'Add evidence' });
      await add.getByLabel('File', { exact: true }).setInputFiles({
        name: 'border-post-log.pdf',
        mimeType: 'application/pdf',
        buffer: tinyPdf(),
      });
      await add.getByLabel('Title', { exact: true }).fill('Border post log');
      await add.getByRole('button', { name: 'Upload' }).click();
      await add.getByText('Added: Border post log.').waitFor(WAIT);
      await page.getByRole('link', { name: 'Open the PDF border-post-log.pdf' }).waitFor(WAIT);
      await expectAccessible(page, 'complaint page (accused)');
    },
    LONG,
  );

  it(
    'the Afghan officer adds a witness statement and a link as evidence',
    async () => {
      const page = await as('af');
      await page.goto(complaintPath);
      await expectState(page, 'reply_received');
      const evidence = page.getByRole('region', { name: 'Evidence' });

      // A witness statement: refused empty, field by field, with the API's own schema and rule.
      await evidence.locator('summary', { hasText: 'Add a witness statement' }).click();
      const statement = form(page, 'Add a witness statement');
      await statement.waitFor(WAIT);
      await statement.getByRole('button', { name: 'Add the statement' }).click();
      const text = statement.getByLabel('Statement', { exact: true });
      await expect.poll(() => text.getAttribute('aria-invalid'), WAIT).toBe('true');
      expect(
        await statement.getByLabel('Title', { exact: true }).getAttribute('aria-invalid'),
      ).toBe('true');
      const words = 'ما ولیدل چې ګولۍ د پولې له هاخوا راغلې. زموږ پوستو ډزې نه دي کړې.';
      await statement.getByLabel('Title', { exact: true }).fill('Shopkeeper at the bazaar');
      await text.fill(words);
      await statement.getByLabel('Language of the text').selectOption('ps');
      await expectAccessible(page, 'statement form');
      // The connection drops: nothing sent, nothing lost.
      await page.context().setOffline(true);
      await statement.getByRole('button', { name: 'Add the statement' }).click();
      await statement.getByText('The connection was lost').waitFor(WAIT);
      expect(await text.inputValue()).toBe(words);
      await page.context().setOffline(false);
      // Now the connection drops after the server stored it, before its answer arrived.
      const statementUrl = '**/api/v1/complaints/*/evidence';
      let lose: (stored: { status: number; id: string }) => void = () => undefined;
      const answerLost = new Promise<{ status: number; id: string }>((resolve) => (lose = resolve));
      await page.route(statementUrl, async (route) => {
        if (route.request().method() !== 'POST') return route.fallback();
        const response = await route.fetch();
        const id = ((await response.json()) as { id: string }).id;
        await route.abort('connectionreset');
        lose({ status: response.status(), id });
      });
      await statement.getByRole('button', { name: 'Add the statement' }).click();
      const stored = await answerLost;
      expect(stored.status).toBe(201);
      await statement.getByText('The connection was lost').waitFor(WAIT);
      expect(await text.inputValue()).toBe(words);
      await page.unroute(statementUrl);
      // Sent again (same text, same key): the server answers from the first time, it is not
      // recorded twice.
      await statement.getByRole('button', { name: 'Add the statement' }).click();
      await statement.getByText('Added: Shopkeeper at the bazaar.').waitFor(WAIT);
      expect(await text.inputValue()).toBe('');
      expect((await evidenceTitled(page, 'Shopkeeper at the bazaar')).map((e) => e.id)).toEqual([
        stored.id,
      ]);
      const quote = evidence.locator('blockquote', { hasText: words });
      await quote.waitFor(WAIT);
      expect(await quote.getAttribute('lang')).toBe('ps');
      expect(
        await evidence.getByRole('heading', { name: 'Shopkeeper at the bazaar' }).count(),
      ).toBe(1);

      // A link: only web addresses; an address in another script is sent percent-encoded.
      await evidence.locator('summary', { hasText: 'Add a link' }).click();
      const link = form(page, 'Add a link');
      await link.waitFor(WAIT);
      const url = link.getByLabel('Address (URL)');
      await url.fill('javascript:alert(1)');
      await link.getByLabel('Title', { exact: true }).fill('Torkham on Wikipedia (Pashto)');
      await link.getByRole('button', { name: 'Add the link' }).click();
      await expect.poll(() => url.getAttribute('aria-invalid'), WAIT).toBe('true');
      await link.getByText('Start the address with https:// or http://.').waitFor(WAIT);
      await url.fill('https://ps.wikipedia.org/wiki/تورخم');
      // Clicking twice sends it once.
      const linkPosts: Request[] = [];
      const onRequest = (request: Request) => {
        if (request.method() === 'POST' && /\/evidence$/.test(new URL(request.url()).pathname)) {
          linkPosts.push(request);
        }
      };
      page.on('request', onRequest);
      await link.getByRole('button', { name: 'Add the link' }).dblclick();
      await link.getByText('Added: Torkham on Wikipedia (Pashto).').waitFor(WAIT);
      const href = `https://ps.wikipedia.org/wiki/${encodeURIComponent('تورخم')}`;
      await evidence.getByRole('link', { name: href }).waitFor(WAIT);
      page.off('request', onRequest);
      // Whatever was sent has been answered; the server holds the link once.
      await Promise.all(linkPosts.map((request) => request.response()));
      expect(linkPosts).toHaveLength(1);
      expect(await evidenceTitled(page, 'Torkham on Wikipedia (Pashto)')).toHaveLength(1);
      expect(await evidence.getByRole('link', { name: href }).count()).toBe(1);
      expect(
        await evidence.getByRole('heading', { name: 'Torkham on Wikipedia (Pashto)' }).count(),
      ).toBe(1);
      await expectAccessible(page, 'evidence forms');
      await screenshot(page, 'evidence-forms');
    },
    LONG,
  );

  it(
    'a mediator tasks an investigation to the monitor, who reports',
    async () => {
      const monitor = await as('monitor');
      const tr = await as('tr');
      // The team is picked by name from the server's list of investigators. The list this page
      // gets also names someone the server no longer accepts (say, disabled since it was read).
      await tr.route('**/api/v1/investigators', async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as {
          items: { id: string; displayName: string; role: string; organisationId: string }[];
        };
        const someone = body.items[0]!;
        body.items.push({
          ...someone,
          id: ZERO_ID,
          displayName: 'Former monitor',
          role: 'monitor',
        });
        await route.fulfill({ response, json: body });
      });
      await tr.goto(complaintPath);
      await expectState(tr, 'reply_received');
      const task = await openAction(tr, 'Task an investigation');
      const team = task.getByRole('group', { name: 'Investigation team' });
      await team.getByRole('checkbox', { name: /^Field monitor/ }).waitFor(WAIT);
      // Names with their organisation and role; the mediator is marked as themself.
      await team
        .getByRole('checkbox', { name: /Verification officer \(Türkiye\) \(you\)/ })
        .waitFor(WAIT);
      expect(await team.getByLabel('Other members (account IDs)').count()).toBe(0);
      await expectAccessible(tr, 'task an investigation');
      await screenshot(tr, 'task-investigation');
      await team.getByRole('checkbox', { name: /^Former monitor/ }).check();
      await task
        .getByLabel('Instructions')
        .fill('Visit the bazaar; collect fragments; interview witnesses.');
      await task.getByLabel('Reason').fill('Conflicting accounts');
      await task.getByRole('button', { name: 'Task an investigation' }).click();
      // The server's refusal is shown at the team's field, and the choices are kept.
      await team.getByText('names someone who is not an active mediator or monitor').waitFor(WAIT);
      expect(await team.getByRole('checkbox', { name: /^Former monitor/ }).isChecked()).toBe(true);
      expect(await task.getByLabel('Reason').inputValue()).toBe('Conflicting accounts');
      // With the keyboard: Space toggles a member.
      await team.getByRole('checkbox', { name: /^Former monitor/ }).press(' ');
      await team.getByRole('checkbox', { name: /^Field monitor/ }).focus();
      await tr.keyboard.press(' ');
      expect(await team.getByRole('checkbox', { name: /^Field monitor/ }).isChecked()).toBe(true);
      expect(await team.getByRole('checkbox', { name: /^Former monitor/ }).isChecked()).toBe(false);
      await task.getByRole('button', { name: 'Task an investigation' }).click();
      await expectState(tr, 'investigating');
      await tr.unroute('**/api/v1/investigators');

      await monitor.goto(complaintPath);
      await expectState(monitor, 'investigating');
      await monitor.getByText('You are on the team').waitFor(WAIT);
      const report = await openAction(monitor, 'Report the investigation');
      await report
        .getByLabel('Report')
        .fill('Crater analysis shows 82 mm mortar rounds fired from the west, across the border.');
      await report.getByRole('button', { name: 'Report the investigation' }).click();
      await expectState(monitor, 'investigation_reported');
    },
    LONG,
  );

  it(
    'a mediator drafts a finding, both mediators sign off, and the finding is issued',
    async () => {
      const tr = await as('tr');
      await tr.goto(complaintPath);
      await expectState(tr, 'investigation_reported');
      const draft = await openAction(tr, 'Draft the finding');
      await draft.getByLabel('Outcome').selectOption({ label: 'Violation, attributed' });
      const afghan = await draft
        .getByLabel('Attributed to')
        .locator('option', { hasText: 'Afghanistan' })
        .getAttribute('value');
      await draft.getByLabel('Attributed to').selectOption(afghan!);
      await draft.getByLabel('Confidence').selectOption({ label: 'Medium' });
      await draft
        .getByLabel('Summary', { exact: true })
        .fill('Mortar fire from the Afghan side of the border hit the Torkham bazaar.');
      await draft
        .getByLabel('Penalty', { exact: true })
        .fill('A formal warning and a joint visit to the border post concerned.');
      await draft.getByLabel('Reason').fill('Draft for joint review');
      await draft.getByRole('button', { name: 'Draft the finding' }).click();
      await expectState(tr, 'in_review');

      const signOffTr = await openAction(tr, 'Sign off the finding');
      await signOffTr.getByLabel('Note').fill('Supported by the crater analysis.');
      await signOffTr.getByRole('button', { name: 'Sign off the finding' }).click();
      await tr.locator('.review[data-verdict="sign_off"]').first().waitFor(WAIT);

      const qa = await as('qa');
      await qa.goto(complaintPath);
      await expectState(qa, 'in_review');
      const signOffQa = await openAction(qa, 'Sign off the finding');
      await signOffQa.getByLabel('Note').fill('Agreed.');
      await signOffQa.getByRole('button', { name: 'Sign off the finding' }).click();
      await expect.poll(() => qa.locator('.review[data-verdict="sign_off"]').count(), WAIT).toBe(2);

      const issue = await openAction(qa, 'Issue the finding');
      await issue.getByLabel('Reason').fill('Both mediators signed off');
      await issue.getByRole('button', { name: 'Issue the finding' }).click();
      await expectState(qa, 'finding_issued');
      await qa
        .getByRole('region', { name: 'Finding' })
        .getByText(/^Issued /)
        .waitFor(WAIT);
    },
    LONG,
  );

  it(
    'the mediator publishes it: the public sees only what was published, verified in the log',
    async () => {
      const tr = await as('tr');
      await tr.goto(complaintPath);
      await expectState(tr, 'finding_issued');
      const publish = await openAction(tr, 'Publish or change who may see it');
      await publish.getByLabel('Who may see it').selectOption('public');
      await publish.getByLabel('Reason').fill('Finding published');
      await publish.getByRole('button', { name: 'Change who may see it' }).click();
      await tr.locator('.complaint-badges [data-visibility="public"]').waitFor(WAIT);

      // The filer's view of the finished record: the screenshot for the docs.
      const pk = await as('pk');
      await pk.goto(complaintPath);
      await expectState(pk, 'finding_issued');
      await pk
        .getByRole('region', { name: 'Evidence' })
        .getByRole('img', { name: /Evidence photo/ })
        .waitFor(WAIT);
      await pk.getByText(VERIFIED).first().waitFor(WAIT);
      await expectAccessible(pk, 'complaint page (finished)');
      const shot = await screenshot(pk, 'complaint-filer', false);
      await screenshot(pk, 'complaint-filer-full');
      if (process.env['TRUCELINE_SCREENSHOT'] === '1') fs.copyFileSync(shot, DOCS_SCREENSHOT);

      // Signed out.
      const page = await as('public');
      await page.goto(complaintPath);
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor(WAIT);
      await expectState(page, 'finding_issued');
      const finding = page.getByRole('region', { name: 'Finding' });
      await finding.getByText('Violation, attributed').waitFor(WAIT);
      expect(await finding.locator('.review[data-verdict="sign_off"]').count()).toBe(2);
      await page.getByText(VERIFIED).first().waitFor(WAIT);
      // Only what was published: no restricted evidence, no investigation, no deliberation, no actions.
      const evidence = page.getByRole('region', { name: 'Evidence' });
      await evidence.getByText('No evidence you may see.').waitFor(WAIT);
      expect(await evidence.getByRole('img').count()).toBe(0);
      expect(await page.getByRole('region', { name: 'Investigation' }).count()).toBe(0);
      expect(await page.getByRole('region', { name: 'Actions' }).count()).toBe(0);
      expect(await page.getByRole('form', { name: 'Add evidence' }).count()).toBe(0);
      const history = page.getByRole('region', { name: 'History' });
      await history.getByText('Issue the finding').waitFor(WAIT);
      expect(await history.getByText('Draft the finding').count()).toBe(0);
      expect(await history.getByText('Sign off the finding').count()).toBe(0);
      await expectAccessible(page, 'public complaint page');
      await screenshot(page, 'complaint-public');

      // The public list shows it too.
      await page.goto('/complaints');
      await page.getByRole('link', { name: TITLE }).waitFor(WAIT);
      await expectAccessible(page, 'public complaint list');
    },
    LONG,
  );

  it(
    'lists complaints with filters in the address and shows them on the map',
    async () => {
      const page = await as('tr');
      await page.goto('/complaints');
      await page.getByLabel('State').selectOption({ label: 'Finding issued' });
      await page.getByLabel('Words in the complaint').fill('bazaar');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/state=finding_issued/, WAIT);
      expect(page.url()).toContain('q=bazaar');
      await page.getByRole('link', { name: TITLE }).waitFor(WAIT);
      await expectAccessible(page, 'complaint list');
      await screenshot(page, 'complaint-list');

      // The same filters on the map (loaded on demand), with the offline basemap drawn. The
      // observations are replaced by 100,000 made-up points: clustering happens in a worker, so
      // the page stays responsive (no main-thread task anywhere near a second).
      let seed = 7;
      const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
      const points = Array.from({ length: OBSERVATIONS_ON_MAP }, () => [
        27 + random() * 9,
        62 + random() * 10,
        'people_crossing',
        1 + Math.floor(random() * 50),
      ]);
      const total = points.reduce((sum, p) => sum + (p[3] as number), 0);
      await page.route('**/api/v1/observations/map*', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ points, truncated: false }),
        }),
      );
      await page.evaluate(`window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
        }).observe({ type: 'longtask' });`);
      await page.getByRole('link', { name: 'Show these on the map' }).click();
      await page.waitForURL(/\/map\?.*state=finding_issued/, WAIT);
      const started = Date.now();
      const counts = `Complaints: 1. Observations (sum of counts): ${total.toLocaleString('en-GB')}.`;
      await page.getByText(counts).waitFor({ timeout: 30_000 });
      console.info(
        `complaint-journey: map with ${OBSERVATIONS_ON_MAP} observations ready in ${Date.now() - started} ms`,
      );
      const canvas = page.getByTestId('map-canvas');
      await page
        .getByRole('region', { name: /Complaints in view/ })
        .getByRole('link')
        .first()
        .waitFor(WAIT);
      await canvas.focus();
      for (let i = 0; i < 4; i += 1) {
        await page.keyboard.press('+');
        await page.keyboard.press('ArrowLeft');
      }
      await page.keyboard.press('0');
      await page.waitForTimeout(500);
      const longTasks = (await page.evaluate('window.__longTasks')) as number[];
      console.info(`complaint-journey: main-thread long tasks (ms): ${longTasks.join(', ')}`);
      expect(Math.max(0, ...longTasks)).toBeLessThan(2_000);
      await page.unroute('**/api/v1/observations/map*');
      await expectAccessible(page, 'map');
      await screenshot(page, 'map');
    },
    LONG,
  );

  it(
    'lays the key pages out right to left in Urdu',
    async () => {
      const page = await as('pk');
      await page.goto('/');
      await page.getByRole('combobox', { name: 'Language' }).selectOption('ur');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, WAIT);
      for (const [name, target] of [
        ['dashboard', '/'],
        ['complaint list', '/complaints'],
        ['complaint', complaintPath],
        ['file form', '/complaints/new'],
      ] as const) {
        await page.goto(target);
        await page.locator('main h1').first().waitFor(WAIT);
        expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('ur');
        expect(
          await page.evaluate(() => getComputedStyle(document.querySelector('main')).direction),
        ).toBe('rtl');
        // Mirrored: the first navigation link sits to the right of the last one.
        const links = page.getByRole('navigation').first().getByRole('link');
        const first = await links.first().boundingBox();
        const last = await links.last().boundingBox();
        expect(first!.x).toBeGreaterThan(last!.x);
        await expectAccessible(page, `${name} (Urdu)`);
        await screenshot(page, `urdu-${name.replace(/ /g, '-')}`);
      }
      // The switch back is stored with the account too (before the next page load asks for it).
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/me/locale') && r.request().method() === 'PUT',
      );
      await page.getByRole('combobox', { name: 'زبان', exact: true }).selectOption('en');
      expect((await saved).status()).toBe(200);
      await page.waitForFunction(() => document.documentElement.dir === 'ltr', null, WAIT);
    },
    LONG,
  );

  it(
    'shows text typed as HTML as text, and nothing runs',
    async () => {
      const page = await as('pk');
      await page.goto('/complaints/new');
      await page.getByLabel('Title', { exact: true }).fill(XSS_TITLE);
      await page.getByLabel('Category').selectOption({ label: 'Hostile statements or propaganda' });
      await page
        .getByRole('checkbox', { name: /Both parties observe an immediate ceasefire/ })
        .check();
      await page.getByLabel('Accused group', { exact: true }).fill('<b>Radio Khyber</b>');
      await page.getByLabel('From', { exact: true }).fill('2026-11-21T10:00');
      await page.getByLabel('Latitude (decimal degrees)').fill('34.1');
      await page.getByLabel('Longitude (decimal degrees)').fill('71.1');
      await page
        .getByLabel('What happened, in your words')
        .fill('<script>alert(2)</script> said on the radio');
      await page.getByRole('button', { name: 'File the complaint' }).click();
      await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/, WAIT);
      const heading = page.getByRole('heading', { level: 1 });
      await expect.poll(() => heading.textContent(), WAIT).toBe(XSS_TITLE);
      await page.getByText('<script>alert(2)</script> said on the radio').waitFor(WAIT);
      await page.getByText('<b>Radio Khyber</b>').waitFor(WAIT);
      expect(await page.locator('main img[src="x"]').count()).toBe(0);
      await page.goto('/complaints');
      await page.getByRole('link', { name: XSS_TITLE }).waitFor(WAIT);
      expect(await page.locator('main img[src="x"]').count()).toBe(0);
      await page.waitForTimeout(300);
      expect(h().dialogs).toEqual([]);
    },
    LONG,
  );

  it(
    'follows the browser on a first visit, and a language switch follows the user',
    async () => {
      /** A fresh browser (no cookies, nothing remembered) preferring `locale`, watched like the rest. */
      const freshBrowser = async (name: string, locale: string) => {
        const page = await h().newPage(name, { locale });
        return { context: page.context(), page };
      };
      const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

      // First visit from a browser that prefers Dari/Persian: the app speaks Persian, right to left.
      const persian = await freshBrowser('fa visitor', 'fa-AF');
      await persian.page.goto('/');
      await persian.page.getByRole('heading', { level: 1 }).first().waitFor(WAIT);
      expect(await lang(persian.page)).toBe('fa');
      expect(await persian.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await persian.context.close();

      // The observer switches to Turkish; the choice is stored with their account.
      const page = await as('observer');
      expect(await lang(page)).toBe('en');
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/me/locale') && r.request().method() === 'PUT',
      );
      await page.getByRole('combobox', { name: 'Language' }).selectOption('tr');
      expect((await saved).status()).toBe(200);
      await page
        .getByRole('heading', { level: 1, name: message('tr', 'dashboard.heading') })
        .waitFor(WAIT);
      await page.getByRole('button', { name: message('tr', 'signOut.button') }).click();
      await page.getByLabel(message('tr', 'signIn.email')).waitFor(WAIT);

      // Signing in again from another browser (English by its own preference) brings Turkish back.
      const other = await freshBrowser('observer elsewhere', 'en-GB');
      await other.page.goto('/');
      expect(await lang(other.page)).toBe('en');
      await submitSignIn(other.page, 'observer');
      await other.page
        .getByRole('heading', { level: 1, name: message('tr', 'dashboard.heading') })
        .waitFor(WAIT);
      expect(await lang(other.page)).toBe('tr');
      await expectAccessible(other.page, 'dashboard (Turkish, from the account)');

      // A mediator who never chose keeps the browser's language when signing in there.
      await other.page.getByRole('button', { name: message('tr', 'signOut.button') }).click();
      await other.page.evaluate('localStorage.clear()');
      await other.page.reload();
      await submitSignIn(other.page, 'qa');
      await other.page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor(WAIT);
      expect(await lang(other.page)).toBe('en');
      await other.context.close();
    },
    LONG,
  );

  it('breaks no Content-Security-Policy rule and opens no dialog', () => {
    expect(harness?.problems).toEqual([]);
    expect(harness?.dialogs).toEqual([]);
  });
});
