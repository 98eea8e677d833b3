/**
 * Facts of an article: per sentence, its entities (alias-resolved), numbers and dates; casualty
 * figures with their noun, verb and who claims them; the agency an article credits.
 */
import {
  aliasMatcher,
  DEFAULT_ACTORS,
  DEFAULT_AGENCIES,
  type ActorEntry,
  type AliasMatcher,
} from './actors.ts';
import { subDays } from 'date-fns';
import { stemmer } from 'stemmer';
import type { Article } from './article.ts';
import {
  datelineDate,
  explicitDates,
  isoDay,
  parseIsoDay,
  relativeDates,
  type DateMention,
} from './dates.ts';
import { normalise, sentences, STOP_WORDS, words } from './text.ts';

const NUMBER_WORDS: Record<string, number> = {
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

/** Victim nouns grouped into classes; a figure is compared only with figures of its class. */
const VICTIMS: Record<string, string> = {
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
  persons: 'people',
  others: 'people',
  residents: 'people',
  children: 'people',
  women: 'people',
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
const SPEECH =
  'said|says|say|claimed|claims|reported|reports|stated|told|announced|confirmed|added|put';

export interface Casualty {
  readonly value: number;
  readonly verb: 'killed' | 'injured';
  readonly victims: string;
  /** "pakistani" / "afghan" when the text qualifies the victims. */
  readonly side: string | null;
  /** Who the sentence attributes the figure to (alias-resolved), or null. */
  readonly by: string | null;
  readonly sentence: number;
}

export interface DateClaim extends DateMention {
  /** The event word of the sentence (ceasefire, talks, strike …), if any. */
  readonly event: string | null;
  readonly sentence: number;
}

export interface ArticleFacts {
  readonly article: Article;
  /** Publication date: the published line, else the dateline; null when neither states it. */
  readonly published: string | null;
  /** The day relative dates were resolved against: `published`, else the borrowed reference. */
  readonly reference: string | null;
  /**
   * What the headline and lead (title and first two body sentences) date: each dated mention
   * that an event word (strike, clash, talks …) governs, as the event and its days.
   */
  readonly leadEvents: ReadonlyArray<{ event: string; start: string; end: string }>;
  /** Per sentence (title first), the set of facts: `e:ENTITY`, `n:NUMBER`, `d:DATE`. */
  readonly sentenceFacts: ReadonlyArray<ReadonlySet<string>>;
  /** Content words of title and body (stop words dropped), stemmed. */
  readonly terms: readonly string[];
  /**
   * The content words of the title and the first two body sentences (stemmed): news puts the
   * event it reports in its headline and lead, so these weigh more when comparing articles.
   */
  readonly leadTerms: readonly string[];
  /**
   * Per body sentence of at least four content words, its stemmed content words: what a
   * paraphrase keeps of a sentence when it changes the wording around it.
   */
  readonly sentenceTerms: ReadonlyArray<ReadonlySet<string>>;
  readonly casualties: readonly Casualty[];
  readonly dates: readonly DateClaim[];
  /** An agency the article credits as its source ("Source: BBC", "AFP reported"), or null. */
  readonly credit: string | null;
}

export interface ExtractOptions {
  readonly actors?: readonly ActorEntry[];
  readonly agencies?: readonly ActorEntry[];
}

/** Options for one article's extraction. */
export interface ArticleExtractOptions extends ExtractOptions {
  /**
   * The day (`YYYY-MM-DD`) relative dates are resolved against when the article states no
   * publication date: the date of the closest dated report of the same news. It never becomes the
   * article's `published`.
   */
  readonly reference?: string;
}

const EVENTS: Array<[RegExp, string]> = [
  [/\b(ceasefire|truce)\b/i, 'ceasefire'],
  [/\b(talks|negotiations|round)\b/i, 'talks'],
  [/\b(air ?strikes?|strikes?|bomb(?:ing|ed)?|drone)\b/i, 'strike'],
  [/\b(clash(?:es)?|fighting|attack(?:s|ed)?|firing)\b/i, 'clash'],
  [/\b(explosions?|blasts?)\b/i, 'blast'],
];

function numberValue(token: string): number | null {
  if (/^\d{1,3}(,\d{3})*$|^\d+$/.test(token)) return Number(token.replace(/,/g, ''));
  return NUMBER_WORDS[token] ?? null;
}

function speakerOf(sentence: string, actors: AliasMatcher, agencies: AliasMatcher): string | null {
  const re = new RegExp(
    `(?:according to|quoting|cited by)\\s+((?:the\\s+)?[\\p{Lu}][\\p{L}'.-]*(?:\\s+[\\p{Lu}][\\p{L}'.-]*){0,4})|((?:the\\s+)?[\\p{Lu}][\\p{L}'.-]*(?:\\s+(?:[\\p{Lu}][\\p{L}'.-]*|of|al|e|i))*(?:\\s+(?:spokesman|spokesperson|officials?|sources?|minister|ministry))?(?:\\s+\\p{Lu}[\\p{L}]+){0,2})\\s+(?:${SPEECH})\\b`,
    'gu',
  );
  for (const m of sentence.matchAll(re)) {
    const phrase = (m[1] ?? m[2] ?? '').replace(/^the\s+/i, '').trim();
    if (!phrase || STOP_WORDS.has(phrase.toLowerCase())) continue;
    const hit = actors.find(phrase)[0] ?? agencies.find(phrase)[0];
    return hit ? hit.id : normalise(phrase);
  }
  return null;
}

function casualtiesOf(sentence: string, index: number, by: string | null): Casualty[] {
  const toks = words(sentence);
  const out: Casualty[] = [];
  for (let i = 0; i < toks.length; i++) {
    const value = numberValue(toks[i] ?? '');
    if (value === null || (value >= 1900 && value <= 2100)) continue;
    // The victim noun within the next four words.
    let victims: string | null = null;
    let side: string | null = null;
    let j = i + 1;
    for (; j < Math.min(toks.length, i + 6); j++) {
      const t = toks[j] ?? '';
      // Another figure ("ten, including three cricketers") owns the nouns after it.
      if (numberValue(t) !== null) break;
      if (t === 'pakistani' || t === 'afghan') side = t;
      const v = VICTIMS[t];
      if (v) {
        victims = v;
        break;
      }
    }
    if (!victims) continue;
    // The casualty verb nearest after the noun (or just before the number).
    let verb: 'killed' | 'injured' | null = null;
    for (let k = j + 1; k < Math.min(toks.length, j + 12) && !verb; k++) {
      const t = toks[k] ?? '';
      if (KILLED.has(t)) verb = 'killed';
      else if (INJURED.has(t)) verb = 'injured';
      else if (numberValue(t) !== null) break;
    }
    for (let k = i - 1; k >= Math.max(0, i - 3) && !verb; k--) {
      const t = toks[k] ?? '';
      if (KILLED.has(t)) verb = 'killed';
      else if (INJURED.has(t)) verb = 'injured';
    }
    if (verb) out.push({ value, verb, victims, side, by, sentence: index });
  }
  return out;
}

/** The sentence's first event word and its offset. */
function eventOf(sentence: string): { name: string; index: number } | null {
  for (const [re, name] of EVENTS) {
    const m = re.exec(sentence);
    if (m) return { name, index: m.index };
  }
  return null;
}

/** Extracts the facts of one article. */
export function extractFacts(article: Article, options: ArticleExtractOptions = {}): ArticleFacts {
  const actors = aliasMatcher(options.actors ?? DEFAULT_ACTORS);
  const agencies = aliasMatcher(options.agencies ?? DEFAULT_AGENCIES);
  const published = article.published ?? datelineDate(article.body);
  const ref = parseIsoDay(published ?? options.reference ?? null);
  // No stated date: a year in the text still fixes dates written without one (not relative ones).
  const textYear = /\b(20\d{2})\b/.exec(article.body)?.[1];
  const yearRef = ref ?? (textYear ? new Date(Number(textYear), 0, 1) : null);
  const sents = [article.title, ...sentences(article.body)];
  const sentenceFacts: Array<Set<string>> = [];
  const casualties: Casualty[] = [];
  const dates: DateClaim[] = [];
  sents.forEach((s, index) => {
    const facts = new Set<string>();
    for (const a of actors.find(s)) facts.add(`e:${a.id}`);
    for (const m of s.matchAll(/(?<![\p{L}\p{N}])(\p{Lu}[\p{Ll}'-]+(?:\s+\p{Lu}[\p{Ll}'-]+)*)/gu)) {
      const name = normalise(m[1] ?? '');
      if (
        !STOP_WORDS.has(name) &&
        name.length > 2 &&
        !/^(sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/.test(name)
      )
        facts.add(`e:${actors.find(m[1] ?? '')[0]?.id ?? name}`);
    }
    for (const t of words(s)) {
      const v = numberValue(t);
      if (v !== null && v > 1 && !(v >= 1900 && v <= 2100)) facts.add(`n:${v}`);
    }
    const mentions = [...explicitDates(s, yearRef), ...relativeDates(s, ref)];
    // The event word dates the mention nearest to it; other dates in the sentence are context.
    const event = eventOf(s);
    const nearest = event
      ? mentions.reduce<DateMention | null>(
          (best, d) =>
            best === null || Math.abs(d.index - event.index) < Math.abs(best.index - event.index)
              ? d
              : best,
          null,
        )
      : null;
    for (const d of mentions) {
      facts.add(`d:${d.start}`);
      dates.push({ ...d, event: d === nearest && event ? event.name : null, sentence: index });
    }
    sentenceFacts.push(facts);
    casualties.push(...casualtiesOf(s, index, index === 0 ? null : speakerOf(s, actors, agencies)));
  });
  const lead = article.body.slice(0, 300);
  const sourceLine = /^source:\s*([^\n]+)/im.exec(article.body)?.[1];
  const credited =
    (sourceLine ? agencies.find(sourceLine)[0]?.id : undefined) ??
    (() => {
      const s = sentences(lead)[0] ?? '';
      const speaker = new RegExp(
        `(?:according to|quoting)\\s+([^,.]+)|([\\p{Lu}][\\p{L} ]+?)\\s+(?:reported|said)`,
        'u',
      ).exec(s);
      const phrase = speaker?.[1] ?? speaker?.[2];
      return phrase ? agencies.find(phrase)[0]?.id : undefined;
    })() ??
    /\((AFP|Reuters|AP)\)/.exec(lead)?.[1]?.toLowerCase();
  const contentWords = (text: string) =>
    words(text)
      .filter((w) => w.length > 2 && !STOP_WORDS.has(w) && numberValue(w) === null)
      .map((w) => stemmer(w));
  const terms = contentWords(`${article.title} ${article.body}`);
  const leadTerms = contentWords(sents.slice(0, 3).join(' '));
  const sentenceTerms = sents
    .slice(1)
    .map((x) => new Set(contentWords(x)))
    .filter((x) => x.size >= 4);
  // An unattributed figure (a headline) takes the attribution the body gives the same figure.
  const attributed = casualties.map((c) =>
    c.by !== null
      ? c
      : {
          ...c,
          by:
            casualties.find(
              (o) =>
                o.by !== null &&
                o.value === c.value &&
                o.verb === c.verb &&
                o.victims === c.victims,
            )?.by ?? null,
        },
  );
  const leadEvents = dates.flatMap((d) =>
    d.sentence <= 2 && d.event && d.kind !== 'month'
      ? [{ event: d.event, start: d.start, end: d.end }]
      : [],
  );
  // A headline states its event without a date: news reports what happened that day or the day
  // before it was published.
  const headline = eventOf(article.title);
  if (headline && ref && !dates.some((d) => d.sentence === 0))
    leadEvents.push({ event: headline.name, start: isoDay(subDays(ref, 1)), end: isoDay(ref) });
  return {
    article,
    published,
    reference: published ?? options.reference ?? null,
    leadEvents,
    sentenceFacts,
    terms,
    leadTerms,
    sentenceTerms,
    casualties: attributed,
    dates,
    credit: credited ?? null,
  };
}
