/** `truceline audit`: check a log from the outside, with pinned keys and a state file. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseVerifierKey, type NoteVerifierKey } from '@truceline/domain';
import { audit, type AuditState } from '../clients/log-auditor.ts';
import { logHttp, LogUnreachableError, type Fetch } from '../clients/log-http.ts';
import { nodeHasher, nodeVerifier } from '../platform/secrets/log-signing-key.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';

function readState(file: string | undefined): AuditState | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as AuditState;
  } catch (error) {
    throw new CliError(
      `Cannot read the state file ${file}: ${(error as Error).message}`,
      EXIT.usage,
    );
  }
}

/** Writes the state atomically, so a crash never leaves half a file. */
function writeState(file: string, state: AuditState): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function key(text: string, what: string): NoteVerifierKey {
  try {
    return parseVerifierKey(nodeHasher, text);
  } catch (error) {
    throw new CliError(`${what} is not a verifier key: ${(error as Error).message}`, EXIT.usage);
  }
}

export function registerAuditCommand(
  program: Command,
  io: CliIo,
  fetchImpl: Fetch = fetch as unknown as Fetch,
): void {
  program
    .command('audit')
    .description(
      'verify a Truceline log from outside: signatures, cosignatures, append-only growth, entries, records',
    )
    .requiredOption('--log <url>', 'the log prefix, e.g. https://mechanism.example/api/v1/log')
    .requiredOption(
      '--log-key <vkey>',
      "the log's verifier key (pin it: take it once from <log>/keys)",
    )
    .option(
      '--witness-key <vkey>',
      'a witness whose cosignature is required (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--state <file>', 'where to keep the last verified checkpoint between runs')
    .option('--full', 'download every entry and recompute the tree')
    .option(
      '--token <token>',
      'API token of an account: also check every record it may see (or TRUCELINE_TOKEN)',
    )
    .action(
      async (flags: {
        log: string;
        logKey: string;
        witnessKey: string[];
        state?: string;
        full?: boolean;
        token?: string;
      }) => {
        const token = flags.token ?? io.env['TRUCELINE_TOKEN'];
        const logKey = key(flags.logKey, '--log-key');
        const witnessKeys = flags.witnessKey.map((w) => key(w, '--witness-key'));
        const apiBase = flags.log.replace(/\/+$/, '').replace(/\/log$/, '');
        let result;
        try {
          result = await audit({
            http: logHttp(fetchImpl, flags.log, token),
            ...(token ? { api: logHttp(fetchImpl, apiBase, token) } : {}),
            hasher: nodeHasher,
            verifier: nodeVerifier,
            logKey,
            witnessKeys,
            previous: readState(flags.state),
            full: flags.full === true,
            onProgress: (done, total, phase) => {
              if (done === total || done % 25_600 === 0) io.err(`  ${phase}: ${done}/${total}`);
            },
          });
        } catch (error) {
          if (error instanceof LogUnreachableError)
            throw new CliError(error.message, EXIT.unavailable);
          throw error;
        }
        for (const f of result.findings) io.err(`FAIL ${f.kind}: ${f.message}`);
        if (result.findings.length > 0) {
          throw new CliError(
            `audit failed with ${result.findings.length} finding(s)`,
            EXIT.tampered,
          );
        }
        if (flags.state && result.state) writeState(flags.state, result.state);
        io.out(
          `OK: ${logKey.name} at size ${result.checkpoint?.treeSize ?? 0}` +
            (witnessKeys.length
              ? `, cosigned by ${witnessKeys.map((w) => w.name).join(', ')}`
              : '') +
            (result.entriesChecked ? `; ${result.entriesChecked} entries recomputed` : '') +
            (result.recordsChecked
              ? `; ${result.recordsChecked} records checked against their commitments`
              : ''),
        );
      },
    );
}
