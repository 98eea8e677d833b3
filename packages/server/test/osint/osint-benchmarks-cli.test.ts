import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const BENCH = path.join(FIXTURES, 'extraction-benchmark');
const PAIRS = path.join(FIXTURES, 'semeval-pairs.csv');

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
    stdin: Readable.from([]),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const temps: string[] = [];
function tempCopyOfBench(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-bench-'));
  temps.push(dir);
  fs.cpSync(BENCH, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

interface ToolRow {
  tool: string;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  documents: number;
  empty: number;
}

describe('truceline osint eval-extraction', () => {
  it('scores our extractor: two pages exact, the text-less page refused and scored empty', async () => {
    const r = await cli(['osint', 'eval-extraction', BENCH, '--json']);
    expect(r.code).toBe(EXIT.ok);
    const report = JSON.parse(r.out) as {
      documents: number;
      failures: unknown[];
      extractors: ToolRow[];
    };
    expect(report.documents).toBe(3);
    expect(report.failures).toEqual([
      { id: 'page-c', reason: 'no readable article text was found' },
    ]);
    expect(report.extractors).toHaveLength(1);
    const ours = report.extractors[0];
    // Caption, navigation, link list and footer dropped; <br> lines kept apart.
    expect(ours).toMatchObject({ tool: 'truceline', documents: 3, empty: 1, accuracy: 2 / 3 });
    expect(ours?.precision).toBeCloseTo(2 / 3);
    expect(ours?.recall).toBeCloseTo(2 / 3);
    expect(r.err).toMatch(/page-c: no readable article text/);
  });

  it('with --compare scores the reference outputs, wrapped or plain, by the same metric', async () => {
    const r = await cli(['osint', 'eval-extraction', BENCH, '--compare', '--json']);
    expect(r.code).toBe(EXIT.ok);
    const tools = (JSON.parse(r.out) as { extractors: ToolRow[] }).extractors;
    expect(tools.map((t) => t.tool)).toEqual(['truceline', 'perfect', 'plain']);
    expect(tools[1]).toMatchObject({ precision: 1, recall: 1, f1: 1, accuracy: 1, empty: 0 });
    // plain.json keeps a caption on page-a and has no page-c (scored as empty).
    expect(tools[2]).toMatchObject({ empty: 1, accuracy: 1 / 3 });
    expect(tools[2]?.recall).toBeCloseTo(2 / 3);
    expect(tools[2]?.precision).toBeLessThan(2 / 3);
  });

  it('prints a table without --json', async () => {
    const r = await cli(['osint', 'eval-extraction', BENCH, '--compare']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/extractor\s+precision\s+recall\s+F1\s+accuracy\s+documents/);
    expect(r.out).toMatch(/truceline\s+0\.667\s+0\.667\s+0\.667\s+0\.667\s+3\s+1/);
    expect(r.out).toMatch(/perfect\s+1\.000\s+1\.000\s+1\.000\s+1\.000\s+3\s+0/);
  });

  it('refuses a missing directory, malformed JSON and a missing page, naming the file', async () => {
    const missing = await cli(['osint', 'eval-extraction', path.join(BENCH, 'nope')]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toMatch(/nope is not a directory/);

    const bad = tempCopyOfBench();
    fs.writeFileSync(path.join(bad, 'ground-truth.json'), '{"page-a": ');
    const badTruth = await cli(['osint', 'eval-extraction', bad]);
    expect(badTruth.code).toBe(EXIT.usage);
    expect(badTruth.err).toMatch(/ground-truth\.json is not valid JSON/);

    const badRef = tempCopyOfBench();
    fs.writeFileSync(path.join(badRef, 'output', 'broken.json'), '[1, 2');
    const ref = await cli(['osint', 'eval-extraction', badRef, '--compare']);
    expect(ref.code).toBe(EXIT.usage);
    expect(ref.err).toMatch(/broken\.json is not valid JSON/);

    const noPage = tempCopyOfBench();
    fs.rmSync(path.join(noPage, 'html', 'page-b.html.gz'));
    const page = await cli(['osint', 'eval-extraction', noPage]);
    expect(page.code).toBe(EXIT.usage);
    expect(page.err).toMatch(/cannot read .*page-b\.html\.gz/);

    const noTruth = tempCopyOfBench();
    fs.rmSync(path.join(noTruth, 'ground-truth.json'));
    const truth = await cli(['osint', 'eval-extraction', noTruth]);
    expect(truth.code).toBe(EXIT.usage);
    expect(truth.err).toMatch(/has no ground-truth\.json/);
  });
});

describe('truceline osint eval-similarity', () => {
  it('reports Pearson, same-story F1 at the clustering threshold, and language pairs', async () => {
    const r = await cli(['osint', 'eval-similarity', PAIRS, '--json']);
    expect(r.code).toBe(EXIT.ok);
    const report = JSON.parse(r.out) as {
      threshold: number;
      articles: number;
      pairs: number;
      pearson: number;
      sameStory: Record<string, number>;
      byLanguage: Array<{ languages: string; pairs: number; pearson: number | null }>;
    };
    expect(report).toMatchObject({ threshold: 0.2, pairs: 6, articles: 7 });
    // The exact copy and the paraphrase are found; the unrelated pairs are not; the German–English
    // pair is missed (no shared words); the 2.5 pair is dropped.
    expect(report.sameStory).toMatchObject({ tp: 2, fp: 0, fn: 1, tn: 2, dropped: 1 });
    expect(report.sameStory['f1']).toBeCloseTo(0.8);
    expect(report.pearson).toBeGreaterThan(0.5);
    expect(report.byLanguage.map((g) => [g.languages, g.pairs])).toEqual([
      ['en-en', 4],
      ['de-de', 1],
      ['de-en', 1],
    ]);
    expect(report.byLanguage[1]?.pearson).toBeNull();
  });

  it('prints a table without --json', async () => {
    const r = await cli(['osint', 'eval-similarity', PAIRS]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/6 pairs over 7 articles/);
    expect(r.out).toMatch(/^all\s+6\s+0\.\d{3}\s+1\.000\s+0\.667\s+0\.800\s+3\s+2$/m);
  });

  it('refuses a missing file, a missing column and a non-numeric score, naming them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-pairs-'));
    temps.push(dir);
    const missing = await cli(['osint', 'eval-similarity', path.join(dir, 'none.csv')]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toMatch(/none\.csv is not a file/);

    const lines = fs.readFileSync(PAIRS, 'utf8').split(/\r?\n/);
    const noOverall = path.join(dir, 'no-overall.csv');
    fs.writeFileSync(noOverall, lines.join('\n').replace(',Overall,', ',Score,'));
    const column = await cli(['osint', 'eval-similarity', noOverall]);
    expect(column.code).toBe(EXIT.usage);
    expect(column.err).toMatch(/no-overall\.csv lacks the column\(s\) Overall/);

    const notNumber = path.join(dir, 'bad-score.csv');
    fs.writeFileSync(
      notNumber,
      [lines[0], lines[1]?.replace(/,1\.0,1\.0,1\.0$/, ',high,1.0,1.0')].join('\n'),
    );
    const score = await cli(['osint', 'eval-similarity', notNumber]);
    expect(score.code).toBe(EXIT.usage);
    expect(score.err).toMatch(/bad-score\.csv, record 1 \(pair 100_101\): Overall "high"/);

    const broken = path.join(dir, 'broken.csv');
    fs.writeFileSync(broken, `${lines[0]}\n0,"1_2,en,en,a,b,1,1,1,1,1,1,1\n`);
    const csv = await cli(['osint', 'eval-similarity', broken]);
    expect(csv.code).toBe(EXIT.usage);
    expect(csv.err).toMatch(/broken\.csv is not valid CSV/);
  });
});
