/**
 * The vocabulary of the synthetic news generator (`bench/osint-synthetic.ts`): invented names
 * (places, regions, countries, armed groups, people, outlets) made from syllables with a fixed
 * seed, so every run and every seed of the generator shares them, and plain English word lists
 * for the sentences. Thousands of names and a few hundred common words: enough distinct terms
 * that IDF separates what an event is about from how news is worded. Nothing here is real
 * reporting; the only real names are a few news agencies, so that agency credits are exercised.
 */
import { seededRandom } from '../log/stats.ts';

/** A seeded source of choices. */
export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
}

/** One item, uniformly. */
export const pick = <T>(rng: Rng, list: readonly T[]): T => {
  const x = list[Math.floor(rng() * list.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
};
/** An integer in [lo, hi], uniformly. */
export const int = (rng: Rng, lo: number, hi: number): number =>
  lo + Math.floor(rng() * (hi - lo + 1));
/** True with probability `p`. */
export const chance = (rng: Rng, p: number): boolean => rng() < p;
/** An item by a Zipf-like law (the first ones common, most rare), as words occur in text. */
export const zipf = <T>(rng: Rng, list: readonly T[]): T =>
  list[Math.min(list.length - 1, Math.floor(Math.pow(list.length + 1, rng())) - 1)] ??
  pick(rng, list);

const ONSETS = 'b d g k l m n p r s t v z h f sh kh dr tr br gh j y q ch'.split(' ');
const VOWELS = 'a e i o u a a i o ai ou ia e'.split(' ');
const CODAS = ' n r l m s k sh d z t'.split(' ');

function nameMaker(rng: Rng) {
  const syllable = () => pick(rng, ONSETS) + pick(rng, VOWELS) + pick(rng, CODAS);
  return (minSyl: number, maxSyl: number) => {
    let s = '';
    const n = int(rng, minSyl, maxSyl);
    for (let i = 0; i < n; i++) s += syllable();
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
}

function distinctNames(make: () => string, count: number, taken: Set<string>): string[] {
  const out: string[] = [];
  for (let guard = 0; out.length < count && guard < count * 50; guard++) {
    const n = make();
    if (n.length < 4 || taken.has(n)) continue;
    taken.add(n);
    out.push(n);
  }
  return out;
}

/** An invented country: its capital, regions and towns. */
export interface Country {
  readonly name: string;
  /** Adjective: "Valdoran". */
  readonly adj: string;
  readonly capital: string;
  readonly regions: readonly string[];
  readonly places: readonly string[];
}

/** Every name the generator uses. */
export interface Vocabulary {
  readonly countries: readonly Country[];
  /** Armed groups, each tied to a country it fights in (by index). */
  readonly groups: ReadonlyArray<{
    readonly name: string;
    readonly short: string;
    readonly country: number;
  }>;
  readonly people: readonly string[];
  readonly outlets: readonly string[];
  /** Agencies the pipeline knows (`DEFAULT_AGENCIES`): their copies credit them. */
  readonly agencies: readonly string[];
  readonly companies: readonly string[];
  readonly teams: readonly string[];
  /**
   * Lower-case invented words (local terms, programmes, crops, products …), drawn by `zipf`: the
   * long tail of rare words real news has, which keeps IDF meaningful.
   */
  readonly lexicon: readonly string[];
}

const GROUP_HEADS = 'Front Movement Brigade Army Council Alliance Legion Guard'.split(' ');
const GROUP_ADJS =
  'Popular Free Northern Southern Eastern Western United Revolutionary Patriotic Independent National Islamic Democratic'.split(
    ' ',
  );
const OUTLET_FORMS = [
  (p: string) => `The ${p} Herald`,
  (p: string) => `${p} Daily`,
  (p: string) => `${p} Post`,
  (p: string) => `${p} Today`,
  (p: string) => `${p} Online`,
  (p: string) => `Radio ${p}`,
  (p: string) => `${p} Tribune`,
  (p: string) => `The ${p} Observer`,
];

/** Builds the vocabulary (deterministic: the same on every call). */
export function buildVocabulary(): Vocabulary {
  const rng = seededRandom(0x05171e);
  const make = nameMaker(rng);
  const taken = new Set<string>();
  const countries: Country[] = distinctNames(() => make(2, 3), 12, taken).map((name) => ({
    name,
    adj: /[aeiou]$/.test(name) ? `${name}n` : `${name}i`,
    capital: distinctNames(() => make(2, 3), 1, taken)[0] ?? name,
    regions: distinctNames(() => make(2, 3), 8, taken),
    places: distinctNames(() => make(2, 3), 350, taken),
  }));
  const groups = distinctNames(() => make(2, 2), 90, taken).map((n, i) => {
    const name = `${pick(rng, GROUP_ADJS)} ${pick(rng, GROUP_HEADS)} of ${n}`;
    const short = name
      .split(' ')
      .filter((w) => w !== 'of')
      .map((w) => w[0])
      .join('');
    return { name, short, country: i % countries.length };
  });
  const first = distinctNames(() => make(2, 2), 500, taken);
  const last = distinctNames(() => make(2, 3), 700, taken);
  const people = Array.from(
    { length: 2500 },
    (_, i) => `${first[i % first.length]} ${last[(i * 7) % last.length]}`,
  );
  const outlets = distinctNames(() => make(2, 3), 140, taken).map((p, i) =>
    (OUTLET_FORMS[i % OUTLET_FORMS.length] ?? ((x: string) => x))(p),
  );
  const agencies = ['AFP', 'Reuters', 'AP', 'Xinhua', 'Anadolu'];
  const companies = distinctNames(() => make(2, 3), 400, taken).map(
    (n, i) => `${n} ${['Holdings', 'Energy', 'Telecom', 'Bank', 'Motors', 'Foods'][i % 6]}`,
  );
  const teams = distinctNames(() => make(2, 3), 300, taken).map(
    (n, i) => `${n} ${['United', 'City', 'Rovers', 'Athletic', 'Stars'][i % 5]}`,
  );
  const lexicon = distinctNames(() => make(2, 3), 20_000, taken).map((w) => w.toLowerCase());
  return { countries, groups, people, outlets, agencies, companies, teams, lexicon };
}

const words = (s: string) => s.trim().split(/\s+/);

/** Common words for background and filler sentences. */
export const NOUNS = words(`
  economy election parliament budget border crossing convoy refugees shelter hospital school
  market harvest drought flood bridge highway checkpoint village district province valley
  mountain river airport port railway pipeline mine factory company contract investment
  inflation currency trade exports imports fuel wheat electricity water clinic vaccine teacher
  student court judge verdict trial prisoner detainee lawyer journalist newspaper broadcaster
  committee commission inquiry report mission observer monitor mechanism agreement treaty
  truce accord framework roadmap deadline negotiation delegation envoy ambassador embassy
  minister ministry cabinet governor mayor council assembly coalition opposition party
  campaign rally protest strike curfew lockdown blockade supply aid relief donor agency
  charity volunteer ambulance casualty survivor witness resident farmer trader driver
  smuggler patrol outpost garrison barracks base helicopter drone artillery mortar rocket
  landmine ammunition weapon rifle vehicle tank bunker trench ridge plateau frontier corridor
  settlement camp tent winter summer monsoon season festival ceremony funeral prayer mosque
  church temple shrine museum stadium tournament league season coach striker goalkeeper
  software network outage signal satellite license regulator tariff subsidy pension salary
  loan debt bond shares profit quarter forecast growth recession unemployment wages
`);
export const ADJECTIVES = words(`
  fragile tense uneasy lasting temporary partial renewed sporadic heavy intense brief
  prolonged deadly unprecedented routine urgent serious limited broad modest sharp steady
  gradual sudden cautious formal informal regional local national international
  remote rural urban mountainous northern southern eastern western central coastal
  disputed contested strategic symbolic economic political humanitarian military civilian
  diplomatic legal financial technical logistical administrative provisional interim
  independent joint bilateral multilateral senior junior former acting outgoing incoming
`);
export const VERBS = words(`
  undermine strengthen delay accelerate complicate jeopardise reinforce reshape test
  threaten support weaken restore disrupt overshadow revive stall derail unlock boost
`);

/** Synonyms a rewrite substitutes (whole words, lower case). */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  killed: ['left dead', 'slain', 'killed'],
  wounded: ['injured', 'hurt'],
  injured: ['wounded', 'hurt'],
  said: ['stated', 'told reporters', 'announced'],
  officials: ['authorities', 'sources'],
  attack: ['assault', 'raid', 'offensive'],
  fighting: ['clashes', 'hostilities', 'gunfire'],
  near: ['close to', 'outside', 'in the vicinity of'],
  began: ['started', 'erupted', 'broke out'],
  residents: ['locals', 'inhabitants', 'villagers'],
  talks: ['negotiations', 'discussions'],
  agreed: ['accepted', 'consented'],
  condemned: ['denounced', 'criticised'],
  statement: ['communique', 'declaration'],
  spokesman: ['spokesperson', 'representative'],
  soldiers: ['troops', 'servicemen'],
  claimed: ['asserted', 'insisted'],
  reported: ['said', 'stated'],
  fled: ['escaped', 'left'],
  closed: ['shut', 'sealed'],
  heavy: ['intense', 'fierce'],
  several: ['a number of', 'multiple'],
  continued: ['went on', 'persisted'],
  called: ['urged', 'appealed'],
};

/** As `Date#getUTCDay` numbers them. */
export const WEEKDAYS = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ');
/** As `Date#getUTCMonth` numbers them. */
export const MONTHS =
  'January February March April May June July August September October November December'.split(
    ' ',
  );
