/**
 * What the browser suites share: a production build of the web app from its current sources, the
 * real server started in-process on a fresh embedded database with the demo loaded, Debian's
 * Chromium driven by playwright-core, a signed-in page per demo person, an axe-core check (WCAG
 * 2.x A and AA rules), the record of Content-Security-Policy violations and uncaught page errors,
 * which each suite expects to stay empty, and of the dialogs pages open (each dismissed).
 *
 * Suites skip without /usr/bin/chromium unless TRUCELINE_REQUIRE_BROWSER=1 ({@link browserSkipped}).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'correct-horse-battery-staple';
/** The demo's people, by the short names the suites use. */
export const DEMO_EMAIL = {
  pk: 'officer.pk@demo.truceline.test',
  af: 'officer.af@demo.truceline.test',
  tr: 'mediator.tr@demo.truceline.test',
  qa: 'mediator.qa@demo.truceline.test',
  monitor: 'monitor@demo.truceline.test',
  observer: 'observer@demo.truceline.test',
} as const;
export type DemoPerson = keyof typeof DEMO_EMAIL;

export const WAIT = { timeout: 15_000 };
/** Per test: a page or two, each waiting on the server and the log. */
export const LONG = 120_000;
/** For `beforeAll`: the web build and the server's start with the demo. */
export const SETUP = 180_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** What the callbacks passed to `page.evaluate` use; they run in the page (this tsconfig has no DOM). */
declare const document: { readonly body: unknown };
declare const axe: {
  run(
    context: unknown,
    options: unknown,
  ): Promise<{
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  }>;
};

const haveBrowser = fs.existsSync(CHROMIUM);
const requireBrowser = process.env['TRUCELINE_REQUIRE_BROWSER'] === '1';

/** True when the suite should be skipped (no Chromium, not required); says so once. */
export function browserSkipped(suite: string): boolean {
  if (haveBrowser || requireBrowser) return false;
  console.warn(`${suite}: skipped, ${CHROMIUM} not found (apt-get install -y chromium).`);
  return true;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A production build of the web app from its current sources, into `outDir`. */
export function buildWeb(outDir: string): void {
  execFileSync('npm', ['run', 'build', '-w', '@truceline/web', '--', '--outDir', outDir], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production', npm_config_loglevel: 'error' },
  });
}

/**
 * Fills in the sign-in form on `page` (already showing it) as a demo person and submits it; what
 * follows (the dashboard, a refusal) is for the caller to wait for.
 */
export async function submitSignIn(
  page: Page,
  who: DemoPerson,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.getByLabel('Email address').fill(DEMO_EMAIL[who]);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export interface BrowserHarness {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The production build the server serves (`index.html`, `assets/`). */
  readonly webDir: string;
  /** CSP violations and uncaught page errors seen so far, each with the page's label. */
  readonly problems: string[];
  /** Dialogs (alert, confirm, prompt) any page opened, each with the page's label; all dismissed. */
  readonly dialogs: string[];
  /**
   * A fresh page in a context of its own (English, Pakistan time, 1280×900 unless `options` say
   * otherwise), watched for problems and dialogs. `page.context()` is its own: cookies, offline.
   */
  newPage(label: string, options?: BrowserContextOptions): Promise<Page>;
  /** The signed-in page of a demo person: signed in on first use, then the same page. */
  signedIn(who: DemoPerson): Promise<Page>;
  /** Runs axe-core on the page once nothing says "Loading…", and expects no violations. */
  expectAccessible(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserHarness(options: {
  /** Names the temporary directories. */
  name: string;
  env?: Record<string, string>;
}): Promise<BrowserHarness> {
  if (!haveBrowser) throw new Error(`${CHROMIUM} is missing and TRUCELINE_REQUIRE_BROWSER=1`);
  const axeSource = fs.readFileSync(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  );
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), `truceline-${options.name}-web-`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `truceline-${options.name}-`));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close();
    await server?.shutdown('test finished');
    for (const dir of [dataDir, webDir]) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    buildWeb(webDir);
    const config = parseConfig({
      PORT: '0',
      TRUCELINE_DATA_DIR: dataDir,
      TRUCELINE_DEMO_PASSWORD: DEMO_PASSWORD,
      TRUCELINE_LOG_LEVEL: 'warn',
      TRUCELINE_INSECURE_COOKIES: 'true',
      TRUCELINE_LOG_INTEGRATE_MS: '200',
      ...options.env,
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
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const running = { server, browser, webDir };
  const problems: string[] = [];
  const dialogs: string[] = [];
  const pages = new Map<DemoPerson, Page>();

  async function newPage(label: string, contextOptions: BrowserContextOptions = {}) {
    const context = await running.browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Asia/Karachi',
      viewport: { width: 1280, height: 900 },
      baseURL: running.server.url!,
      ...contextOptions,
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
        problems.push(`${label}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`${label}: page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      dialogs.push(`${label}: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    return page;
  }

  return {
    ...running,
    problems,
    dialogs,
    newPage,
    async signedIn(who) {
      const existing = pages.get(who);
      if (existing) return existing;
      const page = await newPage(who);
      pages.set(who, page);
      await page.goto('/');
      await submitSignIn(page, who);
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor(WAIT);
      return page;
    },
    async expectAccessible(page, name) {
      await page.waitForFunction(
        () => !(document.body as { textContent: string }).textContent.includes('Loading…'),
        null,
        WAIT,
      );
      // page.evaluate runs through the DevTools protocol, so the page's CSP does not block it.
      const hasAxe = await page.evaluate('typeof window.axe !== "undefined"');
      if (!hasAxe) await page.evaluate(axeSource);
      const result = await page.evaluate(
        (tags) =>
          axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations'],
          }),
        AXE_TAGS,
      );
      const violations = result.violations.map(
        (v) =>
          `${name}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
      expect(violations).toEqual([]);
    },
    close: cleanUp,
  };
}
