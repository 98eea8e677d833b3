/**
 * `truceline crossing`: border crossings — the list, one crossing with its status history, its
 * conditions for reopening (and what each still waits for) and its latest figures; and, for the
 * mediators, a change of status and the conditions. The same services, schemas and permission
 * checks as `/api/v1/crossings`.
 */
import { Option, type Command } from 'commander';
import {
  AddCrossingConditionRequestSchema,
  ConditionMetRequestSchema,
  CROSSING_STATUSES,
  CrossingStatusChangeRequestSchema,
  USER_LANGUAGES,
  type AddCrossingConditionRequest,
  type ConditionMetRequest,
  type CrossingDetail,
  type CrossingStatusChangeRequest,
} from '@truceline/domain';
import { asOption, optionalActor, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { repeatable } from './options.ts';
import { commitmentId, complaintId, crossingId } from './resolve.ts';
import { clip, english, shortTime, table } from './table.ts';
import { bodyCheck, checkRequest, namingOptions, type OptionNames } from './validate.ts';

const STATUS_OPTIONS: OptionNames = {
  status: 'STATUS',
  reason: '--reason',
  language: '--language',
  effectiveOn: '--effective',
  onConditionsMet: '--on-conditions-met',
};
const CONDITION_OPTIONS: OptionNames = {
  description: '--description',
  commitmentIds: '--commitment',
  findingComplaintIds: '--finding',
};
const MET_OPTIONS: OptionNames = { reason: '--reason' };

function printDetail(io: CliIo, d: CrossingDetail): void {
  io.out(`${d.name}: ${d.status}`);
  io.out(`  id          ${d.id}`);
  io.out(`  where       ${english(d.description)} (${d.latitude}, ${d.longitude})`);
  io.out('status history:');
  for (const line of table(
    ['  EFFECTIVE', 'STATUS', 'RECORDED', 'ON CONDITIONS', 'REASON'],
    d.history.map((h) => [
      `  ${h.effectiveOn}`,
      h.status,
      shortTime(h.recordedAt),
      h.onConditionsMet ? 'yes' : 'no',
      clip(english(h.reason), 70),
    ]),
  ))
    io.out(line);
  const met = d.conditions.filter((c) => c.met).length;
  io.out(
    d.conditions.length === 0
      ? 'conditions for reopening: none recorded'
      : `conditions for reopening (${met} of ${d.conditions.length} met):`,
  );
  d.conditions.forEach((c, i) => {
    io.out(`  ${i + 1}. [${c.met ? `met by ${c.metBy ?? '?'}` : 'not met'}] ${c.description}`);
    io.out(`     id ${c.id}`);
    for (const k of c.commitments)
      io.out(
        `     commitment ${k.number === null ? k.id : `K-${k.number}`}: ${k.title ?? '(not visible)'} (${k.status ?? '?'})`,
      );
    for (const f of c.findings)
      io.out(
        `     finding on ${f.reference ?? f.complaintId}: ${f.met ? `issued (${f.outcome ?? '?'})` : 'not issued'}`,
      );
    if (c.metReason) io.out(`     decided met ${shortTime(c.metAt)}: ${c.metReason}`);
    for (const m of c.missing) io.out(`     missing: ${m}`);
  });
  if (d.latestFigures.length > 0) io.out('latest figures:');
  for (const f of d.latestFigures)
    io.out(
      `  ${f.type.padEnd(16)} ${String(f.count).padStart(6)}  ${shortTime(f.observedAt)}  ${f.source}`,
    );
}

export function registerCrossingCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const crossing = program
    .command('crossing')
    .description('border crossings: status history, conditions for reopening, figures');

  crossing
    .command('list')
    .description('every crossing with its current status')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withDb(async (c) => {
        const items = await c.services.crossings.list();
        if (flags.json) return io.out(JSON.stringify(items, null, 2));
        for (const line of table(
          ['ID', 'NAME', 'STATUS', 'SINCE'],
          items.map((x) => [x.id, x.name, x.status, x.history.at(-1)?.effectiveOn ?? '-']),
        ))
          io.out(line);
      });
    });

  crossing
    .command('show')
    .description('one crossing: status history, conditions for reopening and what is missing')
    .argument('<crossing>', 'its name (Torkham), the start of its name, or its id')
    .addOption(asOption(false))
    .option('--json', 'print JSON (as GET /api/v1/crossings/{id})')
    .action(async (name: string, flags: { as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'crossing.read');
        const detail = await c.services.crossings.get(await crossingId(db, name), actor);
        if (flags.json) io.out(JSON.stringify(detail, null, 2));
        else printDetail(io, detail);
      });
    });

  crossing
    .command('status')
    .description('record a change of status with its reason (mediators)')
    .argument('<crossing>', 'its name, the start of its name, or its id')
    .addArgument(crossing.createArgument('<status>', 'the new status').choices(CROSSING_STATUSES))
    .requiredOption('--reason <text>', 'why (shown in the public history)')
    .option('--effective <date>', 'the day it takes effect, YYYY-MM-DD (default: today, UTC)')
    .addOption(new Option('--language <lang>', 'language of the reason').choices(USER_LANGUAGES))
    .option('--on-conditions-met', 'a reopening because every condition is met (checked)')
    .addOption(asOption(true))
    .option('--json', 'print the crossing afterwards as JSON')
    .action(
      async (
        name: string,
        status: string,
        flags: {
          reason: string;
          effective?: string;
          language?: string;
          onConditionsMet?: boolean;
          as?: string;
          json?: boolean;
        },
      ) => {
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'crossing.manage');
          const id = await crossingId(db, name);
          const request = checkRequest(
            bodyCheck<CrossingStatusChangeRequest>(CrossingStatusChangeRequestSchema),
            {
              status,
              reason: flags.reason,
              effectiveOn: flags.effective ?? new Date().toISOString().slice(0, 10),
              ...(flags.language !== undefined ? { language: flags.language } : {}),
              ...(flags.onConditionsMet ? { onConditionsMet: true } : {}),
            },
            'The change of status',
            STATUS_OPTIONS,
          );
          const detail = await namingOptions(STATUS_OPTIONS, () =>
            c.services.crossings.changeStatus(id, request, actor),
          );
          if (flags.json) io.out(JSON.stringify(detail, null, 2));
          else io.out(`${detail.name}: ${detail.status} from ${request.effectiveOn}`);
        });
      },
    );

  const condition = crossing
    .command('condition')
    .description('conditions for reopening a crossing (mediators)');

  condition
    .command('add')
    .description('add a condition, met when its commitments are met and its findings issued')
    .argument('<crossing>', 'its name, the start of its name, or its id')
    .requiredOption('--description <text>', 'what must happen')
    .option(
      '--commitment <id>',
      'a commitment that must be met: K-1 or id (repeatable)',
      repeatable,
    )
    .option(
      '--finding <complaint>',
      'a complaint whose finding must be issued: C-42 or id (repeatable)',
      repeatable,
    )
    .addOption(asOption(true))
    .option('--json', 'print the condition as JSON')
    .action(
      async (
        name: string,
        flags: {
          description: string;
          commitment?: string[];
          finding?: string[];
          as?: string;
          json?: boolean;
        },
      ) => {
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'crossing.manage');
          const id = await crossingId(db, name);
          const commitmentIds: string[] = [];
          for (const ref of flags.commitment ?? []) commitmentIds.push(await commitmentId(db, ref));
          const findingComplaintIds: string[] = [];
          for (const ref of flags.finding ?? [])
            findingComplaintIds.push(await complaintId(db, ref));
          const request = checkRequest(
            bodyCheck<AddCrossingConditionRequest>(AddCrossingConditionRequestSchema),
            { description: flags.description, commitmentIds, findingComplaintIds },
            'The condition',
            CONDITION_OPTIONS,
          );
          const added = await namingOptions(CONDITION_OPTIONS, () =>
            c.services.crossings.addCondition(id, request, actor),
          );
          if (flags.json) return io.out(JSON.stringify(added, null, 2));
          io.out(`Condition ${added.id}: ${added.met ? 'met' : 'not met'}`);
          for (const m of added.missing) io.out(`  missing: ${m}`);
        });
      },
    );

  condition
    .command('met')
    .description("record a condition met by the mediators' decision, with the reason")
    .argument('<crossing>', 'its name, the start of its name, or its id')
    .argument('<condition>', 'the condition: its id, or its number in `crossing show`')
    .requiredOption('--reason <text>', 'why the mediators hold it met')
    .addOption(asOption(true))
    .option('--json', 'print the condition as JSON')
    .action(
      async (
        name: string,
        which: string,
        flags: { reason: string; as?: string; json?: boolean },
      ) => {
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, 'crossing.manage');
          const id = await crossingId(db, name);
          const request = checkRequest(
            bodyCheck<ConditionMetRequest>(ConditionMetRequestSchema),
            { reason: flags.reason },
            'The decision',
            MET_OPTIONS,
          );
          const { conditions } = await c.services.crossings.get(id, actor);
          const found = /^\d{1,3}$/.test(which)
            ? conditions[Number(which) - 1]
            : conditions.find((x) => x.id === which.toLowerCase());
          if (!found)
            throw new CliError(
              `No condition ${which} of this crossing (it has ${conditions.length}; see \`truceline crossing show\`)`,
              EXIT.notFound,
            );
          const met = await namingOptions(MET_OPTIONS, () =>
            c.services.crossings.markConditionMet(id, found.id, request, actor),
          );
          if (flags.json) io.out(JSON.stringify(met, null, 2));
          else io.out(`Condition ${met.id}: met by ${met.metBy ?? '?'} (${met.description})`);
        });
      },
    );
}
