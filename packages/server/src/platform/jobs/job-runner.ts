/**
 * pg-boss, on the same database as everything else: in-process over PGlite through pg-boss's `db`
 * adapter, or over its own pool on PostgreSQL, where separate worker processes can run the jobs.
 */
import PgBoss from 'pg-boss';
import Value from 'typebox/value';
import type { Static, TSchema } from 'typebox';
import type { SqlExecutor } from '../database/database.ts';
import { queueName, type JobContext, type JobDefinition } from './job-definition.ts';

export interface JobRunner {
  /** Enqueues a job after checking its payload; returns the job id. */
  send<S extends TSchema>(def: JobDefinition<S>, payload: Static<S>): Promise<string | null>;
  /** Starts working every registered definition's queue (worker and all roles). */
  work(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * pg-boss's create_queue inserts the queue row and then adds a foreign key to it in one
 * transaction, so processes starting together on a fresh database deadlock (the insert of one waits
 * for the other, which waits for the first's lock on the queue table). PostgreSQL aborts one; it
 * retries and finds the queue created.
 */
async function createQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '40P01' || attempt >= 5) throw error;
    }
  }
}

export async function startJobRunner(options: {
  connection: { kind: 'pglite'; executor: SqlExecutor } | { kind: 'postgres'; url: string };
  definitions: readonly JobDefinition[];
  context: JobContext;
  onError: (error: Error) => void;
  /** Whether this process installs the cron schedules (one process is enough; all may). */
  schedule: boolean;
}): Promise<JobRunner> {
  const boss =
    options.connection.kind === 'pglite'
      ? new PgBoss({
          db: options.connection.executor as never,
          schedule: options.schedule,
          supervise: true,
        })
      : new PgBoss({
          connectionString: options.connection.url,
          max: 4,
          schedule: options.schedule,
          supervise: true,
        });
  boss.on('error', options.onError);
  await boss.start();
  for (const def of options.definitions) {
    const name = queueName(def);
    await createQueue(boss, name, { name, retryLimit: def.retryLimit ?? 3, retryBackoff: true });
    if (options.schedule && def.cron) await boss.schedule(name, def.cron, {}, { tz: 'UTC' });
  }
  return {
    async send(def, payload) {
      if (!Value.Check(def.schema, payload)) throw new Error(`Invalid payload for job ${def.name}`);
      return boss.send(queueName(def), payload as object);
    },
    async work() {
      for (const def of options.definitions) {
        await boss.work<object>(queueName(def), async (jobs: PgBoss.Job<object>[]) => {
          for (const job of jobs) {
            const payload = Value.Default(def.schema, job.data ?? {});
            if (!Value.Check(def.schema, payload))
              throw new Error(`Invalid payload for job ${def.name}`);
            await def.run(payload, options.context);
          }
        });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
