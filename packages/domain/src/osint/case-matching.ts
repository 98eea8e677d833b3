/**
 * Which complaints and observations a story may concern: the story's clues (the days its articles
 * date events to or were published on, the gazetteer places and the actors they name) scored
 * against a case's time range, point and actors. Time weighs most, then place, then actors; each
 * part is in [0, 1] and comes with a reason a person can check.
 */
import { DEFAULT_ACTORS, matcherFor, type ActorEntry } from './actors.ts';
import type { Article } from './article.ts';
import { extractFacts } from './extract.ts';
import {
  distanceKm,
  GAZETTEER_PLACES,
  type GazetteerPlace,
  type GeoPoint,
} from '../geo/border-gazetteer.ts';

/** Days, ISO `YYYY-MM-DD`, both ends included. */
export interface DayRange {
  readonly start: string;
  readonly end: string;
}

export interface StoryPlace extends GeoPoint {
  readonly id: string;
  readonly name: string;
}

export interface StoryClues {
  /** Event dates the articles state, and their publication days. */
  readonly days: readonly DayRange[];
  readonly places: readonly StoryPlace[];
  /** Actor ids (`TTP`, `PAKISTAN` …) the articles name. */
  readonly actors: readonly string[];
}

export interface CaseClues {
  /** ISO timestamps: when the incident may have happened (an observation: from = to). */
  readonly from: string;
  readonly to: string;
  readonly point: GeoPoint | null;
  readonly placeId: string | null;
  /** Actor ids of the accused party or group. */
  readonly actors: readonly string[];
}

export type MatchReason =
  | { readonly kind: 'time'; readonly gapDays: number }
  | {
      readonly kind: 'place';
      readonly placeId: string;
      readonly placeName: string;
      readonly distanceKm: number;
    }
  | { readonly kind: 'actor'; readonly actors: readonly string[] };

export interface MatchScore {
  /** 0.5·time + 0.3·place + 0.2·actor, in [0, 1]. */
  readonly score: number;
  readonly time: number;
  readonly place: number;
  readonly actor: number;
  readonly reasons: readonly MatchReason[];
}

export const MATCH_WEIGHTS = { time: 0.5, place: 0.3, actor: 0.2 } as const;

const DAY_MS = 86_400_000;

const escape = (s: string) =>
  s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-\s]+/g, '[-\\s]+');

/** Places an article may name: crossings, towns and districts (a province is too coarse). */
const PLACE_PATTERNS: ReadonlyArray<{ place: GazetteerPlace; re: RegExp }> =
  GAZETTEER_PLACES.filter((p) => p.kind !== 'province').map((place) => {
    const names = [place.name, ...place.aliases, ...Object.values(place.names)].filter(
      (n): n is string => typeof n === 'string' && n.length > 2,
    );
    return {
      place,
      re: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${names.map(escape).join('|')})(?![\\p{L}\\p{N}])`,
        'iu',
      ),
    };
  });

/** Gazetteer places (crossings, towns, districts) named in the text, in gazetteer order. */
export function placesNamedIn(text: string): GazetteerPlace[] {
  return PLACE_PATTERNS.filter((p) => p.re.test(text)).map((p) => p.place);
}

/** Actor ids named in the text, once each, sorted. */
export function actorsNamedIn(
  text: string,
  table: readonly ActorEntry[] = DEFAULT_ACTORS,
): string[] {
  return [
    ...new Set(
      matcherFor(table)
        .find(text)
        .map((m) => m.id),
    ),
  ].sort();
}

/** The clues of a story's articles. */
export function storyClues(
  articles: readonly Article[],
  actors: readonly ActorEntry[] = DEFAULT_ACTORS,
): StoryClues {
  const days = new Map<string, DayRange>();
  const places = new Map<string, StoryPlace>();
  const named = new Set<string>();
  for (const article of articles) {
    const facts = extractFacts(article, { actors });
    for (const d of facts.dates) days.set(`${d.start}/${d.end}`, { start: d.start, end: d.end });
    const published = facts.published;
    if (published && /^\d{4}-\d{2}-\d{2}$/.test(published))
      days.set(`${published}/${published}`, { start: published, end: published });
    const text = `${article.title}\n${article.body}`;
    for (const p of placesNamedIn(text))
      places.set(p.id, { id: p.id, name: p.name, latitude: p.latitude, longitude: p.longitude });
    for (const a of actorsNamedIn(text, actors)) named.add(a);
  }
  return { days: [...days.values()], places: [...places.values()], actors: [...named].sort() };
}

/** Whole days between the nearest ends of a day range and [from, to] (0 when they overlap). */
function gapDays(range: DayRange, fromMs: number, toMs: number): number {
  const start = Date.parse(`${range.start}T00:00:00Z`);
  const end = Date.parse(`${range.end}T00:00:00Z`) + DAY_MS;
  if (Number.isNaN(start) || Number.isNaN(end)) return Infinity;
  const gap = Math.max(0, start - toMs, fromMs - end);
  return gap / DAY_MS;
}

/** How well a case fits a story. */
export function scoreMatch(story: StoryClues, candidate: CaseClues): MatchScore {
  const reasons: MatchReason[] = [];
  const fromMs = Date.parse(candidate.from);
  const toMs = Date.parse(candidate.to);

  let gap = Infinity;
  for (const d of story.days) gap = Math.min(gap, gapDays(d, fromMs, toMs));
  const time = Number.isFinite(gap) ? 1 / (1 + gap / 2) : 0;
  if (Number.isFinite(gap)) reasons.push({ kind: 'time', gapDays: Math.round(gap * 10) / 10 });

  let nearest: { place: StoryPlace; km: number } | null = null;
  for (const p of story.places) {
    const km =
      p.id === candidate.placeId ? 0 : candidate.point ? distanceKm(p, candidate.point) : Infinity;
    if (
      Number.isFinite(km) &&
      (nearest === null || km < nearest.km || (km === nearest.km && p.id < nearest.place.id))
    )
      nearest = { place: p, km };
  }
  const place = nearest ? 1 / (1 + nearest.km / 20) : 0;
  if (nearest)
    reasons.push({
      kind: 'place',
      placeId: nearest.place.id,
      placeName: nearest.place.name,
      distanceKm: Math.round(nearest.km * 10) / 10,
    });

  const named = new Set(story.actors);
  const shared = [...new Set(candidate.actors)].filter((a) => named.has(a)).sort();
  const actor = candidate.actors.length === 0 ? 0 : shared.length / new Set(candidate.actors).size;
  if (shared.length > 0) reasons.push({ kind: 'actor', actors: shared });

  const score =
    MATCH_WEIGHTS.time * time + MATCH_WEIGHTS.place * place + MATCH_WEIGHTS.actor * actor;
  return { score, time, place, actor, reasons };
}
