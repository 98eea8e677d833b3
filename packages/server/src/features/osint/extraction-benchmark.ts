/**
 * Scores the article extractor (`extract-html.ts`) on a directory laid out like the public
 * article-extraction benchmark: `ground-truth.json` (`{ "<id>": { "articleBody": str } }`),
 * `html/<id>.html.gz`, and optionally reference predictions in `output/<tool>.json` (the same map,
 * or `{ "version": str, "output": map }`). The metric is the domain's `scoreExtraction`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  scoreExtraction,
  summariseExtraction,
  type DocumentExtractionScore,
  type ExtractionSummary,
} from '@truceline/domain/osint/index';
import { extractHtml, HtmlExtractionError } from './extract-html.ts';

/** A problem with the benchmark directory's files, naming the file. */
export class BenchmarkInputError extends Error {
  override readonly name = 'BenchmarkInputError';
}

/** Main texts by document id. */
export type Predictions = ReadonlyMap<string, string>;

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new BenchmarkInputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BenchmarkInputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Main texts from a parsed predictions or ground-truth file: a map of id to `{ articleBody }` (or
 * to a plain string), optionally wrapped as `{ version, output }`. A null body counts as empty.
 */
export function parsePredictions(value: unknown, file: string): Predictions {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) throw new BenchmarkInputError(`${file}: expected a JSON object`);
  const map = isObject(value['output']) && 'version' in value ? value['output'] : value;
  const out = new Map<string, string>();
  for (const [id, entry] of Object.entries(map)) {
    const body = isObject(entry) ? entry['articleBody'] : entry;
    if (body === null || body === undefined) out.set(id, '');
    else if (typeof body === 'string') out.set(id, body);
    else throw new BenchmarkInputError(`${file}: "${id}" has no string articleBody`);
  }
  return out;
}

/** The ground truth of a benchmark directory. */
export function readGroundTruth(dir: string): Predictions {
  const file = path.join(dir, 'ground-truth.json');
  if (!fs.existsSync(file)) throw new BenchmarkInputError(`${dir} has no ground-truth.json`);
  const truth = parsePredictions(readJson(file), file);
  if (truth.size === 0) throw new BenchmarkInputError(`${file} lists no documents`);
  return truth;
}

/** Reference predictions (`output/*.json`) by tool name, sorted by name; none when absent. */
export function readReferenceOutputs(
  dir: string,
): Array<{ tool: string; predictions: Predictions }> {
  const outDir = path.join(dir, 'output');
  if (!fs.existsSync(outDir)) return [];
  return fs
    .readdirSync(outDir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => {
      const file = path.join(outDir, n);
      return {
        tool: n.slice(0, -'.json'.length),
        predictions: parsePredictions(readJson(file), file),
      };
    });
}

/** A tool's score over the ground truth's documents. */
export interface ToolScore extends ExtractionSummary {
  readonly tool: string;
  /** Documents the tool gave no text for (scored as empty predictions). */
  readonly empty: number;
}

/** Scores predictions over every ground-truth document; a missing prediction counts as empty. */
export function scoreTool(tool: string, truth: Predictions, predictions: Predictions): ToolScore {
  const scores: DocumentExtractionScore[] = [];
  let empty = 0;
  for (const [id, body] of truth) {
    const pred = predictions.get(id) ?? '';
    if (pred.trim() === '') empty++;
    scores.push(scoreExtraction(pred, body));
  }
  return { tool, ...summariseExtraction(scores), empty };
}

/** The outcome of running our extractor over the benchmark pages. */
export interface ExtractionRun {
  readonly predictions: Predictions;
  /** Pages the extractor refused (scored as empty), with its reason. */
  readonly failures: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

/**
 * Runs `extractHtml` over `html/<id>.html.gz` for every ground-truth id, decompressing with
 * node:zlib. A missing or corrupt page file is an input error; a page the extractor refuses is
 * a failure and scores as an empty prediction.
 */
export function runExtractor(
  dir: string,
  truth: Predictions,
  onProgress: (done: number) => void = () => undefined,
): ExtractionRun {
  const htmlDir = path.join(dir, 'html');
  if (!fs.existsSync(htmlDir)) throw new BenchmarkInputError(`${dir} has no html/ directory`);
  const predictions = new Map<string, string>();
  const failures: Array<{ id: string; reason: string }> = [];
  let done = 0;
  for (const id of truth.keys()) {
    const file = path.join(htmlDir, `${id}.html.gz`);
    let bytes: Buffer;
    try {
      bytes = gunzipSync(fs.readFileSync(file));
    } catch (error) {
      throw new BenchmarkInputError(`cannot read ${file}: ${(error as Error).message}`);
    }
    try {
      predictions.set(id, extractHtml(bytes).text);
    } catch (error) {
      if (!(error instanceof HtmlExtractionError)) throw error;
      predictions.set(id, '');
      failures.push({ id, reason: error.message });
    }
    onProgress(++done);
  }
  return { predictions, failures };
}
