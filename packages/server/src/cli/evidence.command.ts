/**
 * `truceline evidence`: add a file to a complaint (streamed into the evidence store), list a
 * complaint's evidence, show an item with its chain of custody, and download a file, checked
 * against its SHA-256. `truceline sweep-evidence` removes what interrupted uploads left behind.
 * Every access goes through the evidence service, so it is recorded in the item's custody.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import {
  AddEvidenceRequestSchema,
  MATERIAL_VISIBILITIES,
  UploadEvidenceQuerySchema,
  type AddEvidenceRequest,
  type EvidenceItem,
  type UploadEvidenceQuery,
} from '@truceline/domain';
import { DEFAULT_ORPHAN_MIN_AGE_MS } from '../platform/blobs/index.ts';
import { asOption, optionalActor, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { wholeNumber } from './options.ts';
import { formatBytes, startProgress } from './progress.ts';
import { complaintId, organisationNames, uuidArgument } from './resolve.ts';
import { clip, shortTime, table } from './table.ts';
import { bodyCheck, describeErrors } from './validate.ts';

const noteCheck = bodyCheck<AddEvidenceRequest>(AddEvidenceRequestSchema);

/** Files at least this large show their progress. */
export const PROGRESS_FROM_BYTES = 4 * 1024 * 1024;

/** A pass-through that reports how many bytes have gone by. */
function counting(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

function describeFile(item: EvidenceItem): string {
  const f = item.file;
  return f ? `${formatBytes(f.size)}, ${f.mime}, sha256 ${f.sha256}` : item.type;
}

export function registerEvidenceCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const evidence = program
    .command('evidence')
    .description("complaints' evidence: add files, list, show custody, download, as an account");

  evidence
    .command('add')
    .description(
      'add a file as evidence to a complaint (streamed; the same file twice is one item)',
    )
    .argument('<complaint>', 'the id or the reference (C-42) of the complaint')
    .argument('<path>', 'the file')
    .requiredOption('--title <title>', 'what the file shows')
    .addOption(
      new Option('--visibility <visibility>', 'who may see it (public: mediators only)')
        .choices(MATERIAL_VISIBILITIES)
        .makeOptionMandatory(),
    )
    .option('--description <text>', 'more about it')
    .option('--file-name <name>', 'the name to record (default: the name of the file)')
    .addOption(asOption(true))
    .option('--json', 'print the item as JSON')
    .action(
      async (
        ref: string,
        file: string,
        flags: {
          title: string;
          visibility: string;
          description?: string;
          fileName?: string;
          as?: string;
          json?: boolean;
        },
      ) => {
        let size: number;
        try {
          const stat = fs.statSync(file);
          if (!stat.isFile()) throw new Error('not a regular file');
          size = stat.size;
        } catch (error) {
          throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
        }
        const checked = bodyCheck<UploadEvidenceQuery>(UploadEvidenceQuerySchema)({
          title: flags.title,
          visibility: flags.visibility,
          fileName: flags.fileName ?? path.basename(file),
          ...(flags.description !== undefined ? { description: flags.description } : {}),
        });
        if (!checked.ok)
          throw new CliError(
            ['The evidence is not valid:', ...describeErrors(checked.errors, '--')].join('\n'),
            EXIT.usage,
          );
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'evidence.add');
          const id = await complaintId(db, ref);
          const progress = startProgress(io, {
            label: `uploading ${path.basename(file)}`,
            total: size,
            unit: 'bytes',
            threshold: PROGRESS_FROM_BYTES,
          });
          const source = fs.createReadStream(file);
          const body = counting((n) => progress.update(n));
          source.on('error', (error) => body.destroy(error));
          source.pipe(body);
          let result;
          try {
            result = await c.services.evidence.upload(id, checked.value, body, actor);
          } finally {
            progress.stop();
            source.destroy();
          }
          const { item, created } = result;
          if (flags.json) io.out(JSON.stringify(item, null, 2));
          else if (created) io.out(`Added evidence ${item.id}: ${describeFile(item)}`);
          else
            io.out(
              `Already on this complaint as evidence ${item.id} (${describeFile(item)}); the attempt is recorded in its custody`,
            );
        });
      },
    );

  evidence
    .command('note')
    .description('add a witness statement (--statement) or a link (--url) as evidence')
    .argument('<complaint>', 'the id or the reference (C-42) of the complaint')
    .requiredOption('--title <title>', 'what it is')
    .addOption(
      new Option('--visibility <visibility>', 'who may see it (public: mediators only)')
        .choices(MATERIAL_VISIBILITIES)
        .makeOptionMandatory(),
    )
    .option('--statement <text>', "the witness's statement")
    .option('--language <tag>', "the statement's language (en, ur, ps, fa, tr, ar)")
    .option('--url <url>', 'the link')
    .option('--description <text>', 'more about it')
    .addOption(asOption(true))
    .option('--json', 'print the item as JSON')
    .action(
      async (
        ref: string,
        flags: {
          title: string;
          visibility: UploadEvidenceQuery['visibility'];
          statement?: string;
          language?: string;
          url?: string;
          description?: string;
          as?: string;
          json?: boolean;
        },
      ) => {
        if ((flags.statement === undefined) === (flags.url === undefined)) {
          throw new CliError('Give either --statement or --url', EXIT.usage);
        }
        const body = {
          type: flags.statement !== undefined ? 'statement' : 'link',
          title: flags.title,
          visibility: flags.visibility,
          ...(flags.statement !== undefined ? { statement: flags.statement } : {}),
          ...(flags.language !== undefined ? { language: flags.language } : {}),
          ...(flags.url !== undefined ? { url: flags.url } : {}),
          ...(flags.description !== undefined ? { description: flags.description } : {}),
        };
        const checked = noteCheck(body);
        if (!checked.ok) {
          throw new CliError(
            ['The evidence is not valid:', ...describeErrors(checked.errors)].join('\n'),
            EXIT.usage,
          );
        }
        await withDb(async (c) => {
          const db = c.database.db;
          const acting = await requireActing(db, flags, io, 'evidence.add');
          const item = await c.services.evidence.add(
            await complaintId(db, ref),
            checked.value,
            acting.actor,
          );
          io.out(flags.json ? JSON.stringify(item, null, 2) : `Added ${item.type} ${item.id}`);
        });
      },
    );

  evidence
    .command('list')
    .description("a complaint's evidence the account may see")
    .argument('<complaint>', 'the id or the reference (C-42) of the complaint')
    .addOption(asOption(false))
    .option('--json', 'print JSON')
    .action(async (ref: string, flags: { as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'evidence.read');
        const items = await c.services.evidence.list(await complaintId(db, ref), actor);
        if (flags.json) return io.out(JSON.stringify(items, null, 2));
        if (items.length === 0) return io.out('No evidence the account may see.');
        const org = await organisationNames(db);
        for (const line of table(
          ['ID', 'TYPE', 'VISIBILITY', 'ADDED', 'BY', 'SIZE', 'TITLE'],
          items.map((i) => [
            i.id,
            i.file?.kind ?? i.type,
            i.visibility,
            shortTime(i.addedAt),
            org(i.ownerOrganisationId),
            i.file ? formatBytes(i.file.size) : '-',
            clip(i.title, 50),
          ]),
        ))
          io.out(line);
      });
    });

  evidence
    .command('show')
    .description('one item and its chain of custody (the view is recorded)')
    .argument('<id>', 'the evidence id')
    .addOption(asOption(false))
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { as?: string; json?: boolean }) => {
      const evidenceId = uuidArgument(id, 'an evidence id');
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'evidence.read');
        const detail = await c.services.evidence.get(evidenceId, actor);
        if (flags.json) return io.out(JSON.stringify(detail, null, 2));
        const { item } = detail;
        const org = await organisationNames(db);
        io.out(`${item.title}  (${item.type}, ${item.purpose}, ${item.visibility})`);
        io.out(`  id          ${item.id}`);
        io.out(`  complaint   ${item.complaintId}`);
        io.out(`  added       ${shortTime(item.addedAt)} by ${org(item.ownerOrganisationId)}`);
        if (item.file) io.out(`  file        ${item.fileName ?? '-'}: ${describeFile(item)}`);
        if (item.statement) io.out(`  statement   ${item.statement}`);
        if (item.url) io.out(`  link        ${item.url}`);
        if (item.description) io.out(`  description ${item.description}`);
        io.out('custody:');
        for (const e of detail.custody)
          io.out(`  ${shortTime(e.at)}  ${e.event.padEnd(15)} ${org(e.organisationId)}`);
      });
    });

  evidence
    .command('get')
    .description("download an item's file, checked against its SHA-256 (the download is recorded)")
    .argument('<id>', 'the evidence id')
    .requiredOption('--out <path>', 'where to write the file')
    .option('--force', 'overwrite the file if it exists')
    .addOption(asOption(false))
    .action(async (id: string, flags: { out: string; force?: boolean; as?: string }) => {
      const evidenceId = uuidArgument(id, 'an evidence id');
      if (!flags.force && fs.existsSync(flags.out))
        throw new CliError(`${flags.out} exists; pass --force to overwrite it`, EXIT.conflict);
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'evidence.read');
        const { item, stream } = await c.services.evidence.open(evidenceId, actor);
        const expected = item.file?.sha256 ?? '';
        const size = item.file?.size ?? 0;
        const tmp = path.join(
          path.dirname(path.resolve(flags.out)),
          `.${path.basename(flags.out)}.${process.pid}.partial`,
        );
        const hash = crypto.createHash('sha256');
        const progress = startProgress(io, {
          label: `downloading ${item.fileName ?? item.id}`,
          total: size,
          unit: 'bytes',
          threshold: PROGRESS_FROM_BYTES,
        });
        try {
          await pipeline(
            stream,
            counting((n) => progress.update(n)),
            new Transform({
              transform(chunk: Buffer, _encoding, done) {
                hash.update(chunk);
                done(null, chunk);
              },
            }),
            fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }),
          );
        } catch (error) {
          fs.rmSync(tmp, { force: true });
          throw new CliError(
            `Cannot write ${flags.out}: ${(error as Error).message}`,
            EXIT.failure,
          );
        } finally {
          progress.stop();
        }
        const actual = hash.digest('hex');
        if (actual !== expected) {
          fs.rmSync(tmp, { force: true });
          throw new CliError(
            `The stored file does not match its address: expected sha256 ${expected}, read ${actual}`,
            EXIT.tampered,
          );
        }
        fs.renameSync(tmp, flags.out);
        io.out(`Wrote ${flags.out}: ${describeFile(item)} (checked)`);
      });
    });

  program
    .command('sweep-evidence')
    .description('remove evidence files that interrupted uploads left behind, and print counts')
    .option(
      '--min-age-minutes <n>',
      'spare unreferenced files younger than this (default: 0 on the embedded database, which no other process can be using; 60 on PostgreSQL)',
      wholeNumber(0, 100_000),
    )
    .option('--json', 'print JSON')
    .action(async (flags: { minAgeMinutes?: number; json?: boolean }) => {
      await withDb(async (c) => {
        const minAgeMs =
          flags.minAgeMinutes !== undefined
            ? flags.minAgeMinutes * 60_000
            : c.config.database.kind === 'pglite'
              ? 0
              : DEFAULT_ORPHAN_MIN_AGE_MS;
        const swept = await c.services.evidence.sweep({ minAgeMs });
        if (flags.json) return io.out(JSON.stringify(swept));
        io.out(
          `Removed ${swept.stagingRemoved} staging file(s) and ${swept.orphansRemoved} unreferenced evidence file(s).`,
        );
      });
    });
}
