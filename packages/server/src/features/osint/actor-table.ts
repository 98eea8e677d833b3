/**
 * The actors users add to the built-in table, read once at start-up from a JSON file
 * (`TRUCELINE_OSINT_ACTORS_FILE`) or given to `truceline osint eval --actors`. A bad file stops
 * the start with every problem named, rather than running with half a table.
 */
import fs from 'node:fs';
import Value from 'typebox/value';
import {
  ActorTableSchema,
  DEFAULT_ACTORS,
  mergeActors,
  type ActorEntry,
} from '@truceline/domain/osint/index';

/** Thrown when the actors file cannot be used; the message names the file and each problem. */
export class ActorTableError extends Error {
  override readonly name = 'ActorTableError';
}

/** The built-in actors with the file's added (the built-in table alone without a file). */
export function loadActors(file: string | undefined): readonly ActorEntry[] {
  if (file === undefined) return DEFAULT_ACTORS;
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ActorTableError(`${file}: ${(error as Error).message}`);
  }
  const problems = [...Value.Errors(ActorTableSchema, data)].map(
    (e) => `${e.instancePath || '(document)'}: ${e.message}`,
  );
  if (problems.length > 0)
    throw new ActorTableError(`${file}: not a list of actors: ${problems.slice(0, 5).join('; ')}`);
  return mergeActors(DEFAULT_ACTORS, data as ActorEntry[]);
}
