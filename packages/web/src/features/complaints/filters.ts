/**
 * The complaint search filters as they live in the address bar (`?state=…&category=…&party=…&
 * from=2025-10-01&to=2025-10-31&q=…`), shared by the list and the map, and their translation into
 * the API's query (`ComplaintSearchQuery`, from the domain).
 */
import {
  COMPLAINT_STATES,
  isViolationCategoryId,
  type ComplaintSearchQuery,
  type ComplaintState,
  type ViolationCategoryId,
} from '@truceline/domain';

export interface ComplaintFilters {
  readonly state: readonly ComplaintState[];
  readonly category: readonly ViolationCategoryId[];
  readonly party: string;
  /** Calendar dates (YYYY-MM-DD), inclusive. */
  readonly from: string;
  readonly to: string;
  readonly q: string;
}

export const NO_FILTERS: ComplaintFilters = {
  state: [],
  category: [],
  party: '',
  from: '',
  to: '',
  q: '',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isState(value: string): value is ComplaintState {
  return (COMPLAINT_STATES as readonly string[]).includes(value);
}

/** Reads the filters from a query string, ignoring anything malformed. */
export function parseFilters(search: URLSearchParams): ComplaintFilters {
  const date = (name: string) => {
    const v = search.get(name) ?? '';
    return DATE.test(v) ? v : '';
  };
  const party = search.get('party') ?? '';
  return {
    state: search.getAll('state').filter(isState),
    category: search.getAll('category').filter(isViolationCategoryId),
    party: UUID.test(party) ? party : '',
    from: date('from'),
    to: date('to'),
    q: (search.get('q') ?? '').slice(0, 200),
  };
}

/** The filters as query-string parameters (empty ones left out). */
export function filtersToSearch(filters: ComplaintFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const s of filters.state) search.append('state', s);
  for (const c of filters.category) search.append('category', c);
  if (filters.party) search.set('party', filters.party);
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (filters.q.trim()) search.set('q', filters.q.trim());
  return search;
}

/** The API query for these filters: dates become the whole days they name, in UTC. */
export function filtersToQuery(filters: ComplaintFilters): ComplaintSearchQuery {
  const query: { -readonly [K in keyof ComplaintSearchQuery]: ComplaintSearchQuery[K] } = {};
  if (filters.state.length > 0) query.state = [...filters.state];
  if (filters.category.length > 0) query.category = [...filters.category];
  if (filters.party) query.party = filters.party;
  if (filters.from) query.from = `${filters.from}T00:00:00.000Z`;
  if (filters.to) query.to = `${filters.to}T23:59:59.999Z`;
  if (filters.q.trim()) query.q = filters.q.trim();
  return query;
}

export function hasFilters(filters: ComplaintFilters): boolean {
  return filtersToSearch(filters).toString() !== '';
}
