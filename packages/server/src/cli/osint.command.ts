/** `truceline osint eval DIR [--json]`: the monitoring pipeline scored against a labelled corpus, in memory. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { evaluate, type EvalReport } from '@truceline/domain/osint/index';
import { loadActors } from '../features/osint/actor-table.ts';
import { readCorpus } from '../features/osint/read-corpus.ts';
import { registerOsintBenchmarkCommands } from './osint-benchmarks.command.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';

const f3 = (x: number) => x.toFixed(3);

function printReport(io: CliIo, r: EvalReport): void {
  io.out(
    `Stories (BCubed, ${r.stories.articles} articles, ${r.stories.goldStories} labelled stories, ${r.stories.predictedStories} found):`,
  );
  io.out(
    `  precision ${f3(r.stories.precision)}  recall ${f3(r.stories.recall)}  F1 ${f3(r.stories.f1)}`,
  );
  io.out(`Duplicate and rewrite pairs (${r.pairs.gold} labelled, ${r.pairs.predicted} found):`);
  io.out(
    `  precision ${f3(r.pairs.precision)}  recall ${f3(r.pairs.recall)}  F1 ${f3(r.pairs.f1)}`,
  );
  io.out(
    `Contradictions: ${r.contradictions.correct}/${r.contradictions.scored} decisions as expected; conflicts flagged ${r.contradictions.conflictsFlagged}; no_conflict flagged ${r.contradictions.noConflictFlagged}`,
  );
  for (const d of r.contradictions.decisions)
    io.out(
      `  ${d.id.padEnd(6)} expect ${d.expect.padEnd(18)} got ${d.decision.padEnd(18)} ${d.correct === null ? '(unscored)' : d.correct ? 'ok' : 'WRONG'}`,
    );
  io.out(
    `Independent origins: ${r.independence.originsCorrect}/${r.independence.expectations} right; outlets ${r.independence.outletsCorrect}/${r.independence.expectations} right`,
  );
  for (const d of r.independence.details)
    io.out(
      `  ${d.id.padEnd(6)} origins ${d.origins} (expected ${d.expectedOrigins ?? '?'})  outlets ${d.outlets} (expected ${d.expectedOutlets ?? '?'})`,
    );
  io.out(
    `Publication dates: ${r.dates.correct}/${r.dates.files} right (${f3(r.dates.accuracy)}); stated dates ${r.dates.statedCorrect}/${r.dates.stated}`,
  );
  io.out(
    `Event dates: ${r.dates.events.correct}/${r.dates.events.files} within their story's days (${f3(r.dates.events.accuracy)})`,
  );
  for (const w of r.dates.events.wrong)
    io.out(`  ${w.file.padEnd(6)} expected ${w.expected}, got ${w.got ?? 'no event date'}`);
}

/** Adds `truceline osint eval`, `eval-extraction` and `eval-similarity`. */
export function registerOsintCommands(program: Command, io: CliIo): void {
  const osint = program.command('osint').description('open-source news monitoring');
  osint
    .command('eval')
    .description('run the pipeline on a directory of articles and score it against its labels.json')
    .argument('<dir>', 'directory of article files (*.txt) with labels.json')
    .option('--json', 'print one JSON object')
    .option('--actors <file>', 'a JSON file of actors and aliases to add to the built-in table')
    .action((dir: string, flags: { json?: boolean; actors?: string }) => {
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
        throw new CliError(`${dir} is not a directory`, EXIT.usage);
      let corpus;
      try {
        corpus = readCorpus(dir);
      } catch (error) {
        throw new CliError(`Cannot read ${dir}: ${(error as Error).message}`, EXIT.usage);
      }
      if (!corpus.labels) throw new CliError(`${dir} has no labels.json`, EXIT.usage);
      for (const e of corpus.errors) io.err(`truceline: skipped ${e.file}: ${e.error}`);
      let actors;
      try {
        actors = loadActors(flags.actors);
      } catch (error) {
        throw new CliError((error as Error).message, EXIT.usage);
      }
      const { report } = evaluate(corpus.articles, corpus.labels, { actors });
      if (flags.json) io.out(JSON.stringify(report, null, 2));
      else printReport(io, report);
    });
  registerOsintBenchmarkCommands(osint, io);
}
