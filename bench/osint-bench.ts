/**
 * The news-monitoring throughput benchmark: `npm run bench:osint`
 * (`node --import tsx bench/osint-bench.ts`).
 *
 * Streams a synthetic news feed (`bench/osint-synthetic.ts`, a constant number of articles per
 * day) through the windowed story clusterer of the domain (`createStoryStream`) in chunks, at
 * 10k, 100k and 1M articles, and reports articles per second, µs per article (split into fact
 * extraction and clustering), peak RSS, the most articles held in the window, and each size's
 * cost per article against the first size of the same run (the baseline): near-linear growth
 * means that ratio stays near 1.
 *
 * End to end here is: an article file's text (`formatArticle` of the generated article, parsed
 * back with `parseArticle`) → facts (`extractFacts`) → copies, rewrites and similarity over the
 * window and the chunk (`storySimilarity`) → story and origin assignment and eviction. Not in it:
 * generating the feed (outside the timed sections), fetching, HTML extraction (measured on its own
 * in a last row, per page), storage. Each size runs in its own child process, so its peak RSS
 * (getrusage maxrss) and JIT state are its own. Two cores: the child is one thread.
 *
 * Prints a Markdown report on stdout; progress on stderr. See docs/benchmarks.md.
 *
 * Environment (all optional):
 *   BENCH_OSINT_SIZES     sizes, ascending (10000,100000,1000000; k and M suffixes allowed)
 *   BENCH_OSINT_CHUNK     articles per `add` (1000)
 *   BENCH_OSINT_PER_DAY   articles per day of the synthetic feed (100)
 *   BENCH_OSINT_SEED      the feed's seed (1)
 *   BENCH_OSINT_HTML      generated HTML pages for the extraction row (300; 0 skips it)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createStoryStream,
  DEFAULTS,
  extractFacts,
  formatArticle,
  parseArticle,
  type Article,
  type ArticleFacts,
} from '../packages/domain/src/osint/index.ts';
import { extractArticle } from '../packages/server/src/features/osint/extract-article.ts';
import { machineFacts } from './log/report.ts';
import { htmlPage } from './osint/html-page.ts';
import { syntheticNews, type SyntheticOptions } from './osint-synthetic.ts';

interface SizeResult {
  readonly size: number;
  readonly days: number;
  readonly seconds: number;
  readonly factsSeconds: number;
  readonly storiesSeconds: number;
  /** CPU time (user + system) of the timed sections: what a busy machine blurs far less. */
  readonly cpuSeconds: number;
  /** The machine's one-minute load average when the size finished. */
  readonly loadAverage: number;
  readonly peakRssMiB: number;
  readonly maxActive: number;
  readonly stories: number;
}

interface Settings {
  readonly sizes: readonly number[];
  readonly chunk: number;
  readonly perDay: number;
  readonly seed: number;
  readonly htmlPages: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const MIB = 1024 * 1024;

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`not a size: ${s}`);
  const unit = m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  return Math.round(Number(m[1]) * unit);
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const num = (name: string, fallback: number) => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : Number(v);
  };
  return {
    sizes: (env['BENCH_OSINT_SIZES'] ?? '10000,100000,1000000').split(',').map(parseSize),
    chunk: num('BENCH_OSINT_CHUNK', 1000),
    perDay: num('BENCH_OSINT_PER_DAY', 100),
    seed: num('BENCH_OSINT_SEED', 1),
    htmlPages: num('BENCH_OSINT_HTML', 300),
  };
}

/** One size, in this process: the child's work. */
function measureSize(size: number, s: Settings): SizeResult {
  const feed: SyntheticOptions = { seed: s.seed, perDay: s.perDay };
  const facts = new Map<string, ArticleFacts>();
  const stream = createStoryStream({
    factsOf: (a) => facts.get(a.id) ?? extractFacts(a),
  });
  let factsMs = 0;
  let storiesMs = 0;
  let cpuMs = 0;
  let maxActive = 0;
  let done = 0;
  let first: string | null = null;
  let last: string | null = null;
  let lastReport = performance.now();
  const started = performance.now();
  let chunk: Article[] = [];
  const flush = () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    // The article files' text, read back as the pipeline reads files, then their facts.
    const parsed = chunk.map((a) => parseArticle(a.id, formatArticle(a)));
    facts.clear();
    for (const a of parsed) facts.set(a.id, extractFacts(a));
    const t1 = performance.now();
    stream.add(parsed);
    const t2 = performance.now();
    const cpu = process.cpuUsage(c0);
    cpuMs += (cpu.user + cpu.system) / 1000;
    factsMs += t1 - t0;
    storiesMs += t2 - t1;
    done += chunk.length;
    maxActive = Math.max(maxActive, stream.stats().active);
    chunk = [];
    if (t2 - lastReport > 10_000) {
      lastReport = t2;
      // Running figures, so that a run cut short still says how it went.
      const us = ((factsMs + storiesMs) * 1000) / done;
      log(
        `  ${size}: ${done} articles, ${Math.round(1e6 / us)}/s, ${Math.round(us)} µs/article ` +
          `(CPU ${Math.round((cpuMs * 1000) / done)}), window ${stream.stats().active}, ` +
          `rss ${Math.round(process.memoryUsage.rss() / MIB)} MiB`,
      );
    }
  };
  for (const a of syntheticNews(size, feed)) {
    if (a.published) {
      first ??= a.published;
      last = a.published;
    }
    chunk.push(a);
    if (chunk.length >= s.chunk) flush();
  }
  if (chunk.length > 0) flush();
  const days =
    first && last ? Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1 : 0;
  log(
    `  ${size}: done in ${((performance.now() - started) / 1000).toFixed(1)} s (generation included)`,
  );
  return {
    size,
    days,
    seconds: (factsMs + storiesMs) / 1000,
    factsSeconds: factsMs / 1000,
    storiesSeconds: storiesMs / 1000,
    cpuSeconds: cpuMs / 1000,
    loadAverage: os.loadavg()[0] ?? 0,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
    maxActive,
    stories: stream.stats().stories,
  };
}

/** Runs one size in a child process and returns its result. */
function runChild(size: number): Promise<SizeResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--child', String(size)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: path.dirname(path.dirname(self)),
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0)
        return reject(new Error(`the ${size} child exited with ${code ?? `signal ${signal}`}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as SizeResult);
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

/** HTML extraction per page, on generated pages around synthetic articles. */
function measureHtml(pages: number, s: Settings): { pages: number; usPerPage: number } {
  const articles = [...syntheticNews(pages, { seed: s.seed + 1, perDay: s.perDay })];
  const html = articles.map((a) => htmlPage(a));
  // Warm up the parser and the JIT on a few pages, then time every page once.
  for (const h of html.slice(0, 20)) extractArticle({ kind: 'html', text: h, charset: 'utf-8' });
  const t0 = performance.now();
  for (const h of html) extractArticle({ kind: 'html', text: h, charset: 'utf-8' });
  return { pages, usPerPage: ((performance.now() - t0) * 1000) / pages };
}

const int = (v: number) => Math.round(v).toLocaleString('en-GB');
const sizeName = (n: number) =>
  n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : int(n);

function render(
  started: Date,
  s: Settings,
  rows: readonly SizeResult[],
  html: { pages: number; usPerPage: number } | null,
): string {
  const base = rows[0];
  const command = [
    ...['SIZES', 'CHUNK', 'PER_DAY', 'SEED', 'HTML'].flatMap((k) => {
      const v = process.env[`BENCH_OSINT_${k}`];
      return v ? [`BENCH_OSINT_${k}=${v}`] : [];
    }),
    'npm run bench:osint',
  ].join(' ');
  const us = (r: SizeResult) => (r.seconds * 1e6) / r.size;
  const cpu = (r: SizeResult) => (r.cpuSeconds * 1e6) / r.size;
  const lines = [
    '## News monitoring throughput',
    '',
    `Command: \`${command}\``,
    '',
    `Machine: ${machineFacts()}. Run started ${started.toISOString()}.`,
    '',
    `Feed: synthetic, seed ${s.seed}, ${s.perDay} articles a day; chunks of ${s.chunk} articles; ` +
      `window ${DEFAULTS.maxStoryDays} days behind the newest publication date (\`maxStoryDays\`).`,
    '',
    '| Articles | Days of news | Articles/s | µs/article | of which facts | of which stories | CPU µs/article | ' +
      `Cost per article vs ${base ? sizeName(base.size) : '–'} (wall, CPU) | Peak RSS | Most articles in window | Stories | Load average |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows
      .map((r) =>
        [
          sizeName(r.size),
          int(r.days),
          int(r.size / r.seconds),
          int(us(r)),
          int((r.factsSeconds * 1e6) / r.size),
          int((r.storiesSeconds * 1e6) / r.size),
          int(cpu(r)),
          base ? `${(us(r) / us(base)).toFixed(2)}×, ${(cpu(r) / cpu(base)).toFixed(2)}×` : '–',
          `${int(r.peakRssMiB)} MiB`,
          int(r.maxActive),
          int(r.stories),
          r.loadAverage.toFixed(2),
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
  ];
  if (html)
    lines.push(
      '',
      `HTML extraction (\`extractArticle\`: linkedom + Readability + franc) on ${html.pages} generated ` +
        `pages: ${int(html.usPerPage)} µs per page (${int(1e6 / html.usPerPage)} pages/s), ` +
        'to add per article when news arrives as HTML.',
    );
  return `${lines.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<void> {
  const s = readSettings(process.env);
  const childAt = argv.indexOf('--child');
  if (childAt >= 0) {
    process.stdout.write(`${JSON.stringify(measureSize(Number(argv[childAt + 1]), s))}\n`);
    return;
  }
  const started = new Date();
  const rows: SizeResult[] = [];
  for (const size of s.sizes) {
    log(`news monitoring: ${sizeName(size)} articles`);
    const row = await runChild(size);
    // Each row as it comes, so that a long run cut short still leaves its figures.
    log(`  result ${JSON.stringify(row)}`);
    rows.push(row);
  }
  let html = null;
  if (s.htmlPages > 0) {
    log(`HTML extraction: ${s.htmlPages} pages`);
    html = measureHtml(s.htmlPages, s);
  }
  process.stdout.write(render(started, s, rows, html));
}

await main(process.argv.slice(2));
