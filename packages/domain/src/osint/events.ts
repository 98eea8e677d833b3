/**
 * The kinds of event news reports (ceasefire, talks, strike, clash, blast, a crossing opened or
 * shut) and the words naming them.
 */

/** Event words (English) by the kind of event they name. */
export const EVENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(ceasefire|truce)\b/i, 'ceasefire'],
  [/\b(talks|negotiations|round)\b/i, 'talks'],
  [/\b(air ?strikes?|strikes?|bomb(?:ing|ed)?|drone)\b/i, 'strike'],
  [/\b(clash(?:es)?|fighting|attack(?:s|ed)?|firing)\b/i, 'clash'],
  [/\b(explosions?|blasts?)\b/i, 'blast'],
  // A border crossing opened or shut: what traders and monitors of a crossing report.
  [/\b(reopen(?:ed|s|ing)?|clos(?:ed|ure|ing)|shut)\b/i, 'crossing'],
];

const GLOBAL_EVENTS = EVENTS.map(([re, name]) => [new RegExp(re.source, 'gi'), name] as const);

/** Every event word of the sentence with its offset, in order. */
export function eventsIn(sentence: string): Array<{ name: string; index: number }> {
  const out: Array<{ name: string; index: number }> = [];
  for (const [re, name] of GLOBAL_EVENTS)
    for (const m of sentence.matchAll(re)) out.push({ name, index: m.index });
  return out.sort((a, b) => a.index - b.index);
}

/** The sentence's first event word and its offset. */
export function eventOf(sentence: string): { name: string; index: number } | null {
  for (const [re, name] of EVENTS) {
    const m = re.exec(sentence);
    if (m) return { name, index: m.index };
  }
  return null;
}
