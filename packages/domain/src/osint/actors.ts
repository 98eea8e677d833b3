/**
 * Actors with their aliases, and the news agencies whose credit makes two articles one origin.
 * Plain data: users extend it by passing their own table (`mergeActors`).
 */
import Type from 'typebox';

export interface ActorEntry {
  readonly id: string;
  readonly names: readonly string[];
}

export const DEFAULT_ACTORS: readonly ActorEntry[] = [
  {
    id: 'TTP',
    names: [
      'TTP',
      'Tehrik-e-Taliban Pakistan',
      'Tehrik-i-Taliban Pakistan',
      'Tehreek-e-Taliban Pakistan',
      'Tehreek-i-Taliban Pakistan',
      'Pakistani Taliban',
      'Fitna al-Khawarij',
      'Fitna al Khawarij',
      'FaK',
      'Khawarij',
    ],
  },
  {
    id: 'BLA',
    names: [
      'BLA',
      'Balochistan Liberation Army',
      'Fitna al-Hindustan',
      'Fitna al Hindustan',
      'FaH',
    ],
  },
  {
    id: 'ISPR',
    names: [
      'ISPR',
      'Inter-Services Public Relations',
      'Pakistan Army',
      'Pakistani Army',
      'Pakistani military',
      'Pakistan military',
    ],
  },
  {
    id: 'FO',
    names: [
      'Foreign Office',
      'Pakistan Foreign Office',
      'Foreign Ministry of Pakistan',
      'Pakistani Foreign Ministry',
    ],
  },
  {
    id: 'IEA',
    names: [
      'Islamic Emirate',
      'Islamic Emirate of Afghanistan',
      'Afghan Taliban',
      'Taliban government',
      'Taliban administration',
      'Afghan Taliban authorities',
      'Taliban authorities',
      'Zabihullah Mujahid',
      'Mujahid',
    ],
  },
  { id: 'PAKISTAN', names: ['Pakistan', 'Pakistani', 'Islamabad'] },
  { id: 'AFGHANISTAN', names: ['Afghanistan', 'Afghan', 'Kabul government'] },
];

/** Agencies and broadcasters whose reports are copied by others (credit = shared origin). */
export const DEFAULT_AGENCIES: readonly ActorEntry[] = [
  { id: 'afp', names: ['AFP', 'Agence France-Presse'] },
  { id: 'reuters', names: ['Reuters'] },
  { id: 'ap', names: ['AP', 'Associated Press'] },
  { id: 'bbc', names: ['BBC'] },
  { id: 'aljazeera', names: ['Al Jazeera'] },
  { id: 'xinhua', names: ['Xinhua'] },
  { id: 'tolonews', names: ['Tolo News', 'TOLOnews', 'Tolo'] },
  { id: 'anadolu', names: ['Anadolu', 'Anadolu Agency'] },
  { id: 'app', names: ['APP', 'Associated Press of Pakistan'] },
  { id: 'pti', names: ['PTI', 'Press Trust of India'] },
  { id: 'ani', names: ['ANI'] },
];

/**
 * A file of actors users add to the defaults (`TRUCELINE_OSINT_ACTORS_FILE`, `osint eval
 * --actors`): `[{ "id": "JuA", "names": ["Jamaat-ul-Ahrar", "JuA"] }]`. An id already known gains
 * the names; a new id is a new actor.
 */
export const ActorTableSchema = Type.Array(
  Type.Object(
    {
      id: Type.String({ minLength: 1, maxLength: 100 }),
      names: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        minItems: 1,
        maxItems: 100,
      }),
    },
    { additionalProperties: false },
  ),
  { maxItems: 10_000 },
);

/** The defaults with the extra table's names added (by id). */
export const mergeActors = (
  base: readonly ActorEntry[],
  extra: readonly ActorEntry[],
): ActorEntry[] => {
  const out = new Map(base.map((a) => [a.id, [...a.names]]));
  for (const a of extra) out.set(a.id, [...(out.get(a.id) ?? []), ...a.names]);
  return [...out].map(([id, names]) => ({ id, names }));
};

/** A matcher that finds alias mentions in text (longest first, word-bounded, case-sensitive for acronyms). */
export interface AliasMatcher {
  find(text: string): Array<{ id: string; index: number; length: number }>;
}

const escape = (s: string) =>
  s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-\s]+/g, '[-\\s]+');

const matchers = new WeakMap<readonly ActorEntry[], AliasMatcher>();

/** The matcher of a table, compiled once per table (tables are read-only data). */
export function matcherFor(table: readonly ActorEntry[]): AliasMatcher {
  let m = matchers.get(table);
  if (!m) {
    m = aliasMatcher(table);
    matchers.set(table, m);
  }
  return m;
}

/**
 * Text with ASCII letters lower-cased, as a case-insensitive Unicode regular expression compares
 * them: `toLowerCase` does so for A–Z and the Kelvin sign; the long s (ſ) folds to s as well.
 */
const foldAscii = (text: string) => text.toLowerCase().replace(/\u017f/g, 's');

/**
 * A substring every match of a name contains, for ruling a text out before running the name's
 * regular expression: the name's longest run of letters and digits (spaces and hyphens in a name
 * match any run of them). `folded`: compare with `foldAscii` of the text (a case-insensitive ASCII
 * run); otherwise as is (an acronym, matched case-sensitively, or a run of uncased letters, as in
 * Arabic script). Null when neither is safe (a run of cased letters beyond ASCII).
 */
function literalOf(
  name: string,
  caseSensitive: boolean,
): { literal: string | null; folded: boolean } {
  const run = (name.match(/[\p{L}\p{N}]+/gu) ?? []).reduce(
    (a, b) => (b.length > a.length ? b : a),
    '',
  );
  if (run === '') return { literal: null, folded: false };
  if (caseSensitive) return { literal: run, folded: false };
  if (/^[a-z0-9]+$/i.test(run)) return { literal: run.toLowerCase(), folded: true };
  const uncased = run.toLowerCase() === run && run.toUpperCase() === run;
  return { literal: uncased ? run : null, folded: false };
}

export function aliasMatcher(table: readonly ActorEntry[]): AliasMatcher {
  const entries = table.flatMap((a) => a.names.map((n) => ({ id: a.id, name: n })));
  entries.sort((x, y) => y.name.length - x.name.length);
  const acronym = (n: string) => /^[A-Z]{2,5}$/.test(n) || /^[A-Z][a-z][A-Z]$/.test(n);
  const patterns = entries.map((e) => ({
    id: e.id,
    re: new RegExp(
      `(?<![\\p{L}\\p{N}])${escape(e.name)}(?![\\p{L}\\p{N}])`,
      acronym(e.name) ? 'gu' : 'giu',
    ),
    ...literalOf(e.name, acronym(e.name)),
  }));
  return {
    find(text) {
      const taken: boolean[] = [];
      const out: Array<{ id: string; index: number; length: number }> = [];
      let folded: string | null = null;
      for (const p of patterns) {
        // Most names are not in a given sentence: a substring test rules them out far faster.
        if (p.literal !== null) {
          const haystack = p.folded ? (folded ??= foldAscii(text)) : text;
          if (!haystack.includes(p.literal)) continue;
        }
        for (const m of text.matchAll(p.re)) {
          const start = m.index;
          const len = m[0].length;
          let free = true;
          for (let i = start; i < start + len; i++) if (taken[i]) free = false;
          if (!free) continue;
          for (let i = start; i < start + len; i++) taken[i] = true;
          out.push({ id: p.id, index: start, length: len });
        }
      }
      return out.sort((a, b) => a.index - b.index);
    },
  };
}
