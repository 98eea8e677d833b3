/**
 * The demo's illustrative complaints and observations, built on the reference scenario but
 * invented: every row is marked `demo`. They go through the same services as real work, so each
 * has its transitions, log entries and notifications, and shows each stage of the workflow.
 */
import { asc, eq } from 'drizzle-orm';
import type {
  Actor,
  CreateComplaintRequest,
  NewObservation,
  OrganisationKind,
  ViolationCategoryId,
} from '@truceline/domain';
import { GAZETTEER_PLACES } from '@truceline/domain';
import type { Services } from '../../composition-root.ts';
import type { Db } from '../../platform/database/database.ts';
import { organisations, talkRounds, users } from '../../platform/database/schema/index.ts';
import { listAgreements } from '../agreements/agreements.repository.ts';
import { loadDemoAssurance } from './demo-assurances.ts';
import { loadDemoTalks } from './demo-talks.ts';

async function actorFor(db: Db, email: string): Promise<Actor> {
  const [row] = await db
    .select({
      userId: users.id,
      role: users.role,
      organisationId: users.organisationId,
      organisationKind: organisations.kind,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.email, email));
  if (!row) throw new Error(`demo account ${email} is missing`);
  return { ...row, organisationKind: row.organisationKind as OrganisationKind };
}

type Step =
  | {
      path: 'transition';
      command: 'register' | 'open_reply_window' | 'issue_finding' | 'reject';
      by: 'tr' | 'qa';
      reason: string;
    }
  | { path: 'reply'; text: string; language: 'ps' | 'ur' | 'en' }
  | { path: 'investigate'; instructions: string }
  | { path: 'report'; report: string }
  | { path: 'draft'; summary: string; penalty: string }
  | { path: 'review'; by: 'tr' | 'qa'; verdict: 'sign_off' | 'dissent'; note: string }
  | { path: 'publish' };

interface DemoCase {
  readonly by: 'pk' | 'af' | 'monitor';
  readonly against: 'pk' | 'af';
  readonly group?: string;
  readonly category: ViolationCategoryId;
  readonly provision: number;
  readonly title: string;
  readonly narrative: string;
  readonly language: 'en' | 'ur' | 'ps';
  readonly from: string;
  readonly to?: string;
  readonly placeId: string;
  readonly killed?: number;
  readonly injured?: number;
  readonly reportedBy?: string;
  readonly visibility: 'joint' | 'originator' | 'mediators';
  readonly steps: readonly Step[];
}

/** Invented cases after the Doha ceasefire of 19 October 2025, one per stage of the workflow. */
const CASES: readonly DemoCase[] = [
  {
    by: 'pk',
    against: 'af',
    group: 'TTP/FaK',
    category: 'armed_infiltration',
    provision: 1,
    title: '[Demo] Armed group crossed near Ghulam Khan',
    narrative:
      'A group of about twenty armed men crossed from Khost province at night and fired on a border post.',
    language: 'en',
    from: '2025-10-24T21:00:00Z',
    to: '2025-10-24T23:30:00Z',
    placeId: 'pk-ghulam-khan',
    injured: 3,
    reportedBy: 'ISPR',
    visibility: 'joint',
    steps: [
      {
        path: 'transition',
        command: 'register',
        by: 'tr',
        reason: 'Within the mechanism’s mandate',
      },
      { path: 'transition', command: 'open_reply_window', by: 'tr', reason: 'Kabul to answer' },
    ],
  },
  {
    by: 'af',
    against: 'pk',
    category: 'air_drone_strike',
    provision: 1,
    title: '[Demo] Drone strike on a house in Barmal',
    narrative: 'یو ډرون پر یوه کور برید وکړ؛ دوه ماشومان ټپیان شول.',
    language: 'ps',
    from: '2025-10-22T02:00:00Z',
    placeId: 'af-barmal',
    injured: 2,
    reportedBy: 'Paktika provincial authorities',
    visibility: 'joint',
    steps: [
      { path: 'transition', command: 'register', by: 'qa', reason: 'Within the mandate' },
      { path: 'transition', command: 'open_reply_window', by: 'qa', reason: 'Islamabad to answer' },
      {
        path: 'reply',
        text: 'پاکستان نے اس تاریخ کو کوئی فضائی کارروائی نہیں کی۔',
        language: 'ur',
      },
      {
        path: 'investigate',
        instructions: 'Visit the site; collect fragments and witness statements.',
      },
    ],
  },
  {
    by: 'pk',
    against: 'af',
    category: 'shelling_artillery',
    provision: 1,
    title: '[Demo] Mortar fire on Chaman town',
    narrative: 'Mortar rounds fired from across the border hit a market in Chaman.',
    language: 'en',
    from: '2025-10-28T06:00:00Z',
    to: '2025-10-28T07:00:00Z',
    placeId: 'pk-chaman',
    killed: 1,
    injured: 4,
    reportedBy: 'Chaman district administration',
    visibility: 'joint',
    steps: [
      { path: 'transition', command: 'register', by: 'tr', reason: 'Within the mandate' },
      { path: 'transition', command: 'open_reply_window', by: 'tr', reason: 'Kabul to answer' },
      { path: 'reply', text: 'Our border forces returned fire only.', language: 'en' },
      { path: 'investigate', instructions: 'Crater analysis at the market.' },
      {
        path: 'report',
        report: 'Craters and fragments consistent with 82 mm mortar fired from the west.',
      },
      {
        path: 'draft',
        summary: 'Mortar fire from the Afghan side of the border hit Chaman market.',
        penalty: 'A formal warning and a joint visit to the border post concerned.',
      },
      { path: 'review', by: 'tr', verdict: 'sign_off', note: 'Supported by the crater analysis.' },
      { path: 'review', by: 'qa', verdict: 'sign_off', note: 'Agreed.' },
      {
        path: 'transition',
        command: 'issue_finding',
        by: 'qa',
        reason: 'Both mediators signed off',
      },
      { path: 'publish' },
    ],
  },
  {
    by: 'af',
    against: 'pk',
    category: 'cross_border_attack',
    provision: 1,
    title: '[Demo] Fire on a border post at Dand-e-Patan',
    narrative: 'Soldiers on the other side of the line opened fire on a border post at dusk.',
    language: 'en',
    from: '2025-11-05T13:00:00Z',
    to: '2025-11-05T14:00:00Z',
    placeId: 'af-dand-e-patan',
    injured: 1,
    reportedBy: 'Paktia provincial authorities',
    visibility: 'joint',
    steps: [
      { path: 'transition', command: 'register', by: 'qa', reason: 'Within the mandate' },
      { path: 'transition', command: 'open_reply_window', by: 'qa', reason: 'Islamabad to answer' },
      { path: 'reply', text: 'Our post answered fire from across the line.', language: 'en' },
      { path: 'investigate', instructions: 'Interview both posts; map the lines of fire.' },
      { path: 'report', report: 'Both posts fired; the first shots came from the eastern side.' },
      {
        path: 'draft',
        summary: 'Small-arms fire from the Pakistani post began the exchange at Dand-e-Patan.',
        penalty: 'A formal warning to the post concerned.',
      },
      // Qatar has signed off; Türkiye's review is still awaited.
      { path: 'review', by: 'qa', verdict: 'sign_off', note: 'Consistent with both interviews.' },
    ],
  },
  {
    by: 'monitor',
    against: 'pk',
    category: 'troop_buildup',
    provision: 2,
    title: '[Demo] Armour moved towards Torkham',
    narrative: 'Monitors counted a column of armoured vehicles moving towards the crossing.',
    language: 'en',
    from: '2025-11-02T09:00:00Z',
    placeId: 'pk-torkham',
    visibility: 'mediators',
    steps: [
      { path: 'transition', command: 'register', by: 'tr', reason: 'To be verified on site' },
    ],
  },
  {
    by: 'af',
    against: 'pk',
    category: 'crossing_closure',
    provision: 3,
    title: '[Demo] Trucks held at Torkham',
    narrative: 'Hundreds of trucks with perishable goods held at the closed crossing.',
    language: 'en',
    from: '2025-10-26T00:00:00Z',
    to: '2025-11-09T00:00:00Z',
    placeId: 'pk-torkham',
    visibility: 'originator',
    steps: [],
  },
];

/** Loads the cases. Call once, right after the demo's accounts and agreement were created. */
export async function loadDemoCases(db: Db, services: Services): Promise<number> {
  const [agreement] = await listAgreements(db);
  if (!agreement) throw new Error('the demo agreement is missing');
  const actors: DemoActors = {
    pk: await actorFor(db, 'officer.pk@demo.truceline.test'),
    af: await actorFor(db, 'officer.af@demo.truceline.test'),
    tr: await actorFor(db, 'mediator.tr@demo.truceline.test'),
    qa: await actorFor(db, 'mediator.qa@demo.truceline.test'),
    monitor: await actorFor(db, 'monitor@demo.truceline.test'),
  };
  const partyOrg = { pk: actors.pk.organisationId, af: actors.af.organisationId };
  for (const c of CASES) {
    const place = GAZETTEER_PLACES.find((p) => p.id === c.placeId);
    if (!place) throw new Error(`demo case names unknown place ${c.placeId}`);
    const provision = agreement.provisions[c.provision - 1] ?? agreement.provisions[0];
    if (!provision) throw new Error('the demo agreement has no provisions');
    const input: CreateComplaintRequest = {
      agreementId: agreement.id,
      visibility: c.visibility,
      category: c.category,
      provisionIds: [provision.id],
      accusedOrganisationId: partyOrg[c.against],
      ...(c.group ? { accusedGroup: c.group } : {}),
      title: c.title,
      narrative: { text: c.narrative, language: c.language },
      when: { from: c.from, ...(c.to ? { to: c.to } : {}), precision: c.to ? 'hour' : 'day' },
      where: {
        latitude: place.latitude,
        longitude: place.longitude,
        precision: 'approximate',
        placeId: place.id,
      },
      casualties:
        c.killed || c.injured
          ? [
              {
                status: 'civilian',
                killed: c.killed ?? 0,
                injured: c.injured ?? 0,
                reportedBy: c.reportedBy ?? 'the filer',
              },
            ]
          : [],
    };
    const filed = await services.complaints.file(input, actors[c.by], { demo: true });
    let version = filed.version;
    const cmd = services.complaintCommands;
    for (const s of c.steps) {
      const done =
        s.path === 'transition'
          ? await cmd.transition(
              filed.id,
              { command: s.command, version, reason: s.reason },
              actors[s.by],
            )
          : s.path === 'reply'
            ? await cmd.reply(
                filed.id,
                { version, text: s.text, language: s.language },
                actors[c.against],
              )
            : s.path === 'investigate'
              ? await cmd.taskInvestigation(
                  filed.id,
                  {
                    version,
                    reason: 'Field investigation',
                    teamUserIds: [actors.monitor.userId],
                    instructions: s.instructions,
                  },
                  actors.tr,
                )
              : s.path === 'report'
                ? await cmd.reportInvestigation(
                    filed.id,
                    { version, report: s.report },
                    actors.monitor,
                  )
                : s.path === 'draft'
                  ? await cmd.draftFinding(
                      filed.id,
                      {
                        version,
                        reason: 'Draft for joint review',
                        outcome: 'violation_attributed',
                        attributedOrganisationId: partyOrg[c.against],
                        confidence: 'medium',
                        provisionIds: [provision.id],
                        summary: s.summary,
                        penalty: s.penalty,
                      },
                      actors.tr,
                    )
                  : s.path === 'review'
                    ? await cmd.review(
                        filed.id,
                        { version, verdict: s.verdict, note: s.note },
                        actors[s.by],
                      )
                    : await cmd.setVisibility(
                        filed.id,
                        { version, visibility: 'public', reason: 'Finding published' },
                        actors.tr,
                      );
      version = done.version;
    }
  }
  await services.observations.record({ items: demoObservations() }, actors.monitor);
  await loadDemoCommitments(db, services, agreement, actors);
  return CASES.length;
}

type DemoActors = Record<'pk' | 'af' | 'tr' | 'qa' | 'monitor', Actor>;

/**
 * Commitments from the Istanbul rounds (invented wording on the scenario's demands), the
 * condition for reopening Torkham that waits on one of them, and a handover request.
 */
async function loadDemoCommitments(
  db: Db,
  services: Services,
  agreement: Awaited<ReturnType<typeof listAgreements>>[number],
  actors: DemoActors,
): Promise<void> {
  const rounds = await db.select().from(talkRounds).orderBy(asc(talkRounds.startsOn));
  const [doha, istanbul] = rounds;
  await loadDemoTalks(services, rounds, actors);
  const provision = (n: number) => {
    const p = agreement.provisions[n - 1];
    if (!p) throw new Error(`the demo agreement has no provision ${n}`);
    return p.id;
  };
  const sanctuaries = await services.commitments.create(
    {
      agreementId: agreement.id,
      partyOrganisationId: actors.af.organisationId,
      roundId: istanbul?.id ?? null,
      title: '[Demo] Act against TTP sanctuaries near the border',
      text: 'Kabul relocates TTP leadership away from the border and prevents cross-border movement of TTP fighters.',
      language: 'en',
      provisionIds: [provision(3)],
      indicators: [
        {
          description: 'TTP leadership relocated away from the border districts',
          meansOfVerification: 'Verified on site by the mechanism’s monitors',
        },
        {
          description: 'Wanted persons handed over at a crossing',
          meansOfVerification: 'Handover recorded by the mechanism at Torkham or Chaman',
        },
      ],
      dueOn: '2025-12-31',
      visibility: 'joint',
    },
    actors.tr,
    { demo: true },
  );
  await services.commitments.decide(
    sanctuaries.id,
    {
      version: sanctuaries.version,
      status: 'in_progress',
      reason: 'Kabul acknowledged TTP presence (FO briefing, 31 Oct); no verified relocation yet.',
      evidence: [{ kind: 'link', ref: 'https://mofa.gov.pk/', note: 'FO weekly briefing' }],
    },
    actors.tr,
  );
  const ceasefire = await services.commitments.create(
    {
      agreementId: agreement.id,
      partyOrganisationId: null,
      roundId: doha?.id ?? null,
      title: '[Demo] Observe the ceasefire along the border',
      text: 'Both parties observe an immediate ceasefire along the border.',
      language: 'en',
      provisionIds: [provision(1)],
      indicators: [
        {
          description: 'No attributed violation of provision 1 in a month',
          meansOfVerification: 'Findings issued by the mechanism',
        },
      ],
      visibility: 'public',
    },
    actors.qa,
    { demo: true },
  );
  await loadDemoAssurance(services, ceasefire, actors.pk, actors.tr);
  const torkham = (await services.crossings.list()).find((c) => c.name === 'Torkham');
  if (torkham) {
    await services.crossings.addCondition(
      torkham.id,
      {
        description: '[Demo] Verifiable action against TTP sanctuaries (commitment met)',
        commitmentIds: [sanctuaries.id],
        findingComplaintIds: [],
      },
      actors.tr,
    );
    await services.handovers.request(
      {
        respondingOrganisationId: actors.af.organisationId,
        crossingId: torkham.id,
        persons: [{ name: '[Demo] Person A', details: 'Wanted in Pakistan; fictional' }],
        reason: 'Handover at Torkham as offered in the FO briefing.',
      },
      actors.pk,
    );
  }
}

/** A fortnight of daily figures at the two crossings and a few sightings along the border. */
function demoObservations(): NewObservation[] {
  const out: NewObservation[] = [];
  const crossings = ['pk-torkham', 'pk-chaman'] as const;
  for (let day = 0; day < 14; day += 1) {
    const date = new Date(Date.UTC(2025, 9, 26 + day, 12));
    crossings.forEach((id, i) => {
      const place = GAZETTEER_PLACES.find((p) => p.id === id);
      if (!place) return;
      out.push({
        observedAt: date.toISOString(),
        timePrecision: 'day',
        latitude: place.latitude,
        longitude: place.longitude,
        locationPrecision: 'exact',
        placeId: place.id,
        type: 'trucks_held',
        // Deterministic, plausible figures: the queue grows while the crossing stays shut.
        count: 400 + day * 35 + i * 120,
        source: 'Joint monitors at the crossing',
        sourceKind: 'monitor',
        notes: '[Demo] Trucks waiting on the Pakistani side',
        visibility: 'public',
      });
    });
  }
  return out;
}
