/**
 * Contradictions within one story's articles: conflicting figures and dates, told apart from
 * figures attributed to different claimants (an attributed dispute, not an error) and from
 * compatible values (a date inside a range, a later update). Pure.
 */
import { contains, parseIsoDay } from './dates.ts';
import type { ArticleFacts } from './extract.ts';

export interface Contradiction {
  readonly kind: 'figure' | 'date';
  readonly decision: 'conflict' | 'attributed_dispute';
  readonly articles: readonly string[];
  readonly detail: string;
}

/** Conflicting figures and dates within one story's articles. */
export function contradictions(
  ids: readonly string[],
  facts: ReadonlyMap<string, ArticleFacts>,
): Contradiction[] {
  const out: Contradiction[] = [];
  const pub = (id: string) => facts.get(id)?.published ?? null;
  for (const id of ids) {
    const f = facts.get(id);
    if (!f) continue;
    // A headline figure that no figure of the body bears out.
    for (const h of f.casualties.filter((c) => c.sentence === 0)) {
      const body = f.casualties.filter(
        (c) => c.sentence > 0 && c.verb === h.verb && c.victims === h.victims,
      );
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
  }
  for (let x = 0; x < ids.length; x++)
    for (let y = x + 1; y < ids.length; y++) {
      const a = ids[x] ?? '';
      const b = ids[y] ?? '';
      const fa = facts.get(a);
      const fb = facts.get(b);
      if (!fa || !fb) continue;
      const pa = parseIsoDay(pub(a));
      const pb = parseIsoDay(pub(b));
      for (const ca of fa.casualties)
        for (const cb of fb.casualties) {
          if (ca.verb !== cb.verb || ca.victims !== cb.victims || ca.value === cb.value) continue;
          if (ca.side && cb.side && ca.side !== cb.side) continue;
          if (
            fa.casualties.some(
              (c) => c.value === cb.value && c.verb === cb.verb && c.victims === cb.victims,
            )
          )
            continue;
          if (
            fb.casualties.some(
              (c) => c.value === ca.value && c.verb === ca.verb && c.victims === ca.victims,
            )
          )
            continue;
          // A later report with a higher count for the same victims updates an earlier one.
          if (pa && pb && pa.getTime() !== pb.getTime()) {
            const [earlier, later] = pa < pb ? [ca, fb] : [cb, fa];
            const laterMax = Math.max(
              ...later.casualties
                .filter((c) => c.verb === earlier.verb && c.victims === earlier.victims)
                .map((c) => c.value),
            );
            if (laterMax > earlier.value) continue;
          }
          const disputed = (ca.by !== null || cb.by !== null) && ca.by !== cb.by;
          out.push({
            kind: 'figure',
            decision: disputed ? 'attributed_dispute' : 'conflict',
            articles: [a, b],
            detail: `${ca.value} (${ca.by ?? a}) vs ${cb.value} (${cb.by ?? b}) ${ca.victims} ${ca.verb}`,
          });
        }
      // The first dated mention of each event per article.
      const firstByEvent = (f: ArticleFacts) => {
        const m = new Map<string, (typeof f.dates)[number]>();
        for (const d of f.dates)
          if (d.event && d.kind !== 'month' && !m.has(d.event)) m.set(d.event, d);
        return m;
      };
      const da = firstByEvent(fa);
      const db = firstByEvent(fb);
      for (const [event, d1] of da) {
        const d2 = db.get(event);
        if (!d2 || contains(d1, d2) || contains(d2, d1)) continue;
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
