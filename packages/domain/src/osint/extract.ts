/**
 * Facts of an article: per sentence, its entities (alias-resolved), numbers and dates; casualty
 * figures with their noun, verb and who claims them; the agency an article credits.
 */
import {
  matcherFor,
  DEFAULT_ACTORS,
  DEFAULT_AGENCIES,
  type ActorEntry,
  type AliasMatcher,
} from './actors.ts';
import { subDays } from 'date-fns';
import { stemmer } from 'stemmer';
import type { Article } from './article.ts';
import { blamesOf, type Blame } from './blame.ts';
import { casualtiesOf, numberValue, type Casualty } from './casualties.ts';
import { eventOf, eventsIn } from './events.ts';
import { quotesOf, type Quote } from './quotes.ts';
import {
  datelineDate,
  explicitDates,
  isoDay,
  parseIsoDay,
  relativeDates,
  type DateMention,
} from './dates.ts';
import { normalise, sentences, STOP_WORDS, words } from './text.ts';

const SPEECH =
  'said|says|say|claimed|claims|reported|reports|stated|told|announced|confirmed|added|put|quoted';

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
  /** Whom the article says events are blamed on. */
  readonly blames: readonly Blame[];
  /** Direct and reported quotes with their speakers (not in the headline). */
  readonly quotes: readonly Quote[];
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

/** A run of capitalised words: a name, or the start of a sentence. */
const CAPITALISED = /(?<![\p{L}\p{N}])(\p{Lu}[\p{Ll}'-]+(?:\s+\p{Lu}[\p{Ll}'-]+)*)/gu;
const WEEKDAY_NAME = /^(sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/;
/** "He said …": a pronoun speaking, for the speaker named before. */
const PRONOUN_SPEAKS = new RegExp(`^(?:he|she|they)\\s+(?:also\\s+)?(?:${SPEECH})\\b`, 'i');

/** Extracts the facts of one article. */
export function extractFacts(article: Article, options: ArticleExtractOptions = {}): ArticleFacts {
  const actors = matcherFor(options.actors ?? DEFAULT_ACTORS);
  const agencies = matcherFor(options.agencies ?? DEFAULT_AGENCIES);
  const published = article.published ?? datelineDate(article.body);
  const ref = parseIsoDay(published ?? options.reference ?? null);
  // No stated date: a year in the text still fixes dates written without one (not relative ones).
  const textYear = /\b(20\d{2})\b/.exec(article.body)?.[1];
  const yearRef = ref ?? (textYear ? new Date(Number(textYear), 0, 1) : null);
  const sents = [article.title, ...sentences(article.body)];
  const sentenceFacts: Array<Set<string>> = [];
  const casualties: Casualty[] = [];
  let lastSpeaker: string | null = null;
  const blames: Blame[] = [];
  const quotes: Quote[] = [];
  const dates: DateClaim[] = [];
  // Each sentence is tokenised once (segmentation is the bulk of the work); the article's terms
  // are its sentences' tokens.
  const tokens = sents.map((x) => words(x));
  sents.forEach((s, index) => {
    const facts = new Set<string>();
    const found = actors.find(s);
    for (const a of found) facts.add(`e:${a.id}`);
    for (const m of s.matchAll(CAPITALISED)) {
      const name = normalise(m[1] ?? '');
      if (!STOP_WORDS.has(name) && name.length > 2 && !WEEKDAY_NAME.test(name)) {
        // A capitalised name holding an actor's alias stands for that actor.
        const start = m.index;
        const end = start + m[0].length;
        const alias = found.find((a) => a.index < end && a.index + a.length > start);
        facts.add(`e:${alias?.id ?? name}`);
      }
    }
    for (const t of tokens[index] ?? []) {
      const v = numberValue(t);
      if (v !== null && v > 1 && !(v >= 1900 && v <= 2100)) facts.add(`n:${v}`);
    }
    const mentions = [...explicitDates(s, yearRef), ...relativeDates(s, ref)];
    // Each event word dates the mention nearest to it; other dates in the sentence are context.
    const eventOfMention = new Map<DateMention, string>();
    for (const event of eventsIn(s)) {
      const nearest = mentions.reduce<DateMention | null>(
        (best, d) =>
          best === null || Math.abs(d.index - event.index) < Math.abs(best.index - event.index)
            ? d
            : best,
        null,
      );
      if (nearest && !eventOfMention.has(nearest)) eventOfMention.set(nearest, event.name);
    }
    for (const d of mentions) {
      facts.add(`d:${d.start}`);
      dates.push({ ...d, event: eventOfMention.get(d) ?? null, sentence: index });
    }
    sentenceFacts.push(facts);
    // "He said nine … were killed": a pronoun speaks for whoever the sentence before quoted.
    const named = index === 0 ? null : speakerOf(s, actors, agencies);
    const speaker = named ?? (PRONOUN_SPEAKS.test(s) ? lastSpeaker : null);
    if (named) lastSpeaker = named;
    casualties.push(...casualtiesOf(s, index, speaker, tokens[index]));
    blames.push(...blamesOf(s, index, actors));
    if (index > 0) quotes.push(...quotesOf(s, index, speaker, actors));
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
  const contentWords = (toks: readonly string[]) =>
    toks
      .filter((w) => w.length > 2 && !STOP_WORDS.has(w) && numberValue(w) === null)
      .map((w) => stemmer(w));
  const perSentence = tokens.map(contentWords);
  const terms = perSentence.flat();
  const leadTerms = perSentence.slice(0, 3).flat();
  const sentenceTerms = perSentence
    .slice(1)
    .map((x) => new Set(x))
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
    blames,
    quotes,
    dates,
    credit: credited ?? null,
  };
}
