/**
 * The benchmark commands on the real public data sets when a checkout of ../shared/datasets sits
 * next to the repository; skipped, with a note, everywhere else. Full runs and their figures are
 * in docs/osint-evaluation.md; these use subsets to stay quick.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readGroundTruth,
  readReferenceOutputs,
  runExtractor,
  scoreTool,
} from '../../src/features/osint/extraction-benchmark.ts';
import { evaluateSimilarity, readPairsCsv } from '../../src/features/osint/similarity-benchmark.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../../../../shared/datasets');
const EXTRACTION = path.join(DATASETS, 'article-extraction-benchmark');
const PAIRS = path.join(DATASETS, 'semeval2022-task8-sample', 'testing_set.csv');
const haveExtraction = fs.existsSync(path.join(EXTRACTION, 'ground-truth.json'));
const havePairs = fs.existsSync(PAIRS);
if (!haveExtraction)
  console.warn(`osint benchmarks: extraction tests skipped, ${EXTRACTION} not present.`);
if (!havePairs) console.warn(`osint benchmarks: similarity test skipped, ${PAIRS} not present.`);

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!haveExtraction)('the article-extraction benchmark (../shared)', () => {
  it('reproduces the published scores of Readability.js and trafilatura from their outputs', () => {
    const truth = readGroundTruth(EXTRACTION);
    expect(truth.size).toBe(181);
    const refs = new Map(readReferenceOutputs(EXTRACTION).map((r) => [r.tool, r.predictions]));
    const readability = scoreTool('readability_js', truth, refs.get('readability_js') ?? new Map());
    const trafilatura = scoreTool('trafilatura', truth, refs.get('trafilatura') ?? new Map());
    // Upstream README: readability_js 0.947/0.914/0.982, trafilatura 0.958/0.938/0.978.
    expect(readability.f1).toBeCloseTo(0.947, 3);
    expect(readability.precision).toBeCloseTo(0.914, 3);
    expect(readability.recall).toBeCloseTo(0.982, 3);
    expect(trafilatura.f1).toBeCloseTo(0.958, 3);
    expect(trafilatura.precision).toBeCloseTo(0.938, 3);
    expect(trafilatura.recall).toBeCloseTo(0.978, 3);
  }, 60_000);

  it('extracts 30 of the pages above the data set’s regression floor (F1 0.90)', () => {
    const truth = readGroundTruth(EXTRACTION);
    const ids = [...truth.keys()].sort().slice(0, 30);
    const subset = new Map(ids.map((id) => [id, truth.get(id) ?? '']));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-aeb-'));
    temps.push(dir);
    fs.mkdirSync(path.join(dir, 'html'));
    for (const id of ids)
      fs.copyFileSync(
        path.join(EXTRACTION, 'html', `${id}.html.gz`),
        path.join(dir, 'html', `${id}.html.gz`),
      );
    const run = runExtractor(dir, subset);
    const score = scoreTool('truceline', subset, run.predictions);
    expect(score.documents).toBe(30);
    expect(score.f1).toBeGreaterThan(0.9);
  }, 120_000);
});

describe.skipIf(!havePairs)('SemEval-2022 Task 8 pairs (../shared)', () => {
  it('gives similarity that correlates with the labels on 200 pairs', () => {
    const pairs = readPairsCsv(PAIRS).slice(0, 200);
    const report = evaluateSimilarity(pairs);
    expect(report.pairs).toBe(200);
    expect(report.pearson ?? 0).toBeGreaterThan(0.3);
  }, 120_000);
});
