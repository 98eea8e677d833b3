/**
 * Typed, versioned job definitions. A job's queue name carries its version, so a payload shape
 * change ships as a new version while workers of the old one drain what is already queued.
 */
import type { Static, TSchema } from 'typebox';

export interface JobContext {
  readonly log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  readonly now: () => Date;
}

export interface JobDefinition<S extends TSchema = TSchema> {
  /** Stable dotted name, e.g. `maintenance.purge-sessions`. */
  readonly name: string;
  readonly version: number;
  /** Payload schema: checked when a job is sent and again when it runs. */
  readonly schema: S;
  /** Optional cron schedule (UTC) on which the job is enqueued automatically. */
  readonly cron?: string;
  readonly retryLimit?: number;
  run(payload: Static<S>, context: JobContext): Promise<void>;
}

/** The queue name for a definition: `<name>.v<version>`. */
export const queueName = (def: Pick<JobDefinition, 'name' | 'version'>): string =>
  `${def.name}.v${def.version}`;

export function defineJob<S extends TSchema>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
