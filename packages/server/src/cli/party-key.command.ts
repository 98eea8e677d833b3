/**
 * `truceline party-key`: the parties' registered Ed25519 signing keys — list them, register one
 * (administrators and mediators) and revoke one. The same service, schemas and permission checks
 * as `/api/v1/party-keys`; what a key signed before its revocation stays valid.
 */
import type { Command } from 'commander';
import {
  RegisterPartyKeyRequestSchema,
  RevokePartyKeyRequestSchema,
  type PartyKey,
  type RegisterPartyKeyRequest,
  type RevokePartyKeyRequest,
} from '@truceline/domain';
import type { Services } from '../composition-root.ts';
import { AppError } from '../platform/http/problem.ts';
import { asOption, optionalActor, requireActing } from './acting-as.ts';
import { inlineOrFile } from './assurance.cli.ts';
import type { ContainerRunner } from './context.ts';
import type { CliIo } from './main.ts';
import { organisationId, organisationNames } from './resolve.ts';
import { shortTime, table } from './table.ts';
import { bodyCheck, checkRequest, namingOptions, type OptionNames } from './validate.ts';

const REGISTER_OPTIONS: OptionNames = {
  organisationId: '--org',
  name: '--name',
  publicKey: '--key',
};
const REVOKE_OPTIONS: OptionNames = { reason: '--reason' };

/**
 * A registered key named by its id or its fingerprint (the whole SHA-256 in hex, or a prefix of
 * at least 8 digits that only one key has).
 */
export async function partyKeyNamed(services: Services, value: string): Promise<PartyKey> {
  const wanted = value.trim().toLowerCase();
  const keys = await services.assurances.listKeys();
  const byId = keys.find((k) => k.id === wanted || k.fingerprint === wanted);
  if (byId) return byId;
  const byPrefix = /^[0-9a-f]{8,63}$/.test(wanted)
    ? keys.filter((k) => k.fingerprint.startsWith(wanted))
    : [];
  const [only] = byPrefix;
  if (only && byPrefix.length === 1) return only;
  throw new AppError('not_found', `No registered key ${value} (see \`truceline party-key list\`)`);
}

export function registerPartyKeyCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const key = program
    .command('party-key')
    .description("the parties' registered Ed25519 keys that sign written assurances");

  key
    .command('list')
    .description('registered keys, revoked ones included')
    .option('--org <short>', "only this party's keys (PAK)")
    .addOption(asOption(false))
    .option('--json', 'print JSON')
    .action(async (flags: { org?: string; as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const db = c.database.db;
        await optionalActor(db, flags, io, 'party_key.read');
        const keys = await c.services.assurances.listKeys(
          flags.org === undefined ? undefined : await organisationId(db, flags.org),
        );
        if (flags.json) return io.out(JSON.stringify(keys, null, 2));
        if (keys.length === 0) return io.out('No keys are registered.');
        const org = await organisationNames(db);
        for (const line of table(
          ['ID', 'PARTY', 'FINGERPRINT', 'REGISTERED', 'REVOKED', 'NAME'],
          keys.map((k) => [
            k.id,
            org(k.organisationId),
            `${k.fingerprint.slice(0, 16)}…`,
            shortTime(k.registeredAt),
            k.revokedAt ? shortTime(k.revokedAt) : '-',
            k.name,
          ]),
        ))
          io.out(line);
      });
    });

  key
    .command('register')
    .description("register a party's Ed25519 public key (administrators and mediators)")
    .requiredOption('--org <short>', 'the party (PAK, AFG)')
    .requiredOption('--name <name>', 'what the key is (e.g. "MOFA signing key")')
    .requiredOption(
      '--key <key>',
      'the public key: raw 32 bytes in base64, or SPKI PEM (inline or a file holding it)',
    )
    .addOption(asOption(true))
    .option('--json', 'print the key as JSON')
    .action(
      async (flags: { org: string; name: string; key: string; as?: string; json?: boolean }) => {
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'party_key.manage');
          const request = checkRequest(
            bodyCheck<RegisterPartyKeyRequest>(RegisterPartyKeyRequestSchema),
            {
              organisationId: await organisationId(db, flags.org),
              name: flags.name,
              publicKey: inlineOrFile(flags.key, 'the key').trim(),
            },
            'The key',
            REGISTER_OPTIONS,
          );
          const registered = await namingOptions(REGISTER_OPTIONS, () =>
            c.services.assurances.registerKey(request, actor),
          );
          if (flags.json) io.out(JSON.stringify(registered, null, 2));
          else io.out(`Registered key ${registered.id}, fingerprint ${registered.fingerprint}`);
        });
      },
    );

  key
    .command('revoke')
    .description('revoke a key: it signs nothing new; what it signed before stays valid')
    .argument('<key>', 'the key id or its fingerprint (or a unique prefix of it)')
    .requiredOption('--reason <text>', 'why (recorded in the log)')
    .addOption(asOption(true))
    .option('--json', 'print the key as JSON')
    .action(async (ref: string, flags: { reason: string; as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const { actor } = await requireActing(c.database.db, flags, io, 'party_key.manage');
        const request = checkRequest(
          bodyCheck<RevokePartyKeyRequest>(RevokePartyKeyRequestSchema),
          { reason: flags.reason },
          'The revocation',
          REVOKE_OPTIONS,
        );
        const found = await partyKeyNamed(c.services, ref);
        const revoked = await namingOptions(REVOKE_OPTIONS, () =>
          c.services.assurances.revokeKey(found.id, request, actor),
        );
        if (flags.json) io.out(JSON.stringify(revoked, null, 2));
        else io.out(`Revoked key ${revoked.id} (${revoked.name}) at ${revoked.revokedAt ?? '?'}`);
      });
    });
}
