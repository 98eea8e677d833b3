/**
 * Sentence templates of the synthetic news generator: per kind of event, a headline and an
 * ordered list of slots (what a report says: the lead, the toll, a claim, a quote …), each with
 * several phrasings; filler sentences of common words; and unrelated distractor articles.
 * A report is a choice of slots and phrasings, so independent reports of one event share facts
 * (place, actors, figures, day) but not wording, and a rewrite can keep the facts in order while
 * changing every phrasing.
 */
import {
  ADJECTIVES,
  chance,
  int,
  MONTHS,
  NOUNS,
  pick,
  VERBS,
  WEEKDAYS,
  type Country,
  type Rng,
  type Vocabulary,
  zipf,
} from './synthetic-words.ts';

/** The kinds of event the feed reports. */
export type EventKind = 'clash' | 'strike' | 'blast' | 'talks' | 'statement';

/** What one event is: every report of it draws on these facts. */
export interface EventFacts {
  readonly kind: EventKind;
  /** The event's day (UTC midnight). */
  readonly date: Date;
  readonly country: Country;
  readonly other: Country;
  readonly mediator: Country;
  readonly place: string;
  readonly near: string;
  readonly region: string;
  readonly group: { readonly name: string; readonly short: string };
  readonly spokesman: string;
  readonly official: string;
  readonly witness: string;
  readonly killed: number;
  readonly injured: number;
  /** The figure the other side claims. */
  readonly claimed: number;
  readonly km: number;
  readonly theme: string;
}

type Phrase = (e: EventFacts, r: Rng) => string;

const NUMBER_WORDS = 'zero one two three four five six seven eight nine ten'.split(' ');
/** A figure as news writes it: small ones often in words. */
const n = (v: number, r: Rng) => (v <= 10 && chance(r, 0.5) ? (NUMBER_WORDS[v] ?? `${v}`) : `${v}`);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** When it happened: the weekday (resolved against the publication day) or the date itself. */
const when = (e: EventFacts, r: Rng) =>
  chance(r, 0.5)
    ? `on ${WEEKDAYS[e.date.getUTCDay()]}`
    : `on ${MONTHS[e.date.getUTCMonth()]} ${e.date.getUTCDate()}`;
const weapon = (r: Rng) =>
  pick(r, ['heavy machine-gun', 'mortar', 'artillery', 'rocket', 'sniper']);

const VIOLENT_TAIL: Phrase[][] = [
  [
    (e) => `${e.place} lies about ${e.km} kilometres from the border with ${e.other.name}.`,
    (e) => `The area around ${e.place} and nearby ${e.near} has seen repeated violence this year.`,
    (e) =>
      `${e.place}, a town of farmers and traders in ${e.region}, sits on the road to ${e.near}.`,
  ],
  [
    (e) => `The government of ${e.other.name} condemned the violence and called for restraint.`,
    (e) =>
      `${e.official}, the ${e.country.adj} interior minister, vowed to find those responsible.`,
    (e) => `Leaders in ${e.country.capital} called an emergency meeting of the security council.`,
  ],
  [
    (_e, r) => `Witnesses described ${weapon(r)} fire lasting several hours.`,
    (e) => `${e.witness}, a resident of ${e.near}, said families fled as the shooting began.`,
    (e) => `Local hospitals in ${e.region} said they were struggling to treat the wounded.`,
  ],
  [
    (e) => `Roads into ${e.place} were closed and residents were told to stay indoors.`,
    (e) => `Schools and markets in ${e.region} remained shut the following day.`,
    (e) => `Aid groups said the ${e.theme} near ${e.near} had been cut off.`,
  ],
  [
    (e) =>
      `The violence comes weeks after a fragile ceasefire between ${e.country.name} and the ${e.group.short}.`,
    (e) =>
      `Monitors from ${e.mediator.name} have recorded dozens of violations in ${e.region} this year.`,
    (e) => `It was the third such incident in ${e.region} this month, officials said.`,
  ],
];

/** Per kind: the headline phrasings, then the slots in the order a full report tells them. */
export const EVENT_TEMPLATES: Record<EventKind, { title: Phrase[]; slots: Phrase[][] }> = {
  clash: {
    title: [
      (e, r) =>
        `${cap(n(e.killed, r))} soldiers killed in clash with ${e.group.short} near ${e.place}`,
      (e) => `Fighting erupts near ${e.place} as ${e.group.short} attacks army post`,
      (e) => `${e.country.adj} army and ${e.group.name} clash in ${e.region}`,
    ],
    slots: [
      [
        (e, r) =>
          `${e.country.adj} forces and fighters of the ${e.group.name} clashed near ${e.place} in ${e.region} ${when(e, r)}, officials said.`,
        (e, r) =>
          `Heavy fighting broke out ${when(e, r)} between ${e.country.adj} troops and the ${e.group.name} around ${e.place}, in ${e.region}.`,
        (e, r) =>
          `Fighters of the ${e.group.name} attacked an army post near ${e.place} ${when(e, r)}, sparking hours of clashes in ${e.region}.`,
      ],
      [
        (e, r) =>
          `At least ${n(e.killed, r)} soldiers were killed and ${n(e.injured, r)} others wounded, the army said.`,
        (e, r) =>
          `The army said ${n(e.killed, r)} soldiers died in the fighting and ${n(e.injured, r)} were injured.`,
        (e, r) =>
          `${cap(n(e.killed, r))} soldiers were killed and ${n(e.injured, r)} wounded, according to a military statement.`,
      ],
      [
        (e, r) =>
          `The ${e.group.short} claimed its fighters had killed ${n(e.claimed, r)} soldiers, a figure the army rejected.`,
        (e, r) =>
          `In a statement, the ${e.group.name} said ${n(e.claimed, r)} soldiers were killed.`,
      ],
      [
        (e) =>
          `"The attackers were pushed back after a long exchange of fire," said ${e.spokesman}, a spokesman for the ${e.country.adj} army.`,
        (e) =>
          `${e.spokesman}, speaking for the military, said reinforcements had been sent to ${e.place}.`,
      ],
      ...VIOLENT_TAIL,
    ],
  },
  strike: {
    title: [
      (e, r) => `Drone strike near ${e.place} kills ${n(e.killed, r)}, officials say`,
      (e) => `Air strike hits ${e.group.short} compound in ${e.region}`,
      (e) => `${e.country.adj} jets strike targets near ${e.place}`,
    ],
    slots: [
      [
        (e, r) =>
          `A drone strike hit a compound near ${e.place} in ${e.region} ${when(e, r)}, officials said.`,
        (e, r) =>
          `${e.country.adj} aircraft struck what the army called a ${e.group.short} hideout outside ${e.place} ${when(e, r)}.`,
        (e, r) =>
          `An air strike ${when(e, r)} destroyed several buildings on the edge of ${e.place}, in ${e.region}.`,
      ],
      [
        (e, r) =>
          `The strike killed ${n(e.killed, r)} people and wounded ${n(e.injured, r)}, according to local officials.`,
        (e, r) =>
          `Officials said ${n(e.killed, r)} people died and ${n(e.injured, r)} were injured.`,
      ],
      [
        (e, r) =>
          `The ${e.group.name} said ${n(e.claimed, r)} civilians, including children, had been killed.`,
        (e, r) =>
          `Residents said the dead numbered ${n(e.claimed, r)} and that most were civilians.`,
      ],
      [
        (e) =>
          `${e.spokesman}, a military spokesman, said the target was a commander of the ${e.group.short}.`,
        (e) => `"This was a precise operation against terrorists," ${e.spokesman} told reporters.`,
      ],
      ...VIOLENT_TAIL,
    ],
  },
  blast: {
    title: [
      (e, r) => `Blast at market in ${e.place} kills ${n(e.killed, r)}`,
      (e) => `Explosion tears through ${e.place} market`,
      (e) => `Bombing in ${e.region}: dozens hurt in ${e.place}`,
    ],
    slots: [
      [
        (e, r) =>
          `An explosion tore through a crowded market in ${e.place} ${when(e, r)}, police said.`,
        (e, r) =>
          `A bomb went off near a bus station in ${e.place}, in ${e.region}, ${when(e, r)}.`,
      ],
      [
        (e, r) => `At least ${n(e.killed, r)} people were killed and ${n(e.injured, r)} wounded.`,
        (e, r) =>
          `Police said ${n(e.killed, r)} people died and ${n(e.injured, r)} others were hurt.`,
      ],
      [
        (e) =>
          `No group immediately claimed responsibility, but officials blamed the ${e.group.name}.`,
        (e) => `The ${e.group.short} denied any role in the bombing.`,
      ],
      [
        (e) => `${e.official}, the governor of ${e.region}, visited the wounded in hospital.`,
        (e) => `"We will not be intimidated," ${e.official} said after the attack.`,
      ],
      ...VIOLENT_TAIL,
    ],
  },
  talks: {
    title: [
      (e) => `${e.country.name} and ${e.other.name} open talks in ${e.mediator.capital}`,
      (e) => `Talks between ${e.country.adj} and ${e.other.adj} delegations resume`,
      (e) => `${e.mediator.name} hosts new round of ${e.country.adj}-${e.other.adj} talks`,
    ],
    slots: [
      [
        (e, r) =>
          `Delegations from ${e.country.name} and ${e.other.name} opened talks in ${e.mediator.capital} ${when(e, r)}, mediated by ${e.mediator.name}.`,
        (e, r) =>
          `${e.country.adj} and ${e.other.adj} negotiators met ${when(e, r)} in ${e.mediator.capital} for a new round of talks.`,
      ],
      [
        (e) =>
          `The talks focus on the ${e.theme} and the ceasefire along the ${e.region} frontier.`,
        (e) => `On the agenda are the ${e.theme}, prisoner exchanges and the border at ${e.place}.`,
      ],
      [
        (e) =>
          `${e.official}, who leads the ${e.country.adj} delegation, said the first session had been constructive.`,
        (e) =>
          `"We came here to make peace," said ${e.official}, head of the ${e.country.adj} team.`,
      ],
      [
        (e, r) => `Both sides agreed to meet again within ${n((e.km % 14) + 2, r)} days.`,
        () => `A joint statement is expected at the end of the round, diplomats said.`,
      ],
      [
        (e, r) =>
          `The last round ended without agreement after ${n(e.killed, r)} days of meetings.`,
        (e) => `${e.mediator.adj} officials said a monitoring mechanism was under discussion.`,
      ],
      [
        (e) => `Fighting near ${e.place} last month killed dozens and prompted the new effort.`,
        (e) =>
          `${e.spokesman}, a spokesman for the ${e.other.adj} foreign ministry, said expectations were modest.`,
      ],
    ],
  },
  statement: {
    title: [
      (e) => `${e.country.name} accuses ${e.other.name} of ceasefire violation near ${e.place}`,
      (e) => `${e.other.adj} troops fired across border, ${e.country.adj} officials say`,
    ],
    slots: [
      [
        (e, r) =>
          `${e.country.name} accused ${e.other.name} ${when(e, r)} of violating the ceasefire near ${e.place}.`,
        (e, r) =>
          `${e.country.adj} officials said ${when(e, r)} that ${e.other.adj} troops had broken the truce near ${e.place}.`,
      ],
      [
        (e, r) =>
          `In a statement, ${e.official} said ${e.other.adj} forces fired ${n(e.claimed, r)} mortar rounds across the border.`,
        (e, r) =>
          `${e.official} said ${n(e.claimed, r)} shells landed in ${e.region}, wounding ${n(e.injured, r)} people.`,
      ],
      [
        (e) => `${e.other.name} denied the accusation and said its troops had only returned fire.`,
        (e) =>
          `A spokesman for the ${e.other.adj} army, ${e.spokesman}, called the claims baseless.`,
      ],
      [
        (e) => `${e.mediator.name}, which brokered the truce, urged both sides to respect it.`,
        (e) => `Monitors from ${e.mediator.name} said they would visit ${e.place}.`,
      ],
      VIOLENT_TAIL[0] ?? [],
      VIOLENT_TAIL[4] ?? [],
    ],
  },
};

/** A sentence of common words: background that says nothing about which event a report tells. */
export function filler(r: Rng, v: Vocabulary): string {
  const c = pick(r, v.countries);
  const term = () => zipf(r, v.lexicon);
  const forms = [
    () =>
      `Analysts said the ${pick(r, ADJECTIVES)} ${term()} ${pick(r, NOUNS)} could ${pick(r, VERBS)} the ${pick(r, NOUNS)} in ${pick(r, c.places)}.`,
    () =>
      `The ${term()} ${pick(r, NOUNS)} has been ${pick(r, ADJECTIVES)} since ${pick(r, MONTHS)}, when ${pick(r, v.people)} announced it.`,
    () =>
      `Critics warned that the ${term()} and the ${pick(r, ADJECTIVES)} ${term()} remain unresolved in ${pick(r, c.regions)}.`,
    () =>
      `${pick(r, v.people)}, a ${pick(r, NOUNS)} expert in ${c.capital}, said the ${term()} was ${pick(r, ADJECTIVES)}.`,
    () =>
      `Officials have promised a ${pick(r, ADJECTIVES)} ${term()} for ${pick(r, c.places)} before the ${pick(r, NOUNS)}.`,
    () =>
      `Residents of ${pick(r, c.places)} say the ${term()} and ${term()} matter more to them than the ${pick(r, NOUNS)}.`,
  ];
  return pick(r, forms)();
}

/** An unrelated article (sport, business, weather, culture): a story of its own. */
export function distractor(r: Rng, v: Vocabulary, date: Date): { title: string; body: string[] } {
  const c = pick(r, v.countries);
  const place = pick(r, c.places);
  const day = `on ${WEEKDAYS[date.getUTCDay()]}`;
  const kind = int(r, 0, 3);
  const lines: string[] = [];
  let title: string;
  if (kind === 0) {
    const [ia, ib] = [int(r, 0, v.teams.length - 1), int(r, 0, v.teams.length - 1)];
    const [a, b] = [v.teams[ia] ?? '', v.teams[ib] ?? ''];
    const [x, y] = [int(r, 0, 5), int(r, 0, 4)];
    title = `${a} beat ${b} ${x + 1}-${y} in ${place}`;
    lines.push(`${a} beat ${b} ${x + 1}-${y} in ${place} ${day} to move up the league table.`);
    lines.push(`${pick(r, v.people)} scored twice before half-time for the home side.`);
    lines.push(`The coach, ${v.people[(ia * 7) % v.people.length]}, praised the defence.`);
  } else if (kind === 1) {
    const ic = int(r, 0, v.companies.length - 1);
    const co = v.companies[ic] ?? '';
    const p = int(r, 2, 40);
    title = `${co} reports ${p} percent rise in profit`;
    lines.push(
      `${co} said ${day} its quarterly profit rose ${p} percent on strong demand in ${c.name}.`,
    );
    lines.push(`Shares in the company, based in ${c.capital}, gained ${int(r, 1, 9)} percent.`);
    lines.push(
      `Chief executive ${v.people[(ic * 11) % v.people.length]} said the ${zipf(r, v.lexicon)} business would expand.`,
    );
  } else if (kind === 2) {
    const homes = int(r, 200, 9000);
    title = `Heavy rain floods parts of ${place}`;
    lines.push(`Heavy rain flooded parts of ${place} ${day}, cutting power to ${homes} homes.`);
    lines.push(
      `Forecasters in ${c.capital} expect more storms over ${pick(r, c.regions)} this week.`,
    );
    lines.push(`Farmers said the ${pick(r, NOUNS)} had been damaged across the valley.`);
  } else {
    const visitors = int(r, 1000, 50000);
    title = `${place} festival draws ${visitors} visitors`;
    lines.push(
      `A festival of music and food opened in ${place} ${day}, drawing ${visitors} visitors.`,
    );
    lines.push(
      `Organisers said artists from ${pick(r, v.countries).name} and ${c.name} would perform.`,
    );
    lines.push(`The mayor, ${pick(r, v.people)}, said the event would help the ${pick(r, NOUNS)}.`);
  }
  const target = int(r, 6, 12);
  while (lines.length < target) lines.push(filler(r, v));
  return { title, body: lines };
}
