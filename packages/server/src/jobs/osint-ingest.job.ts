/**
 * Every minute: poll the news feeds whose time has come (each on its own schedule, backing off
 * after failures) and take in the files waiting in the watched directory.
 */
import Type from 'typebox';
import { defineJob } from '../platform/jobs/job-definition.ts';
import type { OsintServices } from '../composition-root.ts';

export function osintIngestJob(osint: Pick<OsintServices, 'feeds' | 'watch'>) {
  return defineJob({
    name: 'osint.ingest',
    version: 1,
    schema: Type.Object({}),
    cron: '* * * * *',
    // The next minute's run tries again; a retry would only overlap it.
    retryLimit: 0,
    async run(_payload, ctx) {
      const polls = await osint.feeds.pollDue();
      const failed = polls.filter((p) => p.outcome === 'failed');
      const ingested = polls.reduce((n, p) => n + (p.batch?.ingested ?? 0), 0);
      if (polls.length > 0)
        ctx.log.info({ feeds: polls.length, failed: failed.length, ingested }, 'news feeds polled');
      for (const f of failed) ctx.log.warn({ sourceId: f.sourceId, error: f.error }, 'feed failed');
      const scanned = await osint.watch.scan();
      if (scanned)
        ctx.log.info(
          {
            dir: osint.watch.dir,
            ingested: scanned.ingested,
            duplicates: scanned.duplicates,
            failed: scanned.failed,
          },
          'watched directory ingested',
        );
    },
  });
}
