/**
 * Contradictions within one story's articles: conflicting figures and dates, told apart from
 * figures attributed to different claimants (an attributed dispute, not an error) and from
 * compatible values (a date inside a range, a later update). Pure.
 */
import { contains, parseIsoDay } from './dates.ts';
import { differenceInCalendarDays } from 'date-fns';
import { sameVictims } from './casualties.ts';
import type { ArticleFacts } from './extract.ts';

export interface Contradiction {
  readonly kind: 'figure' | 'date' | 'blame';
  readonly decision: 'conflict' | 'attributed_dispute';
  readonly articles: readonly string[];
  readonly detail: string;
}

/**
 * Events that run over consecutive days or across midnight (a round of talks, a night of
 * fighting): a report may date them by either day, so one day either way is not a conflict.
 */
const SPANNING_EVENTS: ReadonlySet<string> = new Set(['talks', 'clash']);
const SPAN_SLACK_DAYS = 1;

type DateClaim = ArticleFacts['dates'][number];

/** Whether two dated mentions of one event can both be right. */
function compatible(event: string, x: DateClaim, y: DateClaim): boolean {
  if (contains(x, y) || contains(y, x)) return true;
  if (!SPANNING_EVENTS.has(event)) return false;
  const gap = (later: string, earlier: string) => {
    const l = parseIsoDay(later);
    const e = parseIsoDay(earlier);
    return l && e ? differenceInCalendarDays(l, e) : Infinity;
  };
  return gap(y.start, x.end) <= SPAN_SLACK_DAYS && gap(x.start, y.end) <= SPAN_SLACK_DAYS;
}

/** The article's dated mentions of each event (months are too coarse to contradict a day). */
function datesByEvent(f: ArticleFacts): Map<string, DateClaim[]> {
  const m = new Map<string, DateClaim[]>();
  for (const d of f.dates)
    if (d.event && d.kind !== 'month') m.set(d.event, [...(m.get(d.event) ?? []), d]);
  return m;
}

/**
 * The largest figure an article gives for each kind of victim: the toll it reports. Smaller ones
 * are parts of it ("five other men"), so comparing them across reports would flag noise.
 */
function largest(f: ArticleFacts): ArticleFacts['casualties'] {
  const out = new Map<string, ArticleFacts['casualties'][number]>();
  for (const c of f.casualties) {
    const key = `${c.verb}|${c.victims}|${c.side ?? ''}`;
    const seen = out.get(key);
    if (!seen || c.value > seen.value) out.set(key, c);
  }
  return [...out.values()];
}

/** Flags within one article: its headline against its body, weekdays, one toll on two days. */
function withinArticle(id: string, f: ArticleFacts): Contradiction[] {
  const out: Contradiction[] = [];
  // A headline figure that no figure of the body bears out.
  for (const h of f.casualties.filter((c) => c.sentence === 0)) {
    const body = f.casualties.filter((c) => c.sentence > 0 && sameVictims(c, h));
    if (body.length > 0 && !body.some((c) => c.value === h.value))
      out.push({
        kind: 'figure',
        decision: 'conflict',
        articles: [id],
        detail: `headline ${h.value} ${h.victims} ${h.verb}; body ${body.map((c) => c.value).join('/')}`,
      });
  }
  for (const d of f.dates.filter((x) => x.weekdayMismatch))
    out.push({
      kind: 'date',
      decision: 'conflict',
      articles: [id],
      detail: `weekday does not fall on ${d.start}`,
    });
  // The casualties of one event dated to two days: sentences that both count the dead or
  // injured of the same kind of event cannot both be right about when it happened.
  const counted = new Set(f.casualties.map((c) => c.sentence));
  for (const [event, list] of datesByEvent(f)) {
    const withToll = list.filter((d) => counted.has(d.sentence));
    const first = withToll[0];
    const other = withToll.find(
      (d) => d.sentence !== first?.sentence && !compatible(event, first ?? d, d),
    );
    if (first && other)
      out.push({
        kind: 'date',
        decision: 'conflict',
        articles: [id],
        detail: `${event}: ${first.start} and ${other.start} in one report`,
      });
  }
  return out;
}

/**
 * Conflicting figures and dates within one story's articles. `related(a, b)` says whether one
 * article copies or rewrites the other: a copy that disagrees with its source distorted it, which
 * is a conflict even where the figures are attributed.
 */
export function contradictions(
  ids: readonly string[],
  facts: ReadonlyMap<string, ArticleFacts>,
  related: (a: string, b: string) => boolean = () => false,
): Contradiction[] {
  const out: Contradiction[] = [];
  const pub = (id: string) => facts.get(id)?.published ?? null;
  for (const id of ids) {
    const f = facts.get(id);
    if (f) out.push(...withinArticle(id, f));
  }
  for (let x = 0; x < ids.length; x++)
    for (let y = x + 1; y < ids.length; y++) {
      const a = ids[x] ?? '';
      const b = ids[y] ?? '';
      const fa = facts.get(a);
      const fb = facts.get(b);
      if (!fa || !fb) continue;
      const copied = related(a, b);
      const pa = parseIsoDay(pub(a));
      const pb = parseIsoDay(pub(b));
      for (const ca of largest(fa))
        for (const cb of largest(fb)) {
          if (ca.value === cb.value || !sameVictims(ca, cb)) continue;
          // Each report also carries the other's figure: they agree on it.
          if (fa.casualties.some((c) => c.value === cb.value && sameVictims(c, cb))) continue;
          if (fb.casualties.some((c) => c.value === ca.value && sameVictims(c, ca))) continue;
          // A later report with a higher count for the same victims updates an earlier one.
          if (pa && pb && pa.getTime() !== pb.getTime()) {
            const [earlier, later] = pa < pb ? [ca, fb] : [cb, fa];
            const laterMax = Math.max(
              ...later.casualties.filter((c) => sameVictims(c, earlier)).map((c) => c.value),
            );
            if (laterMax > earlier.value) continue;
          }
          const disputed = !copied && (ca.by !== null || cb.by !== null) && ca.by !== cb.by;
          out.push({
            kind: 'figure',
            decision: disputed ? 'attributed_dispute' : 'conflict',
            articles: [a, b],
            detail: `${ca.value} (${ca.by ?? a}) vs ${cb.value} (${cb.by ?? b}) ${ca.victims} ${ca.verb}${copied ? ' (a copy disagrees with its source)' : ''}`,
          });
        }
      // A copy that blames the same event on someone else distorts its source.
      if (copied)
        for (const ba of fa.blames)
          for (const bb of fb.blames)
            if (ba.event !== null && ba.event === bb.event && ba.target !== bb.target)
              out.push({
                kind: 'blame',
                decision: 'conflict',
                articles: [a, b],
                detail: `${ba.event} blamed on ${ba.target} vs ${bb.target} (a copy disagrees with its source)`,
              });
      // One event dated by both: a conflict only when no date of one fits a date of the other.
      const da = datesByEvent(fa);
      const db = datesByEvent(fb);
      for (const [event, listA] of da) {
        const listB = db.get(event);
        if (!listB || listA.some((d1) => listB.some((d2) => compatible(event, d1, d2)))) continue;
        const d1 = listA[0];
        const d2 = listB[0];
        if (!d1 || !d2) continue;
        out.push({
          kind: 'date',
          decision: 'conflict',
          articles: [a, b],
          detail: `${event}: ${d1.start}..${d1.end} vs ${d2.start}..${d2.end}`,
        });
      }
    }
  return out;
}
