/**
 * Quotes of a sentence with their speaker: direct quotes (words in quotation marks) and reported
 * speech ("Mujahid said the mechanism would examine complaints"). English only: a quote in another
 * language is kept only when it is in quotation marks, with no speaker.
 */
import type { AliasMatcher } from './actors.ts';
import { normalise } from './text.ts';

export interface Quote {
  readonly kind: 'direct' | 'reported';
  /** The quoted words (direct) or the reported clause, as written. */
  readonly text: string;
  /** Who said it (an actor id, else the name as written, normalised), or null. */
  readonly speaker: string | null;
  readonly sentence: number;
}

/** Quotation marks of the scripts news arrives in: “…”, "…", «…», „…“. */
const DIRECT = /[“"«„]([^”"»“]{3,600})[”"»“]/gu;
/** A speaker named after the quote: `…," said Zabihullah Mujahid`. */
const SAID_BY =
  /^\s*[,.]?\s*(?:said|says|added|told [\p{L}]+)\s+((?:\p{Lu}[\p{L}'.-]+)(?:\s+\p{Lu}[\p{L}'.-]+){0,3})/u;
/** Reported speech: a named subject, a verb of saying, the clause said. */
const REPORTED =
  /\b(?:said|says|stated|told reporters|announced|claimed|insisted|warned|added)\s+(?:on \p{Lu}\p{Ll}+\s+)?(?:that\s+)?(.{12,})$/u;
const MIN_WORDS = 3;

const wordCount = (s: string) => s.trim().split(/\s+/).length;

/**
 * The quotes of one sentence. `speaker` is whom the sentence attributes what it says to (see
 * `extractFacts`), used for reported speech and for direct quotes with no speaker after them.
 */
export function quotesOf(
  sentence: string,
  index: number,
  speaker: string | null,
  actors: AliasMatcher,
): Quote[] {
  const out: Quote[] = [];
  for (const m of sentence.matchAll(DIRECT)) {
    const text = (m[1] ?? '').trim().replace(/[,;:]+$/, '');
    if (wordCount(text) < MIN_WORDS) continue;
    const after = SAID_BY.exec(sentence.slice((m.index ?? 0) + m[0].length))?.[1];
    const named = after ? (actors.find(after)[0]?.id ?? normalise(after)) : null;
    out.push({ kind: 'direct', text, speaker: named ?? speaker, sentence: index });
  }
  if (out.length === 0 && speaker !== null) {
    const clause = REPORTED.exec(sentence)?.[1]
      ?.replace(/[.!?]+$/, '')
      .trim();
    if (clause && wordCount(clause) >= MIN_WORDS)
      out.push({ kind: 'reported', text: clause, speaker, sentence: index });
  }
  return out;
}
