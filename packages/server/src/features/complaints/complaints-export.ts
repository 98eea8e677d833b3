/**
 * Exports of the complaints an actor may see, under the same filters as the list: JSON, or CSV in
 * ACLED's column layout so researchers can merge the mechanism's record with ACLED's data.
 * Findings are not ACLED events; the `tags` column carries the workflow state and the outcome
 * when a finding was issued, so a reader can keep only adjudicated violations.
 */
import { stringify } from 'csv-stringify/sync';
import { and, desc, inArray, isNotNull } from 'drizzle-orm';
import { categoryById, type Actor, type ComplaintSearchQuery } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { complaints, findings, organisations } from '../../platform/database/schema/index.ts';
import { searchConditions, referenceOf } from './complaints.repository.ts';

/** Most rows in one export: beyond this, narrow the filters. */
export const MAX_EXPORT_ROWS = 100_000;

export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'event_type',
  'sub_event_type',
  'actor1',
  'actor2',
  'country',
  'admin1',
  'admin2',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
] as const;
export type AcledRow = Record<(typeof ACLED_COLUMNS)[number], string | number>;

const COUNTRY: Record<string, string> = { PK: 'Pakistan', AF: 'Afghanistan' };
/** ACLED: 1 = the day is known, 2 = within a week, 3 = within a month. */
const TIME_PRECISION: Record<string, number> = { minute: 1, hour: 1, day: 1, week: 2, month: 3 };
/** ACLED: 1 = the place itself, 2 = near it / its district, 3 = the province. */
const GEO_PRECISION: Record<string, number> = {
  exact: 1,
  approximate: 2,
  district: 2,
  province: 3,
};

export async function exportComplaints(
  db: Db,
  actor: Actor | null,
  query: ComplaintSearchQuery,
): Promise<{ rows: AcledRow[]; truncated: boolean }> {
  const rows = await db
    .select()
    .from(complaints)
    .where(and(...searchConditions(actor, query)))
    .orderBy(desc(complaints.filedAt), desc(complaints.id))
    .limit(MAX_EXPORT_ROWS + 1);
  const page = rows.slice(0, MAX_EXPORT_ROWS);
  const orgIds = [
    ...new Set(page.flatMap((r) => [r.filerOrganisationId, r.accusedOrganisationId ?? ''])),
  ].filter(Boolean);
  const names = new Map(
    (orgIds.length
      ? await db
          .select({ id: organisations.id, name: organisations.name })
          .from(organisations)
          .where(inArray(organisations.id, orgIds))
      : []
    ).map((o) => [o.id, o.name]),
  );
  // Outcomes of issued findings only: drafts are the mediators' deliberation.
  const outcomes = new Map<string, string>();
  const ids = page.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    for (const f of await db
      .select({ complaintId: findings.complaintId, outcome: findings.outcome })
      .from(findings)
      .where(and(inArray(findings.complaintId, chunk), isNotNull(findings.issuedAt)))) {
      outcomes.set(f.complaintId, f.outcome);
    }
  }
  return {
    truncated: rows.length > MAX_EXPORT_ROWS,
    rows: page.map((r) => {
      const category = categoryById(r.category);
      const outcome = outcomes.get(r.id);
      return {
        event_id_cnty: referenceOf(r),
        event_date: r.occurredFrom.toISOString().slice(0, 10),
        year: r.occurredFrom.getUTCFullYear(),
        time_precision: TIME_PRECISION[r.timePrecision] ?? 3,
        event_type: category?.acled.eventType ?? '',
        sub_event_type: category?.acled.subEventType ?? '',
        actor1:
          (r.accusedOrganisationId ? names.get(r.accusedOrganisationId) : undefined) ??
          r.accusedGroup ??
          '',
        actor2: '',
        country: COUNTRY[r.country ?? ''] ?? '',
        admin1: r.province ?? '',
        admin2: r.district ?? '',
        location: r.placeName ?? '',
        latitude: r.latitude,
        longitude: r.longitude,
        geo_precision: GEO_PRECISION[r.locationPrecision] ?? 3,
        source: names.get(r.filerOrganisationId) ?? '',
        source_scale: 'Other',
        notes: r.title,
        fatalities: r.killedMax,
        tags: [`state: ${r.state}`, ...(outcome ? [`finding: ${outcome}`] : [])].join('; '),
      };
    }),
  };
}

/**
 * A spreadsheet runs a cell that starts with one of these as a formula: user text that does is
 * prefixed with an apostrophe (OWASP's advice against CSV injection). Numbers are left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const defuse = (v: string | number) =>
  typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v;

/** The rows as CSV (RFC 4180), header first. */
export function toCsv(rows: readonly AcledRow[]): string {
  const safe = rows.map(
    (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, defuse(v)])) as AcledRow,
  );
  return stringify(safe, { header: true, columns: [...ACLED_COLUMNS] });
}
