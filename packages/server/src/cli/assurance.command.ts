/**
 * `truceline assurance submit|list|show|check`: written assurances on the server, beside the
 * offline `verify`, `sign` and `statement` of `assurance.cli.ts`. A party officer submits a signed
 * text with its signature and the key that made it; the server stores it only if the signature
 * verifies. `check` asks the server's verification (signature, key, revocation, log entry) and
 * exits 6 when the assurance does not hold.
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import {
  AssuranceListQuerySchema,
  MATERIAL_VISIBILITIES,
  SubmitAssuranceRequestSchema,
  signedTextOf,
  type Assurance,
  type AssuranceListQuery,
  type AssuranceVerification,
  type SubmitAssuranceRequest,
} from '@truceline/domain';
import { asOption, optionalActor, requireActing } from './acting-as.ts';
import { inlineOrFile } from './assurance.cli.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { wholeNumber } from './options.ts';
import { partyKeyNamed } from './party-key.command.ts';
import { commitmentId, organisationId, organisationNames, uuidArgument } from './resolve.ts';
import { shortTime, table } from './table.ts';
import { bodyCheck, checkRequest, namingOptions, textCheck, type OptionNames } from './validate.ts';

const SUBMIT_OPTIONS: OptionNames = {
  keyFingerprint: '--key',
  signedText: '--text',
  signature: '--signature',
  commitmentId: '--commitment',
  visibility: '--visibility',
};
const LIST_OPTIONS: OptionNames = {
  organisation: '--org',
  commitment: '--commitment',
  limit: '--limit',
};

/** The signed text, byte for byte: it must be UTF-8, since the signature covers its bytes. */
function signedText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`Cannot read --text ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  const text = signedTextOf(new Uint8Array(bytes));
  if (text === undefined)
    throw new CliError('--text is not UTF-8 text: assurances sign UTF-8 text only', EXIT.usage);
  return text;
}

function printAssurance(io: CliIo, a: Assurance, org: (id: string | null) => string): void {
  io.out(`assurance ${a.id}`);
  for (const [k, v] of [
    ['party', org(a.organisationId)],
    ['submitted', shortTime(a.submittedAt)],
    ['key', `${a.keyId} (fingerprint ${a.keyFingerprint})`],
    ['commitment', a.commitmentId ?? '-'],
    ['visibility', a.visibility],
    ['signature', a.signature],
  ] as const)
    io.out(`  ${k.padEnd(11)} ${v}`);
  io.out('signed text:');
  io.out(a.signedText);
}

function printVerification(io: CliIo, v: AssuranceVerification): void {
  io.out(
    `${v.verdict.toUpperCase()}: assurance ${v.assuranceId}` +
      (v.reasons.length ? ` (${v.reasons.join(', ')})` : ''),
  );
  io.out(`  signature   ${v.signatureValid ? 'verifies' : 'does NOT verify'}`);
  io.out(
    `  key         ${v.key.fingerprint}${v.key.revokedAt ? `, revoked ${shortTime(v.key.revokedAt)}` : ''}` +
      (v.revokedBeforeSubmission ? ' (before the submission)' : ''),
  );
  io.out(`  submitted   ${shortTime(v.submittedAt)}`);
  io.out(
    `  log entry   ${v.logEntry ? `#${v.logEntry.index} at ${shortTime(v.logEntry.time)}, ${v.logEntry.matchesRecord ? 'matches the record' : 'does NOT match the record'}` : 'not integrated yet'}`,
  );
}

export function registerAssuranceOnlineCommands(
  assurance: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  assurance
    .command('submit')
    .description("submit a written assurance signed with one of the party's registered keys")
    .requiredOption('--text <file>', 'the signed text, byte for byte (see `assurance statement`)')
    .requiredOption('--signature <base64>', 'the Ed25519 signature (base64, or a file holding it)')
    .requiredOption('--key <key>', 'the registered key that signed: its id or its fingerprint')
    .option('--commitment <id>', 'the commitment it is given on (id or K-1)')
    .addOption(
      new Option(
        '--visibility <v>',
        "who may see it (default joint; on a commitment, the commitment's)",
      ).choices(MATERIAL_VISIBILITIES),
    )
    .addOption(asOption(true))
    .option('--json', 'print the assurance as JSON')
    .action(
      async (flags: {
        text: string;
        signature: string;
        key: string;
        commitment?: string;
        visibility?: string;
        as?: string;
        json?: boolean;
      }) => {
        const text = signedText(flags.text);
        const signature = inlineOrFile(flags.signature, 'the signature').trim();
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'assurance.submit');
          // A fingerprint goes to the server as given (it says whether it knows it); an id or a
          // prefix is looked up among the registered keys.
          const fingerprint = /^[0-9a-f]{64}$/.test(flags.key)
            ? flags.key
            : (await partyKeyNamed(c.services, flags.key)).fingerprint;
          const request = checkRequest(
            bodyCheck<SubmitAssuranceRequest>(SubmitAssuranceRequestSchema),
            {
              keyFingerprint: fingerprint,
              signedText: text,
              signature,
              ...(flags.commitment !== undefined
                ? { commitmentId: await commitmentId(db, flags.commitment) }
                : {}),
              ...(flags.visibility !== undefined ? { visibility: flags.visibility } : {}),
            },
            'The assurance',
            SUBMIT_OPTIONS,
          );
          const submitted = await namingOptions(SUBMIT_OPTIONS, () =>
            c.services.assurances.submit(request, actor),
          );
          if (flags.json) io.out(JSON.stringify(submitted, null, 2));
          else io.out(`Submitted assurance ${submitted.id}: the signature verifies`);
        });
      },
    );

  assurance
    .command('list')
    .description('the written assurances the account may see, oldest first')
    .option('--org <short>', "only this party's assurances")
    .option('--commitment <id>', 'only those on this commitment (id or K-1)')
    .option('--limit <n>', 'how many (1–200)', wholeNumber(1, 200), 200)
    .addOption(asOption(false))
    .option('--json', 'print JSON')
    .action(
      async (flags: {
        org?: string;
        commitment?: string;
        limit: number;
        as?: string;
        json?: boolean;
      }) => {
        await withDb(async (c) => {
          const db = c.database.db;
          const actor = await optionalActor(db, flags, io, 'assurance.read');
          const query = checkRequest(
            textCheck<AssuranceListQuery>(AssuranceListQuerySchema),
            {
              limit: flags.limit,
              ...(flags.org !== undefined
                ? { organisation: await organisationId(db, flags.org) }
                : {}),
              ...(flags.commitment !== undefined
                ? { commitment: await commitmentId(db, flags.commitment) }
                : {}),
            },
            'The filters',
            LIST_OPTIONS,
          );
          const page = await c.services.assurances.list(query, actor);
          if (flags.json) return io.out(JSON.stringify(page.items, null, 2));
          if (page.items.length === 0) return io.out('No assurances match.');
          const org = await organisationNames(db);
          for (const line of table(
            ['ID', 'PARTY', 'SUBMITTED', 'KEY', 'COMMITMENT'],
            page.items.map((a) => [
              a.id,
              org(a.organisationId),
              shortTime(a.submittedAt),
              `${a.keyFingerprint.slice(0, 16)}…`,
              a.commitmentId ?? '-',
            ]),
          ))
            io.out(line);
          if (page.nextCursor) io.err('(more assurances match; narrow the filters)');
        });
      },
    );

  assurance
    .command('show')
    .description('one written assurance with its signed text and signature')
    .argument('<id>', 'the assurance id')
    .addOption(asOption(false))
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { as?: string; json?: boolean }) => {
      const assuranceId = uuidArgument(id, 'an assurance id');
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'assurance.read');
        const found = await c.services.assurances.get(assuranceId, actor);
        if (flags.json) io.out(JSON.stringify(found, null, 2));
        else printAssurance(io, found, await organisationNames(db));
      });
    });

  assurance
    .command('check')
    .description(
      "the server's verification now: signature, key, revocation and log entry (exit 6 if invalid)",
    )
    .argument('<id>', 'the assurance id')
    .addOption(asOption(false))
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { as?: string; json?: boolean }) => {
      const assuranceId = uuidArgument(id, 'an assurance id');
      await withDb(async (c) => {
        const actor = await optionalActor(c.database.db, flags, io, 'assurance.read');
        const verification = await c.services.assurances.verify(assuranceId, actor);
        if (flags.json) io.out(JSON.stringify(verification, null, 2));
        else printVerification(io, verification);
        if (verification.verdict !== 'valid')
          throw new CliError(
            `verification FAILED: ${verification.reasons.join(', ')}`,
            EXIT.tampered,
          );
      });
    });
}
