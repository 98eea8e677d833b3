/** Recording and reading observations, in bulk: the high-volume side of monitoring. */
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import {
  placeById,
  type Actor,
  type CreateObservationsRequest,
  type Observation,
  type ObservationSearchQuery,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { observations } from '../../platform/database/schema/index.ts';
import { AppError, type FieldError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import { observationVisibleTo } from './observations.visibility.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';

type Row = typeof observations.$inferSelect;

export interface ObservationsService {
  record(input: CreateObservationsRequest, actor: Actor): Promise<Observation[]>;
  search(
    query: ObservationSearchQuery,
    actor: Actor | null,
  ): Promise<{ items: Observation[]; nextCursor: string | null }>;
  /** Compact points [latitude, longitude, type, count] for the map, newest first. */
  mapPoints(
    query: Omit<ObservationSearchQuery, 'cursor' | 'limit'>,
    actor: Actor | null,
  ): Promise<{ points: [number, number, string, number][]; truncated: boolean }>;
}

/** Most observation points in one map response. */
export const MAX_OBSERVATION_POINTS = 200_000;

export function presentObservation(r: Row): Observation {
  return {
    id: r.id,
    observedAt: r.observedAt.toISOString(),
    timePrecision: r.timePrecision,
    latitude: r.latitude,
    longitude: r.longitude,
    locationPrecision: r.locationPrecision,
    placeId: r.placeId,
    placeName: r.placeName,
    type: r.type,
    count: r.count,
    source: r.source,
    sourceKind: r.sourceKind,
    notes: r.notes,
    visibility: r.visibility,
    organisationId: r.organisationId,
    recordedAt: r.recordedAt.toISOString(),
    demo: r.demo,
  };
}

export function createObservationsService(deps: {
  db: Db;
  clock: () => Date;
}): ObservationsService {
  const { db, clock } = deps;
  return {
    async record(input, actor) {
      const now = clock();
      // Check every item before writing any: one bad item refuses the whole batch.
      const errors: FieldError[] = [];
      const places = input.items.map((item, i) => {
        if (new Date(item.observedAt).getTime() > now.getTime() + 60 * 60 * 1000) {
          errors.push({ field: `body.items.${i}.observedAt`, message: 'is in the future' });
        }
        if (item.placeId === undefined) return undefined;
        const place = placeById(item.placeId);
        if (!place) {
          errors.push({
            field: `body.items.${i}.placeId`,
            message: 'is not a place in the gazetteer',
          });
        }
        return place;
      });
      if (errors.length > 0) {
        throw new AppError('validation_failed', 'Some observations are not valid', { errors });
      }
      return db.transaction(async (tx) => {
        const rows = await tx
          .insert(observations)
          .values(
            input.items.map((item, i) => ({
              observedAt: new Date(item.observedAt),
              timePrecision: item.timePrecision,
              latitude: item.latitude,
              longitude: item.longitude,
              locationPrecision: item.locationPrecision,
              placeId: places[i]?.id ?? null,
              placeName: places[i]?.name ?? null,
              type: item.type,
              count: item.count,
              source: item.source,
              sourceKind: item.sourceKind,
              notes: item.notes,
              visibility: item.visibility,
              organisationId: actor.organisationId,
              recordedBy: actor.userId,
              recordedAt: now,
            })),
          )
          .returning();
        const presented = rows.map(presentObservation);
        for (const o of presented) {
          await appendToLog(tx, {
            action: 'observation.record',
            actor,
            recordType: 'observation',
            recordId: o.id,
            record: o,
            visibility: o.visibility,
            ownerOrganisationId: o.organisationId,
            now,
          });
        }
        return presented;
      });
    },

    async mapPoints(query, actor) {
      const rows = await db
        .select({
          latitude: observations.latitude,
          longitude: observations.longitude,
          type: observations.type,
          count: observations.count,
        })
        .from(observations)
        .where(and(...observationFilters(query, actor)))
        .orderBy(desc(observations.observedAt), desc(observations.id))
        .limit(MAX_OBSERVATION_POINTS + 1);
      return {
        points: rows
          .slice(0, MAX_OBSERVATION_POINTS)
          .map((r) => [r.latitude, r.longitude, r.type, r.count]),
        truncated: rows.length > MAX_OBSERVATION_POINTS,
      };
    },

    async search(query, actor) {
      const where = observationFilters(query, actor);
      if (query.cursor) {
        const { at, id } = decodeCursor(query.cursor);
        where.push(
          sql`(${observations.observedAt}, ${observations.id}) < (${new Date(at)}, ${id}::uuid)`,
        );
      }
      const limit = query.limit ?? 100;
      const rows = await db
        .select()
        .from(observations)
        .where(and(...where))
        .orderBy(desc(observations.observedAt), desc(observations.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(presentObservation),
        nextCursor: rows.length > limit && last ? encodeCursor(last.observedAt, last.id) : null,
      };
    },
  };
}

export function observationFilters(
  query: Omit<ObservationSearchQuery, 'cursor' | 'limit'>,
  actor: Actor | null,
): SQL[] {
  const where: SQL[] = [observationVisibleTo(actor)];
  if (query.type?.length) where.push(inArray(observations.type, query.type));
  if (query.from) where.push(gte(observations.observedAt, new Date(query.from)));
  if (query.to) where.push(lte(observations.observedAt, new Date(query.to)));
  if (query.place) where.push(eq(observations.placeId, query.place));
  return where;
}
