/**
 * `truceline commitment|party-key|assurance|crossing|talks|intel|handover`, acting as the demo's
 * accounts against a real embedded database: for each group a happy path, a refusal the API makes
 * too, and bad input that names the option, exits 2 (or 3, 4) and stores nothing at all.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Assurance,
  Commitment,
  CommitmentDetail,
  CrossingDetail,
  HandoverDetail,
  IntelReport,
  PartyKey,
  TalkRoundDetail,
} from '@truceline/domain';
import type { Container } from '../../src/composition-root.ts';
import { parseConfig } from '../../src/config/config.ts';
import { withContainer } from '../../src/cli/context.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { AF, OBSERVER, PK, startCli, TR, type CliHarness } from './cli-harness.ts';

let h: CliHarness;

/** Tables these commands write, and the transparency log every change appends to. */
const TABLES = `commitments commitment_status_changes commitment_reports party_keys assurances
  crossing_status_changes crossing_conditions talk_rounds talk_documents talk_participants
  intel_reports handovers log_pending log_entries`.split(/\s+/);

async function onDb<T>(work: (c: Container) => Promise<T>): Promise<T> {
  const config = parseConfig({ TRUCELINE_LOG_LEVEL: 'silent' }, { dataDir: `${h.dir}/data` });
  return withContainer(config, work);
}

/** Row counts of every table above, with the log's pending and integrated entries as one. */
async function stored(): Promise<Record<string, number>> {
  return onDb(async (c) => {
    const counts: Record<string, number> = {};
    for (const t of TABLES) {
      const result = await c.database.db.execute(sql.raw(`select count(*)::int as n from ${t}`));
      counts[t] = Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n);
    }
    const { log_pending: pending = 0, log_entries: entries = 0, ...rest } = counts;
    return { ...rest, log: pending + entries };
  });
}

/** A command line as a person types it: words, or "quoted words". */
const argv = (line: string): string[] =>
  [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');

async function ok(line: string): Promise<string> {
  const r = await h.cli(argv(line));
  expect(r.code, `${line}\n${r.err}`).toBe(EXIT.ok);
  return r.out;
}
const json = async <T>(line: string): Promise<T> => JSON.parse(await ok(`${line} --json`)) as T;

/** A refused command: its exit code and what its error must say (above all, the option). */
async function fails(code: number, says: RegExp | string, line: string): Promise<void> {
  const r = await h.cli(argv(line));
  expect(r.code, `${line}\n${r.err}`).toBe(code);
  if (typeof says === 'string') expect(r.err).toContain(says);
  else expect(r.err).toMatch(says);
}

const { usage: USAGE, notFound: NOT_FOUND, conflict: CONFLICT } = EXIT;

/** Refused commands (code, what the error says, command) that store nothing: no row, no log entry. */
async function refusedStoringNothing(cases: [number, RegExp | string, string][]): Promise<void> {
  const before = await stored();
  for (const [code, pattern, line] of cases) await fails(code, pattern, line);
  expect(await stored()).toEqual(before);
}

describe('truceline commitment, crossing, talks, intel, handover, party-key, assurance', () => {
  beforeAll(async () => {
    h = await startCli('mechanism-cli');
  }, 120_000);
  afterAll(() => h?.close());

  it('has --help on every new command', async () => {
    for (const [group, subs] of [
      ['commitment', 'list show create status report'],
      ['party-key', 'list register revoke'],
      ['assurance', 'submit list show check verify sign statement'],
      ['crossing', 'list show status condition'],
      ['crossing condition', 'add met'],
      ['talks', 'list show create document participant'],
      ['intel', 'list show share release withdraw views export'],
      ['handover', 'list show request answer outcome'],
    ] as const) {
      for (const sub of subs.split(' ')) {
        const r = await h.cli([...group.split(' '), sub, '--help']);
        expect(r.code, `${group} ${sub}`).toBe(EXIT.ok);
        expect(r.out).toContain(`Usage: truceline ${group} ${sub}`);
      }
    }
  });

  it('records a commitment, decides its status, takes a report; a party cannot decide', async () => {
    const created = await json<Commitment>(
      `commitment create --party AFG --round 2 --provision 3 --title "Hand over TTP commanders"
       --text "Kabul hands over named commanders." --indicator "Commanders handed over"
       --verified-by "Handover recorded at Torkham" --due 2025-12-31 --as ${TR}`,
    );
    expect(created).toMatchObject({ reference: 'K-3', status: 'not_started', dueOn: '2025-12-31' });
    expect(created.indicators[0]?.meansOfVerification).toBe('Handover recorded at Torkham');
    const listed = await json<Commitment[]>(`commitment list --party AFG --as ${AF}`);
    expect(listed.map((c) => c.reference)).toEqual(['K-1', 'K-3']);

    const evidence = '--evidence link:https://mofa.gov.pk/';
    const decide = `commitment status K-3 met --reason "Verified at Torkham" ${evidence} --as`;
    const report = `commitment report K-3 --text "Three handed over." ${evidence} --as`;
    await refusedStoringNothing([
      // A party never marks its own commitment met: party officers have no decide action at all.
      [USAGE, `${AF} (party_officer) may not do commitment.decide`, `${decide} ${AF}`],
      [
        USAGE,
        'Only the officers of the party that undertook a commitment report',
        `${report} ${PK}`,
      ],
    ]);
    expect(await ok(`${decide} ${TR} --evidence observation:obs-1`)).toBe('K-3: met (version 2)');
    await ok(`${report.replace('K-3', created.id)} ${AF}`);
    const detail = await json<CommitmentDetail>(`commitment show K-3 --as ${AF}`);
    expect(detail.statusHistory.map((s) => s.toStatus)).toEqual(['not_started', 'met']);
    expect(detail.statusHistory[1]?.evidence.map((e) => e.kind)).toEqual(['link', 'observation']);
    expect(detail.reports.map((r) => r.text)).toEqual(['Three handed over.']);
    const shown = await ok(`commitment show K-3 --as ${TR}`);
    expect(shown).toContain('verified by: Handover recorded at Torkham');
    expect(shown).toMatch(/not_started -> met/);
    // The public does not see a joint commitment.
    await fails(NOT_FOUND, 'No such commitment', 'commitment show K-3');
  }, 180_000);

  it('refuses bad commitments and decisions, naming the option, and stores nothing', async () => {
    const create = `commitment create --party AFG --round 2 --title "Hand over" --text "Kabul hands over."
      --indicator "Handed over" --verified-by Recorded --as ${TR} --provision`;
    const decide = `commitment status K-1 met --reason r --as ${TR} --evidence`;
    const file = h.file('commitment.json', JSON.stringify({ title: 'x', extra: true }));
    const uuid = crypto.randomUUID();
    await refusedStoringNothing([
      [USAGE, '--due (dueOn) is before the round of talks', `${create} 3 --due 2025-10-01`],
      [USAGE, /--due \(dueOn\): must match format "date"$/, `${create} 3 --due 2025-13-40`],
      [USAGE, '--provision 9 is not a provision of the agreement', `${create} 9`],
      [USAGE, /--provision \(provisionIds\) \S+ is not a provision/, `${create} ${uuid}`],
      [USAGE, 'Give each --indicator its --verified-by', `${create} 3 --indicator Second`],
      [USAGE, 'extra: is not a known field', `commitment create --from ${file} --as ${TR}`],
      [USAGE, /--evidence.*must be KIND:REF/, `${decide} nokind`],
      [USAGE, '--evidence (evidence.0.kind)', `${decide} rumour:heard`],
      [
        CONFLICT,
        '--version (version) is not the current version (2)',
        `${decide} link:y --version 1`,
      ],
    ]);
  }, 180_000);

  it('registers party keys and takes, lists and checks signed assurances', async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const pub = h.file('pak.pub.pem', publicKey.export({ format: 'pem', type: 'spki' }));
    const priv = h.file('pak.pem', privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const register = `party-key register --org PAK --name "MOFA 2" --key ${pub} --as`;
    await refusedStoringNothing([[USAGE, 'may not do party_key.manage', `${register} ${PK}`]]);
    const key = await json<PartyKey>(`${register} ${TR}`);
    const keys = await json<PartyKey[]>('party-key list --org PAK');
    expect(keys.map((k) => k.fingerprint)).toContain(key.fingerprint);

    const k2 = (await json<CommitmentDetail>('commitment show K-2')).commitment;
    const statement = h.file('statement.json');
    await ok(
      `assurance statement --commitment-id ${k2.id} --commitment-text ${h.file('k2.txt', k2.text)}
       --statement "Pakistan observes the ceasefire." --out ${statement}`,
    );
    const signature = (await ok(`assurance sign --text ${statement} --private-key ${priv}`)).trim();
    const submit = `assurance submit --text ${statement} --commitment K-2 --signature ${signature}`;
    await refusedStoringNothing([
      // Afghanistan cannot submit with Pakistan's key; the observer cannot submit at all.
      [
        USAGE,
        '--key (keyFingerprint) is the key of another party',
        `${submit} --key ${key.id} --as ${AF}`,
      ],
      [USAGE, 'may not do assurance.submit', `${submit} --key ${key.id} --as ${OBSERVER}`],
    ]);

    const prefix = key.fingerprint.slice(0, 12);
    const submitted = await json<Assurance>(`${submit} --key ${prefix} --as ${PK}`);
    expect(submitted).toMatchObject({ keyId: key.id, commitmentId: k2.id, visibility: 'public' });
    const listed = await json<Assurance[]>('assurance list --commitment K-2');
    expect(listed.map((a) => a.id)).toContain(submitted.id);
    expect(await ok(`assurance show ${submitted.id}`)).toContain(
      'Pakistan observes the ceasefire.',
    );
    const check = `assurance check ${submitted.id}`;
    expect(await ok(check)).toMatch(/^VALID: .*\n {2}signature {3}verifies/);

    // A revocation afterwards does not undo what the key signed before.
    const revoke = `party-key revoke ${key.fingerprint} --reason Rotated --as ${TR}`;
    expect(await ok(revoke)).toMatch(/^Revoked key/);
    expect(await ok(check)).toMatch(/^VALID/);
    await fails(CONFLICT, 'already revoked', revoke);

    // A stored assurance whose text was changed since fails the server's check: exit 6.
    await onDb((c) =>
      c.database.db.execute(
        sql`update assurances set signed_text = signed_text || ' ' where id = ${submitted.id}`,
      ),
    );
    const tampered = await h.cli(argv(check));
    expect(tampered.code).toBe(EXIT.tampered);
    expect(tampered.out).toMatch(/^INVALID: .*signature_mismatch/);
  }, 180_000);

  it('refuses malformed keys, signatures and texts, naming the option, and stores nothing', async () => {
    const keys = await json<PartyKey[]>('party-key list --org PAK');
    const live = keys.find((k) => k.revokedAt === null);
    const { publicKey } = crypto.generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
    const text = h.file('any.txt', 'We give our word.');
    const submit = `assurance submit --key ${live?.id ?? ''} --as ${PK} --text`;
    const register = `party-key register --name k --as ${TR} --org`;
    const bin = h.file('bin', Buffer.from([0xff]));
    const badSignature = Buffer.alloc(64, 1).toString('base64');
    await refusedStoringNothing([
      [USAGE, '--key (publicKey) is 3 bytes', `${register} PAK --key AAAA`],
      [USAGE, '--org (organisationId) is not a party', `${register} TUR --key ${raw}`],
      [USAGE, '--signature (signature) is 3 bytes', `${submit} ${text} --signature AAAA`],
      [USAGE, '--signature (signature)', `${submit} ${text} --signature ${badSignature}`],
      [USAGE, '--text is not UTF-8', `${submit} ${bin} --signature AAAA`],
    ]);
  }, 180_000);

  it('shows crossings with what is missing; mediators add and meet conditions, and reopen', async () => {
    const torkham = await ok(`crossing show torkham --as ${TR}`);
    expect(torkham).toContain('conditions for reopening (0 of 1 met)');
    expect(torkham).toMatch(/missing: commitment 1 .* is in_progress, not met/);
    expect(await ok('crossing list')).toMatch(/Chaman \/ Spin Boldak\s+closed/);

    const add = 'crossing condition add Chaman --description "Ceasefire observed" --commitment K-2';
    await refusedStoringNothing([[USAGE, 'may not do crossing.manage', `${add} --as ${PK}`]]);
    expect(await ok(`${add} --as ${TR}`)).toMatch(/not met\n {2}missing: commitment 2 .* not met/);
    const met = `crossing condition met Chaman 1 --reason Agreed --as ${TR}`;
    expect(await ok(met)).toMatch(/met by decision/);
    const today = new Date().toISOString().slice(0, 10);
    await ok(
      `crossing status Chaman pedestrians_only --reason "For pedestrians" --on-conditions-met
       --effective ${today} --as ${TR}`,
    );
    const chaman = await json<CrossingDetail>('crossing show Chaman');
    expect(chaman.status).toBe('pedestrians_only');
    expect(chaman.history.at(-1)).toMatchObject({
      status: 'pedestrians_only',
      onConditionsMet: true,
    });
    expect(chaman.conditions[0]).toMatchObject({
      met: true,
      metBy: 'decision',
      metReason: 'Agreed',
    });
  }, 180_000);

  it('refuses crossing changes out of order or on unmet conditions, and stores nothing', async () => {
    const status = `crossing status Torkham open --reason Reopened --as ${TR} --effective`;
    const reopen = `${status} ${new Date().toISOString().slice(0, 10)} --on-conditions-met`;
    const as = `--as ${TR}`;
    await refusedStoringNothing([
      [USAGE, '--effective (effectiveOn) is before the last recorded', `${status} 2025-11-01`],
      [USAGE, '--effective (effectiveOn): must match format "date"', `${status} "9 Nov"`],
      [CONFLICT, /--on-conditions-met \(onConditionsMet\) condition .* is not met/, reopen],
      [
        NOT_FOUND,
        'No commitment K-99',
        `crossing condition add Torkham --description x --commitment K-99 ${as}`,
      ],
      [
        NOT_FOUND,
        'No condition 5 of this crossing',
        `crossing condition met Torkham 5 --reason x ${as}`,
      ],
    ]);
  }, 180_000);

  it('records a round of talks with documents under their visibility; refuses bad dates', async () => {
    expect(await ok('talks list')).toMatch(/^N .*\n1 .*Round 1, Doha\n2 .*\n3 .*\(principals\)$/);
    const create = 'talks create --name "Round 4, Doha" --place Doha --starts 2025-12-10 --as';
    const doc = `--kind minutes --title Minutes --visibility mediators --as ${TR}`;
    await refusedStoringNothing([
      [USAGE, '--ends (endsOn) is before --starts (startsOn)', `${create} ${TR} --ends 2025-12-08`],
      [USAGE, '--ends (endsOn): is required', `${create} ${TR}`],
      [USAGE, 'may not do talks.manage', `${create} ${PK} --ends 2025-12-11`],
      [NOT_FOUND, 'No round 9: there are 3', `talks document 9 ${doc} --body b`],
      [
        NOT_FOUND,
        'No organisation with short name "XYZ"',
        `talks document 1 ${doc} --body b --org XYZ`,
      ],
      [USAGE, 'exactly one of --body and --body-file', `talks document 1 ${doc}`],
    ]);

    const created = `${create} ${TR} --ends 2025-12-11 --outcome "Talks go on"`;
    expect(await ok(created)).toMatch(/^Recorded round 4 /);
    await ok(
      `talks document 4 --kind communique --title "Joint communiqué" --body "The parties agree."
       --visibility public --as ${TR}`,
    );
    await ok(`talks document 4 ${doc} --body-file ${h.file('minutes.txt', 'Closed session.')}`);
    await ok(`talks participant 4 --org PAK --delegate "Minister of Defence" --as ${TR}`);
    const asParty = await json<TalkRoundDetail>(`talks show 4 --as ${PK}`);
    expect(asParty.documents.map((d) => d.title)).toEqual(['Joint communiqué']);
    expect(asParty.participants.map((p) => p.organisationShortName)).toEqual(['PAK']);
    const asMediator = await ok(`talks show 4 --as ${TR}`);
    expect(asMediator).toMatch(/minutes \(mediators.*: Minutes\n {4}Closed session\./);
    const round2 = await json<TalkRoundDetail>(`talks show 2 --as ${TR}`);
    expect(round2.commitments.map((c) => c.number)).toEqual([1, 3]);
  }, 180_000);

  it('shares intelligence, records every view, and lets only the originator change it', async () => {
    const share = 'intel share --title "TTP movement" --body "Fighters seen near Kurram" --as';
    const past = '--until 2020-01-01T00:00:00Z';
    await refusedStoringNothing([
      [USAGE, '--until (releaseExpiresAt) is in the past', `${share} ${PK} ${past}`],
      [USAGE, /--until \(\w+\): must match format "date-time"/, `${share} ${PK} --until soon`],
      [USAGE, /--to \(releasedTo\) \S+ is not a party/, `${share} ${PK} --to TUR`],
      [USAGE, 'may not do intel.share', `${share} ${TR}`],
    ]);

    const report = await json<IntelReport>(`${share} ${PK} --to AFG`);
    expect(report).toMatchObject({ state: 'released', version: 1 });
    const id = report.id;
    expect(await ok(`intel list --as ${AF}`)).toMatch(/PAK\s+released\s+-\s+AFG\s+TTP movement/);
    expect(await ok(`intel show ${id} --as ${AF}`)).toContain('Fighters seen near Kurram');
    // The observer sees no intelligence: none listed, and "not found" by id.
    expect(await ok(`intel list --as ${OBSERVER}`)).toBe('No reports you may see.');
    const later = '--until 2031-01-01T00:00:00Z';
    await refusedStoringNothing([
      [NOT_FOUND, 'No such intelligence report', `intel show ${id} --as ${OBSERVER}`],
      // A recipient cannot pass it on, nor see who viewed it.
      [USAGE, 'recipients cannot pass it on', `intel release ${id} ${later} --as ${AF}`],
      [USAGE, 'Only the party that shared the report', `intel views ${id} --as ${AF}`],
      // A release only widens.
      [
        USAGE,
        '--until/--no-end (releaseExpiresAt) would end a release that has no end',
        `intel release ${id} ${later} --as ${PK}`,
      ],
    ]);

    const out = path.join(h.dir, 'intel-export.json');
    await ok(`intel export --out ${out} --as ${TR}`);
    const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as { items: IntelReport[] };
    expect(exported.items.map((r) => r.body)).toEqual(['Fighters seen near Kurram']);
    const views = await ok(`intel views ${id} --as ${PK}`);
    expect(views).toMatch(/read\s+AFG\s+party_officer/);
    expect(views).toMatch(/export\s+TUR\s+mediator/);
    expect(await ok(`intel withdraw ${id} --as ${PK}`)).toBe(`Report ${id} withdrawn (version 2)`);
    await fails(NOT_FOUND, 'No such intelligence report', `intel show ${id} --as ${AF}`);
  }, 180_000);

  it('requests, answers and closes a handover; refuses the wrong side and bad requests', async () => {
    const [demo] = await json<HandoverDetail[]>(`handover list --as ${AF}`);
    expect(demo).toMatchObject({ status: 'requested', allowedCommands: ['answer'] });
    const shown = await ok(`handover show ${demo?.id} --as ${AF}`);
    expect(shown).toMatch(/crossing\s+Torkham[\s\S]*\[Demo\] Person A: Wanted/);

    const request = (as: string) =>
      `handover request --crossing Chaman --reason "Wanted in Afghanistan" --as ${as} --to`;
    await refusedStoringNothing([
      [USAGE, 'may not do handover.read', `handover list --as ${OBSERVER}`],
      [
        USAGE,
        'Only the officers of the party asked',
        `handover answer ${demo?.id} accept --text Y --as ${PK}`,
      ],
      [USAGE, '--to (respondingOrganisationId) is your own party', `${request(AF)} AFG --person B`],
      [USAGE, '--person/--details (persons): is required', `${request(AF)} PAK`],
      [USAGE, 'Give each --person its --details', `${request(AF)} PAK --details 1`],
      [NOT_FOUND, 'No crossing "Nowhere"', `${request(AF)} PAK --person B --crossing Nowhere`],
      [USAGE, "A party's officers request handovers", `${request(TR)} PAK --person B`],
    ]);

    const person = '--person "Person B" --details "Age 30"';
    const created = await json<HandoverDetail>(`${request(AF)} PAK ${person}`);
    expect(created.persons).toEqual([{ name: 'Person B', details: 'Age 30' }]);
    const answer = `handover answer ${created.id} accept --text "At Chaman on Friday" --as ${PK}`;
    expect(await ok(answer)).toMatch(/accepted \(version 2\)$/);
    const outcome = `handover outcome ${created.id} completed --text "Handed over" --as ${TR}`;
    await fails(CONFLICT, 'now at version 2', `${outcome} --version 1`);
    expect(await ok(outcome)).toMatch(/completed \(version 3\)$/);
    const done = await json<HandoverDetail[]>(`handover list --status completed --as ${AF}`);
    expect(done.map((x) => x.id)).toEqual([created.id]);
  }, 180_000);
});
