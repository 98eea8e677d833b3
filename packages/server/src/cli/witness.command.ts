/**
 * `truceline witness`: the witness each party and mediator runs (keygen, run) and the log's
 * administration of witness keys (register, list). See src/clients/witness.ts for what a round
 * checks before it cosigns.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import {
  formatVerifierKey,
  isValidKeyName,
  parseVerifierKey,
  SIGNATURE_TYPE_ED25519,
  type NoteVerifierKey,
} from '@truceline/domain';
import {
  directoryStateStore,
  witnessOnce,
  WitnessError,
  witnessVerifierKey,
  type WitnessConfig,
  type WitnessDeps,
  type WitnessFetch,
  type WitnessOutcome,
} from '../clients/witness.ts';
import { parseConfig } from '../config/config.ts';
import { createContainer } from '../composition-root.ts';
import { findOrganisationByShortName } from '../features/users/users.repository.ts';
import { nodeHasher, nodeVerifier, signingKeyFrom } from '../platform/secrets/log-signing-key.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';

/** How long one HTTP request to the log may take. */
const REQUEST_TIMEOUT_MS = 15_000;

const keyName = (value: string): string => {
  if (!isValidKeyName(value))
    throw new InvalidArgumentError('must be a key name: no spaces and no "+"');
  return value;
};
const seconds = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 86_400)
    throw new InvalidArgumentError('must be a whole number of seconds from 1 to 86400');
  return n;
};

function logKeyFrom(text: string): NoteVerifierKey {
  let key: NoteVerifierKey;
  try {
    key = parseVerifierKey(nodeHasher, text.trim());
  } catch (error) {
    throw new CliError(`--log-key is not a verifier key: ${(error as Error).message}`, EXIT.usage);
  }
  if (key.type !== SIGNATURE_TYPE_ED25519)
    throw new CliError("--log-key must be the log's Ed25519 key (type 0x01)", EXIT.usage);
  return key;
}

function readPrivateKey(file: string) {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(fs.readFileSync(file));
  } catch (error) {
    throw new CliError(
      `Cannot read the witness key from ${file}: ${(error as Error).message}`,
      EXIT.usage,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new CliError(`The key in ${file} is not an Ed25519 key`, EXIT.usage);
  return signingKeyFrom(key);
}

/** A line for the person at the terminal about one round. */
export function describeOutcome(outcome: WitnessOutcome): string {
  switch (outcome.kind) {
    case 'cosigned':
      return outcome.previousSize === null
        ? `cosigned the checkpoint of size ${outcome.size} (first use: trusted on first sight)`
        : `cosigned the checkpoint of size ${outcome.size} (consistent with size ${outcome.previousSize})`;
    case 'unchanged':
      return `the log is still at size ${outcome.size}${outcome.reposted ? '; posted the cosignature again' : ''}`;
    case 'refused':
      return `REFUSED: ${outcome.message}`;
  }
}

/** The exit code of a round that threw. */
export function exitCodeOf(error: WitnessError): number {
  return error.code === 'unreachable' ? EXIT.unavailable : EXIT.failure;
}

/** Waits `ms`, or less if `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Runs rounds every `intervalMs` until `signal` aborts (returns 0) or the witness refuses (returns
 * the `tampered` exit code). A log that cannot be reached, or refuses a cosignature, is retried.
 */
export async function runWitnessLoop(
  config: WitnessConfig,
  deps: WitnessDeps,
  options: { intervalMs: number; signal: AbortSignal; io: Pick<CliIo, 'out' | 'err'> },
): Promise<number> {
  while (!options.signal.aborted) {
    try {
      const outcome = await witnessOnce(config, deps);
      if (outcome.kind === 'refused') {
        options.io.err(`truceline: ${describeOutcome(outcome)}`);
        return EXIT.tampered;
      }
      options.io.out(`${deps.clock().toISOString()} ${describeOutcome(outcome)}`);
    } catch (error) {
      if (!(error instanceof WitnessError) || error.code === 'bad_state') throw error;
      options.io.err(`${deps.clock().toISOString()} ${error.message}; will retry`);
    }
    await sleep(options.intervalMs, options.signal);
  }
  return EXIT.ok;
}

export function registerWitnessCommands(
  program: Command,
  io: CliIo,
  fetchImpl: WitnessFetch = (url, init) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
): void {
  const witness = program
    .command('witness')
    .description('witness the log: cosign checkpoints only while it grows append-only');

  witness
    .command('keygen')
    .description("create a witness's Ed25519 key and print its cosignature verifier key")
    .requiredOption('--name <name>', 'the key name, e.g. witness.mofa.example/truceline', keyName)
    .requiredOption('--out <file>', 'where to write the private key (PKCS #8 PEM, mode 0600)')
    .action((flags: { name: string; out: string }) => {
      const { privateKey } = crypto.generateKeyPairSync('ed25519');
      try {
        fs.writeFileSync(flags.out, privateKey.export({ format: 'pem', type: 'pkcs8' }), {
          flag: 'wx',
          mode: 0o600,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST')
          throw new CliError(`${flags.out} already exists; not overwriting it`, EXIT.conflict);
        throw new CliError(`Cannot write ${flags.out}: ${(error as Error).message}`, EXIT.failure);
      }
      const { publicKey } = signingKeyFrom(privateKey);
      const vkey = formatVerifierKey(witnessVerifierKey(nodeHasher, flags.name, publicKey));
      io.err(`Wrote the private key to ${flags.out}. Have the log register this verifier key:`);
      io.out(vkey);
    });

  witness
    .command('register')
    .description("register a witness's key with this log (writes a public log entry)")
    .requiredOption('--name <name>', "the witness's key name (as in its verifier key)", keyName)
    .requiredOption('--vkey <vkey>', 'the cosignature verifier key `witness keygen` printed')
    .option('--org <shortName>', 'organisation running the witness (see `truceline org list`)')
    .option('--optional', 'checkpoints count without this witness (default: required)')
    .action(async (flags: { name: string; vkey: string; org?: string; optional?: boolean }) => {
      let name: string;
      try {
        name = parseVerifierKey(nodeHasher, flags.vkey.trim()).name;
      } catch (error) {
        throw new CliError(`--vkey is not a verifier key: ${(error as Error).message}`, EXIT.usage);
      }
      if (name !== flags.name)
        throw new CliError(`--vkey is a key named ${name}, not ${flags.name}`, EXIT.usage);
      const dataDir = program.opts<{ dataDir?: string }>().dataDir;
      const container = await createContainer(
        parseConfig(io.env, dataDir !== undefined ? { dataDir } : {}),
      );
      try {
        let organisationId: string | null = null;
        if (flags.org !== undefined) {
          const org = await findOrganisationByShortName(container.database.db, flags.org);
          if (!org)
            throw new CliError(`No organisation with short name "${flags.org}"`, EXIT.notFound);
          organisationId = org.id;
        }
        const created = await container.services.witnesses.register(
          { verifierKey: flags.vkey, organisationId, required: flags.optional !== true },
          null,
        );
        io.out(
          `Registered ${created.required ? 'required' : 'optional'} witness ${created.name}${flags.org ? ` (${flags.org})` : ''}`,
        );
      } finally {
        await container.close();
      }
    });

  witness
    .command('list')
    .description('list the witnesses registered with this log')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const dataDir = program.opts<{ dataDir?: string }>().dataDir;
      const container = await createContainer(
        parseConfig(io.env, dataDir !== undefined ? { dataDir } : {}),
      );
      try {
        const witnesses = await container.services.witnesses.list();
        if (flags.json) return io.out(JSON.stringify(witnesses, null, 2));
        for (const w of witnesses)
          io.out(`${w.name.padEnd(40)} ${w.required ? 'required' : 'optional'}  ${w.verifierKey}`);
      } finally {
        await container.close();
      }
    });

  witness
    .command('run')
    .description(
      "cosign the log's checkpoints while it grows append-only; refuse (exit 6) a rollback, a split view or a bad proof",
    )
    .requiredOption('--log <url>', 'the log prefix, e.g. https://mechanism.example/api/v1/log')
    .requiredOption('--log-key <vkey>', "the log's verifier key, pinned (first line of <log>/keys)")
    .requiredOption('--key <file>', "the witness's private key (from `witness keygen`)")
    .requiredOption('--name <name>', "the witness's key name", keyName)
    .requiredOption('--state <dir>', 'directory for the last cosigned checkpoint and any evidence')
    .option('--once', 'run one round and exit')
    .option('--interval <seconds>', 'seconds between rounds', seconds, 60)
    .action(
      async (flags: {
        log: string;
        logKey: string;
        key: string;
        name: string;
        state: string;
        once?: boolean;
        interval: number;
      }) => {
        const config: WitnessConfig = {
          logUrl: flags.log,
          logKey: logKeyFrom(flags.logKey),
          name: flags.name,
          signer: readPrivateKey(flags.key).signer,
        };
        const deps: WitnessDeps = {
          fetch: fetchImpl,
          hasher: nodeHasher,
          verifier: nodeVerifier,
          clock: () => new Date(),
          state: directoryStateStore(flags.state),
        };
        const vkey = formatVerifierKey(
          witnessVerifierKey(nodeHasher, config.name, config.signer.publicKey),
        );
        if (flags.once) {
          let outcome: WitnessOutcome;
          try {
            outcome = await witnessOnce(config, deps);
          } catch (error) {
            if (error instanceof WitnessError) throw new CliError(error.message, exitCodeOf(error));
            throw error;
          }
          if (outcome.kind === 'refused')
            throw new CliError(describeOutcome(outcome), EXIT.tampered);
          io.out(describeOutcome(outcome));
          return;
        }
        io.err(`Witness ${vkey} watching ${flags.log} every ${flags.interval} s`);
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        let code: number;
        try {
          code = await runWitnessLoop(config, deps, {
            intervalMs: flags.interval * 1000,
            signal: stop.signal,
            io,
          });
        } catch (error) {
          if (error instanceof WitnessError) throw new CliError(error.message, exitCodeOf(error));
          throw error;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        if (code !== EXIT.ok)
          throw new CliError('the witness stopped after refusing to cosign', code);
      },
    );
}
