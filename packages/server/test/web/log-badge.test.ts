/**
 * "Verified in the log" in a real browser: the web app checks, with the domain's log maths and
 * its own crypto adapters, that each public record on the page (the agreement, every round of
 * talks, every crossing) is in the signed log exactly as shown. Then the database is changed
 * behind the service's back and the page must say that the record differs from the log; and a
 * log key other than the one the browser remembered must be refused until the reader trusts it.
 *
 * Same setup as web-shell.test.ts: Debian's Chromium via playwright-core, the real server started
 * in-process on a fresh embedded database with the demo, integrating log entries every 200 ms.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const WAIT = { timeout: 15_000 };
const VERIFIED = /^Verified in the log \(entry \d+ of \d+\)$/;
const LOG_KEY_STORAGE = 'truceline.logKey';
const TAMPERED = 'Torkham';

/** What the callbacks passed to `page.evaluate` use; they run in the page (this tsconfig has no DOM). */
declare const localStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};

const haveBrowser = fs.existsSync(CHROMIUM);
const requireBrowser = process.env['TRUCELINE_REQUIRE_BROWSER'] === '1';
if (!haveBrowser && !requireBrowser) {
  console.warn(`log-badge: skipped, ${CHROMIUM} not found (apt-get install -y chromium).`);
}

/**
 * Builds the web app from its current sources into `outDir`, a directory of this suite's own: the
 * badges must be checked against the code as it is, and web-shell.test.ts may be serving
 * packages/web/dist at the same time.
 */
function buildWeb(outDir: string): void {
  execFileSync('npm', ['run', 'build', '-w', '@truceline/web', '--', '--outDir', outDir], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
}

describe.skipIf(!haveBrowser && !requireBrowser)('"verified in the log" badges in Chromium', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let dataDir: string | undefined;
  let webDir: string | undefined;
  let crossingNames: string[] = [];
  let roundNames: string[] = [];
  const pageProblems: string[] = [];

  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`${CHROMIUM} is missing and TRUCELINE_REQUIRE_BROWSER=1`);
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-log-badge-web-'));
    buildWeb(webDir);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-log-badge-'));
    const config = parseConfig({
      PORT: '0',
      TRUCELINE_DATA_DIR: dataDir,
      TRUCELINE_DEMO_PASSWORD: 'correct-horse-battery-staple',
      TRUCELINE_LOG_LEVEL: 'warn',
      TRUCELINE_INSECURE_COOKIES: 'true',
      TRUCELINE_LOG_INTEGRATE_MS: '200',
    });
    const discard = new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    });
    server = await startServer(config, { webRoot: webDir, logStream: discard });
    if (!server.url) throw new Error('the server is not listening');

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const context = await browser.newContext({ locale: 'en-GB', baseURL: server.url });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
        pageProblems.push(message.text());
      }
    });
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));

    const crossings = (await (await page.request.get('/api/v1/crossings')).json()) as {
      items: { name: string }[];
    };
    crossingNames = crossings.items.map((c) => c.name);
    const talks = (await (await page.request.get('/api/v1/talks')).json()) as {
      items: { name: { en: string } }[];
    };
    roundNames = talks.items.map((r) => r.name.en);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.shutdown('test finished');
    for (const dir of [dataDir, webDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

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
    await server!.container.database.db.execute(
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
    expect(pageProblems).toEqual([]);
  });
});
