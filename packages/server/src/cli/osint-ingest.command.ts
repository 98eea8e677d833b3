/**
 * `truceline osint ingest PATH...`: news files (HTML, plain text) and directories of them into the
 * store as one batch, with a progress bar on standard error and every file that could not be read
 * listed with why; it fails only when nothing at all could be ingested. `osint sources` adds a
 * feed or a page, lists the sources with their status, and polls the feeds that are due;
 * `osint stories` and `osint story ID` show what the pipeline made of it all. All as an account
 * (`--as`), under the same policy actions as the API.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { OsintStoryDetail } from '@truceline/domain';
import { listFiles, ingestFile } from '../features/osint/ingest-files.ts';
import { MAX_HTML_BYTES } from '../features/osint/extract-html.ts';
import { asOption, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { wholeNumber } from './options.ts';
import { startProgress } from './progress.ts';
import { uuidArgument } from './resolve.ts';
import { clip, shortTime, table } from './table.ts';

/** How a file is named in the batch: relative to the working directory when under it. */
function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function printStory(io: CliIo, s: OsintStoryDetail): void {
  io.out(`${s.label}`);
  io.out(
    `  ${s.articleCount} articles, ${s.outletCount} outlets, ${s.originCount} independent origins; ${shortTime(s.firstSeenAt)} to ${shortTime(s.lastSeenAt)}`,
  );
  io.out('Timeline:');
  for (const a of s.timeline)
    io.out(
      `  ${a.publishedAt ?? shortTime(a.fetchedAt)}  ${(a.outlet ?? '-').padEnd(20)} ${clip(a.title, 70)}`,
    );
  io.out(`Origins: ${s.origins.map((o) => `[${o.outlets.join(', ') || '?'}]`).join(' ')}`);
  if (s.claims.length > 0) io.out('Claims:');
  for (const c of s.claims)
    io.out(
      `  ${c.outlet ?? '-'}: ${c.value} ${c.victims} ${c.verb}${c.by ? ` (according to ${c.by})` : ''}`,
    );
  if (s.contradictions.length > 0) io.out('Contradictions:');
  for (const c of s.contradictions) io.out(`  ${c.decision} (${c.kind}): ${c.detail}`);
}

export function registerOsintIngestCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const osint =
    program.commands.find((c) => c.name() === 'osint') ??
    program.command('osint').description('open-source news monitoring');

  osint
    .command('ingest')
    .description(
      'read news files (HTML or plain text) and directories of them as one batch; the same bytes twice are one article',
    )
    .argument('<paths...>', 'files and directories (walked; hidden entries skipped)')
    .addOption(asOption(true))
    .option('--json', 'print the batch (every item with its outcome) as JSON')
    .action(async (paths: string[], flags: { as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const { actor } = await requireActing(c.database.db, flags, io, 'osint.manage');
        const { files, missing } = await listFiles(paths);
        if (files.length === 0 && missing.length === 0)
          throw new CliError(`No files under ${paths.join(', ')}`, EXIT.usage);
        const ingest = c.services.osint.ingest;
        const batch = await ingest.startBatch(await ingest.sourceFor('cli', actor), actor);
        for (const m of missing) await batch.fail(m.path, m.error);
        const progress = startProgress(io, {
          label: 'ingesting',
          total: files.length,
          unit: 'rows',
          threshold: 1,
        });
        try {
          for (const [i, file] of files.entries()) {
            await ingestFile(batch, file, { name: displayName(file), maxBytes: MAX_HTML_BYTES });
            progress.update(i + 1);
          }
        } finally {
          progress.stop();
        }
        const summary = await batch.finish();
        if (flags.json) io.out(JSON.stringify(summary, null, 2));
        else {
          for (const item of summary.items.filter((x) => x.outcome === 'failed'))
            io.err(`  not ingested: ${item.name}: ${item.error}`);
          io.out(
            `Ingested ${summary.ingested} new article${summary.ingested === 1 ? '' : 's'}, ${summary.duplicates} already stored, ${summary.failed} failed (batch ${summary.batchId}).`,
          );
        }
        if (summary.ingested + summary.duplicates === 0)
          throw new CliError('Nothing could be ingested', EXIT.failure);
      });
    });

  const sources = osint.command('sources').description('the feeds and pages news comes from');
  sources
    .command('add')
    .description(
      'follow a feed (RSS or Atom, polled on a schedule), or with --page read one page now',
    )
    .argument('<url>', 'an http or https address')
    .option('--page', 'a single page, fetched once now, not a feed')
    .option('--title <title>', 'what to call it')
    .addOption(asOption(true))
    .option('--json', 'print the source (and the page fetched) as JSON')
    .action(
      async (
        url: string,
        flags: { page?: boolean; title?: string; as?: string; json?: boolean },
      ) => {
        await withDb(async (c) => {
          const { actor } = await requireActing(c.database.db, flags, io, 'osint.manage');
          const result = await c.services.osint.sources.add(
            {
              kind: flags.page ? 'url' : 'feed',
              url,
              ...(flags.title !== undefined ? { title: flags.title } : {}),
            },
            actor,
          );
          if (flags.json) return io.out(JSON.stringify(result, null, 2));
          const { source, item, created } = result;
          io.out(
            `${created ? 'Added' : 'Already known:'} ${source.kind} ${source.url ?? ''} (${source.id})`,
          );
          if (item?.outcome === 'failed') io.err(`  not ingested: ${item.error}`);
          else if (item) io.out(`  ${item.outcome}: article ${item.articleId}`);
          else io.out('  polled by the scheduler (or `truceline osint sources poll`)');
        });
      },
    );
  sources
    .command('list')
    .description('the sources, with each feed’s status and last error')
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (flags: { as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        await requireActing(c.database.db, flags, io, 'osint.read');
        const list = await c.services.osint.sources.list();
        if (flags.json) return io.out(JSON.stringify(list, null, 2));
        for (const line of table(
          ['KIND', 'STATUS', 'ARTICLES', 'WHERE', 'LAST ERROR'],
          list.map((s) => [
            s.kind,
            s.status,
            String(s.articleCount),
            clip(s.url ?? s.path ?? s.title ?? s.id, 60),
            clip(s.lastError ?? '', 60),
          ]),
        ))
          io.out(line);
      });
    });
  sources
    .command('poll')
    .description('poll the feeds that are due now (the scheduler does this every minute)')
    .addOption(asOption(true))
    .action(async (flags: { as?: string }) => {
      await withDb(async (c) => {
        await requireActing(c.database.db, flags, io, 'osint.manage');
        const results = await c.services.osint.feeds.pollDue();
        for (const r of results)
          io.out(
            `${r.sourceId}  ${r.outcome}${r.error ? `: ${r.error}` : ''}${r.batch ? ` (${r.batch.ingested} new, ${r.batch.failed} failed)` : ''}`,
          );
        if (results.length === 0) io.out('No feed is due.');
      });
    });

  osint
    .command('stories')
    .description('the stories found in the news, the most recently active first')
    .option('--limit <n>', 'how many (1–200)', wholeNumber(1, 200), 50)
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (flags: { limit: number; as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        await requireActing(c.database.db, flags, io, 'osint.read');
        const page = await c.services.osint.stories.list({ limit: flags.limit });
        if (flags.json) return io.out(JSON.stringify(page.items, null, 2));
        for (const line of table(
          ['LAST SEEN', 'ARTICLES', 'OUTLETS', 'ORIGINS', 'CONTRADICTIONS', 'ID', 'STORY'],
          page.items.map((s) => [
            shortTime(s.lastSeenAt),
            String(s.articleCount),
            String(s.outletCount),
            String(s.originCount),
            String(s.contradictionCount),
            s.id,
            clip(s.label, 60),
          ]),
        ))
          io.out(line);
      });
    });

  osint
    .command('story')
    .description('one story: timeline, outlets, independent origins, claims, contradictions')
    .argument('<id>', 'the story id (see `truceline osint stories`)')
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { as?: string; json?: boolean }) => {
      const storyId = uuidArgument(id, 'a story id');
      await withDb(async (c) => {
        await requireActing(c.database.db, flags, io, 'osint.read');
        const story = await c.services.osint.stories.get(storyId);
        if (flags.json) io.out(JSON.stringify(story, null, 2));
        else printStory(io, story);
      });
    });
}
