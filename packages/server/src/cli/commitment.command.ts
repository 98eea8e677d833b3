/**
 * `truceline commitment`: list, show and record commitments, the mediators' status decisions and
 * the parties' progress reports, acting as a named account (`--as EMAIL`). Each command makes the
 * same policy decision as its API route, checks its request against the route's schema and calls
 * the same service, so the CLI can do nothing the account could not do through the API.
 */
import { Option, type Command } from 'commander';
import {
  COMMITMENT_STATUSES,
  CommitmentListQuerySchema,
  CommitmentReportRequestSchema,
  CreateCommitmentRequestSchema,
  MATERIAL_VISIBILITIES,
  StatusDecisionRequestSchema,
  USER_LANGUAGES,
  type Agreement,
  type CommitmentDetail,
  type CommitmentListQuery,
  type CommitmentReportRequest,
  type CommitmentStatus,
  type CreateCommitmentRequest,
  type StatusDecisionRequest,
} from '@truceline/domain';
import { listAgreements } from '../features/agreements/agreements.repository.ts';
import type { Db } from '../platform/database/database.ts';
import { asOption, optionalActor, requireActing } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { evidenceReference, oneOf, repeatable, wholeNumber } from './options.ts';
import {
  agreementId,
  commitmentId,
  organisationId,
  organisationNames,
  readJsonObject,
  roundId,
} from './resolve.ts';
import { clip, english, shortTime, table } from './table.ts';
import { bodyCheck, checkRequest, namingOptions, textCheck, type OptionNames } from './validate.ts';

const CREATE_OPTIONS: OptionNames = {
  agreementId: '--agreement',
  partyOrganisationId: '--party',
  roundId: '--round',
  title: '--title',
  text: '--text',
  language: '--language',
  provisionIds: '--provision',
  indicators: '--indicator/--verified-by',
  dueOn: '--due',
  visibility: '--visibility',
};
/** The options of `status` and `report`. */
const STEP_OPTIONS: OptionNames = {
  status: 'STATUS',
  reason: '--reason',
  evidence: '--evidence',
  version: '--version',
  text: '--text',
  language: '--language',
};
const LIST_OPTIONS: OptionNames = { status: '--status', party: '--party', round: '--round' };

interface StepFlags {
  reason: string;
  text: string;
  language: string;
  evidence: { kind: string; ref: string }[];
  version?: number;
  as?: string;
  json?: boolean;
}

interface ListFlags {
  status?: CommitmentStatus[];
  party?: string;
  round?: string;
  agreement?: string;
  limit: number;
  as?: string;
  json?: boolean;
}

interface CreateFlags {
  from?: string;
  agreement?: string;
  party?: string;
  round?: string;
  title?: string;
  text?: string;
  language?: string;
  provision?: string[];
  indicator?: string[];
  verifiedBy?: string[];
  due?: string;
  visibility?: string;
  as?: string;
  json?: boolean;
}

/** A provision by its id or its number in the agreement (`3`). */
function provisionIdOf(agreement: Agreement | undefined, value: string): string {
  if (/^[0-9a-f-]{36}$/i.test(value)) return value.toLowerCase();
  const provision = agreement?.provisions.find((p) => p.number === value);
  if (!provision)
    throw new CliError(
      `--provision ${value} is not a provision of the agreement` +
        (agreement ? ` (provisions: ${agreement.provisions.map((p) => p.number).join(', ')})` : ''),
      EXIT.usage,
    );
  return provision.id;
}

/** The request of `commitment create`: the file's body (if any), then each option given. */
async function createBody(
  db: Db,
  io: CliIo,
  rounds: readonly { id: string }[],
  f: CreateFlags,
): Promise<Record<string, unknown>> {
  const body = f.from !== undefined ? await readJsonObject(f.from, io) : {};
  if (f.agreement !== undefined || body['agreementId'] === undefined)
    body['agreementId'] = (await agreementId(db, f.agreement, '--agreement')).id;
  const agreement = (await listAgreements(db)).find((a) => a.id === body['agreementId']);
  if (f.party !== undefined)
    body['partyOrganisationId'] = f.party === 'all' ? null : await organisationId(db, f.party);
  if (f.round !== undefined) body['roundId'] = roundId(rounds, f.round);
  if (f.title !== undefined) body['title'] = f.title;
  if (f.text !== undefined) body['text'] = f.text;
  if (f.language !== undefined || body['language'] === undefined)
    body['language'] = f.language ?? 'en';
  if (f.provision) body['provisionIds'] = f.provision.map((p) => provisionIdOf(agreement, p));
  if (f.indicator || f.verifiedBy) {
    const [described, means] = [f.indicator ?? [], f.verifiedBy ?? []];
    if (described.length !== means.length)
      throw new CliError(
        `Give each --indicator its --verified-by (the means of verification): ${described.length} indicator(s), ${means.length} means`,
        EXIT.usage,
      );
    body['indicators'] = described.map((d, i) => ({
      description: d,
      meansOfVerification: means[i],
    }));
  }
  if (f.due !== undefined) body['dueOn'] = f.due;
  if (f.visibility !== undefined || body['visibility'] === undefined)
    body['visibility'] = f.visibility ?? 'joint';
  return body;
}

function printDetail(
  io: CliIo,
  d: CommitmentDetail,
  org: (id: string | null) => string,
  provisionNumber: (id: string) => string,
  roundName: (id: string | null) => string,
): void {
  const c = d.commitment;
  io.out(`${c.reference}  ${c.title}`);
  for (const [k, v] of [
    ['id', c.id],
    ['status', `${c.status} (version ${c.version})`],
    ['party', c.partyOrganisationId === null ? 'all parties' : org(c.partyOrganisationId)],
    ['round', roundName(c.roundId)],
    ['provisions', c.provisionIds.map(provisionNumber).join(', ')],
    ['due', c.dueOn ?? '-'],
    ['visibility', c.visibility],
  ] as const)
    io.out(`  ${k.padEnd(11)} ${v}`);
  io.out(`text (${c.language}):`);
  for (const line of c.text.split('\n')) io.out(`  ${line}`);
  io.out('indicators:');
  c.indicators.forEach((i, n) =>
    io.out(`  ${n + 1}. ${i.description}\n     verified by: ${i.meansOfVerification}`),
  );
  io.out('status history:');
  for (const line of table(
    ['  v', 'at', 'status', 'by', 'reason', 'evidence'],
    d.statusHistory.map((h) => [
      `  ${h.version}`,
      shortTime(h.at),
      h.fromStatus ? `${h.fromStatus} -> ${h.toStatus}` : h.toStatus,
      org(h.decidedByOrganisationId),
      clip(h.reason, 50),
      h.evidence.map((e) => `${e.kind}:${e.ref}`).join(' ') || '-',
    ]),
  ))
    io.out(line);
  for (const r of d.reports)
    io.out(
      `report by ${org(r.organisationId)} (${shortTime(r.submittedAt)}): ${clip(r.text, 100)}`,
    );
  for (const a of d.assurances)
    io.out(
      `assurance ${a.id} by ${org(a.organisationId)} (${shortTime(a.submittedAt)}), key ${a.keyFingerprint.slice(0, 16)}…`,
    );
  for (const f of d.breachingFindings)
    io.out(`breached: finding on ${f.complaintReference} (${shortTime(f.issuedAt)}): ${f.summary}`);
  io.out(
    `you may decide: ${d.allowedStatuses.join(', ') || '(nothing)'}; report progress: ${d.mayReport ? 'yes' : 'no'}`,
  );
}

export function registerCommitmentCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const commitment = program
    .command('commitment')
    .description("commitments, the mediators' status decisions and the parties' progress reports");

  commitment
    .command('list')
    .description('commitments the account may see, in the order they were recorded')
    .option(
      '--status <status>',
      `only with this status (repeatable): ${COMMITMENT_STATUSES.join(', ')}`,
      oneOf(COMMITMENT_STATUSES),
    )
    .option('--party <short>', "one party's commitments (PAK), or all for those every party made")
    .option('--round <round>', 'made at this round of talks (its id or number in talks list)')
    .option('--agreement <id>', 'on this agreement')
    .option('--limit <n>', 'how many (1–200)', wholeNumber(1, 200), 200)
    .addOption(asOption(false))
    .option('--json', 'print JSON')
    .action(async (flags: ListFlags) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'commitment.read');
        const query = checkRequest(
          textCheck<CommitmentListQuery>(CommitmentListQuerySchema),
          {
            limit: flags.limit,
            ...(flags.status ? { status: flags.status } : {}),
            ...(flags.party !== undefined
              ? { party: flags.party === 'all' ? 'all' : await organisationId(db, flags.party) }
              : {}),
            ...(flags.round !== undefined
              ? { round: roundId(await c.services.talks.list(), flags.round) }
              : {}),
            ...(flags.agreement !== undefined ? { agreement: flags.agreement } : {}),
          },
          'The filters',
          LIST_OPTIONS,
        );
        const page = await c.services.commitments.list(query, actor);
        if (flags.json) io.out(JSON.stringify(page.items, null, 2));
        else if (page.items.length === 0) io.out('No commitments match.');
        else {
          const org = await organisationNames(db);
          for (const line of table(
            ['REF', 'STATUS', 'PARTY', 'DUE', 'TITLE'],
            page.items.map((x) => [
              x.reference,
              x.status,
              x.partyOrganisationId === null ? 'all' : org(x.partyOrganisationId),
              x.dueOn ?? '-',
              clip(x.title, 60),
            ]),
          ))
            io.out(line);
        }
        if (page.nextCursor) io.err('(more commitments match; narrow the filters)');
      });
    });

  commitment
    .command('show')
    .description('one commitment: status history, reports, assurances and the findings it breaches')
    .argument('<id>', 'the id or the reference (K-1)')
    .addOption(asOption(false))
    .option('--json', 'print JSON (as GET /api/v1/commitments/{id})')
    .action(async (ref: string, flags: { as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const actor = await optionalActor(db, flags, io, 'commitment.read');
        const detail = await c.services.commitments.get(await commitmentId(db, ref), actor);
        if (flags.json) return io.out(JSON.stringify(detail, null, 2));
        const provisions = new Map(
          (await listAgreements(db)).flatMap((a) => a.provisions.map((p) => [p.id, p.number])),
        );
        const rounds = await c.services.talks.list();
        printDetail(
          io,
          detail,
          await organisationNames(db),
          (id) => provisions.get(id) ?? id,
          (id) => {
            const r = rounds.find((x) => x.id === id);
            return r ? `${english(r.name)} (${r.startsOn})` : '-';
          },
        );
      });
    });

  commitment
    .command('create')
    .description(
      'record a commitment made at a round of talks: from options, or --from a JSON file (the body of POST /api/v1/commitments) that options then override',
    )
    .option('--from <file>', 'the commitment as JSON (- for standard input)')
    .option('--agreement <id>', 'the agreement (default: the only one)')
    .option('--party <short>', 'the party that undertakes it (PAK), or all')
    .option('--round <round>', 'the round of talks (its id or number in talks list)')
    .option('--title <text>', 'a short title')
    .option('--text <text>', 'what was undertaken, as worded')
    .addOption(
      new Option('--language <lang>', 'language of the text (default en)').choices(USER_LANGUAGES),
    )
    .option(
      '--provision <n>',
      'a provision it gives effect to: number or id (repeatable)',
      repeatable,
    )
    .option('--indicator <text>', 'a measurable indicator (repeatable)', repeatable)
    .option('--verified-by <text>', 'how each --indicator is verified, in order', repeatable)
    .option('--due <date>', 'the day by which it is to be kept (YYYY-MM-DD)')
    .addOption(
      new Option('--visibility <v>', 'who may see it (default joint)').choices(
        MATERIAL_VISIBILITIES,
      ),
    )
    .addOption(asOption(true))
    .option('--json', 'print the commitment as JSON')
    .action(async (flags: CreateFlags) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'commitment.create');
        const body = await createBody(db, io, await c.services.talks.list(), flags);
        const request = checkRequest(
          bodyCheck<CreateCommitmentRequest>(CreateCommitmentRequestSchema),
          body,
          'The commitment',
          CREATE_OPTIONS,
        );
        const created = await namingOptions(CREATE_OPTIONS, () =>
          c.services.commitments.create(request, actor),
        );
        if (flags.json) io.out(JSON.stringify(created, null, 2));
        else io.out(`Recorded ${created.reference} (${created.id}): ${created.status}`);
      });
    });

  commitment
    .command('status')
    .description("the mediators' decision on a commitment's status, citing evidence")
    .argument('<id>', 'the id or the reference (K-1)')
    .addArgument(
      commitment
        .createArgument('<status>', 'the new status')
        .choices(COMMITMENT_STATUSES.filter((s) => s !== 'not_started')),
    )
    .requiredOption('--reason <text>', 'why (recorded in the history and the log)')
    .requiredOption(
      '--evidence <kind:ref>',
      'what the decision rests on (repeatable): evidence:ID, finding:ID, link:URL, …',
      evidenceReference,
    )
    .option(
      '--version <n>',
      'the version you decided on (default: the current one)',
      wholeNumber(1, 2 ** 31 - 1),
    )
    .addOption(asOption(true))
    .option('--json', 'print the commitment afterwards as JSON')
    .action(async (ref: string, status: string, flags: StepFlags) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'commitment.decide');
        const id = await commitmentId(db, ref);
        const version =
          flags.version ?? (await c.services.commitments.get(id, actor)).commitment.version;
        const request = checkRequest(
          bodyCheck<StatusDecisionRequest>(StatusDecisionRequestSchema),
          { version, status, reason: flags.reason, evidence: flags.evidence },
          'The decision',
          STEP_OPTIONS,
        );
        const decided = await namingOptions(STEP_OPTIONS, () =>
          c.services.commitments.decide(id, request, actor),
        );
        if (flags.json)
          io.out(JSON.stringify(await c.services.commitments.get(id, actor), null, 2));
        else io.out(`${decided.reference}: ${decided.status} (version ${decided.version})`);
      });
    });

  commitment
    .command('report')
    .description("a party's own report of its progress on a commitment, with evidence")
    .argument('<id>', 'the id or the reference (K-1)')
    .requiredOption('--text <text>', 'the report')
    .addOption(
      new Option('--language <lang>', 'language of the report')
        .choices(USER_LANGUAGES)
        .default('en'),
    )
    .requiredOption(
      '--evidence <kind:ref>',
      'what the report rests on (repeatable): evidence:ID, document:ID, link:URL, …',
      evidenceReference,
    )
    .addOption(asOption(true))
    .option('--json', 'print the report as JSON')
    .action(async (ref: string, flags: StepFlags) => {
      await withDb(async (c) => {
        const db = c.database.db;
        const { actor } = await requireActing(db, flags, io, 'commitment.report');
        const id = await commitmentId(db, ref);
        const request = checkRequest(
          bodyCheck<CommitmentReportRequest>(CommitmentReportRequestSchema),
          { text: flags.text, language: flags.language, evidence: flags.evidence },
          'The report',
          STEP_OPTIONS,
        );
        const report = await namingOptions(STEP_OPTIONS, () =>
          c.services.commitments.report(id, request, actor),
        );
        if (flags.json) io.out(JSON.stringify(report, null, 2));
        else io.out(`Report ${report.id} recorded on ${ref.toUpperCase()}`);
      });
    });
}
