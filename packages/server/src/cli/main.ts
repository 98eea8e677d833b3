/**
 * The `truceline` command line. Every command parses the configuration once, opens the database
 * (respecting the data-directory lock), does its work and exits with a code scripts can use.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ROLES, TOKEN_SCOPES, type Role, type TokenScope } from '@truceline/domain';
import { ConfigError } from '../config/config.ts';
import { DataDirInUseError } from '../platform/database/data-dir-lock.ts';
import { isDatabaseUnavailable } from '../platform/database/database.ts';
import { AppError } from '../platform/http/problem.ts';
import { loadDemo, type DemoLogin } from '../features/demo/demo.service.ts';
import { loadDemoCases } from '../features/demo/demo-cases.ts';
import {
  findOrganisationByShortName,
  listOrganisations,
} from '../features/users/users.repository.ts';
import { startServer } from '../server.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { readSecretInput } from './read-secret.ts';
import { registerAuditCommand } from './audit.command.ts';
import { registerWitnessCommands } from './witness.command.ts';
import { registerAssuranceCommands } from './assurance.cli.ts';
import { configFrom, containerRunner, withContainer, type GlobalFlags } from './context.ts';
import { registerAgreementCommands } from './agreement.command.ts';
import { registerComplaintCommands } from './complaint.command.ts';
import { registerEvidenceCommands } from './evidence.command.ts';
import { registerNotificationCommands } from './notifications.command.ts';
import { registerObservationCommands } from './observation.command.ts';
import { registerOsintCommands } from './osint.command.ts';
import { registerOsintIngestCommands } from './osint-ingest.command.ts';
import { registerCommitmentCommands } from './commitment.command.ts';
import { registerPartyKeyCommands } from './party-key.command.ts';
import { registerAssuranceOnlineCommands } from './assurance.command.ts';
import { registerCrossingCommands } from './crossing.command.ts';
import { registerTalksCommands } from './talks.command.ts';
import { registerIntelCommands } from './intel.command.ts';
import { registerHandoverCommands } from './handover.command.ts';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
}

function printLogins(io: CliIo, logins: readonly DemoLogin[]): void {
  io.out('Demo accounts (shown once; passwords are stored only as hashes):');
  for (const l of logins)
    io.out(
      `  ${l.role.padEnd(14)} ${l.organisation.padEnd(5)} ${l.email.padEnd(34)} ${l.password}`,
    );
}

const parseRole = (value: string): Role => {
  if (!(ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value as Role;
};
const parseScopes = (value: string): TokenScope[] => {
  const scopes = value.split(',').map((s) => s.trim());
  for (const s of scopes) {
    if (!(TOKEN_SCOPES as readonly string[]).includes(s)) {
      throw new InvalidArgumentError(`"${s}" is not a scope; use ${TOKEN_SCOPES.join(', ')}`);
    }
  }
  return scopes as TokenScope[];
};
const parseDays = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 366)
    throw new InvalidArgumentError('must be a whole number of days from 1 to 366');
  return n;
};

/** Builds the command tree. `serve` resolves when the server has stopped. */
export function buildCli(io: CliIo): Command {
  const program = new Command('truceline')
    .description('Truceline: ceasefire monitoring and verification')
    .option(
      '--data-dir <dir>',
      'data directory of the embedded database (overrides TRUCELINE_DATA_DIR)',
    )
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const globals = (): GlobalFlags => program.opts<GlobalFlags>();

  program
    .command('serve')
    .description('run the service (HTTP API, web app and jobs)')
    .addOption(
      new Option('--role <role>', 'what this process runs')
        .choices(['api', 'worker', 'all'])
        .default('all'),
    )
    .option('--port <port>', 'TCP port (overrides PORT)')
    .option('--host <host>', 'address to listen on (overrides HOST)')
    .action(async (flags: { role: string; port?: string; host?: string }) => {
      const config = configFrom(io, { ...globals(), ...flags });
      // Listen for stop signals before starting: a signal during a slow first start (migrations,
      // demo hashing) then shuts down cleanly as soon as the start completes.
      let signalled: string | undefined;
      let onSignal: ((signal: string) => void) | undefined;
      const handler = (signal: string) => {
        signalled ??= signal;
        onSignal?.(signal);
      };
      process.once('SIGTERM', () => handler('SIGTERM'));
      process.once('SIGINT', () => handler('SIGINT'));
      const server = await startServer(config);
      if (server.url)
        io.out(`Truceline is serving at ${server.url} (API docs: ${server.url}/api/docs)`);
      else io.out(`Truceline worker running (role ${config.role})`);
      if (server.demoLogins) printLogins(io, server.demoLogins);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          void server.shutdown(signal).then(resolve, (error: unknown) => {
            io.err(`shutdown failed: ${String(error)}`);
            resolve();
          });
        };
        if (signalled !== undefined) stop(signalled);
        else onSignal = stop;
      });
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      await withContainer(configFrom(io, globals()), async () => undefined);
      io.out('Migrations are up to date.');
    });

  const user = program.command('user').description('manage accounts');
  user
    .command('add')
    .description('create an account; the password is read from standard input')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
    .requiredOption(
      '--org <shortName>',
      'short name of the organisation (see `truceline org list`)',
    )
    .option('--locale <tag>', 'interface language: en, ur, ps, fa, tr or ar', 'en')
    .action(
      async (flags: { email: string; name: string; role: Role; org: string; locale: string }) => {
        const password = await readSecretInput(io.stdin);
        await withContainer(configFrom(io, globals()), async (c) => {
          const org = await findOrganisationByShortName(c.database.db, flags.org);
          if (!org)
            throw new CliError(`No organisation with short name "${flags.org}"`, EXIT.notFound);
          const created = await c.services.users.create(
            {
              email: flags.email,
              displayName: flags.name,
              role: flags.role,
              organisationId: org.id,
              password,
              locale: flags.locale,
            },
            null,
          );
          io.out(`Created ${created.role} ${created.email} (${created.id})`);
        });
      },
    );
  user
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withContainer(configFrom(io, globals()), async (c) => {
        const users = await c.services.users.list();
        if (flags.json) return io.out(JSON.stringify(users, null, 2));
        for (const u of users) {
          io.out(
            `${u.email.padEnd(36)} ${u.role.padEnd(14)} ${u.disabled ? 'disabled' : 'active'}${u.demo ? ' (demo)' : ''}`,
          );
        }
      });
    });
  user
    .command('disable')
    .description('disable an account and revoke its sessions and tokens')
    .argument('<email-or-id>')
    .action(async (who: string) => {
      await withContainer(configFrom(io, globals()), async (c) => {
        const u = await c.services.users.disable(who, null);
        io.out(`Disabled ${u.email}`);
      });
    });

  program
    .command('org')
    .description('organisations')
    .command('list')
    .description('list organisations')
    .action(async () => {
      await withContainer(configFrom(io, globals()), async (c) => {
        for (const o of await listOrganisations(c.database.db))
          io.out(`${o.shortName.padEnd(6)} ${o.kind.padEnd(12)} ${o.name}`);
      });
    });

  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token for a user; the secret is printed once')
    .requiredOption('--user <email>', 'owner of the token')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scopes <list>', `comma-separated: ${TOKEN_SCOPES.join(',')}`, parseScopes, [
      'read',
    ] as TokenScope[])
    .option('--expires-in-days <n>', 'lifetime in days (1–366)', parseDays, 30)
    .action(
      async (flags: {
        user: string;
        name: string;
        scopes: TokenScope[];
        expiresInDays: number;
      }) => {
        await withContainer(configFrom(io, globals()), async (c) => {
          const owner = (await c.services.users.list()).find(
            (u) => u.email === flags.user.toLowerCase(),
          );
          if (!owner) throw new CliError(`No user ${flags.user}`, EXIT.notFound);
          const created = await c.services.tokens.create(owner.id, {
            name: flags.name,
            scopes: flags.scopes,
            expiresInDays: flags.expiresInDays,
          });
          io.err(
            `Token ${created.token.id} for ${owner.email}, scopes ${created.token.scopes.join(',')}, expires ${created.token.expiresAt}.`,
          );
          io.err('The secret below is shown once; store it now.');
          io.out(created.secret);
        });
      },
    );
  token
    .command('revoke')
    .description('revoke an API token by id')
    .argument('<id>')
    .action(async (id: string) => {
      await withContainer(configFrom(io, globals()), async (c) => {
        const revoked = await c.services.tokens.revoke({ userId: '', admin: true }, id);
        io.out(`Revoked token ${revoked.id} (${revoked.name})`);
      });
    });

  program
    .command('demo')
    .description('demo data')
    .command('load')
    .description('load the Pakistan–Afghanistan demo into an empty database')
    .action(async () => {
      const config = configFrom(io, globals());
      await withContainer(config, async (c) => {
        const result = await loadDemo(c.database.db, { password: config.demo.password });
        if (!result.loaded) {
          throw new CliError(
            'The database already holds data; the demo is only loaded into an empty one.',
            EXIT.conflict,
          );
        }
        await loadDemoCases(c.database.db, c.services);
        io.out('Demo loaded.');
        printLogins(io, result.logins);
      });
    });

  registerAuditCommand(program, io);
  registerWitnessCommands(program, io);
  const assurance = registerAssuranceCommands(program, io);
  const withDb = containerRunner(program, io);
  registerAgreementCommands(program, io, withDb);
  registerComplaintCommands(program, io, withDb);
  registerEvidenceCommands(program, io, withDb);
  registerObservationCommands(program, io, withDb);
  registerNotificationCommands(program, io, withDb);
  registerOsintCommands(program, io);
  registerOsintIngestCommands(program, io, withDb);
  registerCommitmentCommands(program, io, withDb);
  registerPartyKeyCommands(program, io, withDb);
  registerAssuranceOnlineCommands(assurance, io, withDb);
  registerCrossingCommands(program, io, withDb);
  registerTalksCommands(program, io, withDb);
  registerIntelCommands(program, io, withDb);
  registerHandoverCommands(program, io, withDb);
  return program;
}

/** Runs the CLI and returns the exit code (never throws). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildCli(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.err(error.message);
      return EXIT.usage;
    }
    if (error instanceof DataDirInUseError) {
      io.err(`truceline: ${error.message}`);
      return EXIT.unavailable;
    }
    if (error instanceof CliError) {
      io.err(`truceline: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof AppError) {
      const detail = error.errors
        .map((e) => ` ${e.field.replace(/^body\./, '')} ${e.message}`)
        .join(';');
      io.err(`truceline: ${error.message}${detail ? ` (${detail.trim()})` : ''}`);
      const workflow = error.workflow;
      if (workflow) {
        // What a script needs to go on after a refusal: above all the current version.
        io.err(
          `  current version: ${workflow.currentVersion ?? '?'}, state: ${workflow.state ?? '?'}` +
            (workflow.allowed ? `; allowed from this state: ${workflow.allowed.join(', ')}` : ''),
        );
      }
      // By HTTP status, as the API answers: 404 not found, 409 conflicts (a newer version, a
      // transition the state does not allow), 503 unavailable; other refusals are usage errors.
      return error.status === 404
        ? EXIT.notFound
        : error.status === 409
          ? EXIT.conflict
          : error.status === 503
            ? EXIT.unavailable
            : EXIT.usage;
    }
    if (isDatabaseUnavailable(error)) {
      io.err(`truceline: the database cannot be reached (${String((error as Error).message)})`);
      return EXIT.unavailable;
    }
    io.err(`truceline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failure;
  }
}
