/**
 * `truceline osint eval-extraction DIR [--compare] [--json]` and `truceline osint eval-similarity
 * FILE.csv [--json]`: the article extractor and the story similarity scored on public benchmark
 * layouts (see docs/osint-evaluation.md). Figures go to stdout, progress to stderr.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  BenchmarkInputError,
  readGroundTruth,
  readReferenceOutputs,
  runExtractor,
  scoreTool,
  type ToolScore,
} from '../features/osint/extraction-benchmark.ts';
import {
  evaluateSimilarity,
  PairsInputError,
  readPairsCsv,
  type PairGroupScore,
  type SimilarityReport,
} from '../features/osint/similarity-benchmark.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { startProgress, type Progress } from './progress.ts';

const f3 = (x: number | null) => (x === null ? '  n/a' : x.toFixed(3));

/** Our extractor's name in reports. */
export const OUR_EXTRACTOR = 'truceline';

function printExtraction(io: CliIo, scores: readonly ToolScore[], failures: number): void {
  const width = Math.max(10, ...scores.map((s) => s.tool.length));
  io.out(`${'extractor'.padEnd(width)}  precision  recall     F1  accuracy  documents  empty`);
  for (const s of scores)
    io.out(
      `${s.tool.padEnd(width)}  ${f3(s.precision).padStart(9)}  ${f3(s.recall).padStart(6)}  ${f3(s.f1).padStart(5)}  ${f3(s.accuracy).padStart(8)}  ${String(s.documents).padStart(9)}  ${String(s.empty).padStart(5)}`,
    );
  if (failures > 0) io.out(`(${failures} page(s) refused by our extractor, scored as empty)`);
}

function groupLine(label: string, g: PairGroupScore, width: number): string {
  const s = g.sameStory;
  return `${label.padEnd(width)}  ${String(g.pairs).padStart(5)}  ${f3(g.pearson).padStart(7)}  ${f3(s.precision).padStart(9)}  ${f3(s.recall).padStart(6)}  ${f3(s.f1).padStart(5)}  ${String(s.tp + s.fn).padStart(8)}  ${String(s.fp + s.tn).padStart(8)}`;
}

function printSimilarity(io: CliIo, r: SimilarityReport): void {
  io.out(
    `${r.pairs} pairs over ${r.articles} articles; "same story" = similarity >= ${r.threshold} (the clustering threshold), Overall <= 2 positive, >= 3 negative (${r.sameStory.dropped} in between dropped)`,
  );
  const width = Math.max(9, ...r.byLanguage.map((g) => g.languages.length));
  io.out(
    `${'languages'.padEnd(width)}  pairs  Pearson  precision  recall     F1  positive  negative`,
  );
  io.out(groupLine('all', r, width));
  io.out(groupLine('same lang', r.sameLanguage, width));
  for (const g of r.byLanguage) io.out(groupLine(g.languages, g, width));
  io.out('Pearson: similarity against -Overall (higher similarity, more alike by the labels).');
}

/** Adds the two benchmark commands under `truceline osint`. */
export function registerOsintBenchmarkCommands(osint: Command, io: CliIo): void {
  osint
    .command('eval-extraction')
    .description(
      'score the article text extractor on a benchmark directory (ground-truth.json, html/<id>.html.gz)',
    )
    .argument('<dir>', 'benchmark directory')
    .option('--compare', "also score the reference tools' predictions in DIR/output/*.json")
    .option('--json', 'print one JSON object')
    .action((dir: string, flags: { compare?: boolean; json?: boolean }) => {
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
        throw new CliError(`${dir} is not a directory`, EXIT.usage);
      try {
        const truth = readGroundTruth(dir);
        const references = flags.compare ? readReferenceOutputs(dir) : [];
        if (flags.compare && references.length === 0)
          io.err(`truceline: ${dir}/output has no reference predictions to compare with`);
        const progress = startProgress(io, {
          label: 'Extracting',
          total: truth.size,
          unit: 'rows',
          threshold: 20,
        });
        let run;
        try {
          run = runExtractor(dir, truth, (done) => progress.update(done));
        } finally {
          progress.stop();
        }
        for (const f of run.failures) io.err(`truceline: ${f.id}: ${f.reason}`);
        const scores = [
          scoreTool(OUR_EXTRACTOR, truth, run.predictions),
          ...references.map((r) => scoreTool(r.tool, truth, r.predictions)),
        ];
        if (flags.json)
          io.out(
            JSON.stringify(
              {
                documents: truth.size,
                failures: run.failures,
                extractors: scores,
              },
              null,
              2,
            ),
          );
        else printExtraction(io, scores, run.failures.length);
      } catch (error) {
        if (error instanceof BenchmarkInputError) throw new CliError(error.message, EXIT.usage);
        throw error;
      }
    });

  osint
    .command('eval-similarity')
    .description(
      'score the story-clustering similarity on labelled article pairs (SemEval-2022 Task 8 CSV)',
    )
    .argument('<file>', 'CSV with pair_id, lang1, lang2, text1, text2, Overall')
    .option('--json', 'print one JSON object')
    .action((file: string, flags: { json?: boolean }) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile())
        throw new CliError(`${file} is not a file`, EXIT.usage);
      let pairs;
      try {
        pairs = readPairsCsv(file);
      } catch (error) {
        if (error instanceof PairsInputError) throw new CliError(error.message, EXIT.usage);
        throw error;
      }
      let progress: Progress | undefined;
      let report;
      try {
        report = evaluateSimilarity(pairs, {
          onFacts: (done, total) => {
            progress ??= startProgress(io, {
              label: 'Reading articles',
              total,
              unit: 'rows',
              threshold: 100,
            });
            progress.update(done);
          },
        });
      } finally {
        progress?.stop();
      }
      if (flags.json) io.out(JSON.stringify(report, null, 2));
      else printSimilarity(io, report);
    });
}
