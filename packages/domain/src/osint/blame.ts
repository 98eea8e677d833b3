/**
 * Who a report says an event is blamed on: "explosions … which Kabul blamed on Islamabad",
 * "blasts that were blamed on Pakistan", "which Islamabad attributed to militant activity".
 * English only. A copy that changes whom an event is blamed on distorts its source.
 */
import type { AliasMatcher } from './actors.ts';
import { eventsIn } from './events.ts';
import { normalise, STOP_WORDS } from './text.ts';

export interface Blame {
  /** The kind of event blamed (the event word nearest before the verb), or null. */
  readonly event: string | null;
  /** Whom it is blamed on: an actor id, else the normalised phrase. */
  readonly target: string;
  /** Who blames (an actor id or phrase), when the sentence names them. */
  readonly by: string | null;
  readonly sentence: number;
}

const BLAME =
  /(?:(\p{Lu}[\p{L}-]+)\s+)?(?:(?:was|were|is|are|had been|has been)\s+)?(?:blamed|blames|blame|attributed|attributes)\s+(?:(?:it|them|the \p{L}+)\s+)?(?:on|to)\s+((?:the\s+)?[\p{L}-]+(?:\s+[\p{L}-]+)?)/gu;

/** The blame statements of one sentence. */
export function blamesOf(sentence: string, index: number, actors: AliasMatcher): Blame[] {
  const events = eventsIn(sentence);
  const out: Blame[] = [];
  for (const m of sentence.matchAll(BLAME)) {
    const phrase = (m[2] ?? '').replace(/^the\s+/i, '');
    const target = actors.find(phrase)[0]?.id ?? normalise(phrase).split(' ')[0] ?? '';
    if (!target || STOP_WORDS.has(target)) continue;
    const subject = m[1];
    const by =
      subject && !STOP_WORDS.has(subject.toLowerCase())
        ? (actors.find(subject)[0]?.id ?? normalise(subject))
        : null;
    const before = events.filter((e) => e.index < m.index);
    out.push({ event: before[before.length - 1]?.name ?? null, target, by, sentence: index });
  }
  return out;
}
