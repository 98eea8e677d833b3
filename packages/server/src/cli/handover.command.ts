/**
 * `truceline handover`: handovers of named persons at a crossing, as a named account (`--as`): a
 * party's request, the other party's answer, the outcome the mediators (or a party) record. The
 * same service, schemas and permission checks as `/api/v1/handovers`; a handover the account may
 * not see is "not found", and each change names the version it was made on (default: current).
 */
import { Option, type Command } from 'commander';
import {
  AnswerHandoverRequestSchema,
  CreateHandoverRequestSchema,
  HANDOVER_DECISIONS,
  HANDOVER_OUTCOMES,
  HANDOVER_STATUSES,
  HandoverOutcomeRequestSchema,
  type Actor,
  type AnswerHandoverRequest,
  type CreateHandoverRequest,
  type HandoverDetail,
  type HandoverOutcomeRequest,
  type HandoverStatus,
} from '@truceline/domain';
import type { Services } from '../composition-root.ts';
import { listCrossings } from '../features/agreements/agreements.repository.ts';
import { asOption, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { repeatable, wholeNumber } from './options.ts';
import {
  crossingId,
  organisationId,
  organisationNames,
  readJsonObject,
  uuidArgument,
} from './resolve.ts';
import { clip, shortTime, table } from './table.ts';
import { bodyCheck, checkRequest, namingOptions, type OptionNames } from './validate.ts';

const REQUEST_OPTIONS: OptionNames = {
  respondingOrganisationId: '--to',
  crossingId: '--crossing',
  persons: '--person/--details',
  reason: '--reason',
};
const ANSWER_OPTIONS: OptionNames = { version: '--version', decision: 'DECISION', text: '--text' };
const OUTCOME_OPTIONS: OptionNames = { version: '--version', outcome: 'OUTCOME', text: '--text' };
const VERSION = wholeNumber(1, 2 ** 31 - 1);

function printDetail(
  io: CliIo,
  h: HandoverDetail,
  org: (id: string | null) => string,
  crossing: string,
): void {
  io.out(`handover ${h.id}: ${h.status} (version ${h.version})`);
  for (const [k, v] of [
    ['requested', `by ${org(h.requestingOrganisationId)}, ${shortTime(h.createdAt)}`],
    ['asked of', org(h.respondingOrganisationId)],
    ['crossing', crossing],
    ['reason', h.reason],
    ['answer', h.answer ?? '-'],
    ['outcome', h.outcome ?? '-'],
  ] as const)
    io.out(`  ${k.padEnd(10)} ${v}`);
  io.out(`persons (${h.persons.length}):`);
  for (const p of h.persons) io.out(`  ${p.name}${p.details ? `: ${p.details}` : ''}`);
  io.out(`you may now: ${h.allowedCommands.join(', ') || '(nothing)'}`);
}

/** `answer` and `outcome`: a decision on the current (or the named) version. */
function registerStep(
  handover: Command,
  io: CliIo,
  withDb: ContainerRunner,
  step: {
    name: string;
    description: string;
    argument: string;
    choices: readonly string[];
    field: 'decision' | 'outcome';
    names: OptionNames;
    run: (
      services: Services,
      id: string,
      body: Record<string, unknown>,
      actor: Actor,
    ) => Promise<HandoverDetail>;
  },
): void {
  handover
    .command(step.name)
    .description(step.description)
    .argument('<id>', 'the handover id')
    .addArgument(handover.createArgument(`<${step.argument}>`, step.argument).choices(step.choices))
    .requiredOption('--text <text>', 'what is said or what happened')
    .option('--version <n>', 'the version you acted on (default: the current one)', VERSION)
    .addOption(asOption(true))
    .option('--json', 'print the handover as JSON')
    .action(
      async (
        id: string,
        choice: string,
        flags: { text: string; version?: number; as?: string; json?: boolean },
      ) => {
        const handoverId = uuidArgument(id, 'a handover id');
        await withDb(async (c) => {
          const { actor } = await requireActing(c.database.db, flags, io, 'handover.manage');
          const version =
            flags.version ?? (await c.services.handovers.get(handoverId, actor)).version;
          const body = { version, [step.field]: choice, text: flags.text };
          const done = await namingOptions(step.names, () =>
            step.run(c.services, handoverId, body, actor),
          );
          if (flags.json) io.out(JSON.stringify(done, null, 2));
          else io.out(`handover ${done.id}: ${done.status} (version ${done.version})`);
        });
      },
    );
}

export function registerHandoverCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const handover = program
    .command('handover')
    .description('handovers of named persons at a crossing: request, answer, outcome (--as)');

  handover
    .command('list')
    .description('handovers the account may see, newest first')
    .addOption(new Option('--status <status>', 'only in this status').choices(HANDOVER_STATUSES))
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (flags: { status?: string; as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'handover.read');
        const items = await c.services.handovers.list(
          flags.status !== undefined ? { status: flags.status as HandoverStatus } : {},
          actor,
        );
        if (flags.json) return io.out(JSON.stringify(items, null, 2));
        if (items.length === 0) return io.out('No handovers you may see.');
        const org = await organisationNames(db);
        const crossings = new Map((await listCrossings(db)).map((x) => [x.id, x.name]));
        for (const line of table(
          ['ID', 'STATUS', 'FROM', 'ASKED OF', 'CROSSING', 'PERSONS', 'REQUESTED', 'REASON'],
          items.map((h) => [
            h.id,
            h.status,
            org(h.requestingOrganisationId),
            org(h.respondingOrganisationId),
            h.crossingId ? (crossings.get(h.crossingId) ?? '?') : '-',
            String(h.persons.length),
            shortTime(h.createdAt),
            clip(h.reason, 40),
          ]),
        ))
          io.out(line);
      });
    });

  handover
    .command('show')
    .description('one handover, with the persons named and what you may do next')
    .argument('<id>', 'the handover id')
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { as?: string; json?: boolean }) => {
      const handoverId = uuidArgument(id, 'a handover id');
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'handover.read');
        const detail = await c.services.handovers.get(handoverId, actor);
        if (flags.json) return io.out(JSON.stringify(detail, null, 2));
        const crossing = (await listCrossings(db)).find((x) => x.id === detail.crossingId);
        printDetail(io, detail, await organisationNames(db), crossing?.name ?? '-');
      });
    });

  handover
    .command('request')
    .description(
      'ask the other party to hand over named persons (party officers): from options, or --from a JSON file (the body of POST /api/v1/handovers)',
    )
    .option('--from <file>', 'the request as JSON (- for standard input)')
    .option('--to <short>', 'the party asked to hand them over (AFG)')
    .option('--crossing <crossing>', 'where: a crossing name (Torkham) or id')
    .option('--person <name>', 'a person to hand over (repeatable)', repeatable)
    .option('--details <text>', 'what identifies each --person, in order (repeatable)', repeatable)
    .option('--reason <text>', 'why')
    .addOption(asOption(true))
    .option('--json', 'print the handover as JSON')
    .action(
      async (flags: {
        from?: string;
        to?: string;
        crossing?: string;
        person?: string[];
        details?: string[];
        reason?: string;
        as?: string;
        json?: boolean;
      }) => {
        const body = flags.from !== undefined ? await readJsonObject(flags.from, io) : {};
        if (flags.person || flags.details) {
          const [names, details] = [flags.person ?? [], flags.details ?? []];
          if (details.length > 0 && details.length !== names.length)
            throw new CliError(
              `Give each --person its --details, or none: ${names.length} person(s), ${details.length} details`,
              EXIT.usage,
            );
          body['persons'] = names.map((name, i) => ({ name, details: details[i] ?? '' }));
        }
        if (flags.reason !== undefined) body['reason'] = flags.reason;
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'handover.manage');
          if (flags.to !== undefined)
            body['respondingOrganisationId'] = await organisationId(db, flags.to);
          if (flags.crossing !== undefined)
            body['crossingId'] = await crossingId(db, flags.crossing);
          const request = checkRequest(
            bodyCheck<CreateHandoverRequest>(CreateHandoverRequestSchema),
            body,
            'The handover request',
            REQUEST_OPTIONS,
          );
          const created = await namingOptions(REQUEST_OPTIONS, () =>
            c.services.handovers.request(request, actor),
          );
          if (flags.json) io.out(JSON.stringify(created, null, 2));
          else io.out(`Requested handover ${created.id} of ${created.persons.length} person(s)`);
        });
      },
    );

  registerStep(handover, io, withDb, {
    name: 'answer',
    description: 'accept or refuse a handover request (the party asked)',
    argument: 'decision',
    choices: HANDOVER_DECISIONS,
    field: 'decision',
    names: ANSWER_OPTIONS,
    run: (s, id, body, actor) =>
      s.handovers.answer(
        id,
        checkRequest(
          bodyCheck<AnswerHandoverRequest>(AnswerHandoverRequestSchema),
          body,
          'The answer',
          ANSWER_OPTIONS,
        ),
        actor,
      ),
  });

  registerStep(handover, io, withDb, {
    name: 'outcome',
    description: 'record whether an accepted handover was completed or failed',
    argument: 'outcome',
    choices: HANDOVER_OUTCOMES,
    field: 'outcome',
    names: OUTCOME_OPTIONS,
    run: (s, id, body, actor) =>
      s.handovers.recordOutcome(
        id,
        checkRequest(
          bodyCheck<HandoverOutcomeRequest>(HandoverOutcomeRequestSchema),
          body,
          'The outcome',
          OUTCOME_OPTIONS,
        ),
        actor,
      ),
  });
}
