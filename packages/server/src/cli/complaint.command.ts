/**
 * `truceline complaint`: list, show, file, export, and every workflow command, acting as a named
 * account (`--as EMAIL`). Each command makes the same policy decision as its API route and calls
 * the same service, so the CLI can do nothing the account could not do through the API.
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { TSchema } from 'typebox';
import {
  COMPLAINT_STATES,
  ComplaintSearchQuerySchema,
  CreateComplaintRequestSchema,
  DraftFindingRequestSchema,
  FollowUpRequestSchema,
  InvestigationReportRequestSchema,
  MATERIAL_VISIBILITIES,
  MergeRequestSchema,
  ReopenRequestSchema,
  ReplyRequestSchema,
  ReviewRequestSchema,
  SIMPLE_COMMANDS,
  TaskInvestigationRequestSchema,
  TransitionRequestSchema,
  USER_LANGUAGES,
  VIOLATION_CATEGORY_IDS,
  VisibilityRequestSchema,
  type Action,
  type Actor,
  type Complaint,
  type ComplaintDetail,
  type ComplaintSearchQuery,
  type ComplaintState,
  type CreateComplaintRequest,
} from '@truceline/domain';
import type { Db } from '../platform/database/database.ts';
import type { Services } from '../composition-root.ts';
import { exportComplaints, toCsv } from '../features/complaints/complaints-export.ts';
import { asOption, optionalActor, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { filterTime, oneOf, repeatable, wholeNumber } from './options.ts';
import { complaintId, organisationId, organisationNames, readJson, userId } from './resolve.ts';
import { clip, shortTime, table } from './table.ts';
import { bodyCheck, describeErrors, textCheck } from './validate.ts';

/** Most complaints `complaint list` pages through in one run. */
const MAX_LIST = 10_000;
/** The API's largest page. */
const PAGE = 200;

interface FilterFlags {
  state?: ComplaintState[];
  category?: string[];
  party?: string;
  accused?: string;
  from?: string;
  to?: string;
  q?: string;
  as?: string;
}

function addFilters(cmd: Command): Command {
  return cmd
    .option(
      '--state <state>',
      `only in this state (repeatable): ${COMPLAINT_STATES.join(', ')}`,
      oneOf(COMPLAINT_STATES),
    )
    .option('--category <id>', 'only in this category (repeatable)', oneOf(VIOLATION_CATEGORY_IDS))
    .option('--party <short>', 'filed by or against this organisation (e.g. PAK)')
    .option('--accused <short>', 'against this organisation')
    .option('--from <time>', 'incidents that end on or after this date or time', filterTime('from'))
    .option('--to <time>', 'incidents that start on or before this date or time', filterTime('to'))
    .option('--q <text>', 'words in the title or narrative')
    .addOption(asOption(false));
}

async function queryFrom(db: Db, flags: FilterFlags): Promise<ComplaintSearchQuery> {
  const query: Record<string, unknown> = {
    ...(flags.state ? { state: flags.state } : {}),
    ...(flags.category ? { category: flags.category } : {}),
    ...(flags.party !== undefined ? { party: await organisationId(db, flags.party) } : {}),
    ...(flags.accused !== undefined ? { accused: await organisationId(db, flags.accused) } : {}),
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    ...(flags.to !== undefined ? { to: flags.to } : {}),
    ...(flags.q !== undefined ? { q: flags.q } : {}),
  };
  const checked = textCheck<ComplaintSearchQuery>(ComplaintSearchQuerySchema)(query);
  if (!checked.ok)
    throw new CliError(
      ['The filters are not valid:', ...describeErrors(checked.errors, '--')].join('\n'),
      EXIT.usage,
    );
  return checked.value;
}

const oneLine = (c: Complaint) => `${c.reference}: ${c.state} (version ${c.version})`;

function printDetail(io: CliIo, d: ComplaintDetail, org: (id: string | null) => string): void {
  const c = d.complaint;
  const w = c.where;
  const place = [w.placeName, w.district, w.province, w.country].filter(Boolean).join(', ');
  const rows: [string, string][] = [
    ['id', c.id],
    ['state', `${c.state} (version ${c.version})`],
    ['visibility', c.visibility],
    ['category', c.category],
    ['filed', `${shortTime(c.filedAt)} by ${org(c.filer.organisationId)}`],
    [
      'accused',
      c.accused.organisationId ? org(c.accused.organisationId) : (c.accused.group ?? '-'),
    ],
    [
      'when',
      `${shortTime(c.when.from)}${c.when.to !== c.when.from ? ` to ${shortTime(c.when.to)}` : ''} (${c.when.precision})`,
    ],
    ['where', `${w.latitude}, ${w.longitude} (${w.precision})${place ? ` ${place}` : ''}`],
    [
      'casualties',
      c.casualties.length === 0
        ? 'none reported'
        : c.casualties
            .map((x) => `${x.status}: ${x.killed} killed, ${x.injured} injured (${x.reportedBy})`)
            .join('; '),
    ],
  ];
  if (c.replyDueAt) rows.push(['reply due', shortTime(c.replyDueAt)]);
  if (c.duplicateOf) rows.push(['duplicate of', c.duplicateOf]);
  io.out(`${c.reference}  ${c.title}`);
  for (const [k, v] of rows) io.out(`  ${k.padEnd(12)} ${v}`);
  io.out(`narrative (${c.narrative.language}):`);
  for (const line of c.narrative.text.split('\n')) io.out(`  ${line}`);
  io.out('history:');
  for (const line of table(
    ['  v', 'at', 'command', 'state', 'by', 'reason'],
    d.transitions.map((t) => [
      `  ${t.version}`,
      shortTime(t.at),
      t.command,
      t.toState,
      t.actorOrganisationId ? org(t.actorOrganisationId) : 'system',
      clip(t.reason, 60),
    ]),
  ))
    io.out(line);
  if (d.reply)
    io.out(
      `reply from ${org(d.reply.organisationId)} (${d.reply.language}, ${shortTime(d.reply.submittedAt)}): ${d.reply.text}`,
    );
  if (d.investigation)
    io.out(
      `investigation tasked ${shortTime(d.investigation.taskedAt)}: ${d.investigation.instructions}` +
        (d.investigation.report ? `\n  report: ${d.investigation.report}` : ''),
    );
  if (d.finding)
    io.out(
      `finding (draft ${d.finding.draftVersion}${d.finding.issuedAt ? `, issued ${shortTime(d.finding.issuedAt)}` : ', not issued'}): ${d.finding.outcome}\n  ${d.finding.summary}`,
    );
  for (const r of d.reviews)
    io.out(
      `review of draft ${r.draftVersion} by ${org(r.organisationId)}: ${r.verdict}: ${r.note}`,
    );
  io.out(`you may now: ${d.allowedCommands.length ? d.allowedCommands.join(', ') : '(nothing)'}`);
}

/** One workflow command: its arguments and options, the request it builds, the service it calls. */
interface WorkflowSpec {
  readonly name: string;
  readonly args?: readonly string[];
  readonly description: string;
  readonly action: Action;
  readonly schema: TSchema;
  readonly options: (cmd: Command) => void;
  /** The request without its version (or with one, from a file). */
  readonly body: (
    flags: Record<string, unknown>,
    args: readonly string[],
    db: Db,
    io: CliIo,
  ) => Promise<Record<string, unknown>>;
  readonly run: (
    s: Services['complaintCommands'],
    id: string,
    body: never,
    actor: Actor,
  ) => Promise<Complaint>;
}

const str = (v: unknown) => v as string;

const WORKFLOW: readonly WorkflowSpec[] = [
  {
    name: 'transition',
    args: ['command'],
    description: `${SIMPLE_COMMANDS.join(', ')}: the commands that need only a reason`,
    action: 'complaint.transition',
    schema: TransitionRequestSchema,
    options: (cmd) =>
      cmd
        .addArgument(
          cmd.createArgument('<command>', 'the workflow command').choices(SIMPLE_COMMANDS),
        )
        .requiredOption('--reason <text>', 'why (recorded in the history and the log)'),
    body: async (flags, args) => ({ command: args[0], reason: flags['reason'] }),
    run: (s, id, body, actor) => s.transition(id, body, actor),
  },
  {
    name: 'reply',
    description: "the accused party's reply, before the deadline",
    action: 'complaint.reply',
    schema: ReplyRequestSchema,
    options: (cmd) =>
      cmd
        .requiredOption('--text <text>', 'the reply')
        .addOption(
          new Option('--language <lang>', 'language of the reply')
            .choices(USER_LANGUAGES)
            .default('en'),
        ),
    body: async (flags) => ({ text: flags['text'], language: flags['language'] }),
    run: (s, id, body, actor) => s.reply(id, body, actor),
  },
  {
    name: 'review',
    description: "a mediator organisation's sign-off or dissent on the current draft finding",
    action: 'complaint.review',
    schema: ReviewRequestSchema,
    options: (cmd) =>
      cmd
        .addOption(
          new Option('--verdict <verdict>', 'the verdict')
            .choices(['sign_off', 'dissent'])
            .makeOptionMandatory(),
        )
        .requiredOption('--note <text>', 'the reasons for the verdict'),
    body: async (flags) => ({ verdict: flags['verdict'], note: flags['note'] }),
    run: (s, id, body, actor) => s.review(id, body, actor),
  },
  {
    name: 'investigate',
    description: 'task an investigation to a team of mediators or monitors',
    action: 'complaint.transition',
    schema: TaskInvestigationRequestSchema,
    options: (cmd) =>
      cmd
        .requiredOption('--team <email>', 'a member of the team (repeatable)', repeatable)
        .requiredOption('--instructions <text>', "the team's instructions")
        .requiredOption('--reason <text>', 'why'),
    body: async (flags, _args, db) => {
      const teamUserIds: string[] = [];
      for (const email of flags['team'] as string[]) teamUserIds.push(await userId(db, email));
      return { teamUserIds, instructions: flags['instructions'], reason: flags['reason'] };
    },
    run: (s, id, body, actor) => s.taskInvestigation(id, body, actor),
  },
  {
    name: 'report',
    description: "the investigation team's report",
    action: 'complaint.transition',
    schema: InvestigationReportRequestSchema,
    options: (cmd) => cmd.requiredOption('--report <text>', 'the report'),
    body: async (flags) => ({ report: flags['report'] }),
    run: (s, id, body, actor) => s.reportInvestigation(id, body, actor),
  },
  {
    name: 'draft-finding',
    description:
      'draft (or redraft) the finding from a JSON file: the body of POST /api/v1/complaints/{id}/finding',
    action: 'complaint.transition',
    schema: DraftFindingRequestSchema,
    options: (cmd) => cmd.requiredOption('--file <file>', 'the finding as JSON (- for stdin)'),
    body: async (flags, _args, _db, io) => {
      const json = await readJson(str(flags['file']), io);
      if (typeof json !== 'object' || json === null || Array.isArray(json))
        throw new CliError(`${str(flags['file'])} must hold a JSON object`, EXIT.usage);
      return json as Record<string, unknown>;
    },
    run: (s, id, body, actor) => s.draftFinding(id, body, actor),
  },
  {
    name: 'follow-up',
    description: 'record a penalty, a measure or its implementation after the finding',
    action: 'complaint.transition',
    schema: FollowUpRequestSchema,
    options: (cmd) =>
      cmd
        .addOption(
          new Option('--kind <kind>', 'what is recorded')
            .choices(['penalty', 'measure', 'implementation'])
            .makeOptionMandatory(),
        )
        .requiredOption('--text <text>', 'what was decided or done'),
    body: async (flags) => ({ kind: flags['kind'], text: flags['text'] }),
    run: (s, id, body, actor) => s.followUp(id, body, actor),
  },
  {
    name: 'merge',
    description: 'merge as a duplicate of another complaint',
    action: 'complaint.transition',
    schema: MergeRequestSchema,
    options: (cmd) =>
      cmd
        .requiredOption('--into <id>', 'the complaint this one duplicates (id or C-number)')
        .requiredOption('--reason <text>', 'why'),
    body: async (flags, _args, db) => ({
      duplicateOf: await complaintId(db, str(flags['into'])),
      reason: flags['reason'],
    }),
    run: (s, id, body, actor) => s.merge(id, body, actor),
  },
  {
    name: 'reopen',
    description: 'reopen a closed or rejected complaint with evidence added since',
    action: 'complaint.transition',
    schema: ReopenRequestSchema,
    options: (cmd) =>
      cmd
        .requiredOption('--evidence <id>', 'a new evidence item (repeatable)', repeatable)
        .requiredOption('--reason <text>', 'why'),
    body: async (flags) => ({ evidenceIds: flags['evidence'], reason: flags['reason'] }),
    run: (s, id, body, actor) => s.reopen(id, body, actor),
  },
  {
    name: 'visibility',
    args: ['visibility'],
    description: 'change who may see the complaint (public publishes it)',
    action: 'complaint.publish',
    schema: VisibilityRequestSchema,
    options: (cmd) =>
      cmd
        .addArgument(
          cmd.createArgument('<visibility>', 'who may see it').choices(MATERIAL_VISIBILITIES),
        )
        .requiredOption('--reason <text>', 'why'),
    body: async (flags, args) => ({ visibility: args[0], reason: flags['reason'] }),
    run: (s, id, body, actor) => s.setVisibility(id, body, actor),
  },
];

export function registerComplaintCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const complaint = program
    .command('complaint')
    .description('complaints: list, show, file, export, and the workflow, as an account (--as)');

  addFilters(
    complaint
      .command('list')
      .description('complaints the account may see, newest filed first')
      .option('--limit <n>', `how many (1–${MAX_LIST})`, wholeNumber(1, MAX_LIST), 50)
      .option('--json', 'print JSON'),
  ).action(async (flags: FilterFlags & { limit: number; json?: boolean }) => {
    await withDb(async (c) => {
      const db = c.database.db;
      const actor = await optionalActor(db, flags, io, 'complaint.read');
      const query = await queryFrom(db, flags);
      const items: Complaint[] = [];
      let cursor: string | null = null;
      do {
        const page = await c.services.complaints.search(
          {
            ...query,
            limit: Math.min(PAGE, flags.limit - items.length),
            ...(cursor ? { cursor } : {}),
          },
          actor,
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < flags.limit);
      if (flags.json) io.out(JSON.stringify(items, null, 2));
      else if (items.length === 0) io.out('No complaints match.');
      else {
        const org = await organisationNames(db);
        for (const line of table(
          ['REF', 'STATE', 'CATEGORY', 'INCIDENT', 'FILER', 'ACCUSED', 'TITLE'],
          items.map((x) => [
            x.reference,
            x.state,
            x.category,
            x.when.from.slice(0, 10),
            org(x.filer.organisationId),
            x.accused.organisationId ? org(x.accused.organisationId) : (x.accused.group ?? '-'),
            clip(x.title, 50),
          ]),
        ))
          io.out(line);
      }
      if (cursor) io.err(`(more complaints match; raise --limit to see them)`);
    });
  });

  complaint
    .command('show')
    .description('one complaint with its history, as far as the account may see it')
    .argument('<id>', 'the id or the reference (C-42)')
    .addOption(asOption(false))
    .option('--json', 'print JSON (as GET /api/v1/complaints/{id})')
    .action(async (ref: string, flags: { as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'complaint.read');
        const detail = await c.services.complaints.get(await complaintId(db, ref), actor);
        if (flags.json) io.out(JSON.stringify(detail, null, 2));
        else printDetail(io, detail, await organisationNames(db));
      });
    });

  complaint
    .command('file')
    .description('file a complaint from a JSON file: the body of POST /api/v1/complaints')
    .requiredOption('--file <file>', 'the complaint as JSON (- for standard input)')
    .addOption(asOption(true))
    .option('--json', 'print the filed complaint as JSON')
    .action(async (flags: { file: string; as?: string; json?: boolean }) => {
      const body = await readJson(flags.file, io);
      const checked = bodyCheck<CreateComplaintRequest>(CreateComplaintRequestSchema)(body);
      if (!checked.ok) {
        throw new CliError(
          [`${flags.file} is not a valid complaint:`, ...describeErrors(checked.errors)].join('\n'),
          EXIT.usage,
        );
      }
      await withDb(async (c) => {
        const { actor } = await requireActing(c.database.db, flags, io, 'complaint.create');
        const filed = await c.services.complaints.file(checked.value, actor);
        if (flags.json) io.out(JSON.stringify(filed, null, 2));
        else
          io.out(
            `Filed ${filed.reference} (${filed.id}): ${filed.state}, version ${filed.version}`,
          );
      });
    });

  addFilters(
    complaint
      .command('export')
      .description('export the complaints the account may see: CSV in ACLED columns, or JSON')
      .addOption(
        new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'),
      )
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(async (flags: FilterFlags & { format: 'csv' | 'json'; out?: string }) => {
    await withDb(async (c) => {
      const db = c.database.db;
      const actor = await optionalActor(db, flags, io, 'complaint.read');
      const { rows, truncated } = await exportComplaints(db, actor, await queryFrom(db, flags));
      const text =
        flags.format === 'json'
          ? `${JSON.stringify({ items: rows, truncated }, null, 2)}\n`
          : toCsv(rows);
      if (flags.out !== undefined) {
        try {
          fs.writeFileSync(flags.out, text);
        } catch (error) {
          throw new CliError(`Cannot write ${flags.out}: ${(error as Error).message}`, EXIT.usage);
        }
        io.err(`Exported ${rows.length} complaint(s) to ${flags.out}`);
      } else io.out(text.trimEnd());
      if (truncated) io.err('The export was cut at its row limit: narrow the filters.');
    });
  });

  for (const spec of WORKFLOW) {
    const cmd = complaint
      .command(spec.name)
      .description(spec.description)
      .argument('<id>', 'the id or the reference (C-42) of the complaint');
    spec.options(cmd);
    cmd
      .addOption(asOption(true))
      .option(
        '--version <n>',
        'the version you acted on (default: the current one); a newer version exits 4',
        wholeNumber(1, 2 ** 31 - 1),
      )
      .option('--json', 'print the complaint afterwards as JSON')
      .action(async (...raw: unknown[]) => {
        const self = raw[raw.length - 1] as Command;
        const flags = self.opts<Record<string, unknown> & { as?: string; json?: boolean }>();
        const [ref, ...args] = self.args;
        await withDb(async (c) => {
          const db = c.database.db;
          const { actor } = await requireActing(db, flags, io, spec.action);
          const id = await complaintId(db, ref ?? '');
          const body = await spec.body(flags, args, db, io);
          const version = flags['version'] as number | undefined;
          if (version !== undefined) body['version'] = version;
          else if (!('version' in body))
            body['version'] = (await c.services.complaints.get(id, actor)).complaint.version;
          const checked = bodyCheck(spec.schema)(body);
          if (!checked.ok) {
            throw new CliError(
              [`The ${spec.name} is not valid:`, ...describeErrors(checked.errors)].join('\n'),
              EXIT.usage,
            );
          }
          const changed = await spec.run(
            c.services.complaintCommands,
            id,
            checked.value as never,
            actor,
          );
          if (flags.json)
            io.out(JSON.stringify(await c.services.complaints.get(id, actor), null, 2));
          else io.out(oneLine(changed));
        });
      });
  }
}
