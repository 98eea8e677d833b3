/**
 * The dashboard's panels and the log explorer in a real browser (Debian's Chromium driven by
 * playwright-core) against the real server started in-process with the demo loaded:
 *
 * 1. Türkiye's mediator sees the demo's complaints counted by state and accused party, the reply
 *    due on the Ghulam Khan case, the Dand-e-Patan finding awaiting Türkiye's sign-off (Qatar has
 *    signed off, so Qatar's mediator does not see it), the chart of complaints over time by
 *    category and by party, the crossings and the log's verified checkpoint;
 * 2. an observer sees only what an observer may: no sign-off or deadline panels, one complaint;
 * 3. a member of the public opens the log explorer: the checkpoint's signature and a witness's
 *    cosignature are verified in the browser, and so is an entry's inclusion, on two pages;
 * 4. in Urdu, the dashboard and the explorer are laid out right to left, the chart's time axis too.
 *
 * axe-core runs on each page; fails on any Content-Security-Policy violation or page error.
 */
import crypto from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cosignatureNoteSigner,
  cosignerVerifierKey,
  formatVerifierKey,
  parseCheckpoint,
  parseSignedNote,
  signNote,
} from '@truceline/domain';
import { nodeHasher, signingKeyFrom } from '../../src/platform/secrets/log-signing-key.ts';
import {
  browserSkipped,
  LONG,
  SETUP,
  startBrowserHarness,
  WAIT,
  type BrowserHarness,
} from './browser-harness.ts';

const PAK = 'Islamic Republic of Pakistan';
const AFG = "Afghanistan's Taliban authorities (Islamic Emirate of Afghanistan)";
const AWAITING = '[Demo] Fire on a border post at Dand-e-Patan';
const DUE = '[Demo] Armed group crossed near Ghulam Khan';
const WITNESS = 'witness.example.org';

/** What `page.evaluate` callbacks use (this tsconfig has no DOM). */
declare const document: {
  readonly documentElement: { dir: string; lang: string };
  querySelector(selector: string): unknown;
};
declare function getComputedStyle(element: unknown): { direction: string };

const skip = browserSkipped('dashboard-log');

describe.skipIf(skip)('dashboard and log explorer in Chromium', () => {
  let harness: BrowserHarness | undefined;
  const h = () => harness!;

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'dashboard' });
  }, SETUP);

  afterAll(async () => harness?.close());

  const panel = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
  /** The rows of a bar list as "label: count". */
  const bars = async (list: Locator) => {
    await list.getByRole('listitem').first().waitFor(WAIT);
    return Promise.all(
      (await list.getByRole('listitem').all()).map(async (item) => {
        const label = (await item.locator('.bar-label').textContent()) ?? '';
        return `${label}: ${(await item.locator('.bar-count').textContent()) ?? ''}`;
      }),
    );
  };

  it(
    "shows a mediator the demo's figures, deadlines, the finding awaiting sign-off and the chart",
    async () => {
      const page = await h().signedIn('tr');
      const counts = panel(page, 'Complaints by state and party');
      await counts.getByText('Complaints you may see: 6').waitFor(WAIT);
      const byState = counts.getByRole('list', { name: 'By state' });
      expect((await bars(byState)).sort()).toEqual([
        'Awaiting reply: 1',
        'Finding in review: 1',
        'Finding issued: 1',
        'Received: 1',
        'Registered: 1',
        'Under investigation: 1',
      ]);
      const byAccused = counts.getByRole('list', { name: 'By accused party' });
      expect(await bars(byAccused)).toEqual([`${PAK}: 4`, `${AFG}: 2`]);

      const deadlines = panel(page, 'Reply deadlines due soon');
      await deadlines.getByRole('link', { name: DUE }).waitFor(WAIT);
      await deadlines.getByText(/Reply due in \d+ days/).waitFor(WAIT);
      await deadlines.getByLabel('Due within').selectOption({ label: '3 days' });
      await deadlines.getByText('No reply is due within 3 days.').waitFor(WAIT);

      const awaiting = panel(page, 'Findings awaiting your sign-off');
      const awaitingList = awaiting.getByRole('list', { name: 'Findings awaiting your sign-off' });
      await awaitingList.getByRole('link', { name: AWAITING }).waitFor(WAIT);
      expect(await awaitingList.getByRole('listitem').count()).toBe(1);

      const chart = panel(page, 'Complaints over time');
      const picture = chart.getByRole('img', {
        name: 'Complaints by when the incident began, by category',
      });
      await picture.waitFor(WAIT);
      await chart
        .getByText('6 complaints from Oct 2025 to Nov 2025; the most in Oct 2025 (4).')
        .first()
        .waitFor(WAIT);
      expect(await picture.locator('rect').count()).toBe(6);
      await chart.getByText('Show the figures as a table').click();
      const table = chart.getByRole('table');
      expect(await table.getByRole('row').count()).toBe(3);
      await chart.getByLabel('Accused party').check();
      await chart
        .getByRole('img', { name: 'Complaints by when the incident began, by accused party' })
        .waitFor(WAIT);
      await chart.getByRole('list', { name: 'Legend' }).getByText(PAK).waitFor(WAIT);
      expect(await table.getByRole('columnheader').allTextContents()).toEqual([
        'Period',
        PAK,
        AFG,
        'Total',
      ]);

      const crossings = panel(page, 'Crossings now');
      await crossings.getByRole('link', { name: 'Torkham', exact: true }).waitFor(WAIT);
      expect(await crossings.locator('[data-crossing="Torkham"] [data-status]').count()).toBe(1);

      const log = panel(page, 'Transparency log');
      await log.getByText("Signature verified in this browser with the log's key").waitFor(WAIT);
      await log.getByRole('link', { name: 'Open the log explorer' }).waitFor(WAIT);
      await h().expectAccessible(page, 'dashboard (mediator)');

      // Qatar has signed off the Dand-e-Patan draft: nothing awaits Qatar's mediator.
      const qa = await h().signedIn('qa');
      await panel(qa, 'Findings awaiting your sign-off')
        .getByText("No draft finding awaits your organisation's review.")
        .waitFor(WAIT);
    },
    LONG,
  );

  it(
    'shows an observer no panel the server does not allow, and only public complaints',
    async () => {
      const page = await h().signedIn('observer');
      await panel(page, 'Complaints by state and party')
        .getByText('Complaints you may see: 1')
        .waitFor(WAIT);
      await panel(page, 'Transparency log')
        .getByText("Signature verified in this browser with the log's key")
        .waitFor(WAIT);
      await panel(page, 'Complaints over time').getByRole('img').waitFor(WAIT);
      expect(await panel(page, 'Findings awaiting your sign-off').count()).toBe(0);
      expect(await panel(page, 'Reply deadlines due soon').count()).toBe(0);
      await h().expectAccessible(page, 'dashboard (observer)');
    },
    LONG,
  );

  it(
    "verifies the checkpoint, a witness's cosignature and entries' inclusion for the public",
    async () => {
      const base = h().server.url!;
      const checkpoint = async () => await (await fetch(`${base}/api/v1/log/checkpoint`)).text();
      const sizeOf = (note: string) => parseCheckpoint(parseSignedNote(note).text).treeSize;

      // A witness registers (a log entry of its own), then cosigns the checkpoint that has it.
      const { privateKey } = crypto.generateKeyPairSync('ed25519');
      const { signer } = signingKeyFrom(privateKey);
      const before = sizeOf(await checkpoint());
      await h().server.container.services.witnesses.register(
        {
          verifierKey: formatVerifierKey(
            cosignerVerifierKey(nodeHasher, WITNESS, signer.publicKey),
          ),
          organisationId: null,
          required: true,
        },
        null,
      );
      await expect.poll(async () => sizeOf(await checkpoint()), WAIT).toBeGreaterThan(before);
      const note = await checkpoint();
      const treeSize = sizeOf(note);
      const parsed = parseSignedNote(note);
      const cosigned = signNote(
        parsed.text,
        [cosignatureNoteSigner(nodeHasher, WITNESS, signer, Math.floor(Date.now() / 1000))],
        parsed.signatures,
      );
      const posted = await fetch(`${base}/api/v1/log/cosignatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ checkpoint: cosigned }),
      });
      expect(posted.status, await posted.text()).toBe(200);

      const page = await h().newPage('public');
      await page.goto('/');
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Log', exact: true })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Transparency log' }).waitFor(WAIT);
      const latest = page.getByRole('region', { name: 'Latest checkpoint' });
      await latest.getByText("Signature verified in this browser with the log's key").waitFor(WAIT);
      expect(await latest.locator('[data-fact="tree-size"]').textContent()).toBe(
        treeSize.toLocaleString('en-GB'),
      );
      const cosignature = latest
        .getByRole('list', { name: 'Cosignatures' })
        .getByRole('listitem')
        .filter({ hasText: WITNESS });
      await cosignature.getByText('Verified', { exact: true }).waitFor(WAIT);
      await cosignature.getByText('(required)').waitFor(WAIT);
      await cosignature.locator('time').waitFor(WAIT);

      const entries = page.getByRole('list', { name: 'Entries' });
      await entries.getByRole('listitem').first().waitFor(WAIT);
      expect(await entries.getByRole('listitem').count()).toBe(20);
      // Newest first: the witness's registration.
      const newest = entries.getByRole('listitem').first();
      expect(await newest.getAttribute('data-index')).toBe(String(treeSize - 1));
      await newest.getByText('witness.register').waitFor(WAIT);
      await newest.getByText('Log witness').waitFor(WAIT);
      await newest.getByRole('button', { name: /^Verify inclusion/ }).click();
      await newest
        .getByRole('status')
        .getByText(`Included in the signed log (checkpoint of ${treeSize.toLocaleString('en-GB')})`)
        .waitFor(WAIT);
      await h().expectAccessible(page, 'log explorer');

      await page.getByRole('button', { name: 'Older entries' }).click();
      const older = entries.locator(`[data-index="${treeSize - 21}"]`);
      await older.waitFor(WAIT);
      await older.getByRole('button', { name: /^Verify inclusion/ }).click();
      await older
        .getByRole('status')
        .getByText(/^Included in the signed log/)
        .waitFor(WAIT);
    },
    LONG,
  );

  it(
    'lays the dashboard and the log explorer out right to left in Urdu',
    async () => {
      const page = await h().signedIn('tr');
      await page.goto('/');
      await page.getByRole('combobox', { name: 'Language' }).selectOption('ur');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, WAIT);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ur');
      const chart = page.locator('[data-widget="violations-chart"] svg[role="img"]');
      await chart.waitFor(WAIT);
      await page
        .locator('[data-widget="log-checkpoint"] [data-log-state="verified"]')
        .waitFor(WAIT);
      expect(
        await page.evaluate(() => getComputedStyle(document.querySelector('main')).direction),
      ).toBe('rtl');
      // Time runs right to left: October's bar stands to the right of November's.
      const october = await chart.locator('[data-period="2025-10-01"] rect').first().boundingBox();
      const november = await chart.locator('[data-period="2025-11-01"] rect').first().boundingBox();
      expect(october!.x).toBeGreaterThan(november!.x);
      await page.getByRole('region', { name: 'آپ کی توثیق کے منتظر فیصلے' }).waitFor(WAIT);
      await h().expectAccessible(page, 'dashboard (Urdu)');

      await page.goto('/log');
      await page.getByRole('heading', { level: 1, name: 'شفافیت لاگ' }).waitFor(WAIT);
      await page.locator('.log-entries > li').first().waitFor(WAIT);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await h().expectAccessible(page, 'log explorer (Urdu)');

      await page.getByRole('combobox', { name: 'زبان', exact: true }).selectOption('en');
      await page.waitForFunction(() => document.documentElement.dir === 'ltr', null, WAIT);
    },
    LONG,
  );

  it('had no CSP violations or page errors', () => {
    expect(harness?.problems).toEqual([]);
  });
});
