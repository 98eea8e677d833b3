/**
 * `truceline talks`: rounds of talks — the list, one round with its participants, the documents
 * the account may see and the commitments it produced; and, for the mediators, recording a round,
 * its documents and its delegations. The same services, schemas and permission checks as
 * `/api/v1/talks`. A round is named by its id or its number in `talks list` (1 = the first).
 */
import { Option, type Command } from 'commander';
import {
  AddTalkDocumentRequestSchema,
  AddTalkParticipantRequestSchema,
  CreateTalkRoundRequestSchema,
  TALK_DOCUMENT_KINDS,
  TALK_DOCUMENT_VISIBILITIES,
  USER_LANGUAGES,
  type AddTalkDocumentRequest,
  type AddTalkParticipantRequest,
  type CreateTalkRoundRequest,
  type TalkRoundDetail,
} from '@truceline/domain';
import { asOption, optionalActor, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { repeatable } from './options.ts';
import {
  organisationId,
  organisationNames,
  readInput,
  readJsonObject,
  roundId,
} from './resolve.ts';
import { clip, english, shortTime, table } from './table.ts';
import { bodyCheck, checkRequest, namingOptions, type OptionNames } from './validate.ts';

const CREATE_OPTIONS: OptionNames = {
  agreementId: '--agreement',
  name: '--name',
  place: '--place',
  startsOn: '--starts',
  endsOn: '--ends',
  outcome: '--outcome',
};
const DOCUMENT_OPTIONS: OptionNames = {
  kind: '--kind',
  title: '--title',
  body: '--body/--body-file',
  language: '--language',
  visibility: '--visibility',
  organisationId: '--org',
};
const PARTICIPANT_OPTIONS: OptionNames = { organisationId: '--org', delegation: '--delegate' };

function printDetail(io: CliIo, r: TalkRoundDetail, org: (id: string | null) => string): void {
  io.out(`${english(r.name)}, ${r.place}: ${r.startsOn} to ${r.endsOn}`);
  io.out(`  id       ${r.id}`);
  io.out(`  outcome  ${english(r.outcome) || '(none recorded yet)'}`);
  io.out('participants:');
  for (const p of r.participants)
    io.out(
      `  ${p.organisationShortName.padEnd(6)} ${p.capacity.padEnd(11)} ${p.delegation.join('; ') || '-'}`,
    );
  io.out(r.documents.length ? 'documents:' : 'documents: none you may see');
  for (const d of r.documents)
    io.out(
      `  ${d.id}  ${d.kind} (${d.visibility}${d.organisationId ? `, ${org(d.organisationId)}` : ''}, ${shortTime(d.addedAt)}): ${d.title}\n    ${clip(d.body, 100)}`,
    );
  io.out(r.commitments.length ? 'commitments made:' : 'commitments made: none you may see');
  for (const c of r.commitments)
    io.out(
      `  K-${c.number}  ${c.status.padEnd(11)} ${c.partyOrganisationId === null ? 'all' : org(c.partyOrganisationId)}  ${c.title}`,
    );
  for (const p of r.provisions) io.out(`  provision ${p.number}: ${clip(english(p.text), 90)}`);
}

export function registerTalksCommands(program: Command, io: CliIo, withDb: ContainerRunner): void {
  const talks = program
    .command('talks')
    .description('rounds of talks: participants, documents and the commitments they produced');

  talks
    .command('list')
    .description('every round of talks, oldest first, numbered for the other commands')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withDb(async (c) => {
        const rounds = await c.services.talks.list();
        if (flags.json) return io.out(JSON.stringify(rounds, null, 2));
        if (rounds.length === 0) return io.out('No rounds of talks are recorded.');
        for (const line of table(
          ['N', 'ID', 'DATES', 'PLACE', 'NAME'],
          rounds.map((r, i) => [
            String(i + 1),
            r.id,
            `${r.startsOn}..${r.endsOn}`,
            r.place,
            english(r.name),
          ]),
        ))
          io.out(line);
      });
    });

  talks
    .command('show')
    .description('one round: participants, the documents you may see, the commitments it produced')
    .argument('<round>', 'its number in `talks list` or its id')
    .addOption(asOption(false))
    .option('--json', 'print JSON (as GET /api/v1/talks/{id})')
    .action(async (which: string, flags: { as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'talks.read');
        const id = roundId(await c.services.talks.list(), which);
        const detail = await c.services.talks.get(id, actor);
        if (flags.json) io.out(JSON.stringify(detail, null, 2));
        else printDetail(io, detail, await organisationNames(db));
      });
    });

  talks
    .command('create')
    .description(
      'record a round of talks (mediators): from options, or --from a JSON file (the body of POST /api/v1/talks) that options then override',
    )
    .option('--from <file>', 'the round as JSON (- for standard input)')
    .option('--name <text>', 'its name ("Round 4, Doha")')
    .option('--place <text>', 'where it is held')
    .option('--starts <date>', 'its first day, YYYY-MM-DD')
    .option('--ends <date>', 'its last day, YYYY-MM-DD (not before --starts)')
    .option('--outcome <text>', 'what came of it')
    .addOption(
      new Option('--language <lang>', 'language of --name and --outcome')
        .choices(USER_LANGUAGES)
        .default('en'),
    )
    .option('--agreement <id>', 'the agreement the talks are about')
    .addOption(asOption(true))
    .option('--json', 'print the round as JSON')
    .action(
      async (flags: {
        from?: string;
        name?: string;
        place?: string;
        starts?: string;
        ends?: string;
        outcome?: string;
        language: string;
        agreement?: string;
        as?: string;
        json?: boolean;
      }) => {
        const body = flags.from !== undefined ? await readJsonObject(flags.from, io) : {};
        if (flags.name !== undefined) body['name'] = { [flags.language]: flags.name };
        if (flags.outcome !== undefined) body['outcome'] = { [flags.language]: flags.outcome };
        if (flags.place !== undefined) body['place'] = flags.place;
        if (flags.starts !== undefined) body['startsOn'] = flags.starts;
        if (flags.ends !== undefined) body['endsOn'] = flags.ends;
        if (flags.agreement !== undefined) body['agreementId'] = flags.agreement;
        await withDb(async (c) => {
          const { actor } = await requireActing(c.database.db, flags, io, 'talks.manage');
          const request = checkRequest(
            bodyCheck<CreateTalkRoundRequest>(CreateTalkRoundRequestSchema),
            body,
            'The round of talks',
            CREATE_OPTIONS,
          );
          const created = await namingOptions(CREATE_OPTIONS, () =>
            c.services.talks.create(request, actor),
          );
          if (flags.json) return io.out(JSON.stringify(created, null, 2));
          const n = (await c.services.talks.list()).findIndex((r) => r.id === created.id) + 1;
          io.out(`Recorded round ${n} (${created.id}): ${english(created.name)}`);
        });
      },
    );

  talks
    .command('document')
    .description('add a statement, the minutes or a communiqué to a round (mediators)')
    .argument('<round>', 'its number in `talks list` or its id')
    .addOption(
      new Option('--kind <kind>', 'what it is').choices(TALK_DOCUMENT_KINDS).makeOptionMandatory(),
    )
    .requiredOption('--title <text>', 'its title')
    .option('--body <text>', 'its text')
    .option('--body-file <file>', 'its text from a file (- for standard input)')
    .addOption(
      new Option('--language <lang>', 'its language').choices(USER_LANGUAGES).default('en'),
    )
    .addOption(
      new Option('--visibility <v>', 'who may read it')
        .choices(TALK_DOCUMENT_VISIBILITIES)
        .makeOptionMandatory(),
    )
    .option('--org <short>', "whose document it is (a party's statement)")
    .addOption(asOption(true))
    .option('--json', 'print the document as JSON')
    .action(
      async (
        which: string,
        flags: {
          kind: string;
          title: string;
          body?: string;
          bodyFile?: string;
          language: string;
          visibility: string;
          org?: string;
          as?: string;
          json?: boolean;
        },
      ) => {
        if ((flags.body === undefined) === (flags.bodyFile === undefined))
          throw new CliError(
            'Give the text with exactly one of --body and --body-file',
            EXIT.usage,
          );
        const text = flags.body ?? (await readInput(flags.bodyFile ?? '-', io));
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'talks.manage');
          const id = roundId(await c.services.talks.list(), which);
          const request = checkRequest(
            bodyCheck<AddTalkDocumentRequest>(AddTalkDocumentRequestSchema),
            {
              kind: flags.kind,
              title: flags.title,
              body: text,
              language: flags.language,
              visibility: flags.visibility,
              ...(flags.org !== undefined
                ? { organisationId: await organisationId(db, flags.org) }
                : {}),
            },
            'The document',
            DOCUMENT_OPTIONS,
          );
          const added = await namingOptions(DOCUMENT_OPTIONS, () =>
            c.services.talks.addDocument(id, request, actor),
          );
          if (flags.json) io.out(JSON.stringify(added, null, 2));
          else io.out(`Added ${added.kind} ${added.id} (${added.visibility}): ${added.title}`);
        });
      },
    );

  talks
    .command('participant')
    .description("record an organisation's delegation at a round (mediators)")
    .argument('<round>', 'its number in `talks list` or its id')
    .requiredOption('--org <short>', 'the organisation (PAK, AFG, TUR, QAT, …)')
    .option('--delegate <name>', 'a member of the delegation, with post (repeatable)', repeatable)
    .addOption(asOption(true))
    .option('--json', 'print the participant as JSON')
    .action(
      async (
        which: string,
        flags: { org: string; delegate?: string[]; as?: string; json?: boolean },
      ) => {
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'talks.manage');
          const id = roundId(await c.services.talks.list(), which);
          const request = checkRequest(
            bodyCheck<AddTalkParticipantRequest>(AddTalkParticipantRequestSchema),
            {
              organisationId: await organisationId(db, flags.org),
              delegation: flags.delegate ?? [],
            },
            'The participant',
            PARTICIPANT_OPTIONS,
          );
          const added = await namingOptions(PARTICIPANT_OPTIONS, () =>
            c.services.talks.addParticipant(id, request, actor),
          );
          if (flags.json) io.out(JSON.stringify(added, null, 2));
          else io.out(`${added.organisationShortName} takes part as ${added.capacity}`);
        });
      },
    );
}
