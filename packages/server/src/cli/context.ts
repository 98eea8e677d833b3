/**
 * What every database command of the CLI shares: the configuration from the environment and the
 * global flags, and an open container for the length of one command.
 */
import type { Command } from 'commander';
import { parseConfig, type Config } from '../config/config.ts';
import { createContainer, type Container } from '../composition-root.ts';
import type { CliIo } from './main.ts';

export interface GlobalFlags {
  dataDir?: string;
}

export function configFrom(
  io: CliIo,
  flags: GlobalFlags & { port?: string; host?: string; role?: string },
): Config {
  return parseConfig(io.env, {
    ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.host !== undefined ? { host: flags.host } : {}),
    ...(flags.role !== undefined ? { role: flags.role } : {}),
  });
}

/** Opens (and migrates) the database, runs `work`, and closes everything whatever happens. */
export async function withContainer<T>(
  config: Config,
  work: (c: Container) => Promise<T>,
): Promise<T> {
  const container = await createContainer(config);
  try {
    return await work(container);
  } finally {
    await container.close();
  }
}

/** `withContainer` for the program's global flags (`--data-dir`), read when the command runs. */
export type ContainerRunner = <T>(work: (c: Container) => Promise<T>) => Promise<T>;

export function containerRunner(program: Command, io: CliIo): ContainerRunner {
  return (work) => withContainer(configFrom(io, program.opts<GlobalFlags>()), work);
}
