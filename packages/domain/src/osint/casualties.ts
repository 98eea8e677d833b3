/**
 * Casualty figures of a sentence: the number, who the victims are (a class, and the side when the
 * text says it), killed or injured, and who claims it. Word-level rules over the sentence's tokens;
 * English only (figures in other languages are not extracted, and so never flagged).
 */
import { words } from './text.ts';

export interface Casualty {
  readonly value: number;
  readonly verb: 'killed' | 'injured';
  /** The victims' class: security, militants, people, cricketers … */
  readonly victims: string;
  /** "pakistani" / "afghan" when the text qualifies the victims. */
  readonly side: string | null;
  /** Who the sentence attributes the figure to (alias-resolved), or null. */
  readonly by: string | null;
  readonly sentence: number;
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
};

/** Victim nouns (and the adjectives that stand for them) grouped into classes. */
const VICTIMS: Readonly<Record<string, string>> = {
  soldier: 'security',
  soldiers: 'security',
  troops: 'security',
  troop: 'security',
  personnel: 'security',
  policemen: 'security',
  police: 'security',
  officers: 'security',
  fighters: 'militants',
  militants: 'militants',
  terrorists: 'militants',
  insurgents: 'militants',
  khawarij: 'militants',
  attackers: 'militants',
  people: 'people',
  civilians: 'people',
  civilian: 'people',
  persons: 'people',
  others: 'people',
  residents: 'people',
  villagers: 'people',
  children: 'people',
  women: 'people',
  men: 'people',
  cricketers: 'cricketers',
  players: 'cricketers',
};
const KILLED = new Set([
  'killed',
  'dead',
  'died',
  'killing',
  'kills',
  'kill',
  'deaths',
  'death',
  'martyred',
  'lives',
  'perished',
  'slain',
]);
const INJURED = new Set(['injured', 'wounded', 'hurt', 'injuring', 'wounding', 'injuries']);
/** Words that may stand between a verb and its figure ("killed at least 12", "killing about 20"). */
const HEDGES = new Set([
  'about',
  'at',
  'least',
  'more',
  'than',
  'over',
  'nearly',
  'some',
  'around',
]);
const SIDES: Readonly<Record<string, string>> = {
  pakistani: 'pakistani',
  afghan: 'afghan',
  // The Taliban are Afghanistan's forces; "Pakistani Taliban" (the TTP) is told apart below.
  taliban: 'afghan',
};

/** The value of a figure token ("12", "1,200", "twelve"), or null. */
export function numberValue(token: string): number | null {
  if (/^\d{1,3}(,\d{3})*$|^\d+$/.test(token)) return Number(token.replace(/,/g, ''));
  return NUMBER_WORDS[token] ?? null;
}

const verbOf = (t: string): 'killed' | 'injured' | null =>
  KILLED.has(t) ? 'killed' : INJURED.has(t) ? 'injured' : null;

/** The verb just before a figure, across hedges ("had killed 12", "killing about 20"). */
function verbBefore(toks: readonly string[], i: number): 'killed' | 'injured' | null {
  for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
    const t = toks[k] ?? '';
    const v = verbOf(t);
    if (v) return v;
    if (!HEDGES.has(t)) return null;
  }
  return null;
}

/** Whether the figure ends a "death toll at/of/to N" phrase. */
function isDeathToll(toks: readonly string[], i: number): boolean {
  const before = toks.slice(Math.max(0, i - 4), i);
  const toll = before.lastIndexOf('toll');
  return toll > 0 && (before[toll - 1] === 'death' || before[toll - 1] === 'casualty');
}

/** The casualty figures of one sentence (`index` 0 is the headline). */
export function casualtiesOf(
  sentence: string,
  index: number,
  by: string | null,
  /** The sentence's tokens (`words(sentence)`), when the caller has them already. */
  tokens?: readonly string[],
): Casualty[] {
  const toks = tokens ?? words(sentence);
  const out: Casualty[] = [];
  for (let i = 0; i < toks.length; i++) {
    const value = numberValue(toks[i] ?? '');
    if (value === null || (value >= 1900 && value <= 2100)) continue;
    // "civilian death toll at 15": the noun comes before the figure.
    if (isDeathToll(toks, i)) {
      const before = toks.slice(Math.max(0, i - 6), i);
      const noun = before.map((t) => VICTIMS[t]).find((v) => v !== undefined);
      out.push({
        value,
        verb: 'killed',
        victims: noun ?? 'people',
        side: null,
        by,
        sentence: index,
      });
      continue;
    }
    // The victim noun within the next five words.
    let victims: string | null = null;
    let side: string | null = null;
    let j = i + 1;
    for (; j < Math.min(toks.length, i + 6); j++) {
      const t = toks[j] ?? '';
      // Another figure ("ten, including three cricketers") owns the nouns after it.
      if (numberValue(t) !== null) break;
      const s = SIDES[t];
      if (s && !(t === 'taliban' && toks[j - 1] === 'pakistani')) side = side ?? s;
      const v = VICTIMS[t];
      if (v) {
        victims = v;
        break;
      }
    }
    // The verb right before the figure governs it ("had killed 12 civilians and wounded 100");
    // a part of an earlier figure takes its verb ("kill ten, including three cricketers").
    let verb =
      verbBefore(toks, i) ??
      (toks[i - 1] === 'including' || toks[i - 1] === 'among'
        ? (out[out.length - 1]?.verb ?? null)
        : null);
    if (!victims) {
      // A bare figure with its verb ("Six killed", "kill ten, including …") counts people.
      const next = verbOf(toks[i + 1] ?? '');
      if (!verb && next && index === 0) verb = next;
      if (!verb || index !== 0) continue;
      victims = 'people';
      side = null;
    }
    // Else the casualty verb nearest after the noun. A coordinated figure shares it ("23 soldiers
    // and more than 200 militants died"), so one other figure may stand in between.
    let figures = 0;
    for (let k = j + 1; k < Math.min(toks.length, j + 14) && !verb; k++) {
      const t = toks[k] ?? '';
      verb = verbOf(t);
      if (!verb && numberValue(t) !== null && ++figures > 1) break;
      if (
        !verb &&
        numberValue(t) !== null &&
        toks[k - 1] !== 'and' &&
        !HEDGES.has(toks[k - 1] ?? '')
      )
        break;
    }
    if (verb) out.push({ value, verb, victims, side, by, sentence: index });
  }
  return out;
}

/**
 * Whether two figures count the same victims: the same class, or fighters and soldiers of the same
 * side (a side's combatants, whatever each report calls them).
 */
export function sameVictims(a: Casualty, b: Casualty): boolean {
  if (a.verb !== b.verb) return false;
  if (a.side && b.side && a.side !== b.side) return false;
  if (a.victims === b.victims) return true;
  const combatants = (c: Casualty) => c.victims === 'security' || c.victims === 'militants';
  return a.side !== null && a.side === b.side && combatants(a) && combatants(b);
}
