/**
 * The web app's shell in a real browser (Debian's Chromium driven by playwright-core) against the
 * real server started in-process on a fresh embedded database with the demo loaded: the public
 * record, signing in (wrong and right password), the dashboard, switching to a right-to-left
 * language, a session ended elsewhere, signing out, and the main pages on a phone (390×844, touch). It also fails on any Content-Security-
 * Policy violation or uncaught page error, since the server's CSP allows no inline script or style.
 *
 * Set up by browser-harness.ts; without /usr/bin/chromium the suite is skipped with a warning,
 * unless TRUCELINE_REQUIRE_BROWSER=1 (as in CI), where the missing browser fails it.
 * TRUCELINE_SCREENSHOT=1 also writes docs/screenshot-dashboard.png (1280×800).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipped,
  DEMO_PASSWORD,
  SETUP,
  startBrowserHarness,
  submitSignIn,
  WAIT,
  type BrowserHarness,
} from './browser-harness.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SCREENSHOT = path.join(REPO_ROOT, 'docs/screenshot-dashboard.png');

/** What the callbacks passed to `page.evaluate` use; they run in the page (this tsconfig has no DOM). */
declare const document: {
  readonly documentElement: { readonly dir: string; readonly lang: string };
  readonly body: { readonly textContent: string | null };
  dispatchEvent(event: Event): boolean;
};

const skip = browserSkipped('web-shell');

describe.skipIf(skip)('web shell in Chromium', () => {
  let harness: BrowserHarness | undefined;
  /** One page through the whole suite, signed out at first, the size of the docs' screenshot. */
  let page: Page;

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'web-shell' });
    page = await harness.newPage('officer', { viewport: { width: 1280, height: 800 } });
  }, SETUP);

  afterAll(async () => harness?.close());

  const signInForm = () => page.getByRole('form', { name: 'Sign in' });

  const signIn = (password: string) => submitSignIn(page, 'pk', password);

  it('shows the public record beside the sign-in form', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor(WAIT);
    await signInForm().waitFor(WAIT);
    const record = page.getByRole('region', { name: 'Public record' });
    await record.getByRole('heading', { name: 'Torkham' }).waitFor(WAIT);
    await record.getByText('Round 2, Istanbul').waitFor(WAIT);
    await record
      .getByText('Both parties observe an immediate ceasefire along the border.')
      .waitFor(WAIT);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });

  it('says so when the password is wrong', async () => {
    await signIn('not-the-password');
    const alert = signInForm().getByRole('alert');
    await alert.waitFor(WAIT);
    expect(await alert.textContent()).toContain('Wrong email or password');
    // Still on the sign-in page, nothing signed in.
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  it("signs in and shows the Pakistani liaison officer's dashboard", async () => {
    await signIn(DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor(WAIT);
    const account = page.getByRole('region', { name: 'Your account' });
    await account.getByText('Liaison officer (Pakistan)').waitFor(WAIT);
    await account.getByText('Party liaison officer').waitFor(WAIT);
    await account.getByText('Islamic Republic of Pakistan').waitFor(WAIT);
    await page.getByRole('region', { name: 'Border crossings' }).getByText('Torkham').waitFor(WAIT);
    await page
      .getByRole('region', { name: 'Rounds of talks' })
      .getByText('Round 1, Doha')
      .waitFor(WAIT);
    // Party names come from /organisations, which the officer's capabilities allow.
    await page.getByRole('region', { name: 'Agreement' }).getByText('State of Qatar').waitFor(WAIT);
    // Controls follow the server's capabilities: an officer may sign out but not list accounts.
    await page.getByRole('button', { name: 'Sign out' }).waitFor(WAIT);
    await page
      .getByRole('region', { name: 'Your sessions' })
      .getByText('This browser')
      .waitFor(WAIT);
    expect(await page.getByRole('region', { name: 'Accounts' }).count()).toBe(0);

    if (process.env['TRUCELINE_SCREENSHOT'] === '1') {
      await page.waitForFunction(
        () => !document.body.textContent?.includes('Loading…'),
        null,
        WAIT,
      );
      await page.mouse.move(0, 0);
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: false });
    }
  });

  it('switches to Urdu, right to left, and remembers the choice', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ur');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, WAIT);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ur');
    await page.getByRole('button', { name: 'سائن آؤٹ' }).waitFor(WAIT);

    await page.reload();
    await page.getByRole('region', { name: 'آپ کا اکاؤنٹ' }).waitFor(WAIT);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

    await page.getByRole('combobox', { name: 'زبان' }).selectOption('en');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr', null, WAIT);
  });

  it('returns to the sign-in page with a message when the session ends elsewhere', async () => {
    // End this browser's session behind the page's back, as an idle timeout or a revocation would.
    const session = await page.request.get('/api/v1/auth/session');
    expect(session.status()).toBe(200);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const logout = await page.request.post('/api/v1/auth/logout', {
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(logout.status()).toBe(204);

    // The next call the page makes (here: the check when the tab becomes visible) finds out.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await signInForm().waitFor(WAIT);
    await page.getByText('Your session has ended. Please sign in again.').waitFor(WAIT);
  });

  it('signs out', async () => {
    await signIn(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInForm().waitFor(WAIT);
    await page.getByLabel('Email address').waitFor(WAIT);
    await page.getByText('You have signed out.').waitFor(WAIT);
    expect((await page.request.get('/api/v1/auth/session')).status()).toBe(401);
  });

  it('works on a phone: every page fits the screen and passes axe', async () => {
    const phone = await harness!.newPage('phone', {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 3,
    });
    /** Nothing wider than the screen: no sideways scrolling. */
    const fits = () =>
      phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1');
    await phone.goto('/');
    await submitSignIn(phone, 'af');
    await phone.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor(WAIT);
    expect(await fits()).toBe(true);
    await harness!.expectAccessible(phone, 'dashboard on a phone');
    for (const [link, heading] of [
      ['Complaints', 'Complaints'],
      ['Commitments', 'Commitments'],
      ['Crossings', 'Border crossings'],
    ] as const) {
      await phone
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: link, exact: true })
        .tap();
      await phone.getByRole('heading', { level: 1, name: heading }).waitFor(WAIT);
      await harness!.expectAccessible(phone, `${link} on a phone`);
      expect(await fits(), link).toBe(true);
    }
    // One record's page too: the first complaint listed.
    await phone.goto('/complaints');
    await phone.getByRole('region', { name: 'Results' }).getByRole('link').first().tap();
    await phone.locator('main h1').waitFor(WAIT);
    await harness!.expectAccessible(phone, 'complaint on a phone');
    expect(await fits()).toBe(true);
  });

  it('breaks no Content-Security-Policy rule', () => {
    expect(harness?.problems).toEqual([]);
  });
});
