/**
 * Running Truceline: `truceline serve`. Builds the container, starts jobs and HTTP according to
 * the role, loads the demo into an empty database, and shuts down gracefully on SIGTERM/SIGINT:
 * in-flight requests finish, jobs stop, the database closes, the data-directory lock is released.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Config } from './config/config.ts';
import { buildApp } from './app.ts';
import { createContainer, type Container } from './composition-root.ts';
import { loadDemo, type DemoLogin } from './features/demo/demo.service.ts';
import { loadDemoCases } from './features/demo/demo-cases.ts';
import { startJobRunner, type JobRunner } from './platform/jobs/job-runner.ts';
import { purgeExpiredSessionsJob } from './jobs/purge-expired-sessions.job.ts';
import { complaintDeadlinesJob } from './jobs/complaint-deadlines.job.ts';
import { deliverWebhooksJob } from './jobs/deliver-webhooks.job.ts';
import { osintIngestJob } from './jobs/osint-ingest.job.ts';
import type { App } from './platform/http/app-types.ts';
import { startSequencerLoop } from './features/log/log.sequencer.ts';

/** The built web app, served at `/` when present. */
export const WEB_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../web/dist',
);

export interface RunningServer {
  readonly container: Container;
  readonly app: App | undefined;
  readonly jobs: JobRunner;
  /** The URL the API listens on, when this process serves HTTP. */
  readonly url: string | undefined;
  readonly demoLogins: DemoLogin[] | undefined;
  shutdown(reason?: string): Promise<void>;
}

export async function startServer(
  config: Config,
  options: { logStream?: NodeJS.WritableStream; webRoot?: string } = {},
): Promise<RunningServer> {
  const log = pino(
    { level: config.logLevel, base: { role: config.role } },
    options.logStream ?? process.stdout,
  );
  const container = await createContainer(config, {
    onPoolError: (error) =>
      log.warn({ err: error }, 'database connection lost; will reconnect on demand'),
  });
  try {
    // What an interrupted upload left behind goes before anything is served. An embedded database
    // means this process is the only one, so even young orphans can go.
    const swept = await container.services.evidence.sweep(
      config.database.kind === 'pglite' ? { minAgeMs: 0 } : {},
    );
    if (swept.stagingRemoved + swept.orphansRemoved > 0) {
      log.info(swept, 'removed evidence files left by interrupted uploads');
    }
  } catch (error) {
    await container.close();
    throw error;
  }
  const jobContext = { log, now: container.clock };
  const definitions = [
    purgeExpiredSessionsJob(container.database.db, config.session.idleMinutes),
    complaintDeadlinesJob(container.services.complaintCommands),
    deliverWebhooksJob(container.services.webhooks),
    osintIngestJob(container.services.osint),
  ];
  let jobs: JobRunner;
  try {
    jobs = await startJobRunner({
      connection:
        config.database.kind === 'pglite'
          ? { kind: 'pglite', executor: container.database }
          : { kind: 'postgres', url: config.database.url },
      definitions,
      context: jobContext,
      onError: (error) => log.warn({ err: error }, 'job runner error'),
      schedule: config.role !== 'api',
    });
    if (config.role !== 'api') await jobs.work();
  } catch (error) {
    await container.close();
    throw error;
  }

  // Every process runs the sequencer loop; an advisory lock lets one integrate at a time.
  const sequencing = startSequencerLoop(container.services.sequencer, {
    intervalMs: config.log.integrateMs,
    onError: (error) => log.warn({ err: error }, 'log integration failed; will retry'),
  });

  let app: App | undefined;
  let url: string | undefined;
  let demoLogins: DemoLogin[] | undefined;
  try {
    if (config.role !== 'worker') {
      if (config.demo.enabled) {
        const result = await loadDemo(container.database.db, { password: config.demo.password });
        if (result.loaded) {
          demoLogins = result.logins;
          await loadDemoCases(container.database.db, container.services);
        }
      }
      app = await buildApp({
        config,
        database: container.database,
        readiness: container.readiness,
        services: container.services,
        webRoot: options.webRoot ?? WEB_ROOT,
        ...(options.logStream ? { logStream: options.logStream } : {}),
      });
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = config.publicUrl.replace(/:\d+$/, `:${port}`);
    }
  } catch (error) {
    await app?.close();
    await sequencing.stop();
    await jobs.stop();
    await container.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const shutdown = (reason = 'shutdown') => {
    closing ??= (async () => {
      log.info({ reason }, 'shutting down: finishing in-flight requests');
      try {
        await app?.close();
        await sequencing.stop();
        await jobs.stop();
      } finally {
        await container.close();
        log.info('stopped');
      }
    })();
    return closing;
  };
  return { container, app, jobs, url, demoLogins, shutdown };
}
