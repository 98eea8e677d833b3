/**
 * The commitments, crossings and handovers pages in a real browser (Debian's Chromium driven by
 * playwright-core) against the real server started in-process on a fresh embedded database with
 * the demo loaded (commitments K-1 and K-2, a condition for reopening Torkham, a handover):
 *
 * 1. a mediator opens the commitments from the navigation, opens the Afghan commitment, and
 *    records a status decision with an evidence reference; the history shows it;
 * 2. the mediator opens Torkham's crossing page, sees the unmet condition and what is missing,
 *    and a reopening "on conditions met" is refused by the server (409) at the form;
 * 3. the Pakistani officer sees the demo handover listed;
 * 4. a mediator records a new commitment with the form (an empty means of verification is refused
 *    at its field by the API's schema in the page);
 * 5. a mediator registers a party key (a malformed one refused at its field); the Pakistani
 *    officer sees the demo's assurance verified in the browser, prepares the exact text, signs it
 *    (here, with node:crypto standing in for the party's offline tool), has a wrong signature
 *    refused at its field, submits the right one, and both assurances verify in the browser;
 * 6. a mediator adds a condition for reopening Chaman and records it met by decision;
 * 7. a round of talks shows its participants and commitments; a mediator adds minutes for the
 *    mediators only, which the public does not see.
 *
 * axe-core (WCAG 2.x A and AA rules) runs on the commitment and crossing pages and must find
 * nothing. Fails on any Content-Security-Policy violation or uncaught page error; skipped without
 * /usr/bin/chromium unless TRUCELINE_REQUIRE_BROWSER=1.
 */
import crypto from 'node:crypto';
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

const skip = browserSkipped('commitments-pages');

describe.skipIf(skip)('commitments and crossings in Chromium', () => {
  let harness: BrowserHarness | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'commitments' });
  }, SETUP);

  afterAll(async () => harness?.close());

  /** A signed-in browser of its own for each person. */
  const as = (who: 'pk' | 'tr') => harness!.signedIn(who);
  const expectAccessible = (page: Page, name: string) => harness!.expectAccessible(page, name);

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  it(
    'a mediator records a status decision on the Afghan commitment with an evidence reference',
    async () => {
      const page = await as('tr');
      await nav(page).getByRole('link', { name: 'Commitments', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Commitments' }).waitFor(WAIT);
      const list = page.getByRole('list', { name: 'Commitments' });
      await list.waitFor(WAIT);
      await expect.poll(() => list.getByRole('listitem').count(), WAIT).toBe(2);
      await expectAccessible(page, 'commitments list');

      await list.getByRole('link', { name: /Act against TTP sanctuaries/ }).click();
      await page
        .getByRole('heading', { level: 1, name: /^K-\d+ · .*TTP sanctuaries/ })
        .waitFor(WAIT);
      await page.getByText('Verified on site by the mechanism’s monitors').waitFor(WAIT);
      await expectAccessible(page, 'commitment');

      const form = page.getByRole('form', { name: 'Decide the status', exact: true });
      // Nothing filled in: refused in the page, field by field.
      await form.getByRole('button', { name: 'Record the decision' }).click();
      await form.getByText('Reason').waitFor(WAIT);
      expect(await form.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);

      await form.getByLabel('New status').selectOption({ label: 'Partly met' });
      await form
        .getByLabel('Reason', { exact: true })
        .fill('Monitors verified the relocation of two TTP camps away from the border.');
      await form.getByLabel('Kind of reference 1').selectOption({ label: 'Link' });
      await form
        .getByLabel('Reference 1 (id, hash or address)')
        .fill('https://example.org/monitors/report-7');
      await form.getByLabel('Note on reference 1 (optional)').fill('Monitors’ site report');
      await form.getByRole('button', { name: 'Record the decision' }).click();

      const history = page.locator('section[aria-labelledby="commitment-history"]');
      await history
        .getByText('Monitors verified the relocation of two TTP camps away from the border.')
        .waitFor(WAIT);
      await history
        .getByRole('link', { name: 'https://example.org/monitors/report-7' })
        .waitFor(WAIT);
      await page.locator('.page-title + p [data-status="partly_met"]').waitFor(WAIT);
    },
    LONG,
  );

  it(
    "Torkham's crossing page shows the unmet condition, and a reopening on it is refused",
    async () => {
      const page = await as('tr');
      await nav(page).getByRole('link', { name: 'Crossings', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Border crossings' }).waitFor(WAIT);
      await page.getByRole('link', { name: 'Torkham', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Torkham' }).waitFor(WAIT);
      const conditions = page.getByRole('list', { name: 'Conditions for reopening' });
      const condition = conditions
        .getByRole('listitem')
        .filter({ hasText: 'TTP sanctuaries' })
        .first();
      await condition.waitFor(WAIT);
      expect(await condition.getAttribute('data-met')).toBe('false');
      await condition.getByText('Not met', { exact: true }).waitFor(WAIT);
      await condition.getByText('Still missing:').waitFor(WAIT);
      await expectAccessible(page, 'crossing');

      const form = page.getByRole('form', { name: 'Record a status change', exact: true });
      await form.getByLabel('New status').selectOption({ label: 'Open' });
      await form.getByLabel('Reason', { exact: true }).fill('Reopened as the conditions are met.');
      await form.getByLabel('This reopening is justified by every condition being met').check();
      await form.getByRole('button', { name: 'Record the change' }).click();
      await form.getByRole('alert').waitFor(WAIT);
      // What was typed is kept, and the crossing is still closed to traffic.
      expect(await form.getByLabel('Reason', { exact: true }).inputValue()).toBe(
        'Reopened as the conditions are met.',
      );
      expect(await condition.getAttribute('data-met')).toBe('false');
    },
    LONG,
  );

  it(
    'the Pakistani officer sees the demo handover listed',
    async () => {
      const page = await as('pk');
      await nav(page).getByRole('link', { name: 'Handovers', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Handovers' }).waitFor(WAIT);
      const list = page.getByRole('list', { name: 'Handovers' });
      await list.waitFor(WAIT);
      expect(await list.getByRole('listitem').count()).toBe(1);
      await list.locator('[data-status="requested"]').waitFor(WAIT);
    },
    LONG,
  );

  it(
    'a mediator records a commitment; a missing means of verification is refused at its field',
    async () => {
      const page = await as('tr');
      await page.goto('/commitments');
      await page.getByRole('link', { name: 'Record a commitment' }).click();
      await page.getByRole('heading', { level: 1, name: 'Record a commitment' }).waitFor(WAIT);
      const form = page.getByRole('form', { name: 'The commitment', exact: true });
      await form.getByLabel('Party', { exact: true }).selectOption({ label: 'PAK' });
      await form.getByLabel('Round of talks').selectOption({ index: 2 });
      await form.getByLabel('Title', { exact: true }).fill('Hand over wanted persons at Chaman');
      await form
        .getByLabel('Text', { exact: true })
        .fill('Pakistan hands over the persons named by Kabul at the Chaman crossing.');
      await form.getByRole('checkbox').first().check();
      await form.getByLabel('Indicator 1').fill('Named persons handed over');
      await form.getByRole('button', { name: 'Record the commitment' }).click();
      // The browser applies the API's schema: the empty means of verification is named.
      const means = form.getByLabel('Means of verification', { exact: true });
      await expect.poll(() => means.getAttribute('aria-invalid'), WAIT).toBe('true');
      expect(page.url()).toMatch(/\/commitments\/new$/);

      await means.fill('Handover recorded by the mechanism at the crossing');
      await form.getByRole('button', { name: 'Record the commitment' }).click();
      await page
        .getByRole('heading', { level: 1, name: /^K-\d+ · Hand over wanted persons at Chaman$/ })
        .waitFor(WAIT);
      await page.getByText('Handover recorded by the mechanism at the crossing').waitFor(WAIT);
      await page.locator('.page-title + p [data-status="not_started"]').waitFor(WAIT);
    },
    LONG,
  );

  it(
    "the demo's assurance verifies in the browser; Pakistan's officer signs and submits another",
    async () => {
      // The mediator registers a key for Pakistan; a malformed one is refused at its field.
      const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
      const mediator = await as('tr');
      await mediator.goto('/party-keys');
      await mediator
        .getByRole('heading', { level: 1, name: "Parties' signing keys" })
        .waitFor(WAIT);
      const register = mediator.getByRole('form', { name: "Register a party's key" });
      await register.getByLabel('Party', { exact: true }).selectOption({ label: 'PAK' });
      await register.getByLabel('Name of the key').fill('Foreign Office desk key');
      await register.getByLabel('Public key').fill('not a key');
      await register.getByRole('button', { name: 'Register the key' }).click();
      const keyField = register.getByLabel('Public key');
      await expect.poll(() => keyField.getAttribute('aria-invalid'), WAIT).toBe('true');
      await keyField.fill(publicKey.export({ format: 'pem', type: 'spki' }).toString());
      await register.getByRole('button', { name: 'Register the key' }).click();
      await mediator
        .getByTestId('party-key')
        .filter({ hasText: 'Foreign Office desk key' })
        .waitFor(WAIT);
      await expectAccessible(mediator, 'party keys');

      const page = await as('pk');
      await page.goto('/commitments');
      await page.getByRole('link', { name: /Observe the ceasefire along the border/ }).click();
      await page.getByRole('heading', { level: 1, name: /Observe the ceasefire/ }).waitFor(WAIT);
      const assurances = page.getByTestId('assurance');
      await expect.poll(() => assurances.count(), WAIT).toBe(1);
      await assurances
        .first()
        .getByTestId('assurance-browser-check')
        .getByText('Signature verified in your browser', { exact: false })
        .waitFor(WAIT);

      await page
        .getByLabel('Your statement')
        .fill('Pakistan observes the ceasefire and will report every incident to the mechanism.');
      await page.getByRole('button', { name: 'Prepare the text to sign' }).click();
      const toSign = await page.getByTestId('assurance-to-sign').textContent();
      const signature = crypto
        .sign(null, Buffer.from(toSign ?? '', 'utf8'), privateKey)
        .toString('base64');
      const submit = page.getByRole('form', { name: 'Submit the signature' });
      const keyValue = await submit
        .getByLabel('Signing key')
        .locator('option', { hasText: 'Foreign Office desk key' })
        .getAttribute('value');
      await submit.getByLabel('Signing key').selectOption(keyValue!);
      // A signature of other bytes is refused by the server, shown at its field.
      const wrong = crypto.sign(null, Buffer.from('other text'), privateKey).toString('base64');
      await submit.getByLabel('Signature (base64)').fill(wrong);
      await submit.getByRole('button', { name: 'Submit the signed assurance' }).click();
      const signatureField = submit.getByLabel('Signature (base64)');
      await expect.poll(() => signatureField.getAttribute('aria-invalid'), WAIT).toBe('true');
      await signatureField.fill(signature);
      await submit.getByRole('button', { name: 'Submit the signed assurance' }).click();
      await expect.poll(() => assurances.count(), WAIT).toBe(2);
      for (const item of await assurances.all()) {
        await item
          .getByTestId('assurance-browser-check')
          .getByText('Signature verified in your browser', { exact: false })
          .waitFor(WAIT);
      }
      await expectAccessible(page, 'commitment with assurances');
    },
    LONG,
  );

  it(
    'a mediator adds a condition for reopening Chaman and records it met by decision',
    async () => {
      const page = await as('tr');
      await page.goto('/crossings');
      await page.getByRole('link', { name: 'Chaman / Spin Boldak', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Chaman / Spin Boldak' }).waitFor(WAIT);
      const add = page.getByRole('form', { name: 'Add a condition for reopening' });
      await add.getByRole('button', { name: 'Add the condition' }).click();
      const description = add.getByLabel('Condition', { exact: true });
      await expect.poll(() => description.getAttribute('aria-invalid'), WAIT).toBe('true');
      await description.fill('Trade convoys escorted on both sides');
      await add.getByRole('checkbox', { name: /Observe the ceasefire/ }).check();
      await add.getByRole('button', { name: 'Add the condition' }).click();
      const condition = page
        .getByRole('list', { name: 'Conditions for reopening' })
        .getByRole('listitem')
        .filter({ hasText: 'Trade convoys escorted on both sides' })
        .first();
      await condition.waitFor(WAIT);
      expect(await condition.getAttribute('data-met')).toBe('false');

      const met = condition.getByRole('form', {
        name: 'Record this condition as met by decision',
      });
      await met.getByLabel('Reason').fill('Escorts observed by the monitors for a week.');
      await met.getByRole('button', { name: 'Record as met' }).click();
      await expect.poll(() => condition.getAttribute('data-met'), WAIT).toBe('true');
      await expectAccessible(page, 'crossing with a new condition');
    },
    LONG,
  );

  it(
    'a round of talks shows who sat at the table, its commitments and documents; a mediator adds one',
    async () => {
      const page = await as('tr');
      await page.goto('/');
      await page.getByRole('link', { name: 'Round 2, Istanbul', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Round 2, Istanbul' }).waitFor(WAIT);
      const table = page.locator('section[aria-labelledby="round-participants"]');
      await table.getByText('State of Qatar').waitFor(WAIT);
      await table.getByText('Islamic Republic of Pakistan').waitFor(WAIT);
      await page
        .getByRole('list', { name: 'Commitments made at this round' })
        .getByRole('link', { name: /Act against TTP sanctuaries/ })
        .waitFor(WAIT);
      await expectAccessible(page, 'round of talks');

      const form = page.getByRole('form', { name: 'Add a document', exact: true });
      await form.getByLabel('Kind of document').selectOption('minutes');
      await form.getByLabel('Title', { exact: true }).fill('Minutes of the closing session');
      await form.getByRole('button', { name: 'Add the document' }).click();
      const body = form.getByLabel('Text', { exact: true });
      await expect.poll(() => body.getAttribute('aria-invalid'), WAIT).toBe('true');
      await body.fill('Both delegations agreed to continue the ceasefire.');
      await form.getByLabel('Who may see it').selectOption('mediators');
      await form.getByRole('button', { name: 'Add the document' }).click();
      const documents = page.getByRole('list', { name: 'Documents' });
      await documents.getByText('Minutes of the closing session').waitFor(WAIT);

      // The public sees the round but not the mediators' minutes.
      const reader = await harness!.newPage('public talks');
      await reader.goto(new URL(page.url()).pathname);
      await reader.getByRole('heading', { level: 1, name: 'Round 2, Istanbul' }).waitFor(WAIT);
      await reader.locator('section[aria-labelledby="round-documents"]').waitFor(WAIT);
      expect(await reader.getByText('Minutes of the closing session').count()).toBe(0);
      expect(await reader.getByRole('form', { name: 'Add a document' }).count()).toBe(0);
    },
    LONG,
  );

  it('had no CSP violations or page errors', () => {
    expect(harness?.problems).toEqual([]);
  });
});
