/**
 * "Verified in the log" in a real browser: the web app checks, with the domain's log maths and
 * its own crypto adapters, that each public record on the page (the agreement, every round of
 * talks, every crossing) is in the signed log exactly as shown. Then the database is changed
 * behind the service's back and the page must say that the record differs from the log; and a
 * log key other than the one the browser remembered must be refused until the reader trusts it.
 *
 * Set up by browser-harness.ts: the web app built from its current sources, Debian's Chromium via
 * playwright-core, the real server started in-process on a fresh embedded database with the demo,
 * integrating log entries every 200 ms.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipped,
  SETUP,
  startBrowserHarness,
  WAIT,
  type BrowserHarness,
} from './browser-harness.ts';

const VERIFIED = /^Verified in the log \(entry \d+ of \d+\)$/;
const LOG_KEY_STORAGE = 'truceline.logKey';
const TAMPERED = 'Torkham';

/** What the callbacks passed to `page.evaluate` use; they run in the page (this tsconfig has no DOM). */
declare const localStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};

const skip = browserSkipped('log-badge');

describe.skipIf(skip)('"verified in the log" badges in Chromium', () => {
  let harness: BrowserHarness | undefined;
  /** A member of the public's page. */
  let page: Page;
  let crossingNames: string[] = [];
  let roundNames: string[] = [];

  beforeAll(async () => {
    harness = await startBrowserHarness({ name: 'log-badge' });
    page = await harness.newPage('public');

    const crossings = (await (await page.request.get('/api/v1/crossings')).json()) as {
      items: { name: string }[];
    };
    crossingNames = crossings.items.map((c) => c.name);
    const talks = (await (await page.request.get('/api/v1/talks')).json()) as {
      items: { name: { en: string } }[];
    };
    roundNames = talks.items.map((r) => r.name.en);
  }, SETUP);

  afterAll(async () => harness?.close());

  const record = () => page.getByRole('region', { name: 'Public record' });
  const crossing = (name: string) =>
    record()
      .getByRole('region', { name: 'Border crossings' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name, exact: true }) });
  const round = (name: string) =>
    record()
      .getByRole('region', { name: 'Rounds of talks' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name, exact: true }) });

  it('shows every public record as verified in the log, checked in the browser', async () => {
    expect(crossingNames).toContain(TAMPERED);
    expect(roundNames.length).toBeGreaterThan(0);
    await page.goto('/');
    await record().getByRole('region', { name: 'Agreement' }).getByText(VERIFIED).waitFor(WAIT);
    for (const name of roundNames) await round(name).getByText(VERIFIED).waitFor(WAIT);
    for (const name of crossingNames) await crossing(name).getByText(VERIFIED).waitFor(WAIT);
    expect(await record().getByText(VERIFIED).count()).toBe(
      1 + roundNames.length + crossingNames.length,
    );
    expect(
      await record()
        .getByText(/Not verified|Differs from the log/)
        .count(),
    ).toBe(0);
  });

  it("shows the log's key and remembers it (trust on first use)", async () => {
    const keys = await (await page.request.get('/api/v1/log/keys')).text();
    const logKey = keys.split('\n')[0]!;
    expect(await page.evaluate((k) => localStorage.getItem(k), LOG_KEY_STORAGE)).toBe(logKey);
    await record().getByText('Transparency log key').click();
    await record().getByText(logKey, { exact: true }).waitFor(WAIT);
    await record().getByText(logKey.split('+')[0]!, { exact: true }).waitFor(WAIT);
  });

  it('says a crossing differs from the log after its row is changed behind the service', async () => {
    await harness!.server.container.database.db.execute(
      sql`update crossings set description = ${JSON.stringify({ en: 'Closed for good.' })}::jsonb where name = ${TAMPERED}`,
    );
    await page.reload();
    const tampered = crossing(TAMPERED);
    await tampered.getByText('Closed for good.').waitFor(WAIT);
    const differs = tampered.getByText('Differs from the log', { exact: true });
    await differs.waitFor(WAIT);
    await differs.click();
    await tampered.getByText('description', { exact: true }).waitFor(WAIT);
    // The others still verify.
    for (const name of crossingNames.filter((n) => n !== TAMPERED)) {
      await crossing(name).getByText(VERIFIED).waitFor(WAIT);
    }
    await record().getByRole('region', { name: 'Agreement' }).getByText(VERIFIED).waitFor(WAIT);
  });

  it('refuses a log key other than the remembered one until the reader trusts it', async () => {
    const earlier =
      'truceline.test/other-log+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [LOG_KEY_STORAGE, earlier]);
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: "Warning: the log's key has changed" });
    await alert.waitFor(WAIT);
    await crossing(crossingNames[0]!)
      .getByText("Not verified: the log's key has changed")
      .waitFor(WAIT);
    expect(await record().getByText(VERIFIED).count()).toBe(0);

    await alert.getByRole('button', { name: 'Trust the new key' }).click();
    await record().getByRole('region', { name: 'Agreement' }).getByText(VERIFIED).waitFor(WAIT);
    expect(await alert.count()).toBe(0);
    expect(await page.evaluate((k) => localStorage.getItem(k), LOG_KEY_STORAGE)).not.toBe(earlier);
  });

  it('breaks no Content-Security-Policy rule', () => {
    expect(harness?.problems).toEqual([]);
  });
});
