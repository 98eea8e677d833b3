/**
 * Complaints and observations a story may concern. Candidates are read through the same
 * conditions as complaint search (`searchConditions`, visibility first) and observation search
 * (`observationFilters`), within a window around the story's days, so a reader is never offered a
 * case it may not see; the domain's `scoreMatch` ranks them.
 */
import { and, eq, inArray } from 'drizzle-orm';
import {
  actorsNamedIn,
  scoreMatch,
  storyClues,
  type ActorEntry,
  type CaseClues,
  type StoryClues,
} from '@truceline/domain/osint/index';
import type { Actor, OsintStoryMatch, OsintStoryMatches } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  complaints,
  observations,
  organisations,
  osintArticles,
  osintStories,
  osintStoryArticles,
} from '../../platform/database/schema/index.ts';
import { AppError } from '../../platform/http/problem.ts';
import { referenceOf, searchConditions } from '../complaints/complaints.repository.ts';
import { observationFilters } from '../observations/observations.service.ts';

export interface StoryMatchesService {
  matches(storyId: string, actor: Actor | null): Promise<OsintStoryMatches>;
}

/** Days either side of the story's days in which candidates are looked for. */
const WINDOW_DAYS = 14;
/** Most candidates of each kind read, and most matches returned. */
const MAX_CANDIDATES = 500;
const MAX_MATCHES = 20;
/** Below this a case is not worth suggesting. */
const MIN_SCORE = 0.2;

const DAY_MS = 86_400_000;

function window(clues: StoryClues): { from: string; to: string } | null {
  const starts = clues.days.map((d) => Date.parse(`${d.start}T00:00:00Z`)).filter(Number.isFinite);
  const ends = clues.days.map((d) => Date.parse(`${d.end}T00:00:00Z`)).filter(Number.isFinite);
  if (starts.length === 0 || ends.length === 0) return null;
  return {
    from: new Date(Math.min(...starts) - WINDOW_DAYS * DAY_MS).toISOString(),
    to: new Date(Math.max(...ends) + (WINDOW_DAYS + 1) * DAY_MS).toISOString(),
  };
}

export function createStoryMatchesService(deps: {
  db: Db;
  /** The actor table (built-in plus the configured file) clues are read with. */
  actors: readonly ActorEntry[];
}): StoryMatchesService {
  const { db } = deps;
  return {
    async matches(storyId, actor) {
      const [story] = await db
        .select({ id: osintStories.id })
        .from(osintStories)
        .where(eq(osintStories.id, storyId));
      if (!story) throw new AppError('not_found', 'No such story');
      const articles = await db
        .select({
          id: osintArticles.id,
          title: osintArticles.title,
          url: osintArticles.originalUrl,
          outlet: osintArticles.outlet,
          published: osintArticles.publishedAt,
          body: osintArticles.text,
        })
        .from(osintStoryArticles)
        .innerJoin(osintArticles, eq(osintArticles.id, osintStoryArticles.articleId))
        .where(eq(osintStoryArticles.storyId, storyId));
      const clues = storyClues(articles, deps.actors);
      const presentClues = {
        days: clues.days.map((d) => ({ start: d.start, end: d.end })),
        places: clues.places.map((p) => ({
          id: p.id,
          name: p.name,
          latitude: p.latitude,
          longitude: p.longitude,
        })),
        actors: [...clues.actors],
      };
      const span = window(clues);
      if (!span) return { clues: presentClues, items: [] };

      const complaintRows = await db
        .select()
        .from(complaints)
        .where(and(...searchConditions(actor, { from: span.from, to: span.to })))
        .limit(MAX_CANDIDATES);
      const accusedIds = [
        ...new Set(
          complaintRows.flatMap((c) => (c.accusedOrganisationId ? [c.accusedOrganisationId] : [])),
        ),
      ];
      const orgs = accusedIds.length
        ? await db
            .select({
              id: organisations.id,
              name: organisations.name,
              short: organisations.shortName,
            })
            .from(organisations)
            .where(inArray(organisations.id, accusedIds))
        : [];
      const orgName = new Map(orgs.map((o) => [o.id, `${o.name} ${o.short}`]));

      const observationRows = await db
        .select()
        .from(observations)
        .where(and(...observationFilters({ from: span.from, to: span.to }, actor)))
        .limit(MAX_CANDIDATES);

      const items: OsintStoryMatch[] = [];
      const add = (
        base: Omit<OsintStoryMatch, 'score' | 'time' | 'place' | 'actor' | 'reasons'>,
        c: CaseClues,
      ) => {
        const m = scoreMatch(clues, c);
        if (m.score < MIN_SCORE) return;
        items.push({
          ...base,
          score: m.score,
          time: m.time,
          place: m.place,
          actor: m.actor,
          reasons: m.reasons.map((r) =>
            r.kind === 'actor' ? { ...r, actors: [...r.actors] } : { ...r },
          ),
        });
      };
      for (const c of complaintRows) {
        add(
          {
            kind: 'complaint',
            id: c.id,
            reference: referenceOf(c),
            title: c.title,
            from: c.occurredFrom.toISOString(),
            to: c.occurredTo.toISOString(),
            placeName: c.placeName,
          },
          {
            from: c.occurredFrom.toISOString(),
            to: c.occurredTo.toISOString(),
            point: { latitude: c.latitude, longitude: c.longitude },
            placeId: c.placeId,
            actors: actorsNamedIn(
              `${c.accusedOrganisationId ? (orgName.get(c.accusedOrganisationId) ?? '') : ''} ${c.accusedGroup ?? ''}`,
            ),
          },
        );
      }
      for (const o of observationRows) {
        add(
          {
            kind: 'observation',
            id: o.id,
            reference: o.type,
            title: o.notes || o.source,
            from: o.observedAt.toISOString(),
            to: o.observedAt.toISOString(),
            placeName: o.placeName,
          },
          {
            from: o.observedAt.toISOString(),
            to: o.observedAt.toISOString(),
            point: { latitude: o.latitude, longitude: o.longitude },
            placeId: o.placeId,
            actors: actorsNamedIn(o.notes),
          },
        );
      }
      items.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      return { clues: presentClues, items: items.slice(0, MAX_MATCHES) };
    },
  };
}
