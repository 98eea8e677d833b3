/**
 * `truceline intel`: shared intelligence, always as a named account (`--as EMAIL`). A party's
 * officer shares a report with the mediators (and named other parties) until a time it chooses,
 * widens or withdraws the release; every opening (`show`) and every `export` is a recorded view,
 * and `views` shows them to the sharing party and the mediators. The same service, schemas and
 * permission checks as `/api/v1/intel`: a report the account may not see is "not found", and only
 * the originating party changes a release (a recipient cannot pass a report on).
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { Option, type Command } from 'commander';
import {
  IntelExportQuerySchema,
  IntelSearchQuerySchema,
  ReleaseIntelRequestSchema,
  ShareIntelRequestSchema,
  USER_LANGUAGES,
  WithdrawIntelRequestSchema,
  maySeeIntel,
  type Actor,
  type IntelExportQuery,
  type IntelReport,
  type IntelSearchQuery,
  type ReleaseIntelRequest,
  type ShareIntelRequest,
  type WithdrawIntelRequest,
} from '@truceline/domain';
import { intelNotFound } from '../features/intel/intel.service.ts';
import type { Db } from '../platform/database/database.ts';
import { intelReports } from '../platform/database/schema/index.ts';
import { asOption, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { repeatable, wholeNumber } from './options.ts';
import { organisationId, organisationNames, readInput, uuidArgument } from './resolve.ts';
import { clip, shortTime, table } from './table.ts';
import { bodyCheck, checkRequest, namingOptions, textCheck, type OptionNames } from './validate.ts';

const SHARE_OPTIONS: OptionNames = {
  title: '--title',
  body: '--body/--body-file',
  language: '--language',
  releasedTo: '--to',
  releaseExpiresAt: '--until',
};
const RELEASE_OPTIONS: OptionNames = {
  version: '--version',
  releasedTo: '--to',
  releaseExpiresAt: '--until/--no-end',
};
const QUERY_OPTIONS: OptionNames = { q: '--q', limit: '--limit' };
const VERSION = wholeNumber(1, 2 ** 31 - 1);

async function shortNames(db: Db, shorts: readonly string[] | undefined): Promise<string[]> {
  const ids: string[] = [];
  for (const s of shorts ?? []) ids.push(await organisationId(db, s));
  return ids;
}

/**
 * The report's current release, to complete a change: read without recording a view (only its
 * settings are used, never shown), and only when the account may see the report at all.
 */
async function currentRelease(db: Db, id: string, actor: Actor, now: Date) {
  const [row] = await db.select().from(intelReports).where(eq(intelReports.id, id));
  if (!row || !maySeeIntel(actor, row, now)) throw intelNotFound();
  return row;
}

function printReport(io: CliIo, r: IntelReport, org: (id: string | null) => string): void {
  io.out(`${r.title}`);
  for (const [k, v] of [
    ['id', r.id],
    ['from', org(r.originatorOrganisationId)],
    ['state', `${r.state} (version ${r.version})`],
    ['released to', ['mediators', ...r.releasedTo.map(org)].join(', ')],
    ['until', r.releaseExpiresAt ? shortTime(r.releaseExpiresAt) : 'no end'],
    ['shared', shortTime(r.createdAt)],
  ] as const)
    io.out(`  ${k.padEnd(12)} ${v}`);
  io.out(`body (${r.language}):`);
  for (const line of r.body.split('\n')) io.out(`  ${line}`);
}

export function registerIntelCommands(program: Command, io: CliIo, withDb: ContainerRunner): void {
  const intel = program
    .command('intel')
    .description('shared intelligence: share, release, withdraw; every view is recorded (--as)');

  intel
    .command('list')
    .description('reports the account may see, newest first, without their bodies')
    .option('--q <words>', 'words in the title or body')
    .option('--limit <n>', 'how many (1–200)', wholeNumber(1, 200), 50)
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (flags: { q?: string; limit: number; as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'intel.read');
        const query = checkRequest(
          textCheck<IntelSearchQuery>(IntelSearchQuerySchema),
          { limit: flags.limit, ...(flags.q !== undefined ? { q: flags.q } : {}) },
          'The search',
          QUERY_OPTIONS,
        );
        const page = await c.services.intel.search(query, actor);
        if (flags.json) return io.out(JSON.stringify(page.items, null, 2));
        if (page.items.length === 0) return io.out('No reports you may see.');
        const org = await organisationNames(db);
        for (const line of table(
          ['ID', 'FROM', 'STATE', 'UNTIL', 'TO', 'TITLE'],
          page.items.map((r) => [
            r.id,
            org(r.originatorOrganisationId),
            r.state,
            r.releaseExpiresAt ? shortTime(r.releaseExpiresAt) : '-',
            r.releasedTo.map(org).join(',') || '-',
            clip(r.title, 50),
          ]),
        ))
          io.out(line);
        if (page.nextCursor) io.err('(more reports match; raise --limit or narrow --q)');
      });
    });

  intel
    .command('show')
    .description('one report with its body: the view is recorded')
    .argument('<id>', 'the report id')
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { as?: string; json?: boolean }) => {
      const reportId = uuidArgument(id, 'a report id');
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'intel.read');
        const report = await c.services.intel.get(reportId, actor);
        if (flags.json) io.out(JSON.stringify(report, null, 2));
        else printReport(io, report, await organisationNames(db));
      });
    });

  intel
    .command('share')
    .description('share a report with the mediators and, if you choose, named other parties')
    .requiredOption('--title <text>', 'its title')
    .option('--body <text>', 'its text')
    .option('--body-file <file>', 'its text from a file (- for standard input)')
    .addOption(
      new Option('--language <lang>', 'its language').choices(USER_LANGUAGES).default('en'),
    )
    .option('--to <short>', 'another party that may read it too (repeatable)', repeatable)
    .option('--until <time>', 'when the release ends (RFC 3339, in the future); default no end')
    .addOption(asOption(true))
    .option('--json', 'print the report as JSON')
    .action(
      async (flags: {
        title: string;
        body?: string;
        bodyFile?: string;
        language: string;
        to?: string[];
        until?: string;
        as?: string;
        json?: boolean;
      }) => {
        if ((flags.body === undefined) === (flags.bodyFile === undefined))
          throw new CliError(
            'Give the text with exactly one of --body and --body-file',
            EXIT.usage,
          );
        const text = flags.body ?? (await readInput(flags.bodyFile ?? '-', io));
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'intel.share');
          const request = checkRequest(
            bodyCheck<ShareIntelRequest>(ShareIntelRequestSchema),
            {
              title: flags.title,
              body: text,
              language: flags.language,
              ...(flags.to ? { releasedTo: await shortNames(db, flags.to) } : {}),
              ...(flags.until !== undefined ? { releaseExpiresAt: flags.until } : {}),
            },
            'The report',
            SHARE_OPTIONS,
          );
          const shared = await namingOptions(SHARE_OPTIONS, () =>
            c.services.intel.share(request, actor),
          );
          if (flags.json) io.out(JSON.stringify(shared, null, 2));
          else io.out(`Shared report ${shared.id} (${shared.state})`);
        });
      },
    );

  intel
    .command('release')
    .description('widen the release: more parties, a later end, or none (the sharing party only)')
    .argument('<id>', 'the report id')
    .option('--to <short>', 'add a party that may read it (repeatable)', repeatable)
    .option('--until <time>', 'the new end of the release (RFC 3339), not earlier than now')
    .option('--no-end', 'release it with no end')
    .option('--version <n>', 'the version you acted on (default: the current one)', VERSION)
    .addOption(asOption(true))
    .option('--json', 'print the report as JSON')
    .action(
      async (
        id: string,
        flags: {
          to?: string[];
          until?: string;
          end: boolean;
          version?: number;
          as?: string;
          json?: boolean;
        },
      ) => {
        const reportId = uuidArgument(id, 'a report id');
        if (flags.until !== undefined && !flags.end)
          throw new CliError('Give --until or --no-end, not both', EXIT.usage);
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'intel.share');
          const current = await currentRelease(db, reportId, actor, c.clock());
          const added = await shortNames(db, flags.to);
          const request = checkRequest(
            bodyCheck<ReleaseIntelRequest>(ReleaseIntelRequestSchema),
            {
              version: flags.version ?? current.version,
              releasedTo: [...new Set([...current.releasedTo, ...added])],
              releaseExpiresAt: !flags.end
                ? null
                : (flags.until ?? current.releaseExpiresAt?.toISOString() ?? null),
            },
            'The release',
            RELEASE_OPTIONS,
          );
          const released = await namingOptions(RELEASE_OPTIONS, () =>
            c.services.intel.release(reportId, request, actor),
          );
          if (flags.json) return io.out(JSON.stringify(released, null, 2));
          const org = await organisationNames(db);
          io.out(
            `Report ${released.id} (version ${released.version}) released to ${['mediators', ...released.releasedTo.map(org)].join(', ')} until ${released.releaseExpiresAt ?? 'no end'}`,
          );
        });
      },
    );

  intel
    .command('withdraw')
    .description('withdraw a report: from then on only the sharing party sees it')
    .argument('<id>', 'the report id')
    .option('--version <n>', 'the version you acted on (default: the current one)', VERSION)
    .addOption(asOption(true))
    .option('--json', 'print the report as JSON')
    .action(async (id: string, flags: { version?: number; as?: string; json?: boolean }) => {
      const reportId = uuidArgument(id, 'a report id');
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'intel.share');
        const version =
          flags.version ?? (await currentRelease(db, reportId, actor, c.clock())).version;
        const request = checkRequest(
          bodyCheck<WithdrawIntelRequest>(WithdrawIntelRequestSchema),
          { version },
          'The withdrawal',
          { version: '--version' },
        );
        const withdrawn = await c.services.intel.withdraw(reportId, request, actor);
        if (flags.json) io.out(JSON.stringify(withdrawn, null, 2));
        else io.out(`Report ${withdrawn.id} withdrawn (version ${withdrawn.version})`);
      });
    });

  intel
    .command('views')
    .description('who viewed a report, and when (the sharing party and the mediators)')
    .argument('<id>', 'the report id')
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { as?: string; json?: boolean }) => {
      const reportId = uuidArgument(id, 'a report id');
      await withDb(async (c) => {
        const { actor } = await requireActing(c.database.db, flags, io, 'intel.read');
        const views = await c.services.intel.views(reportId, actor);
        if (flags.json) return io.out(JSON.stringify(views, null, 2));
        if (views.length === 0) return io.out('Nobody has viewed it yet.');
        for (const line of table(
          ['AT', 'HOW', 'ORG', 'ROLE', 'WHO'],
          views.map((v) => [shortTime(v.at), v.via, v.organisationShortName, v.role, v.userName]),
        ))
          io.out(line);
      });
    });

  intel
    .command('export')
    .description('every report the account may see, with bodies, as JSON: each is a recorded view')
    .option('--q <words>', 'only reports with these words in the title or body')
    .option('--out <file>', 'write to this file instead of standard output')
    .addOption(asOption(true))
    .action(async (flags: { q?: string; out?: string; as?: string }) => {
      await withDb(async (c) => {
        const { actor } = await requireActing(c.database.db, flags, io, 'intel.read');
        const query = checkRequest(
          textCheck<IntelExportQuery>(IntelExportQuerySchema),
          flags.q !== undefined ? { q: flags.q } : {},
          'The export',
          QUERY_OPTIONS,
        );
        const exported = await c.services.intel.export(query, actor);
        const text = `${JSON.stringify(exported, null, 2)}\n`;
        if (flags.out === undefined) return io.out(text.trimEnd());
        try {
          fs.writeFileSync(flags.out, text, { mode: 0o600 });
        } catch (error) {
          throw new CliError(`Cannot write ${flags.out}: ${(error as Error).message}`, EXIT.usage);
        }
        io.err(`Exported ${exported.items.length} report(s) to ${flags.out}`);
        if (exported.truncated) io.err('The export was cut at its limit: narrow it with --q.');
      });
    });
}
