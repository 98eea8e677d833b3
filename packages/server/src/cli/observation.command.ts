/**
 * `truceline observation`: import observations from a CSV file whose columns are the fields of
 * one observation in the API (NewObservationSchema), and list them.
 *
 * An import checks every row against the API's schema first and reports each bad row and field;
 * then it records the rows in batches of the API's largest request through the observations
 * service, all inside one transaction: a refusal of any batch (a place not in the gazetteer, a time
 * in the future) stores nothing at all.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { Command } from 'commander';
import {
  MAX_OBSERVATIONS_PER_REQUEST,
  NewObservationSchema,
  OBSERVATION_TYPES,
  ObservationSearchQuerySchema,
  type NewObservation,
  type Observation,
  type ObservationSearchQuery,
} from '@truceline/domain';
import { createObservationsService } from '../features/observations/observations.service.ts';
import { AppError, type FieldError } from '../platform/http/problem.ts';
import { asOption, optionalActor, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { filterTime, oneOf, wholeNumber } from './options.ts';
import { startProgress } from './progress.ts';
import { clip, shortTime, table } from './table.ts';
import { describeErrors, textCheck } from './validate.ts';

/** Rows recorded per call of the service: the API's largest request. */
export const IMPORT_BATCH = MAX_OBSERVATIONS_PER_REQUEST;
/** Most row errors printed; the rest are counted. */
const MAX_REPORTED = 50;
/** Most observations `observation list` pages through in one run. */
const MAX_LIST = 100_000;

const COLUMNS = Object.keys(NewObservationSchema.properties);
const REQUIRED: readonly string[] =
  (NewObservationSchema as { required?: string[] }).required ?? [];

/** Thrown inside the transaction of a dry run, to roll back everything it recorded. */
class DryRunRollback extends Error {}

interface ParsedRows {
  readonly items: NewObservation[];
  /** The line of the CSV file each item ends on. */
  readonly lines: number[];
}

/** Reads and checks every row; a usage error lists the bad rows and fields. */
async function readRows(file: string): Promise<ParsedRows> {
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a regular file');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  const check = textCheck<NewObservation>(NewObservationSchema);
  let header: string[] | undefined;
  const items: NewObservation[] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  let badRows = 0;
  const parser = fs.createReadStream(file).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      columns: (names: string[]) => (header = names.map((n) => n.trim())),
    }),
  );
  let row = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (row === 0) checkHeader(file, header ?? []);
      row += 1;
      // An empty cell of an optional column (placeId) means "none", as an absent field does.
      const item: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(record)) {
        if (v !== '' || REQUIRED.includes(k)) item[k] = v;
      }
      const checked = check(item);
      if (checked.ok) {
        items.push(checked.value);
        lines.push(info.lines);
      } else {
        badRows += 1;
        problems.push(...rowProblems(row, info.lines, checked.errors));
      }
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    // csv-parse names the line of a malformed record (a stray quote, a short row).
    throw new CliError(`${file} is not valid CSV: ${(error as Error).message}`, EXIT.usage);
  }
  if (header === undefined) throw new CliError(`${file} is empty: no header row`, EXIT.usage);
  if (row === 0) checkHeader(file, header);
  if (badRows > 0) {
    throw new CliError(
      [
        `${file}: ${badRows} of ${row} row(s) are not valid; nothing was stored:`,
        ...problems.slice(0, MAX_REPORTED),
        ...(problems.length > MAX_REPORTED
          ? [`  … and ${problems.length - MAX_REPORTED} more`]
          : []),
      ].join('\n'),
      EXIT.usage,
    );
  }
  if (items.length === 0) throw new CliError(`${file} holds no observations`, EXIT.usage);
  return { items, lines };
}

function checkHeader(file: string, header: readonly string[]): void {
  const unknown = header.filter((h) => !COLUMNS.includes(h));
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (unknown.length === 0 && missing.length === 0) return;
  throw new CliError(
    [
      `The header of ${file} does not match the observation fields:`,
      ...(unknown.length ? [`  unknown column(s): ${unknown.join(', ')}`] : []),
      ...(missing.length ? [`  missing column(s): ${missing.join(', ')}`] : []),
      `  the columns are: ${COLUMNS.join(', ')} (${COLUMNS.filter((c) => !REQUIRED.includes(c)).join(', ')} optional)`,
    ].join('\n'),
    EXIT.usage,
  );
}

const rowProblems = (row: number, line: number, errors: readonly FieldError[]) =>
  describeErrors(errors, `row ${row} (line ${line}) `);

export function registerObservationCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const observation = program
    .command('observation')
    .description('observations: import from CSV, list, as an account (--as)');

  observation
    .command('import')
    .description(`record observations from a CSV file, all or none; columns: ${COLUMNS.join(', ')}`)
    .argument('<file>', 'the CSV file, with a header row naming the columns')
    .addOption(asOption(true))
    .option('--dry-run', 'check every row (in a transaction that is rolled back); store nothing')
    .action(async (file: string, flags: { as?: string; dryRun?: boolean }) => {
      const { items, lines } = await readRows(file);
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'observation.create');
        const progress = startProgress(io, {
          label: `recording ${items.length} observations`,
          total: items.length,
          unit: 'rows',
          threshold: IMPORT_BATCH + 1,
        });
        try {
          await db.transaction(async (tx) => {
            // The service itself, over this transaction: each batch is checked and recorded (with
            // its log entries) by the same code as the API, and all batches commit together.
            const observations = createObservationsService({ db: tx, clock: c.clock });
            for (let start = 0; start < items.length; start += IMPORT_BATCH) {
              const batch = items.slice(start, start + IMPORT_BATCH);
              try {
                await observations.record({ items: batch }, actor);
              } catch (error) {
                throw batchError(error, file, start, lines);
              }
              progress.update(start + batch.length);
            }
            if (flags.dryRun) throw new DryRunRollback();
          });
        } catch (error) {
          if (!(error instanceof DryRunRollback)) throw error;
        } finally {
          progress.stop();
        }
        io.out(
          flags.dryRun
            ? `All ${items.length} observation(s) in ${file} are valid; nothing was stored (--dry-run).`
            : `Recorded ${items.length} observation(s) from ${file}.`,
        );
      });
    });

  observation
    .command('list')
    .description('observations the account may see, newest first')
    .option(
      '--type <type>',
      `only of this type (repeatable): ${OBSERVATION_TYPES.join(', ')}`,
      oneOf(OBSERVATION_TYPES),
    )
    .option('--from <time>', 'observed on or after this date or time', filterTime('from'))
    .option('--to <time>', 'observed on or before this date or time', filterTime('to'))
    .option('--place <id>', 'at this gazetteer place')
    .option('--limit <n>', `how many (1–${MAX_LIST})`, wholeNumber(1, MAX_LIST), 50)
    .addOption(asOption(false))
    .option('--json', 'print JSON')
    .action(
      async (flags: {
        type?: string[];
        from?: string;
        to?: string;
        place?: string;
        limit: number;
        as?: string;
        json?: boolean;
      }) => {
        const checked = textCheck<ObservationSearchQuery>(ObservationSearchQuerySchema)({
          ...(flags.type ? { type: flags.type } : {}),
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
          ...(flags.place !== undefined ? { place: flags.place } : {}),
        });
        if (!checked.ok)
          throw new CliError(
            ['The filters are not valid:', ...describeErrors(checked.errors, '--')].join('\n'),
            EXIT.usage,
          );
        await withDb(async (c) => {
          const actor = await optionalActor(c.database.db, flags, io, 'observation.read');
          const items: Observation[] = [];
          let cursor: string | null = null;
          do {
            const page = await c.services.observations.search(
              {
                ...checked.value,
                limit: Math.min(MAX_OBSERVATIONS_PER_REQUEST, flags.limit - items.length),
                ...(cursor ? { cursor } : {}),
              },
              actor,
            );
            items.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor && items.length < flags.limit);
          if (flags.json) io.out(JSON.stringify(items, null, 2));
          else if (items.length === 0) io.out('No observations match.');
          else
            for (const line of table(
              ['OBSERVED', 'TYPE', 'COUNT', 'PLACE', 'SOURCE', 'VISIBILITY', 'NOTES'],
              items.map((o) => [
                shortTime(o.observedAt),
                o.type,
                String(o.count),
                o.placeName ?? `${o.latitude}, ${o.longitude}`,
                clip(`${o.source} (${o.sourceKind})`, 30),
                o.visibility,
                clip(o.notes, 40),
              ]),
            ))
              io.out(line);
          if (cursor) io.err('(more observations match; raise --limit to see them)');
        });
      },
    );
}

/** The service's refusal of a batch, with its items named by their rows in the file. */
function batchError(
  error: unknown,
  file: string,
  start: number,
  lines: readonly number[],
): unknown {
  if (!(error instanceof AppError) || error.code !== 'validation_failed') return error;
  const problems = error.errors.map((e) => {
    const match = /^body\.items\.(\d+)\.?(.*)$/.exec(e.field);
    if (!match) return `  ${e.field}: ${e.message}`;
    const index = start + Number(match[1]);
    return `  row ${index + 1} (line ${lines[index] ?? '?'}) ${match[2] || '(row)'}: ${e.message}`;
  });
  return new CliError(
    [`${file}: ${error.message}; nothing was stored:`, ...problems].join('\n'),
    EXIT.usage,
  );
}
